/**
 * No lost answers and honest logs, end to end: the real bot and discord.js client against the fake
 * Discord, with connections reset mid-request and real 429s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/app/config.ts';
import { loadRegistry } from '../../commands/index.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { captureLogger } from '../discord/fakes.ts';
import { createFakeDiscord, fastIdentifyClientOptions, type FakeDiscord, type RecordedRequest } from '../fake-discord/server.ts';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const registry = await loadRegistry();
const CALLBACK = 'POST /interactions/:interaction/:token/callback';

let seq = 0;
const person = () => {
  seq += 1;
  return { id: `2999${String(seq).padStart(14, '0')}`, username: `member${seq}`, discriminator: '0', global_name: null, avatar: null };
};

describe('sends cut mid-flight, and rate limits', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let log: ReturnType<typeof captureLogger>;
  let askChannel: string;

  beforeAll(async () => {
    fake = await createFakeDiscord({ heartbeatIntervalMs: 400 });
    askChannel = (fake.guild.channels as { id: string; name: string; type: number }[]).find((c) => c.type === 0 && c.name !== 'general')!.id;
    const config = readConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: String(fake.application.id),
      ASK_CHANNEL_IDS: askChannel,
      DISCORD_API_URL: fake.apiUrl,
      COOLDOWN_MEMBER_SECONDS: '0',
      COOLDOWN_CHANNEL_MAX: '1000',
    });
    log = captureLogger('debug');
    bot = createBot({ config, logger: log.logger, termbot, registry, clientOptions: fastIdentifyClientOptions() });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  const callbacks = (id: string) => fake.requests.filter((r) => r.route === CALLBACK && r.path.includes(id));

  it.each([
    ['reset', 'connection reset (before)'],
    ['close', 'connection closed (before)'],
  ] as const)('an interaction answer whose connection is cut (%s) before Discord got it is sent again and arrives once', async (how, fault) => {
    fake.resetNext({ method: 'POST', pathIncludes: '/callback', when: 'before', how });
    const i = fake.build.chatInput({ name: 'define', options: { term: 'reach' } });
    fake.dispatch('INTERACTION_CREATE', i);
    const done = await fake.waitForRequest((r: RecordedRequest) => r.route === CALLBACK && r.status === 204 && r.path.includes(i.id));
    expect((done.body as { data?: { embeds?: { title?: string }[] } }).data?.embeds?.[0]?.title).toBe('Reach');
    expect(callbacks(i.id).map((r) => r.fault ?? r.status)).toEqual([fault, 204]);
    expect(log.lines().some((l) => l.msg === 'the connection to Discord was cut mid-request; sending again' && l.route === '/interactions/:id/:token/callback')).toBe(true);
    expect(log.lines().some((l) => l.msg === 'unexpected error while handling an event')).toBe(false);
  });

  it('an answer that reached Discord before the reset is not doubled: the resend’s 40060 counts as delivered', async () => {
    fake.resetNext({ method: 'POST', pathIncludes: '/callback', when: 'after' });
    const i = fake.build.chatInput({ name: 'define', options: { term: 'impressions' } });
    fake.dispatch('INTERACTION_CREATE', i);
    await log.waitForLine((l) => typeof l.msg === 'string' && l.msg.startsWith('a resent interaction answer had already arrived (40060)'));
    await log.waitForLine((l) => l.msg === 'handled' && JSON.stringify(l.entries) === '["impressions"]');
    expect(callbacks(i.id).map((r) => r.fault ?? r.status)).toEqual(['connection reset (after)', 400]);
    // No apology, no error: the member has the answer.
    expect(fake.requests.some((r) => r.path.startsWith(`/webhooks/`) && JSON.stringify(r.body ?? '').includes('Sorry'))).toBe(false);
    expect(log.lines().some((l) => Number(l.level) >= 50)).toBe(false);
  });

  it('a reply in a channel is resent with its nonce, and Discord keeps one message', async () => {
    fake.resetNext({ method: 'POST', pathIncludes: `/channels/${askChannel}/messages`, when: 'after' });
    const since = fake.requests.length;
    const q = fake.build.message({ content: 'what is a hashtag?', channelId: askChannel, author: person() });
    fake.dispatch('MESSAGE_CREATE', q);
    await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${askChannel}/messages` && r.status === 200, { since });
    const sends = fake.requests.slice(since).filter((r) => r.method === 'POST' && r.path === `/channels/${askChannel}/messages`);
    expect(sends.map((r) => r.fault ?? r.status)).toEqual(['connection reset (after)', 200]);
    expect(sends.every((r) => (r.body as { nonce?: string; enforce_nonce?: boolean }).nonce === q.id && (r.body as { enforce_nonce?: boolean }).enforce_nonce === true)).toBe(true);
    const posted = [...fake.messages.values()].filter((m) => m.nonce === q.id && m.author.id === String(fake.botUser.id));
    expect(posted).toHaveLength(1);
  });

  it('gives up after a bounded number of resends and logs the lost answer as what it is', async () => {
    fake.resetNext({ method: 'POST', pathIncludes: '/callback', when: 'before', times: 4 });
    const i = fake.build.chatInput({ name: 'define', options: { term: 'engagement' } });
    fake.dispatch('INTERACTION_CREATE', i);
    const lost = await log.waitForLine((l) => typeof l.msg === 'string' && l.msg.startsWith('answer lost: the connection to Discord was cut'));
    expect(lost).toMatchObject({ level: 50, interactionId: i.id, network: 'ECONNRESET', attempts: 4, route: '/interactions/:id/:token/callback' });
    expect(lost.msg).toMatch(/sent 4 times/);
    expect(callbacks(i.id).filter((r) => r.fault === 'connection reset (before)')).toHaveLength(4);
    expect(log.lines().some((l) => l.msg === 'unexpected error while handling an event')).toBe(false);
  });

  it('logs a real 429 from Discord as one warning, and discord.js’s own waiting only at debug', async () => {
    const before = log.lines().length;
    fake.failNext({ method: 'POST', pathIncludes: `/channels/${askChannel}/messages`, status: 429, retryAfter: 0.3 });
    const since = fake.requests.length;
    const q = fake.build.message({ content: 'what is CTR?', channelId: askChannel, author: person() });
    fake.dispatch('MESSAGE_CREATE', q);
    await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${askChannel}/messages` && r.status === 200, { since });
    // A second answer in the same channel meets the bucket discord.js now knows is empty: it waits by itself.
    const q2 = fake.build.message({ content: 'what is reach?', channelId: askChannel, author: person() });
    fake.dispatch('MESSAGE_CREATE', q2);
    await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && (r.body as { nonce?: string })?.nonce === q2.id && r.status === 200, { since });
    const lines = log.lines().slice(before);
    const real = lines.filter((l) => l.msg === 'rate limited by Discord (429); waiting, then sending again');
    expect(real).toHaveLength(1);
    expect(real[0]).toMatchObject({ level: 40, route: '/channels/:id/messages', retryAfterMs: 300 });
    expect(lines.filter((l) => /rate limit/i.test(String(l.msg)) && l !== real[0]).every((l) => Number(l.level) <= 20)).toBe(true);
  });
});
