/**
 * The Discord bot, built apart from the process that starts it (src/main.ts), so end-to-end tests
 * build the very same bot against a local fake Discord via DISCORD_API_URL.
 */
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { Termbot } from '../core/termbot.ts';
import type { ShippedTermbot } from './messages.ts';
import { createDispatcher } from './dispatch.ts';
import type { InsightsRecorder } from '../insights/recorder.ts';
import { logDiscordError } from './errors.ts';
import type { Registry } from './registry.ts';
import { logRateLimits, resilientRequest } from './rest.ts';
import { cacheOptions, sweepDmChannels } from './cache.ts';
import { destroySafely } from './destroy.ts';
import type { ReloadResult, ServerTools } from './context.ts';
import type { ServerGlossaries } from '../store/server-glossaries.ts';
import type { MessageCreateOptions } from 'discord.js';

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** The shipped termbot, or a getter for the current one (main.ts swaps it when the knowledge is reloaded). */
  termbot: ShippedTermbot;
  /** What the bot answers: commands and component kinds (built by whoever starts it: `loadRegistry()` in commands/index.ts). */
  registry: Registry;
  /** The termbot for a server: the shipped one with that server's own glossary on top. Default: `termbot` everywhere. */
  termbotFor?: (guildId: string) => Termbot | Promise<Termbot>;
  /** Extra discord.js client options (tests pass a fast identify throttle). */
  clientOptions?: Partial<ClientOptions>;
  /** Called when the bot can no longer serve (e.g. the token was reset); main.ts exits non-zero. */
  onFatal?: (err: Error) => void;
  now?: () => number;
  /** Records outcomes for insights; the bot starts and stops it. */
  insights?: InsightsRecorder;
  /** Server glossaries (what /glossary edits); without them /glossary says it is not available. */
  glossaries?: () => Promise<ServerGlossaries>;
  /** Checks and reloads the shipped knowledge (SIGHUP and /glossary reload). */
  reload?: () => Promise<ReloadResult>;
}

export interface Bot {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The current discord.js client (a new one after falling back from a refused intent). */
  readonly client: Client | undefined;
  /** Whether the Message Content intent is in use (false after Discord refused it). */
  readonly messageContent: boolean;
}

/** Gateway close codes after which discord.js does not reconnect: the bot is offline until restarted. */
const UNRECOVERABLE = new Map<number, string>([
  [4004, 'the bot token was rejected (reset?): update DISCORD_TOKEN'],
  [4010, 'invalid shard'],
  [4011, 'sharding required: the bot is in too many servers for one connection'],
  [4012, 'invalid API version'],
  [4013, 'invalid intents'],
]);

export const DISALLOWED_INTENTS_LINE =
  'Discord refused the Message Content intent (close code 4014). Enable "Message Content Intent" in the Discord developer portal (your application → Bot → Privileged Gateway Intents), or set MESSAGE_CONTENT_INTENT=false. Until then termbot answers slash commands, mentions and DMs only.';

export function createBot(options: BotOptions): Bot {
  const { config, logger, termbot } = options;
  const token = config.token;
  let client: Client | undefined;
  let botUserId: string | undefined;
  let withContent = config.messageContentIntent;
  let stopped = false;
  const stopSweeps: (() => void)[] = [];
  let fallingBack: Promise<void> | undefined;

  const makeClient = (content: boolean): Client => {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, ...(content ? [GatewayIntentBits.MessageContent] : [])];
    return new Client({
      intents,
      partials: [Partials.Channel],
      allowedMentions: { parse: [], repliedUser: false },
      // Nothing cached per member: memory stays flat however many people talk (see cache.ts).
      ...cacheOptions(),
      ...options.clientOptions,
      rest: { makeRequest: resilientRequest({ logger }), ...(config.apiUrl ? { api: config.apiUrl } : {}), ...options.clientOptions?.rest },
    });
  };

  const connect = async (): Promise<void> => {
    const c = makeClient(withContent);
    stopSweeps.push(sweepDmChannels(c));
    client = c;
    const server = options.glossaries ? serverTools(c, options.glossaries) : undefined;
    const dispatcher = createDispatcher({ termbot, logger, registry: options.registry, config, botUserId: () => botUserId, ...(options.now ? { now: options.now } : {}), ...(options.insights ? { insights: options.insights } : {}), ...(options.termbotFor ? { termbotFor: options.termbotFor } : {}), ...(server ? { server } : {}) });
    c.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void dispatcher.chatInput(i);
      else if (i.isAutocomplete()) void dispatcher.autocomplete(i);
      else if (i.isButton() || i.isStringSelectMenu()) void dispatcher.component(i);
      else if (i.isModalSubmit()) void dispatcher.modalSubmit(i);
    });
    c.on(Events.MessageCreate, (m) => void dispatcher.message(m));
    c.once(Events.ClientReady, (ready) => {
      botUserId = ready.user.id;
      logger.info({ user: ready.user.tag, id: ready.user.id, guilds: ready.guilds.cache.size, messageContent: withContent, askChannels: config.askChannelIds.length }, 'connected to Discord');
      if (!withContent && config.askChannelIds.length > 0) {
        logger.warn('ASK_CHANNEL_IDS is set but the Message Content intent is off: plain questions in those channels cannot be read (mentions, DMs and slash commands still work)');
      }
    });
    c.on(Events.Error, (err) => logDiscordError(logger, err, { what: 'client error' }));
    c.on(Events.Warn, (message) => logger.warn({ what: 'discord.js' }, message));
    c.on(Events.ShardError, (err, shardId) => logger.warn({ shardId, err: err.message }, 'gateway error'));
    c.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
    c.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
    c.on(Events.ShardDisconnect, (event, shardId) => {
      if (stopped) return;
      if (event.code === 4014 && withContent) {
        logger.error({ shardId, code: 4014 }, DISALLOWED_INTENTS_LINE);
        fallingBack ??= fallBack().catch((err: unknown) => fatal(err));
        return;
      }
      const reason = UNRECOVERABLE.get(event.code) ?? (event.code === 4014 ? 'disallowed intents' : undefined);
      if (reason) {
        fatal(new Error(`Discord closed the connection for good (${event.code}): ${reason}`));
        return;
      }
      logger.warn({ shardId, code: event.code }, 'gateway disconnected');
    });
    logRateLimits(c.rest, logger);
    const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
    await c.login(token);
    // login() resolves on READY; the guilds (and so the ask channels) are known at clientReady.
    await ready;
  };

  /** /glossary's tools over this client. */
  const serverTools = (c: Client, glossaries: () => Promise<ServerGlossaries>): ServerTools => {
    const quiet = { allowedMentions: { parse: [] } } as const;
    return {
      glossaries,
      async post(channelId: string, message: MessageCreateOptions) {
        try {
          const channel = await c.channels.fetch(channelId);
          if (!channel?.isSendable()) return false;
          await channel.send({ ...message, ...quiet });
          return true;
        } catch (err) {
          logDiscordError(logger, err, { what: 'post to a channel', channelId });
          return false;
        }
      },
      async dm(userId: string, message: MessageCreateOptions) {
        try {
          await c.users.send(userId, { ...message, ...quiet });
          return true;
        } catch (err) {
          logDiscordError(logger, err, { what: 'direct message', userId });
          return false;
        }
      },
      async owners() {
        const app = await c.application?.fetch();
        const owner = app?.owner;
        if (!owner) return [];
        return 'members' in owner ? [...owner.members.keys()] : [owner.id];
      },
      ...(options.reload ? { reload: options.reload } : {}),
    };
  };

  const fatal = (err: unknown): void => {
    if (stopped) return;
    const error = err instanceof Error ? err : new Error(String(err));
    logger.fatal({ err: error }, 'termbot is offline and cannot recover by itself');
    options.onFatal?.(error);
  };

  const fallBack = async (): Promise<void> => {
    withContent = false;
    const old = client;
    client = undefined;
    if (old) await destroySafely(old);
    if (!stopped) await connect();
  };

  return {
    get client() {
      return client;
    },
    get messageContent() {
      return withContent;
    },
    async start() {
      if (!token) throw new Error('DISCORD_TOKEN is not set');
      options.insights?.start();
      try {
        await connect();
      } catch (err) {
        if (stopped) return;
        // A refused intent also makes login() reject ("Used disallowed intents"); the
        // shardDisconnect handler has usually started the fallback already.
        if (!fallingBack && withContent && /disallowed intents/i.test(String((err as Error)?.message ?? err))) {
          logger.error({ code: 4014 }, DISALLOWED_INTENTS_LINE);
          fallingBack = fallBack();
        } else if (!fallingBack) throw err;
      }
      if (fallingBack) await fallingBack;
    },
    async stop() {
      for (const stopSweep of stopSweeps.splice(0)) stopSweep();
      stopped = true;
      // Destroy first: a login still in progress then fails at once instead of keeping stop() waiting.
      const first = client;
      if (first) await destroySafely(first);
      await fallingBack?.catch(() => undefined);
      // A fallback may have connected a new client meanwhile. Never destroy the same client twice: a
      // destroyed client's shard reads "connecting" for good, so the second wait would run to its bound.
      if (client && client !== first) await destroySafely(client);
      client = undefined;
      await options.insights?.stop();
    },
  };
}
