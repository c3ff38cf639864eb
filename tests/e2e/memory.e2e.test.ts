/**
 * Memory stays flat however many people talk: the discord.js client caches no users, members or
 * messages per author (only its own user and member). Real client, fake Discord. RSS figures for the
 * README come from `node --import tsx tests/e2e/flood.ts` (the real `npm start` process).
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
const AUTHORS = 3000;

describe('caches over many distinct authors', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let askChannel: string;
  let general: string;

  beforeAll(async () => {
    fake = await createFakeDiscord({ heartbeatIntervalMs: 1000 });
    const text = (fake.guild.channels as { id: string; name: string; type: number }[]).filter((c) => c.type === 0);
    askChannel = text.find((c) => c.name !== 'general')!.id;
    general = text.find((c) => c.name === 'general')!.id;
    const config = readConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, ASK_CHANNEL_IDS: askChannel, COOLDOWN_MEMBER_SECONDS: '0', COOLDOWN_CHANNEL_MAX: '1000' });
    bot = createBot({ config, logger: captureLogger('warn').logger, termbot, registry, clientOptions: fastIdentifyClientOptions() });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it(`keeps no user, member or message of ${AUTHORS.toLocaleString('en')} different authors, and still answers and checks permissions`, async () => {
    const client = bot.client!;
    for (let n = 0; n < AUTHORS; n++) {
      const author = { id: `3${String(n).padStart(17, '0')}`, username: `author${n}`, discriminator: '0', global_name: null, avatar: null };
      fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: n % 2 ? 'lol nice' : 'good morning everyone', channelId: n % 3 ? general : askChannel, author }));
    }
    // Events arrive in order: once this question is answered, every message before it was handled.
    const since = fake.requests.length;
    const marker = fake.build.message({ content: 'what is a hashtag?', channelId: askChannel, author: { id: '399999999999999999', username: 'last', discriminator: '0', global_name: null, avatar: null } });
    fake.dispatch('MESSAGE_CREATE', marker);
    await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && (r.body as { nonce?: string } | undefined)?.nonce === marker.id, { since });

    expect(client.users.cache.size).toBeLessThanOrEqual(1);
    expect([...client.users.cache.keys()].every((id) => id === client.user!.id)).toBe(true);
    for (const guild of client.guilds.cache.values()) {
      expect(guild.members.cache.size).toBeLessThanOrEqual(1);
      for (const channel of guild.channels.cache.values()) if ('messages' in channel) expect(channel.messages.cache.size).toBe(0);
    }

    // The Delete button's moderator check comes from the interaction's own member data, not the cache.
    const answer = fake.requests.find((r) => r.method === 'POST' && (r.body as { nonce?: string } | undefined)?.nonce === marker.id)!;
    const [owner, member] = fake.users; // alice owns the server (a moderator); bob has no Manage Messages
    const refused = fake.build.button({ customId: `tb:del:${marker.author.id}`, message: answer.response as never, user: member });
    fake.dispatch('INTERACTION_CREATE', refused);
    expect(((await fake.waitForInteractionCallback(refused)).body as { data?: { content?: string } }).data?.content).toMatch(/Only the person who asked, or a moderator/);
    const allowed = fake.build.button({ customId: `tb:del:${marker.author.id}`, message: answer.response as never, user: owner });
    fake.dispatch('INTERACTION_CREATE', allowed);
    expect(((await fake.waitForInteractionCallback(allowed)).body as { type: number }).type).toBe(6);
  });
});
