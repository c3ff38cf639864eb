/**
 * End to end: the same createBot that `npm start` uses, with the real discord.js client, against
 * our local fake Discord (loopback only) through DISCORD_API_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stderrIncludes } from '../helpers/child.ts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadRegistry } from '../../commands/index.ts';
import { DISALLOWED_INTENTS_LINE, type Bot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { InsightsRecorder } from '../../src/insights/recorder.ts';
import { MemoryInsightsStore } from '../../src/insights/store.ts';
import { createFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type RecordedRequest } from '../fake-discord/server.ts';
import { shippedKnowledge } from '../helpers/shipped.ts';
import { startBotWorld, callbackOf } from './harness.ts';

const knowledge = await shippedKnowledge();
const registry = await loadRegistry();
const { commands } = registry;

let seq = 0;
/** A fresh human author, so cooldowns of one test do not hold back another. */
const person = () => {
  seq += 1;
  return { id: `1999${String(seq).padStart(14, '0')}`, username: `member${seq}`, discriminator: '0', global_name: null, avatar: null };
};

/** The bot with insights recorded in memory, and cooldowns long enough to test (tests/e2e/harness.ts). */
async function startBot(fakeOptions: FakeDiscordOptions = {}) {
  const insights = new InsightsRecorder({ store: new MemoryInsightsStore() });
  const world = await startBotWorld({ fake: fakeOptions, env: { COOLDOWN_MEMBER_SECONDS: '30', COOLDOWN_CHANNEL_MAX: '100' }, bot: { insights } });
  return { ...world, insights };
}

const CALLBACK = 'POST /interactions/:interaction/:token/callback';
const allowedMentionsOk = (body: Record<string, any> | undefined) => {
  const am = body?.allowed_mentions as { parse?: string[]; roles?: string[]; replied_user?: boolean } | undefined;
  return am !== undefined && Array.isArray(am.parse) && am.parse.length === 0 && !(am.roles ?? []).length;
};

describe('termbot against the fake Discord', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let ctx: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    ctx = await startBot();
    fake = ctx.fake;
    bot = ctx.bot;
    // Deploy registers every command, with JSON the fake validates as Discord does.
    const count = await deployCommands(ctx.config, ctx.log.logger, commands);
    expect(count).toBe(commands.length);
  });
  afterAll(() => ctx?.stop());

  it('deploys every command to the server', () => {
    const registered = (fake.commands.get(String(fake.guild.id)) ?? []) as { name: string }[];
    expect(registered.map((c) => c.name).sort()).toEqual(['compare', 'define', 'glossary', 'help', 'insights', 'terms']);
  });

  it('/define answers with an embed and buttons; private and point-at options work', async () => {
    const i = fake.build.chatInput({ name: 'define', options: { term: 'social-media' } });
    fake.dispatch('INTERACTION_CREATE', i);
    const body = await callbackOf(fake, i);
    expect(body.type).toBe(4);
    expect(body.data?.embeds?.[0]?.title).toBe('Social media');
    expect(allowedMentionsOk(body.data)).toBe(true);
    expect(JSON.stringify(body.data?.components)).toContain('tb:del:');

    const priv = fake.build.chatInput({ name: 'define', options: { term: 'seo', private: true } });
    fake.dispatch('INTERACTION_CREATE', priv);
    expect((await callbackOf(fake, priv)).data?.flags).toBe(64);

    const bob = fake.users[1]!;
    const pointed = fake.build.chatInput({ name: 'define', options: { term: 'seo', for: String(bob.id) } });
    fake.dispatch('INTERACTION_CREATE', pointed);
    const p = await callbackOf(fake, pointed);
    expect(p.data?.content).toContain(`<@${bob.id}>`);
    expect(p.data?.allowed_mentions).toMatchObject({ parse: [], users: [String(bob.id)] });
  });

  it('/compare and autocomplete', async () => {
    const c = fake.build.chatInput({ name: 'compare', options: { first: 'reach', second: 'impressions' } });
    fake.dispatch('INTERACTION_CREATE', c);
    const body = await callbackOf(fake, c);
    expect(body.data?.embeds?.[0]?.title).toBe('Reach vs Impressions');
    expect(body.data?.embeds?.[0]?.description).toMatch(/^\*\*In short:\*\*/);

    const a = fake.build.autocomplete({ name: 'define', options: { term: 'engag' }, focused: 'term' });
    fake.dispatch('INTERACTION_CREATE', a);
    const ac = await callbackOf(fake, a);
    expect(ac.type).toBe(8);
    const choices = ac.data?.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.value).toBe('engagement');
  });

  it('a short answer first; "More" shows the rest privately, and /define detail:full shows it at once', async () => {
    const q = fake.build.chatInput({ name: 'define', options: { term: 'social media' } });
    fake.dispatch('INTERACTION_CREATE', q);
    const short = (await callbackOf(fake, q)).data!;
    expect(short.embeds?.[0]?.description).toMatch(/^\*\*In short:\*\* /);
    expect(short.embeds?.[0]?.description).toMatch(/More: /);
    const ids = (short.components as { components: { custom_id?: string }[] }[]).flatMap((r) => r.components.map((c) => c.custom_id ?? ''));
    const moreId = ids.find((x) => x.startsWith('tb:more:'));
    expect(moreId).toBe('tb:more:r:d:social-media');

    // Someone else presses More on the public answer: they get everything, privately.
    const press = fake.build.button({ customId: moreId!, user: fake.users[1]! });
    fake.dispatch('INTERACTION_CREATE', press);
    const more = await fake.waitForInteractionCallback(press);
    expect(more.status).toBe(204);
    const full = (more.body as { type: number; data?: Record<string, any> });
    expect(full.type).toBe(4);
    expect(full.data?.flags).toBe(64);
    const fields = (full.data?.embeds?.[0]?.fields ?? []) as { name: string; value: string }[];
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Details', 'How the sources put it', 'Examples', 'Sources']));
    expect(JSON.stringify(full.data)).toContain('narrower than digital marketing');

    // The longest comparison keeps every note, the Instagram/Snapchat split included.
    const since = fake.requests.length;
    const cmp = fake.build.button({ customId: 'tb:more:r:c:social-media:social-networking' });
    fake.dispatch('INTERACTION_CREATE', cmp);
    const first = await fake.waitForInteractionCallback(cmp);
    expect(first.status).toBe(204);
    let all = JSON.stringify(first.body);
    if (!all.includes('Instagram and Snapchat')) {
      const follow = await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path), { since });
      expect(follow.status).toBe(200);
      all += JSON.stringify(follow.body);
    }
    expect(all).toContain('Diksha lists Instagram and Snapchat as social media');

    const whole = fake.build.chatInput({ name: 'define', options: { term: 'reach', detail: 'full' } });
    fake.dispatch('INTERACTION_CREATE', whole);
    const w = (await callbackOf(fake, whole)).data!;
    expect((w.embeds?.[0]?.fields ?? []).map((f: { name: string }) => f.name)).toContain('Details');
    expect(JSON.stringify(w.components ?? [])).not.toContain('tb:more:');
  });

  it('buttons: related entry, "did you mean", delete by the asker, refusal for someone else', async () => {
    const open = fake.build.button({ customId: 'tb:open:0:hashtag' });
    fake.dispatch('INTERACTION_CREATE', open);
    const o = await callbackOf(fake, open);
    expect(o.type).toBe(4);
    expect(o.data?.flags).toBe(64);
    expect(o.data?.embeds?.[0]?.title).toBe('Hashtag');

    const miss = fake.build.chatInput({ name: 'define', options: { term: 'influencer marketting strategy ideas' } });
    fake.dispatch('INTERACTION_CREATE', miss);
    const m = await callbackOf(fake, miss);
    expect(m.data?.flags).toBe(64);
    expect(JSON.stringify(m.data?.components)).toContain('tb:pick:p:-:influencer-marketing');

    const since = fake.requests.length;
    const pick = fake.build.button({ customId: 'tb:pick:p:-:influencer-marketing' });
    fake.dispatch('INTERACTION_CREATE', pick);
    expect((await callbackOf(fake, pick)).type).toBe(7);
    const follow = await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path), { since });
    expect((follow.body as Record<string, any>).embeds?.[0]?.title).toBe('Influencer marketing');

    const asker = fake.users[0]!;
    const del = fake.build.button({ customId: `tb:del:${asker.id}`, user: asker });
    fake.dispatch('INTERACTION_CREATE', del);
    expect((await callbackOf(fake, del)).type).toBe(6);
    await fake.waitForRequest({ method: 'DELETE', pathIncludes: '/messages/@original' }, { since });

    const other = fake.users[1]!;
    const refused = fake.build.button({ customId: `tb:del:${asker.id}`, user: other });
    fake.dispatch('INTERACTION_CREATE', refused);
    const r = await callbackOf(fake, refused);
    expect(r.type).toBe(4);
    expect(r.data?.content).toMatch(/Only the person who asked/);

    // Components from an old message, and a submitted form no kind claims, get a short private note.
    for (const stale of [fake.build.button({ customId: 'tb:gone:1' }), fake.build.modalSubmit({ customId: 'tb:gone:1', fields: { term: 'x' } })]) {
      fake.dispatch('INTERACTION_CREATE', stale);
      const s = await callbackOf(fake, stale);
      expect(s).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(s.data?.content).toMatch(/no longer works/);
    }
  });

  it('free text: ask channel, mention elsewhere, DM; chatter and other bots get silence', async () => {
    const since = fake.requests.length;
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'hi all, see you tomorrow', channelId: ctx.askChannel, author: person() }));
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is seo?', channelId: ctx.askChannel, from: 'bot' }));
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is seo?', channelId: ctx.askChannel, from: 'webhook' }));
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is seo?', channelId: ctx.otherChannel, author: person() }));
    const q = fake.build.message({ content: 'what is the difference between social media and social networking?', channelId: ctx.askChannel, author: person() });
    fake.dispatch('MESSAGE_CREATE', q);
    const answer = await fake.waitForRequest({ method: 'POST', path: `/channels/${ctx.askChannel}/messages` }, { since });
    const body = answer.body as Record<string, any>;
    expect(body.message_reference?.message_id).toBe(q.id);
    expect(body.embeds?.[0]?.title).toBe('Social media vs Social networking');
    expect(allowedMentionsOk(body)).toBe(true);
    // Nothing else was posted: the chatter, the bot, the webhook and the other channel got silence.
    const posts = fake.requests.slice(since).filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'));
    expect(posts).toHaveLength(1);

    const mention = fake.build.message({ content: 'what is a KPI?', channelId: ctx.otherChannel, mentionBot: true, author: person() });
    fake.dispatch('MESSAGE_CREATE', mention);
    const m = await fake.waitForRequest({ method: 'POST', path: `/channels/${ctx.otherChannel}/messages` }, { since });
    expect((m.body as Record<string, any>).embeds?.[0]?.title).toMatch(/Key performance indicator/);

    const dm = fake.build.message({ content: 'what is UGC?', dm: true, author: person() });
    fake.dispatch('MESSAGE_CREATE', dm);
    const d = await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${dm.channel_id}/messages`, { since });
    expect((d.body as Record<string, any>).embeds?.[0]?.title).toMatch(/User-generated content/i);
  });

  it('/insights shows a moderator the misses members asked about, and exports them as CSV', async () => {
    // The bot records an outcome after its answer is sent, so the fake can see the answer first:
    // wait for the three "handled" lines (each written just before its outcome is recorded, in the
    // same step) before asking for the report. Counting recorded outcomes instead could count the
    // previous test's last answers, recorded late.
    const from = ctx.log.lines().length;
    for (let n = 0; n < 2; n++) {
      const since = fake.requests.length;
      fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is a zorblax funnel?', channelId: ctx.otherChannel, mentionBot: true, author: person() }));
      await fake.waitForRequest({ method: 'POST', path: `/channels/${ctx.otherChannel}/messages` }, { since });
    }
    const miss = fake.build.chatInput({ name: 'define', options: { term: 'frobnitz quux' } });
    fake.dispatch('INTERACTION_CREATE', miss);
    await callbackOf(fake, miss);
    const missed = (l: Record<string, unknown>, kind: string) => l.msg === 'handled' && l.kind === kind && Array.isArray(l.entries) && l.entries.length === 0;
    const handledMisses = () => {
      const lines = ctx.log.lines().slice(from);
      return { mentions: lines.filter((l) => missed(l, 'message') && l.channelId === ctx.otherChannel).length, slash: lines.filter((l) => missed(l, 'slash') && l.command === 'define').length };
    };
    await ctx.log.waitForLine(() => {
      const h = handledMisses();
      return h.mentions >= 2 && h.slash >= 1;
    });

    const show = fake.build.chatInput({ name: 'insights', subcommand: 'show', options: { days: 7 } });
    fake.dispatch('INTERACTION_CREATE', show);
    const body = await callbackOf(fake, show);
    expect(body.data?.flags).toBe(64);
    const misses = (body.data?.embeds?.[0]?.fields as { name: string; value: string }[]).find((f) => /Top misses/.test(f.name))?.value ?? '';
    expect(misses).toMatch(/2 · zorblax funnel/);
    expect(misses).toMatch(/1 · frobnitz quux/);

    const bob = fake.users[1]!;
    const refused = fake.build.chatInput({ name: 'insights', subcommand: 'show', user: bob });
    fake.dispatch('INTERACTION_CREATE', refused);
    expect((await callbackOf(fake, refused)).data?.content).toMatch(/Manage Server/);

    const exp = fake.build.chatInput({ name: 'insights', subcommand: 'export', options: { days: 7 } });
    fake.dispatch('INTERACTION_CREATE', exp);
    const rec = await fake.waitForInteractionCallback(exp);
    expect(rec.files.map((f) => f.filename)).toEqual([expect.stringMatching(/^insights-daily-/), expect.stringMatching(/^insights-misses-/)]);
  });

  it('a flood from one member is held back by the cooldown', async () => {
    const since = fake.requests.length;
    const flooder = person();
    for (let n = 0; n < 5; n++) fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: `what is reach? ${'!'.repeat(n)}`, channelId: ctx.askChannel, author: flooder }));
    const marker = fake.build.message({ content: 'what is CTR?', channelId: ctx.askChannel, author: person() });
    fake.dispatch('MESSAGE_CREATE', marker);
    await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && (r.body as Record<string, any> | undefined)?.message_reference?.message_id === marker.id, { since });
    const replies = fake.requests.slice(since).filter((r) => r.method === 'POST' && r.path === `/channels/${ctx.askChannel}/messages`);
    expect(replies).toHaveLength(2);
  });

  it('@everyone and a role mention in a question ping nobody; the longest entry renders within limits', async () => {
    const since = fake.requests.length;
    const q = fake.build.message({ content: '@everyone <@&123456789012345678> what is reach?', channelId: ctx.askChannel, author: person() });
    fake.dispatch('MESSAGE_CREATE', q);
    const r = await fake.waitForRequest({ method: 'POST', path: `/channels/${ctx.askChannel}/messages` }, { since });
    expect(r.status).toBe(200);
    expect((r.body as Record<string, any>).allowed_mentions).toEqual({ parse: [], replied_user: false });

    const longest = [...knowledge.entries].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0]!;
    const i = fake.build.chatInput({ name: 'define', options: { term: longest.id } });
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForInteractionCallback(i);
    // The fake rejects bodies over Discord's limits (400); 204 means it fit.
    expect(cb.status).toBe(204);
  });

  it('a 429 on a callback is waited out and retried', async () => {
    fake.failNext({ method: 'POST', pathIncludes: '/callback', status: 429, retryAfter: 0.2 });
    const i = fake.build.chatInput({ name: 'define', options: { term: 'reach' } });
    fake.dispatch('INTERACTION_CREATE', i);
    const done = await fake.waitForRequest((r: RecordedRequest) => r.route === CALLBACK && r.status === 204 && r.path.includes(i.id));
    expect(done.status).toBe(204);
    expect(fake.requests.some((r) => r.route === CALLBACK && r.status === 429 && r.path.includes(i.id))).toBe(true);
  });

  it('a 500 on a callback is logged and the next question is answered', async () => {
    fake.failNext({ method: 'POST', pathIncludes: '/callback', status: 500, times: 4 });
    const failing = fake.build.chatInput({ name: 'define', options: { term: 'reach' } });
    fake.dispatch('INTERACTION_CREATE', failing);
    await ctx.log.waitForLine((l) => l.status === 500 && l.interactionId === failing.id);
    const next = fake.build.chatInput({ name: 'define', options: { term: 'impressions' } });
    fake.dispatch('INTERACTION_CREATE', next);
    expect((await callbackOf(fake, next)).data?.embeds?.[0]?.title).toBe('Impressions');
  });

  it('after a 4000 close and after a TCP drop, it resumes and answers an interaction sent while it was down', async () => {
    for (const fault of ['close4000', 'drop'] as const) {
      const since = fake.gatewayReceived.length;
      if (fault === 'close4000') await fake.closeWith(4000);
      else fake.dropConnection();
      const i = fake.build.chatInput({ name: 'define', options: { term: 'bounce rate' } });
      fake.dispatch('INTERACTION_CREATE', i);
      await fake.waitForGateway({ op: 6 }, { since });
      expect((await callbackOf(fake, i)).data?.embeds?.[0]?.title).toMatch(/Bounce rate/);
    }
  });

  it('after a 1000 close it re-identifies and keeps answering', async () => {
    const since = fake.gatewayReceived.length;
    await fake.closeWith(1000);
    await fake.waitForGateway({ op: 2 }, { since });
    const i = fake.build.chatInput({ name: 'define', options: { term: 'cpc' } });
    fake.dispatch('INTERACTION_CREATE', i);
    expect((await callbackOf(fake, i)).data?.embeds?.[0]?.title).toMatch(/cost per click/i);
  });
});

describe('when Discord refuses the Message Content intent (4014)', () => {
  it('logs one clear line and keeps serving slash commands and mentions', async () => {
    const { fake, bot, log, otherChannel, stop } = await startBot({ privilegedIntentsAllowed: false });
    try {
      expect(bot.messageContent).toBe(false);
      const lines = log.lines().filter((l) => l.msg === DISALLOWED_INTENTS_LINE);
      expect(lines).toHaveLength(1);
      expect(String(lines[0]?.msg)).toMatch(/developer portal.*Privileged Gateway Intents/);
      const i = fake.build.chatInput({ name: 'define', options: { term: 'seo' } });
      fake.dispatch('INTERACTION_CREATE', i);
      expect((await callbackOf(fake, i)).type).toBe(4);
      const since = fake.requests.length;
      fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is reach?', channelId: otherChannel, mentionBot: true, author: person() }));
      const r = await fake.waitForRequest({ method: 'POST', path: `/channels/${otherChannel}/messages` }, { since });
      expect((r.body as Record<string, any>).embeds?.[0]?.title).toBe('Reach');
    } finally {
      await stop();
    }
  });
});

describe('the real process (npm start) against the fake Discord', () => {

  it('connects, answers a slash command, and shuts down cleanly on SIGTERM', async () => {
    const fake = await createFakeDiscord({ heartbeatIntervalMs: 400 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (c: Buffer) => (logs += c.toString()));
    try {
      await stderrIncludes(child, () => logs, 'connected to Discord');
      // The token never reaches the logs.
      expect(logs).not.toContain(fake.token);
      const i = fake.build.chatInput({ name: 'define', options: { term: 'seo' } });
      fake.dispatch('INTERACTION_CREATE', i);
      expect((await callbackOf(fake, i)).type).toBe(4);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(logs).toMatch(/shutting down/);
    } finally {
      child.kill('SIGKILL');
      await fake.close();
    }
  });
});
