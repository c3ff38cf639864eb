import { describe, expect, it } from 'vitest';
import { MessageFlags, type APIEmbed, type ApplicationCommandOptionChoiceData, type InteractionReplyOptions, type InteractionUpdateOptions, type MessageReplyOptions } from 'discord.js';
import { loadCommands, isCommandModule } from '../../commands/index.ts';
import { readConfig, ConfigError } from '../../src/app/config.ts';
import { createLogger } from '../../src/app/logger.ts';
import { isConcept } from '../../src/core/knowledge/types.ts';
import { createDispatcher } from '../../src/discord/dispatch.ts';
import { APOLOGY } from '../../src/discord/errors.ts';
import { commandUsage, createRegistry, defineButton, defineModal, loadComponents } from '../../src/discord/registry.ts';
import open from '../../src/discord/components/open.ts';
import more from '../../src/discord/components/more.ts';
import { LIMITS, truncate } from '../../src/discord/limits.ts';
import { fitEmbed, renderDiscord, renderDiscordPages, userText, type RenderedMessage } from '../../src/discord/render.ts';
import { ASK_CHANNEL, BOT_ID, captureLogger, FakeAutocomplete, FakeChatInput, FakeComponent, FakeMessage, FakeModalSubmit, GUILD_ID, OTHER_CHANNEL, OTHER_ID, testDispatcher, USER_ID } from './fakes.ts';
import { Writable } from 'node:stream';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const commands = await loadCommands();
const components = await loadComponents();
const registry = createRegistry(commands, components);

function setup(opts: { now?: () => number; memberSeconds?: number; channelMax?: number } = {}) {
  const { logger, lines } = captureLogger();
  const handlers = testDispatcher({ termbot, logger, registry, ...(opts.now ? { now: opts.now } : {}) }, opts);
  return { handlers, lines };
}

/** Every Discord limit a message must respect. */
function expectWithinLimits(m: { content?: string | null; embeds?: readonly unknown[]; components?: readonly unknown[] }) {
  if (m.content) expect(m.content.length).toBeLessThanOrEqual(LIMITS.content);
  const embeds = (m.embeds ?? []) as APIEmbed[];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    const total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  }
  const rows = (m.components ?? []) as { components: { custom_id?: string; label?: string }[] }[];
  expect(rows.length).toBeLessThanOrEqual(LIMITS.actionRows);
  for (const r of rows) {
    expect(r.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const c of r.components) {
      expect(c.custom_id?.length ?? 0).toBeLessThanOrEqual(LIMITS.customId);
      expect(c.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  }
}

const options = (call: { options: unknown } | undefined): InteractionReplyOptions => (call?.options ?? {}) as InteractionReplyOptions;
void options;

describe('rendering within Discord limits', () => {
  it('every entry of the shipped knowledge renders within every limit, as a definition or comparison', () => {
    for (const e of knowledge.entries) {
      const answer = termbot.define(e.id);
      expect(answer.reply, e.id).toBeDefined();
      if (answer.reply) expectWithinLimits(renderDiscord(answer.reply, { ownerId: USER_ID }));
    }
  });
  it('every platform renders within limits as a classification', () => {
    for (const p of knowledge.entries.filter((e) => e.kind === 'platform')) {
      const reply = termbot.ask(`is ${p.name} a social network?`).reply;
      expect(reply?.kind).toBe('classification');
      if (reply) expectWithinLimits(renderDiscord(reply, { ownerId: USER_ID }));
    }
  });
  it('no shipped entry has to be shortened to fit: every dimension, view and source is shown', () => {
    const shortened = knowledge.entries.filter((e) => {
      const emb = renderDiscord(termbot.define(e.id).reply!, { ownerId: USER_ID }).embeds[0]!;
      return Boolean(emb.footer?.text.includes('(shortened)') || emb.description?.endsWith('…') || emb.fields?.some((f) => f.value.endsWith('…')));
    });
    expect(shortened.map((e) => e.id)).toEqual([]);
  });
  it('no message repeats a custom id (Discord rejects the whole message if one does)', () => {
    for (const e of knowledge.entries) {
      const m = renderDiscord(termbot.define(e.id).reply!, { ownerId: USER_ID });
      const ids = m.components.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
      expect(new Set(ids).size, e.id).toBe(ids.length);
    }
  });
  it('the longest entries keep their sources: compact marks in the short answer, the full list in More', () => {
    const longest = [...knowledge.entries].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length).slice(0, 5);
    for (const e of longest) {
      const r = renderDiscord(termbot.define(e.id).reply!, {});
      expect(r.embeds[0]?.description).toMatch(/^-# Sources: \[1\] /m);
      const full = renderDiscordPages(termbot.define(e.id).reply!, { detail: 'full' });
      expect(full.at(-1)?.embeds[0]?.fields?.some((f) => f.name === 'Sources')).toBe(true);
    }
  });
  it('cuts oversized parts cleanly with a marker instead of failing', () => {
    const huge = fitEmbed({ title: 't'.repeat(400), description: 'word '.repeat(2000), fields: Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, value: 'v '.repeat(800) })) });
    expectWithinLimits({ embeds: [huge] });
    expect(huge.title?.endsWith('…')).toBe(true);
    expect(truncate('one two three four', 10)).toBe('one two…');
  });
  it('escapes markdown and defuses mentions in echoed user text', () => {
    expect(userText('**bold** @everyone <@&123>')).toBe('\\*\\*bold\\*\\* @\u200beveryone <\u200b@\u200b&123>');
    const r = renderDiscord({ kind: 'not-found', query: '@everyone **x**', suggestions: [] });
    expect(r.content).not.toMatch(/@everyone|\*\*x\*\*/);
  });
});

describe('the command registry', () => {
  it('loads every command module through the type guard', () => {
    expect(commands.map((c) => c.data.name).sort()).toEqual(['compare', 'define', 'glossary', 'help', 'insights', 'terms']);
    expect(isCommandModule({ data: { name: 'x' } })).toBe(false);
  });
  it('is valid for Discord: names, descriptions, options, choices', () => {
    for (const c of commands) {
      expect(c.data.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(c.data.description.length).toBeGreaterThan(0);
      expect(c.data.description.length).toBeLessThanOrEqual(100);
      const opts = c.data.options ?? [];
      expect(opts.length).toBeLessThanOrEqual(25);
      let optionalSeen = false;
      for (const o of opts) {
        expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeLessThanOrEqual(100);
        if ('required' in o && o.required) expect(optionalSeen).toBe(false);
        else optionalSeen = true;
        if ('choices' in o && o.choices) expect(o.choices.length).toBeLessThanOrEqual(25);
      }
    }
  });
});

describe('/define', () => {
  it('answers with an embed, related buttons and a delete button, pinging nobody', async () => {
    const { handlers, lines } = setup();
    const i = new FakeChatInput('define', { term: 'social-media' });
    await handlers.chatInput(i);
    const o = i.calls[0]?.options as InteractionReplyOptions;
    expect(i.calls[0]?.method).toBe('reply');
    expect((o.embeds?.[0] as APIEmbed).title).toBe('Social media');
    expect(o.allowedMentions).toEqual({ parse: [], users: [], repliedUser: false });
    expect(o.flags).toBeUndefined();
    const ids = (o.components as RenderedMessage['components']).flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(ids).toContain(`tb:del:${USER_ID}`);
    expect(ids.filter((x) => x.startsWith('tb:open:')).length).toBeGreaterThan(0);
    const log = lines().find((l) => l.msg === 'handled');
    expect(log).toMatchObject({ kind: 'slash', command: 'define', intent: 'define', entries: ['social-media'], guildId: expect.any(String), channelId: ASK_CHANNEL });
    expect(typeof log?.latencyMs).toBe('number');
    expect(lines().find((l) => l.msg === 'handled')?.text).toBeUndefined();
  });
  it('answers privately when asked, with no delete button', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('define', { term: 'seo', private: true });
    await handlers.chatInput(i);
    const o = i.calls[0]?.options as InteractionReplyOptions;
    expect(o.flags).toBe(64);
    expect(JSON.stringify(o.components)).not.toContain('tb:del');
  });
  it('points the answer at a member, pinging only that member', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('define', { term: 'seo', for: { id: OTHER_ID, bot: false } });
    await handlers.chatInput(i);
    const o = i.calls[0]?.options as InteractionReplyOptions;
    expect(o.content).toBe(`<@${OTHER_ID}>, <@${USER_ID}> thought this might help:`);
    expect(o.allowedMentions).toEqual({ parse: [], users: [OTHER_ID], repliedUser: false });
  });
  it('replies privately with "did you mean" buttons for an unknown term, never a guess', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('define', { term: 'influencer marketting strategy ideas' });
    await handlers.chatInput(i);
    const o = i.calls[0]?.options as InteractionReplyOptions;
    expect(o.flags).toBe(64);
    expect(o.embeds).toEqual([]);
    expect(o.content).toMatch(/I don't have an entry for/);
    expect(JSON.stringify(o.components)).toContain('tb:pick:p:-:influencer-marketing');
  });
  it('autocompletes up to 25 choices with names within 100 characters, ids as values', async () => {
    const { handlers } = setup();
    for (const typed of ['', 's', 'social', 'engagment', 'x'.repeat(300)]) {
      const i = new FakeAutocomplete('define', { name: 'term', value: typed });
      await handlers.autocomplete(i);
      const choices = i.calls[0]?.options as ApplicationCommandOptionChoiceData[];
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(knowledge.byId.has(String(c.value))).toBe(true);
      }
    }
    const i = new FakeAutocomplete('define', { name: 'term', value: 'social me' });
    await handlers.autocomplete(i);
    expect((i.calls[0]?.options as ApplicationCommandOptionChoiceData[])[0]?.value).toBe('social-media');
  });
});

describe('/compare, /terms, /help', () => {
  it('/compare states the relationship first', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('compare', { first: 'reach', second: 'impressions' });
    await handlers.chatInput(i);
    const e = (i.calls[0]?.options as InteractionReplyOptions).embeds?.[0] as APIEmbed;
    expect(e.title).toBe('Reach vs Impressions');
    expect(e.description).toMatch(/^\*\*In short:\*\*/);
    expect(e.fields?.length).toBeGreaterThan(2);
  });
  it('/compare autocompletes concepts only', async () => {
    const { handlers } = setup();
    const i = new FakeAutocomplete('compare', { name: 'second', value: 'social media vs' });
    await handlers.autocomplete(i);
    const choices = i.calls[0]?.options as ApplicationCommandOptionChoiceData[];
    expect(choices.every((c) => knowledge.byId.get(String(c.value))?.kind !== 'comparison')).toBe(true);
  });
  it('/terms pages with buttons and an area menu; the buttons page', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('terms', { area: 'metrics' });
    await handlers.chatInput(i);
    const o = i.calls[0]?.options as InteractionReplyOptions;
    expect(JSON.stringify(o.components)).toContain('tb:terms:metrics:2');
    const next = new FakeComponent('tb:terms:metrics:2');
    await handlers.component(next);
    expect(next.calls[0]?.method).toBe('update');
    expect(JSON.stringify(next.calls[0]?.options)).toContain('Page 2 of');
    const menu = new FakeComponent('tb:terms-area', { values: ['email'] });
    await handlers.component(menu);
    expect(JSON.stringify(menu.calls[0]?.options)).toContain('Email');
  });
  it('/help says what termbot knows', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('help', {});
    await handlers.chatInput(i);
    expect(JSON.stringify(i.calls[0]?.options)).toContain(`I know ${knowledge.entries.length} entries`);
    // The commands it lists are the registry's, with their options: nothing copied by hand.
    const description = ((i.calls[0]?.options as InteractionReplyOptions).embeds?.[0] as APIEmbed).description ?? '';
    for (const c of commands) expect(description).toContain(`\`/${c.data.name}`);
    expect(description).toContain('`/terms [area]`: Browse the terms termbot knows, by area');
    expect(commandUsage({ data: { name: 'glossary', description: 'd', options: [{ type: 1, name: 'add', description: 'a' }, { type: 1, name: 'list', description: 'l' }] }, execute: async () => undefined })).toEqual({ usage: '/glossary add|list', summary: 'd' });
  });
  it('the console offers only commands the registry has, and lists them all in its banner and help', async () => {
    const { TEXT_COMMANDS } = await import('../../src/adapters/commands.ts');
    const { renderText } = await import('../../src/adapters/text.ts');
    const names = new Set(commands.map((c) => c.data.name));
    for (const c of TEXT_COMMANDS) expect(names.has(c.name), c.name).toBe(true);
    const help = renderText(termbot.help().reply);
    for (const c of TEXT_COMMANDS) expect(help).toContain(c.usage);
  });
});

describe('short answers and More', () => {
  const buttonIds = (o: InteractionReplyOptions | InteractionUpdateOptions) => (o.components as RenderedMessage['components']).flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
  it('/define answers short with a More button; More on a public answer replies privately with everything', async () => {
    const { handlers, lines } = setup();
    const i = new FakeChatInput('define', { term: 'social media' });
    await handlers.chatInput(i);
    const o = i.calls[0]?.options as InteractionReplyOptions;
    const short = o.embeds?.[0] as APIEmbed;
    expect(short.description).toMatch(/^\*\*In short:\*\* /);
    expect(short.description).toMatch(/More: /);
    const more = buttonIds(o).find((x) => x.startsWith('tb:more:'));
    expect(more).toBe('tb:more:r:d:social-media');
    const b = new FakeComponent(more!, { user: { id: OTHER_ID, bot: false } });
    await handlers.component(b);
    expect(b.calls[0]?.method).toBe('reply');
    const full = b.calls[0]?.options as InteractionReplyOptions;
    expect(full.flags).toBe(64);
    const text = JSON.stringify(b.calls.map((c) => c.options));
    for (const f of (knowledge.byId.get('social-media') as { facts: { text: string }[] }).facts) expect(text).toContain(f.text.slice(0, 40).replace(/"/g, '\\"'));
    expect(buttonIds(full).some((x) => x.startsWith('tb:more:'))).toBe(false);
    expect(lines().some((l) => l.msg === 'handled' && l.component === 'more')).toBe(true);
  });
  it('More on a private answer shows everything in place', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('define', { term: 'reach', private: true });
    await handlers.chatInput(i);
    const more = buttonIds(i.calls[0]?.options as InteractionReplyOptions).find((x) => x.startsWith('tb:more:'));
    expect(more).toBe('tb:more:i:d:reach');
    const b = new FakeComponent(more!);
    await handlers.component(b);
    expect(b.calls.map((c) => c.method)).toEqual(['update']);
    expect(JSON.stringify(b.calls[0]?.options)).toContain('Sources');
  });
  it('/define detail:full answers with the whole entry at once', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('define', { term: 'reach', detail: 'full' });
    await handlers.chatInput(i);
    const e = (i.calls[0]?.options as InteractionReplyOptions).embeds?.[0] as APIEmbed;
    expect(e.fields?.some((f) => f.name === 'Details')).toBe(true);
    expect(e.fields?.some((f) => f.name === 'Sources')).toBe(true);
  });
  it('More on a comparison and on a classification', async () => {
    const { handlers } = setup();
    const c = new FakeComponent(more.id({ target: { kind: 'compare', a: 'social-media', b: 'social-networking' }, inPlace: false }));
    await handlers.component(c);
    const all = JSON.stringify(c.calls.map((x) => x.options));
    // The longest comparison keeps its last note (the Instagram/Snapchat split), over follow-ups if needed.
    expect(all).toContain('Diksha lists Instagram and Snapchat as social media');
    for (const call of c.calls) expectWithinLimits(call.options as InteractionReplyOptions);
    const k = new FakeComponent(more.id({ target: { kind: 'classify', entryId: 'twitter', asked: 'social-network' }, inPlace: false }));
    await handlers.component(k);
    expect(JSON.stringify(k.calls[0]?.options)).toContain('What it is');
  });
  it('More ids round-trip', () => {
    for (const target of [{ kind: 'define', entryId: 'seo' }, { kind: 'compare', a: 'seo', b: 'pay-per-click' }, { kind: 'classify', entryId: 'youtube', asked: 'messaging' }, { kind: 'classify', entryId: 'youtube' }] as const) {
      for (const inPlace of [true, false]) expect(more.decode(more.id({ target, inPlace }).split(':').slice(2))).toEqual({ target, inPlace });
    }
    expect(more.decode(['x', 'd', 'seo'])).toBeUndefined();
    expect(more.decode(['r', 'k', 'seo', 'zz'])).toBeUndefined();
  });
});

describe('buttons', () => {
  it('a related-entry button opens that entry privately', async () => {
    const { handlers } = setup();
    const b = new FakeComponent(open.id({ entryId: 'hashtag', private: false }));
    await handlers.component(b);
    const o = b.calls[0]?.options as InteractionReplyOptions;
    expect(b.calls[0]?.method).toBe('reply');
    expect(o.flags).toBe(64);
    expect((o.embeds?.[0] as APIEmbed).title).toBe('Hashtag');
  });
  it('a "did you mean" pick from a public command posts the answer publicly', async () => {
    const { handlers } = setup();
    const b = new FakeComponent('tb:pick:p:-:hashtag');
    await handlers.component(b);
    expect(b.calls.map((c) => c.method)).toEqual(['update', 'followUp']);
    expect((b.calls[1]?.options as InteractionReplyOptions).flags).toBeUndefined();
    const priv = new FakeComponent('tb:pick:e:-:hashtag');
    await handlers.component(priv);
    expect((priv.calls[1]?.options as InteractionReplyOptions).flags).toBe(64);
    // In place, the answer stays the asker's to delete even when someone else picked.
    const inPlace = new FakeComponent(`tb:pick:u:${USER_ID}:hashtag`, { user: { id: OTHER_ID, bot: false } });
    await handlers.component(inPlace);
    expect(inPlace.calls.map((c) => c.method)).toEqual(['update']);
    expect(JSON.stringify(inPlace.calls[0]?.options)).toContain(`tb:del:${USER_ID}`);
  });
  it('a pick after /compare with one unknown side completes the comparison', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('compare', { first: 'reach', second: 'impresionz of ads' });
    await handlers.chatInput(i);
    const ids = JSON.stringify(i.calls[0]?.options);
    expect(ids).toContain(':reach');
    const pick = new FakeComponent('tb:pick:p:-:impressions:reach');
    await handlers.component(pick);
    const embed = (pick.calls[1]?.options as InteractionReplyOptions).embeds?.[0] as APIEmbed;
    expect(embed.title).toBe('Reach vs Impressions');
  });
  it('delete works for the asker and a moderator, and is refused to others', async () => {
    const { handlers } = setup();
    const own = new FakeComponent(`tb:del:${USER_ID}`);
    await handlers.component(own);
    expect(own.calls.map((c) => c.method)).toEqual(['deferUpdate', 'deleteReply']);
    const mod = new FakeComponent(`tb:del:${OTHER_ID}`, { moderator: true });
    await handlers.component(mod);
    expect(mod.calls.map((c) => c.method)).toEqual(['deferUpdate', 'deleteReply']);
    const other = new FakeComponent(`tb:del:${OTHER_ID}`);
    await handlers.component(other);
    expect(other.calls.map((c) => c.method)).toEqual(['reply']);
    expect((other.calls[0]?.options as InteractionReplyOptions).content).toMatch(/Only the person who asked/);
  });
  it('custom ids round-trip through the registry and stay within 100 characters', () => {
    const byKey = new Map(components.map((c) => [c.key, c]));
    const cases: Array<[string, unknown]> = [
      ['open', { entryId: 'social-media-marketing-vs-digital-marketing', private: true }],
      ['pick', { entryId: 'seo', mode: 'public' }],
      ['pick', { entryId: 'impressions', mode: 'update', ownerId: USER_ID, compareWith: 'reach' }],
      ['del', { ownerId: USER_ID }],
      ['terms', { area: 'all', page: 3 }],
      ['terms-area', {}],
    ];
    for (const [key, args] of cases) {
      const id = ['tb', key, ...byKey.get(key)!.encode(args as never)].join(':');
      expect(id.length).toBeLessThanOrEqual(100);
      expect(registry.component(id)).toEqual({ module: byKey.get(key), args });
    }
    for (const stale of ['other:thing', 'tb:nope:1', 'tb:open:0:Not An Id', 'tb:del:12', 'tb:pick:x:-:seo']) expect(registry.component(stale), stale).toBeUndefined();
  });
  it('a button from an old message (unknown or malformed id) gets a short private note', async () => {
    const { handlers } = setup();
    const b = new FakeComponent('tb:gone:1');
    await handlers.component(b);
    expect(b.calls.map((c) => c.method)).toEqual(['reply']);
    expect((b.calls[0]?.options as InteractionReplyOptions).content).toMatch(/no longer works/);
    expect((b.calls[0]?.options as InteractionReplyOptions).flags).toBe(64);
  });
});

describe('the registry and the dispatcher', () => {
  it('every component kind has a unique key and loads through the type guard', () => {
    expect(components.map((c) => c.key).sort()).toEqual(['del', 'gentry', 'grevert', 'greview', 'imiss', 'imisses', 'more', 'open', 'pick', 'terms', 'terms-area']);
    expect(() => createRegistry(commands, [...components, components[0]!])).toThrow(/two component modules/);
    expect(() => createRegistry([...commands, commands[0]!], components)).toThrow(/two command modules/);
  });
  it('a modal kind is one module: its form, its id and its handler; a button or command opens it', async () => {
    // What a glossary "add a term" modal would look like, registered next to the shipped kinds.
    const addTerm = defineModal<{ guildId: string }>({
      key: 'test-add',
      encode: (a) => [a.guildId],
      decode: ([guildId = '']) => (/^\d{17,20}$/.test(guildId) ? { guildId } : undefined),
      form: () => ({ title: 'Add a term', components: [{ type: 1, components: [{ type: 4, custom_id: 'term', label: 'Term', style: 1 }] }] }),
      async handle(i, a) {
        await i.reply({ content: `Added ${i.fields.getTextInputValue('term')} to ${a.guildId}`, flags: MessageFlags.Ephemeral });
        return { extra: { added: true } };
      },
    });
    const { logger, lines } = captureLogger();
    const dispatcher = createDispatcher({
      termbot,
      logger,
      registry: createRegistry(commands, [...components, addTerm]),
      config: { askChannelIds: [], answerDms: true, cooldown: { memberSeconds: 0, channelMax: 100, channelSeconds: 10 } },
      botUserId: () => BOT_ID,
    });
    const opener = new FakeChatInput('define', { term: 'seo' });
    await opener.showModal(addTerm.modal({ guildId: GUILD_ID }));
    expect(opener.calls[0]?.options).toMatchObject({ custom_id: `tb:test-add:${GUILD_ID}`, title: 'Add a term' });

    const submit = new FakeModalSubmit(`tb:test-add:${GUILD_ID}`, { term: 'CTR' });
    await dispatcher.modalSubmit(submit);
    expect((submit.calls[0]?.options as InteractionReplyOptions).content).toBe(`Added CTR to ${GUILD_ID}`);
    expect(lines().find((l) => l.msg === 'handled')).toMatchObject({ kind: 'modal', component: 'test-add', added: true });

    const stale = new FakeModalSubmit('tb:open:0:seo', {});
    await dispatcher.modalSubmit(stale);
    expect((stale.calls[0]?.options as InteractionReplyOptions).content).toMatch(/no longer works/);
  });
  it('an unexpected error in any module is logged once with its context and apologised for once', async () => {
    const boom = defineButton<Record<string, never>>({ key: 'boom', encode: () => [], decode: () => ({}), handle: async () => Promise.reject(new Error('kaboom')) });
    const { logger, lines } = captureLogger();
    const dispatcher = createDispatcher({ termbot, logger, registry: createRegistry(commands, [boom]), config: { askChannelIds: [], answerDms: true, cooldown: { memberSeconds: 0, channelMax: 100, channelSeconds: 10 } }, botUserId: () => BOT_ID });
    const b = new FakeComponent(boom.id({}));
    await dispatcher.component(b);
    expect(b.calls.map((c) => [c.method, (c.options as InteractionReplyOptions).content])).toEqual([['reply', APOLOGY]]);
    expect(lines().filter((l) => l.level === 50)).toMatchObject([{ kind: 'button', component: 'boom', interactionId: b.id }]);
  });
  it('the dependency points one way: nothing in src/ imports commands/ except the process entry points', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const root = new URL('../../src/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const importers = [];
    for (const f of files) if (/from '(?:\.\.\/)+commands\/|import\('(?:\.\.\/)+commands\//.test(await readFile(new URL(f, root), 'utf8'))) importers.push(f.replaceAll('\\', '/'));
    expect(importers.sort()).toEqual(['cli/deploy.ts', 'main.ts']);
  });
});

describe('free-text questions', () => {
  const replyOf = (m: FakeMessage) => m.calls[0]?.options as MessageReplyOptions | undefined;
  it('answers an understood question in an ask channel, as a reply that pings nobody', async () => {
    const { handlers, lines } = setup();
    const m = new FakeMessage('what is the difference between social media and social networking?');
    await handlers.message(m);
    expect(replyOf(m)?.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect((replyOf(m)?.embeds?.[0] as APIEmbed).title).toBe('Social media vs Social networking');
    expect(lines().find((l) => l.msg === 'question text')?.text).toMatch(/difference/);
  });
  it('stays silent on chatter in an ask channel', async () => {
    const { handlers } = setup();
    for (const text of ['hi all', 'lol', 'my instagram got hacked lol', 'what is love', '']) {
      const m = new FakeMessage(text);
      await handlers.message(m);
      expect(m.calls, text).toEqual([]);
    }
  });
  it('ignores other channels unless mentioned or replied to', async () => {
    const { handlers } = setup();
    const ignored = new FakeMessage('what is seo?', { channelId: OTHER_CHANNEL });
    await handlers.message(ignored);
    expect(ignored.calls).toEqual([]);
    const mentioned = new FakeMessage(`<@${BOT_ID}> what is seo?`, { channelId: OTHER_CHANNEL, mentionsBot: true });
    await handlers.message(mentioned);
    expect(mentioned.calls).toHaveLength(1);
    const replied = new FakeMessage('and what is sem?', { channelId: OTHER_CHANNEL, replyToBot: true });
    await handlers.message(replied);
    expect(replied.calls).toHaveLength(1);
  });
  it('when mentioned about something unknown, says so briefly with suggestions', async () => {
    const { handlers } = setup();
    const m = new FakeMessage(`<@${BOT_ID}> what is growth hacking`, { channelId: OTHER_CHANNEL, mentionsBot: true });
    await handlers.message(m);
    expect(replyOf(m)?.content).toMatch(/I don't have an entry/);
    expect(JSON.stringify(replyOf(m)?.components)).toContain(`tb:pick:u:${USER_ID}:`);
  });
  it('answers DMs and threads under an ask channel', async () => {
    const { handlers } = setup();
    const dm = new FakeMessage('what is a KPI', { dm: true, channelId: '700000000000000001' });
    await handlers.message(dm);
    expect(dm.calls).toHaveLength(1);
    const thread = new FakeMessage('what is a KPI?', { channelId: '700000000000000002', threadOf: ASK_CHANNEL });
    await handlers.message(thread);
    expect(thread.calls).toHaveLength(1);
  });
  it('never answers bots, webhooks or itself', async () => {
    const { handlers } = setup();
    for (const m of [
      new FakeMessage('what is seo?', { author: { id: OTHER_ID, bot: true } }),
      new FakeMessage('what is seo?', { webhookId: '800000000000000001' }),
      new FakeMessage('what is seo?', { author: { id: BOT_ID, bot: false } }),
    ]) {
      await handlers.message(m);
      expect(m.calls).toEqual([]);
    }
  });
  it('holds back a flood: per-member and per-channel cooldowns', async () => {
    let t = 0;
    const { handlers } = setup({ now: () => t, memberSeconds: 3, channelMax: 2 });
    const ask = async (author = USER_ID) => {
      const m = new FakeMessage('what is seo?', { author: { id: author, bot: false } });
      await handlers.message(m);
      return m.calls.length;
    };
    expect(await ask()).toBe(1);
    expect(await ask()).toBe(0); // same member within 3 s
    t = 3000;
    expect(await ask()).toBe(1);
    expect(await ask(OTHER_ID)).toBe(0); // channel already had 2 answers in 10 s
    t = 20_000;
    expect(await ask(OTHER_ID)).toBe(1);
  });
  it('a reply to termbot is answered only when it is a question termbot understands', async () => {
    const { handlers } = setup();
    for (const text of ['thanks!', 'lol', '👍', '']) {
      const m = new FakeMessage(text, { channelId: OTHER_CHANNEL, replyToBot: true });
      await handlers.message(m);
      expect(m.calls, text).toEqual([]);
    }
    // Discord pings the author of a replied-to message by default, so termbot shows up in the mentions.
    const pinging = new FakeMessage('thanks!', { channelId: OTHER_CHANNEL, replyToBot: true, mentionsBot: true });
    await handlers.message(pinging);
    expect(pinging.calls).toEqual([]);
    const q = new FakeMessage('and what is a KPI?', { channelId: OTHER_CHANNEL, replyToBot: true });
    await handlers.message(q);
    expect(q.calls).toHaveLength(1);
  });
  it('a question containing @everyone and a role mention is answered without pinging', async () => {
    const { handlers } = setup();
    const m = new FakeMessage('@everyone <@&123456789012345678> what is reach?');
    await handlers.message(m);
    expect(replyOf(m)?.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(JSON.stringify(replyOf(m))).not.toMatch(/@everyone|<@&/);
  });
});

describe('errors', () => {
  it('an expired interaction (10062) is logged, with no apology attempt', async () => {
    const { handlers, lines } = setup();
    const i = new FakeChatInput('define', { term: 'seo' }, { fail: Object.assign(new Error('Unknown interaction'), { code: 10062, status: 404 }) });
    await handlers.chatInput(i);
    expect(i.calls).toHaveLength(1);
    expect(lines().some((l) => l.code === 10062 && l.level === 40)).toBe(true);
  });
  it('missing permissions (50013) and 5xx are logged and the member gets a short apology', async () => {
    for (const fail of [Object.assign(new Error('Missing Permissions'), { code: 50013, status: 403 }), Object.assign(new Error('Internal'), { status: 502 }), new Error('boom')]) {
      const { handlers, lines } = setup();
      const i = new FakeChatInput('define', { term: 'seo' }, { fail });
      await handlers.chatInput(i);
      expect(i.calls.map((c) => c.method)).toEqual(['reply', 'reply']);
      expect((i.calls[1]?.options as InteractionReplyOptions).content).toBe(APOLOGY);
      expect(JSON.stringify(i.calls[1]?.options)).not.toMatch(/at .*\.ts|Error:/);
      expect(lines().some((l) => (l.level as number) >= 40 && l.interactionId === i.id)).toBe(true);
    }
  });
  it('an unknown command tells the member to ask a moderator to redeploy', async () => {
    const { handlers } = setup();
    const i = new FakeChatInput('gone', {});
    await handlers.chatInput(i);
    expect((i.calls[0]?.options as InteractionReplyOptions).content).toMatch(/redeploy/);
  });
});

describe('config', () => {
  it('lists every problem at once', () => {
    try {
      readConfig({ DISCORD_GUILD_ID: 'x', ASK_CHANNEL_IDS: '123456789012345678,nope', LOG_LEVEL: 'loud', COOLDOWN_CHANNEL_MAX: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(4);
      expect((err as ConfigError).message).toMatch(/DISCORD_GUILD_ID[\s\S]*ASK_CHANNEL_IDS \(item 2\)[\s\S]*LOG_LEVEL[\s\S]*COOLDOWN_CHANNEL_MAX/);
    }
  });
  it('reads defaults, lists and the API URL', () => {
    const c = readConfig({ DISCORD_TOKEN: 'abc.def', ASK_CHANNEL_IDS: ' 123456789012345678 , 223456789012345678 ', DISCORD_API_URL: 'http://127.0.0.1:4000/api/' });
    expect(c).toMatchObject({ token: 'abc.def', askChannelIds: ['123456789012345678', '223456789012345678'], apiUrl: 'http://127.0.0.1:4000/api', logLevel: 'info', answerDms: true, messageContentIntent: true });
    expect(c.cooldown).toEqual({ memberSeconds: 3, channelMax: 5, channelSeconds: 10 });
  });
  it('refuses plain http to another host for the API URL (it would carry the token)', () => {
    expect(() => readConfig({ DISCORD_API_URL: 'http://proxy.example.com/api' })).toThrow(/DISCORD_API_URL/);
    expect(readConfig({ DISCORD_API_URL: 'https://proxy.example.com/api' }).apiUrl).toBe('https://proxy.example.com/api');
    expect(readConfig({ DISCORD_API_URL: 'http://localhost:4000/api' }).apiUrl).toBe('http://localhost:4000/api');
  });
  it('needs the token and client id to deploy', () => {
    expect(() => readConfig({}, 'deploy')).toThrow(/DISCORD_TOKEN[\s\S]*DISCORD_CLIENT_ID/);
  });
});

describe('the logger', () => {
  it('masks interaction tokens and drops request bodies from Discord errors', () => {
    let out = '';
    const destination = new Writable({
      write(chunk: Buffer, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const logger = createLogger({ level: 'info', destination, pretty: false });
    const err = Object.assign(new Error('Unknown interaction'), {
      code: 10062,
      status: 404,
      url: 'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb24secret-token/callback',
      requestBody: { json: { data: { content: 'I don\'t have an entry for “my secret question”' } } },
    });
    logger.error({ err }, 'failed');
    expect(out).toContain('/interactions/123456789012345678/[token]/callback');
    expect(out).not.toContain('secret-token');
    expect(out).not.toContain('my secret question');
    expect(out).toContain('"code":10062');
  });
  it('never prints the token: not in messages, fields, or errors', () => {
    // Built at run time so no token-shaped string is committed.
    const token = ['MTIzNDU2Nzg5MDEyMzQ1Njc4', 'GabCdE', 'fake-token-for-tests-only-1234567'].join('.');
    let out = '';
    const destination = new Writable({
      write(chunk: Buffer, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const logger = createLogger({ level: 'debug', secrets: [token], destination, pretty: false });
    logger.info(`connecting with ${token}`);
    logger.info({ token, config: { token }, headers: { authorization: `Bot ${token}` } }, 'fields');
    logger.error({ err: new Error(`bad token ${token}`) }, 'error');
    logger.info({ nested: { url: `https://x/?t=${token}` } }, 'nested');
    expect(out).not.toContain(token);
    expect(out).toContain('[REDACTED]');
  });
});
