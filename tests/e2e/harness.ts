/**
 * One fake Discord and one bot for a test file: the same createBot `npm start` uses, with the real
 * discord.js client, the worker's shared shipped termbot and registry, and a log you can wait on.
 *
 *   let world: BotWorld;
 *   beforeAll(async () => { world = await startBotWorld({ env: { COOLDOWN_MEMBER_SECONDS: '0' } }); });
 *   afterAll(() => world?.stop());
 *
 *   const body = await world.interact(world.fake.build.chatInput({ name: 'define', options: { term: 'seo' } }));
 *
 * Start it once per file (beforeAll), not per test: each test then costs only its own requests. See
 * tests/README.md, "Keeping tests fast".
 */
import type { APIInteraction, APIUser } from 'discord.js';
import { loadRegistry } from '../../commands/index.ts';
import { readConfig, type Config } from '../../src/app/config.ts';
import { createBot, type Bot, type BotOptions } from '../../src/discord/bot.ts';
import type { Registry } from '../../src/discord/registry.ts';
import { captureLogger } from '../discord/fakes.ts';
import { createFakeDiscord, fastIdentifyClientOptions, type FakeDiscord, type FakeDiscordOptions } from '../fake-discord/server.ts';
import { shippedTermbot } from '../helpers/shipped.ts';
import type { TestBackend, TestDatabase } from '../helpers/databases.ts';
import { GlossaryStore } from '../../src/store/glossary.ts';
import { ServerGlossaries } from '../../src/store/server-glossaries.ts';

/** An interaction callback's body as the fake recorded it. */
export type CallbackBody = { type: number; data?: Record<string, any> };

/** The body of the bot's callback to this interaction, as the fake recorded it (waits for it). */
export async function callbackOf(fake: FakeDiscord, interaction: { id: string }): Promise<CallbackBody> {
  return (await fake.waitForInteractionCallback(interaction)).body as CallbackBody;
}

export interface BotWorldOptions {
  /** Options of the fake Discord (default: heartbeats every 400 ms, alice and bob, one server). */
  fake?: FakeDiscordOptions;
  /** Settings (as in .env) on top of the connection to the fake and ASK_CHANNEL_IDS (the first text channel not named general). */
  env?: Record<string, string>;
  /** More of the bot's options: termbotFor, glossaries, insights, reload, now … */
  bot?: Partial<Omit<BotOptions, 'config' | 'logger' | 'registry'>>;
  /** The captured log's level (default info). */
  logLevel?: string;
  /** Do something with the fake before the bot connects (add roles, members …). */
  before?: (fake: FakeDiscord) => void | Promise<void>;
}

export interface BotWorld {
  fake: FakeDiscord;
  bot: Bot;
  config: Config;
  log: ReturnType<typeof captureLogger>;
  /** The ask channel (in ASK_CHANNEL_IDS) and #general (questions there need a mention). */
  askChannel: string;
  otherChannel: string;
  guildId: string;
  /** A fresh human author, so one test's cooldown never holds back another's. */
  person(): APIUser;
  /** The body of the bot's callback to this interaction (waits for it). */
  callbackOf(interaction: { id: string }): Promise<CallbackBody>;
  /** Dispatches the interaction and waits for the bot's callback body. */
  interact(interaction: APIInteraction): Promise<CallbackBody>;
  /** Stops the bot, then the fake. */
  stop(): Promise<void>;
}

let registry: Promise<Registry> | undefined;
let people = 0;

export async function startBotWorld(options: BotWorldOptions = {}): Promise<BotWorld> {
  const fake = await createFakeDiscord({ heartbeatIntervalMs: 400, ...options.fake });
  let bot: Bot | undefined;
  try {
    await options.before?.(fake);
    const text = (fake.guild.channels as { id: string; name: string; type: number }[]).filter((c) => c.type === 0);
    const askChannel = text.find((c) => c.name !== 'general')?.id ?? '';
    const otherChannel = text.find((c) => c.name === 'general')?.id ?? '';
    const config = readConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: String(fake.application.id),
      DISCORD_GUILD_ID: String(fake.guild.id),
      DISCORD_API_URL: fake.apiUrl,
      ASK_CHANNEL_IDS: askChannel,
      ...options.env,
    });
    const log = captureLogger(options.logLevel ?? 'info');
    const started = createBot({ config, logger: log.logger, termbot: await shippedTermbot(), registry: await (registry ??= loadRegistry()), clientOptions: fastIdentifyClientOptions(), ...options.bot });
    bot = started;
    await started.start();
    return {
      fake,
      bot: started,
      config,
      log,
      askChannel,
      otherChannel,
      guildId: String(fake.guild.id),
      person() {
        people += 1;
        return { id: `1998${String(people).padStart(14, '0')}`, username: `person${people}`, discriminator: '0', global_name: null, avatar: null };
      },
      callbackOf: (interaction) => callbackOf(fake, interaction),
      interact(interaction) {
        fake.dispatch('INTERACTION_CREATE', interaction);
        return callbackOf(fake, interaction);
      },
      async stop() {
        await started.stop();
        await fake.close();
      },
    };
  } catch (err) {
    await bot?.stop().catch(() => undefined);
    await fake.close();
    throw err;
  }
}

export interface GlossaryWorld extends BotWorld {
  /** The server glossaries the bot answers and edits with, in `tdb`. */
  glossaries: ServerGlossaries;
  tdb: TestDatabase;
}

/**
 * A BotWorld whose servers have their own glossaries, in a fresh database of `backend` (SQLite, or
 * Postgres with TEST_DATABASE_URL): the bot answers with them (termbotFor) and /glossary edits them.
 * `stop()` stops the bot and the fake, then closes and drops the database.
 */
export async function startGlossaryWorld(backend: TestBackend, options: BotWorldOptions = {}): Promise<GlossaryWorld> {
  const tdb = await backend.create();
  const termbot = await shippedTermbot();
  const glossaries = new ServerGlossaries(new GlossaryStore(await tdb.open(), termbot.knowledge), termbot);
  const close = async () => {
    glossaries.stop();
    await glossaries.store.close();
    await tdb.drop();
  };
  try {
    const world = await startBotWorld({ ...options, bot: { termbotFor: (g) => glossaries.termbotFor(g), glossaries: async () => glossaries, ...options.bot } });
    return {
      ...world,
      glossaries,
      tdb,
      async stop() {
        await world.stop();
        await close();
      },
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
