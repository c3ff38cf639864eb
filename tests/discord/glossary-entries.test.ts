/**
 * /glossary's entries through the dispatcher with the typed fakes: add (form), edit (also of a shipped
 * entry), remove, hide, history and revert, raw, export, import's checks before downloading, the
 * editor check, the rate limits, the audit channel and autocomplete. SQLite in a temporary folder.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIActionRowComponent, APIModalInteractionResponseCallbackData, APIStringSelectComponent, APITextInputComponent, ApplicationCommandOptionChoiceData, InteractionReplyOptions, MessageCreateOptions } from 'discord.js';
import { loadRegistry } from '../../commands/index.ts';
import { fromBundle } from '../../src/core/glossary/bundle.ts';
import type { ServerTools } from '../../src/discord/context.ts';
import { download, shippedFields, useEditLimiter } from '../../src/discord/glossary/entries.ts';
import { entryFormValues } from '../../src/discord/components/glossary-entry.ts';
import { EditLimiter } from '../../src/discord/glossary/limiter.ts';
import { NOT_AN_EDITOR } from '../../src/discord/glossary/access.ts';
import { GlossaryStore } from '../../src/store/glossary.ts';
import { ServerGlossaries } from '../../src/store/server-glossaries.ts';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';
import { sqliteBackend, type TestDatabase } from '../helpers/databases.ts';
import { captureLogger, FakeAutocomplete, FakeChatInput, FakeComponent, FakeModalSubmit, GUILD_ID, testDispatcher, USER_ID, type Call } from './fakes.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const registry = await loadRegistry();
const EDITOR_ROLE = '700000000000000001';
const AUDIT = '400000000000000099';

const reply = (c: Call[]) => c.find((x) => x.method === 'reply' || x.method === 'editReply')?.options as InteractionReplyOptions & { content?: string };
const text = (c: Call[]) => String(reply(c)?.content ?? '');
const modalOf = (c: Call[]) => c.find((x) => x.method === 'showModal')?.options as APIModalInteractionResponseCallbackData | undefined;
const modalValues = (m: APIModalInteractionResponseCallbackData) =>
  Object.fromEntries(m.components.flatMap((row) => ('components' in row ? (row.components as APITextInputComponent[]) : [])).map((t) => [t.custom_id, t.value ?? '']));

const launchWeek = {
  name: 'Launch Week',
  aliases: 'LW',
  summary: 'Our yearly release week.',
  definition: 'The week each year when we ship the big release.',
  more: 'Announced a month ahead.\nRelated: reach',
};

describe('/glossary entries', () => {
  let tdb: TestDatabase;
  let glossaries: ServerGlossaries;
  let posts: { channelId: string; message: MessageCreateOptions }[];
  let clock = 0;
  let dispatcher: ReturnType<typeof testDispatcher>;

  beforeAll(async () => {
    tdb = await sqliteBackend.create();
    glossaries = new ServerGlossaries(new GlossaryStore(await tdb.open(), knowledge), termbot);
    const server: ServerTools = {
      glossaries: async () => glossaries,
      post: async (channelId, message) => {
        posts.push({ channelId, message });
        return true;
      },
      dm: async () => true,
      owners: async () => [],
    };
    dispatcher = testDispatcher({ termbot, registry, logger: captureLogger('silent').logger, server, termbotFor: (g) => glossaries.termbotFor(g) });
  });
  beforeEach(() => {
    posts = [];
    // Generous limits and a clock that moves a minute per test: only the rate-limit test meets them.
    clock += 120_000;
    useEditLimiter(glossaries.store, new EditLimiter({ perMember: 50, perServer: 100, windowMs: 60_000 }, () => clock));
  });
  afterAll(async () => {
    glossaries?.stop();
    await glossaries?.store.close();
    await tdb?.drop();
  });

  const command = async (subcommand: string, values: Record<string, string | boolean | { name: string; url: string; size: number; contentType: string | null }> = {}, o: { moderator?: boolean; roles?: string[] } = { moderator: true }) => {
    const i = new FakeChatInput('glossary', { subcommand, ...values }, o);
    await dispatcher.chatInput(i);
    return i.calls;
  };
  const submit = async (customId: string, fields: Record<string, string>, o: { moderator?: boolean; roles?: string[] } = { moderator: true }) => {
    const i = new FakeModalSubmit(customId, fields, o);
    await dispatcher.modalSubmit(i);
    return i.calls;
  };
  const complete = async (subcommand: string, value: string) => {
    const i = new FakeAutocomplete('glossary', { name: 'term', value }, { subcommand });
    await dispatcher.autocomplete(i);
    return (i.calls[0]?.options ?? []) as ApplicationCommandOptionChoiceData[];
  };

  it('refuses a member without Manage Server or the editor role, privately, and opens the form for an editor', async () => {
    const refused = await command('add', {}, { moderator: false });
    expect(text(refused)).toBe(NOT_AN_EDITOR);
    expect(reply(refused)?.flags).toBe(64);
    expect(modalOf(refused)).toBeUndefined();
    const opened = await command('add');
    expect(modalOf(opened)?.custom_id).toBe('tb:gentry:a');
  });

  it('adds from the form: answers at once in this server, replies privately with the short answer; the audit channel hears of it', async () => {
    await glossaries.store.updateSettings(GUILD_ID, { auditChannelId: AUDIT }, USER_ID);
    const calls = await submit('tb:gentry:a', launchWeek);
    expect(text(calls)).toContain('Added **Launch Week**');
    const r = reply(calls);
    expect(r.flags).toBe(64);
    expect(r.allowedMentions).toEqual({ parse: [] });
    expect(JSON.stringify(r.embeds)).toContain('Launch Week');
    expect(JSON.stringify(r.embeds)).toContain("this server's glossary");
    const entry = await glossaries.store.entry(GUILD_ID, 'launch-week');
    expect(entry).toMatchObject({ aliases: ['LW'], details: ['Announced a month ahead.'], related: ['reach'], authorId: USER_ID });
    expect((await glossaries.termbotFor(GUILD_ID)).define('LW').reply).toMatchObject({ kind: 'definition', entry: { id: 'launch-week' } });
    expect(posts).toEqual([{ channelId: AUDIT, message: { content: `<@${USER_ID}> added **Launch Week**` } }]);
    await glossaries.store.updateSettings(GUILD_ID, { auditChannelId: null }, USER_ID);
  });

  it('refuses a form with problems with a private list of fields and messages, storing nothing', async () => {
    const before = await glossaries.store.exportFiles(GUILD_ID);
    const long = await submit('tb:gentry:a', { name: 'Launch Crew', aliases: '', definition: `${'Long words here. '.repeat(40)}`, summary: '', more: '' });
    expect(text(long)).toBe(
      'Nothing was saved: 2 problem(s). Fix them and submit the form again (`/glossary add`).\n• **One-line summary**: is missing\n• **Definition**: is 679 characters; at most 350 fit',
    );
    expect(reply(long)?.flags).toBe(64);
    const aliases = Array.from({ length: 21 }, (_, k) => `crew alias ${k}`).join(', ');
    expect(text(await submit('tb:gentry:a', { name: 'Launch Crew', aliases, definition: 'Our crew.', summary: 'A crew.', more: '' }))).toContain('• **Other names**: has 21 items; at most 20 allowed in a server glossary');
    const clash = await submit('tb:gentry:a', { name: 'Launch Crew', aliases: 'LW', definition: 'Our crew.', summary: 'A crew.', more: '' });
    expect(text(clash)).toContain('• **`terms/launch-week.md` Other names**: "LW" is already claimed by terms/launch-crew.md');
    expect(await glossaries.store.exportFiles(GUILD_ID)).toEqual(before);
    expect(posts).toEqual([]);
  });

  it("lets a member with the server's editor role edit, and not one without it", async () => {
    await glossaries.store.updateSettings(GUILD_ID, { editorRoleId: EDITOR_ROLE }, USER_ID);
    expect(text(await submit('tb:gentry:a', { ...launchWeek, name: 'Launch Crew', aliases: '' }, { roles: ['700000000000000002'] }))).toBe(NOT_AN_EDITOR);
    expect(await glossaries.store.entry(GUILD_ID, 'launch-crew')).toBeUndefined();
    expect(text(await submit('tb:gentry:a', { ...launchWeek, name: 'Launch Crew', aliases: '' }, { roles: [EDITOR_ROLE] }))).toContain('Added **Launch Crew**');
    await glossaries.store.updateSettings(GUILD_ID, { editorRoleId: null }, USER_ID);
  });

  it('edit opens the form prefilled from the entry; the submit saves the change', async () => {
    const m = modalOf(await command('edit', { term: 'LW' }));
    expect(m?.custom_id).toBe('tb:gentry:e:launch-week');
    expect(modalValues(m!)).toEqual({ name: 'Launch Week', aliases: 'LW', summary: 'Our yearly release week.', definition: 'The week each year when we ship the big release.', more: 'Announced a month ahead.\nRelated: reach' });
    const calls = await submit('tb:gentry:e:launch-week', { ...modalValues(m!), definition: 'The week each year when we ship the big release, with a party.' });
    expect(text(calls)).toContain('Saved your changes to **Launch Week**');
    expect((await glossaries.store.entry(GUILD_ID, 'launch-week'))?.definition).toContain('with a party');
    // The form has no area: an edit keeps the entry's.
    expect((await glossaries.store.save(GUILD_ID, { name: 'Area Kept', summary: 'Kept.', definition: 'An entry filed under content.', area: 'content' }, USER_ID)).ok).toBe(true);
    const kept = modalOf(await command('edit', { term: 'area-kept' }));
    expect(text(await submit('tb:gentry:e:area-kept', { ...modalValues(kept!), summary: 'Still kept.' }))).toContain('Saved your changes');
    expect(await glossaries.store.entry(GUILD_ID, 'area-kept')).toMatchObject({ summary: 'Still kept.', area: 'content' });
  });

  it("edit of a shipped entry starts the server's own version, which takes its place here and says so", async () => {
    const m = modalOf(await command('edit', { term: 'reach' }));
    expect(m?.custom_id).toBe('tb:gentry:e:reach');
    expect(modalValues(m!).name).toBe('Reach');
    const calls = await submit('tb:gentry:e:reach', { ...modalValues(m!), summary: 'How many of our members saw a post.' });
    expect(text(calls)).toContain("Saved this server's own version of **Reach**");
    expect(JSON.stringify(reply(calls).embeds)).toContain('takes the place of the shipped entry');
    const answer = (await glossaries.termbotFor(GUILD_ID)).define('reach');
    expect(answer.reply).toMatchObject({ kind: 'definition', entry: { id: 'reach' }, server: [{ replaces: { id: 'reach' } }] });
    expect((await glossaries.termbotFor(null)).define('reach').reply).not.toHaveProperty('server');
  });

  it("every shipped entry's fields fit the form's inputs whole (details that do not fit are left out, never cut)", () => {
    for (const e of knowledge.entries) {
      if (e.kind === 'comparison') continue;
      const values = entryFormValues(shippedFields(e));
      const more = values.more ?? '';
      expect(more.length, e.id).toBeLessThanOrEqual(3000);
      for (const line of more.split('\n').filter((l) => !l.startsWith('Related:'))) expect(e.facts.map((f) => f.text), e.id).toContain(line);
    }
  });

  it('history lists revisions with a non-pinging author and a Discord timestamp, and the menu reverts', async () => {
    const calls = await command('history', { term: 'launch-week' });
    const r = reply(calls);
    expect(r.content).toMatch(new RegExp(`\`#\\d+\` edited by <@${USER_ID}> <t:\\d+:R>`));
    expect(r.content).toMatch(/added by/);
    expect(r.allowedMentions).toEqual({ parse: [] });
    const menu = (r.components as APIActionRowComponent<APIStringSelectComponent>[])[0]!.components[0]!;
    expect(menu.custom_id).toBe('tb:grevert:launch-week');
    const created = menu.options.at(-1)!.value;
    const pick = new FakeComponent(menu.custom_id, { moderator: true, values: [created] });
    await dispatcher.component(pick);
    expect(text(pick.calls)).toContain(`Put **Launch Week** back as it was at revision #${created}`);
    expect((await glossaries.store.entry(GUILD_ID, 'launch-week'))?.definition).not.toContain('with a party');
    // Not an editor: the pick is refused and nothing changes.
    const other = new FakeComponent(menu.custom_id, { moderator: false, values: [created] });
    await dispatcher.component(other);
    expect(text(other.calls)).toBe(NOT_AN_EDITOR);
    // A member who may not edit sees the history without the menu.
    expect(reply(await command('history', { term: 'launch-week' }, { moderator: false })).components).toBeUndefined();
  });

  it('raw shows the entry as Markdown in a code block', async () => {
    const t = text(await command('raw', { term: 'Launch Week' }));
    expect(t).toContain('```md\n---\nkind: term\nname: Launch Week');
    expect(t.endsWith('```')).toBe(true);
    expect(text(await command('raw', { term: 'hashtag' }))).toContain('knowledge/terms/hashtag.md');
    // Too long for a message: attached as a file instead.
    const details = Array.from({ length: 12 }, (_, k) => `Detail number ${k} says something long enough about the launch, its many parts and the people in it, so that twelve of them together make an entry longer than one Discord message.`);
    expect((await glossaries.store.save(GUILD_ID, { name: 'Long One', summary: 'A long entry.', definition: 'An entry with many details.', details }, USER_ID)).ok).toBe(true);
    const long = reply(await command('raw', { term: 'long-one' }));
    expect(long.content).toContain('**Long One** as `long-one.md`');
    const file = (long.files as { attachment: Buffer; name: string }[])[0]!;
    expect(file.name).toBe('long-one.md');
    expect(file.attachment.toString('utf8')).toContain('- Detail number 11 says');
  });

  it('export attaches one file that import reads back', async () => {
    const r = reply(await command('export'));
    expect(r.flags).toBe(64);
    const file = (r.files as { attachment: Buffer; name: string }[])[0]!;
    expect(file.name).toBe(`glossary-${GUILD_ID}.md`);
    expect(fromBundle(file.attachment.toString('utf8'), file.name).files).toEqual(await glossaries.store.exportFiles(GUILD_ID));
  });

  it('import refuses, before downloading, a file over the size cap or not Markdown', async () => {
    const nowhere = 'http://127.0.0.1:9/never';
    expect(text(await command('import', { file: { name: 'big.md', url: nowhere, size: 3_000_000, contentType: 'text/markdown' } }))).toContain('an import may be at most 2000 kB');
    expect(text(await command('import', { file: { name: 'photo.png', url: nowhere, size: 10, contentType: 'image/png' } }))).toContain('is not a Markdown file');
    expect(text(await command('import', { file: { name: 'a.md', url: nowhere, size: 10, contentType: null } }, { moderator: false }))).toBe(NOT_AN_EDITOR);
  });

  it('a download that stalls gives up after its time limit; one that fails says so', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/markdown' })); // headers, then nothing
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.md`;
    try {
      expect(await download(url, 1000, 300)).toEqual({ ok: false, message: 'took longer than 0.3 s to download' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(await download(url, 1000, 300)).toEqual({ ok: false, message: 'could not be downloaded' });
    expect(await download('file:///etc/passwd', 1000)).toEqual({ ok: false, message: 'has no address to download it from' });
  });

  it('hide works on shipped entries only, and hidden:false shows one again', async () => {
    expect(text(await command('hide', { term: 'launch-week' }))).toContain('is not a shipped entry');
    expect(text(await command('hide', { term: 'hashtag' }))).toContain('**Hashtag** is hidden in this server');
    expect((await glossaries.termbotFor(GUILD_ID)).define('hashtag').reply?.kind).not.toBe('definition');
    expect(await complete('hide', 'hashta')).toContainEqual({ name: 'Hashtag', value: 'hashtag' });
    await glossaries.store.updateSettings(GUILD_ID, { auditChannelId: AUDIT }, USER_ID);
    expect(text(await command('hide', { term: 'hashtag', hidden: false }))).toContain('**Hashtag** answers in this server again');
    expect((await glossaries.termbotFor(GUILD_ID)).define('hashtag').reply?.kind).toBe('definition');
    expect(posts).toEqual([{ channelId: AUDIT, message: { content: `<@${USER_ID}> showed the shipped entry **Hashtag** again` } }]);
    // A refused change is not posted.
    expect(text(await command('hide', { term: 'hashtag', hidden: false }))).toContain('is not hidden in this server');
    expect(posts).toHaveLength(1);
    await glossaries.store.updateSettings(GUILD_ID, { auditChannelId: null }, USER_ID);
  });

  it('remove takes a server entry out (a shipped one is hidden instead)', async () => {
    expect(text(await command('remove', { term: 'hashtag' }))).toContain('`/glossary hide` hides it');
    expect(text(await command('remove', { term: 'launch-crew' }))).toBe("Removed **Launch Crew** from this server's glossary. `/glossary history term:launch-crew` can bring it back.");
    expect(await glossaries.store.entry(GUILD_ID, 'launch-crew')).toBeUndefined();
    // Its history is still there by id, and the menu can bring it back.
    const history = reply(await command('history', { term: 'launch-crew' }));
    expect(history.content).toMatch(/removed by/);
    const menu = (history.components as APIActionRowComponent<APIStringSelectComponent>[])[0]!.components[0]!;
    const back = new FakeComponent(menu.custom_id, { moderator: true, values: [menu.options[0]!.value] });
    await dispatcher.component(back);
    expect(text(back.calls)).toContain('Put **Launch Crew** back');
    expect(text(await command('remove', { term: 'launch-crew' }))).toContain('Removed **Launch Crew**');
    expect(text(await command('remove', { term: 'launch-crew' }))).toContain('I found no entry');
  });

  it('autocomplete offers what fits each subcommand, within 25 choices of 100 characters', async () => {
    const edit = await complete('edit', 'launch');
    expect(edit[0]).toEqual({ name: 'Launch Week (this server)', value: 'launch-week' });
    const remove = await complete('remove', '');
    expect(remove.every((c) => c.name.endsWith('(this server)'))).toBe(true);
    expect(remove.map((c) => c.value)).toContain('launch-week');
    expect((await complete('hide', 'launch')).some((c) => c.value === 'launch-week')).toBe(false);
    for (const sub of ['edit', 'remove', 'hide', 'history', 'raw']) {
      const choices = await complete(sub, 'a');
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('refuses changes over the rate limit, privately, storing nothing', async () => {
    useEditLimiter(glossaries.store, new EditLimiter({ perMember: 1, perServer: 100, windowMs: 60_000 }, () => clock));
    expect(text(await submit('tb:gentry:a', { ...launchWeek, name: 'Rate One', aliases: '' }))).toContain('Added **Rate One**');
    const refused = await submit('tb:gentry:a', { ...launchWeek, name: 'Rate Two', aliases: '' });
    expect(text(refused)).toContain('You have made 1 change to');
    expect(reply(refused)?.flags).toBe(64);
    expect(await glossaries.store.entry(GUILD_ID, 'rate-two')).toBeUndefined();
  });
});
