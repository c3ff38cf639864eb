/**
 * The Discord bot, built apart from the process that starts it (src/main.ts), so end-to-end tests
 * build the very same bot against a local fake Discord via DISCORD_API_URL.
 */
import { Client, Events, GatewayIntentBits, Partials, Status, type ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { Termbot } from '../core/termbot.ts';
import { loadCommands, type CommandModule } from '../../commands/index.ts';
import { createHandlers, logDiscordError } from './handlers.ts';

export interface BotOptions {
  config: Config;
  logger: Logger;
  termbot: Termbot;
  /** The command registry; loaded from commands/ when omitted. */
  commands?: CommandModule[];
  /** Extra discord.js client options (tests pass a fast identify throttle). */
  clientOptions?: Partial<ClientOptions>;
  now?: () => number;
}

export interface Bot {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The current discord.js client (a new one after falling back from a refused intent). */
  readonly client: Client | undefined;
  /** Whether the Message Content intent is in use (false after Discord refused it). */
  readonly messageContent: boolean;
}

export const DISALLOWED_INTENTS_LINE =
  'Discord refused the Message Content intent (close code 4014). Enable "Message Content Intent" in the Discord developer portal (your application → Bot → Privileged Gateway Intents), or set MESSAGE_CONTENT_INTENT=false. Until then termbot answers slash commands, mentions and DMs only.';

/**
 * Destroys a client safely. discord.js 14.28 can hang in destroy() when a shard is between HELLO
 * and READY (and then reconnect anyway), so wait briefly for every shard to settle first.
 */
export async function destroySafely(client: Client, settleMs = 3000): Promise<void> {
  const settled = () => [...client.ws.shards.values()].every((s) => s.status === Status.Ready || s.status === Status.Idle || s.status === Status.Disconnected);
  const deadline = Date.now() + settleMs;
  while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await client.destroy();
}

export function createBot(options: BotOptions): Bot {
  const { config, logger, termbot } = options;
  const token = config.token;
  let client: Client | undefined;
  let botUserId: string | undefined;
  let withContent = config.messageContentIntent;
  let stopped = false;
  let fallingBack: Promise<void> | undefined;

  const makeClient = (content: boolean): Client => {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, ...(content ? [GatewayIntentBits.MessageContent] : [])];
    return new Client({
      intents,
      partials: [Partials.Channel],
      allowedMentions: { parse: [], repliedUser: false },
      ...options.clientOptions,
      rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...options.clientOptions?.rest },
    });
  };

  const connect = async (commands: CommandModule[]): Promise<void> => {
    const c = makeClient(withContent);
    client = c;
    const handlers = createHandlers({ termbot, logger, commands, config, botUserId: () => botUserId, ...(options.now ? { now: options.now } : {}) });
    c.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void handlers.chatInput(i);
      else if (i.isAutocomplete()) void handlers.autocomplete(i);
      else if (i.isButton() || i.isStringSelectMenu()) void handlers.component(i);
    });
    c.on(Events.MessageCreate, (m) => void handlers.message(m));
    c.once(Events.ClientReady, (ready) => {
      botUserId = ready.user.id;
      logger.info({ user: ready.user.tag, id: ready.user.id, guilds: ready.guilds.cache.size, messageContent: withContent, askChannels: config.askChannelIds.length }, 'connected to Discord');
    });
    c.on(Events.Error, (err) => logDiscordError(logger, err, { what: 'client error' }));
    c.on(Events.Warn, (message) => logger.warn({ what: 'discord.js' }, message));
    c.on(Events.ShardError, (err, shardId) => logger.warn({ shardId, err: err.message }, 'gateway error'));
    c.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
    c.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
    c.on(Events.ShardDisconnect, (event, shardId) => {
      if (event.code === 4014 && withContent && !stopped) {
        logger.error({ shardId, code: 4014 }, DISALLOWED_INTENTS_LINE);
        fallingBack ??= fallBack(commands);
        return;
      }
      logger.warn({ shardId, code: event.code }, 'gateway disconnected');
    });
    c.rest.on('rateLimited', (info) => logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited by Discord; waiting'));
    const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
    await c.login(token);
    // login() resolves on READY; the guilds (and so the ask channels) are known at clientReady.
    await ready;
  };

  const fallBack = async (commands: CommandModule[]): Promise<void> => {
    withContent = false;
    const old = client;
    client = undefined;
    if (old) await destroySafely(old);
    if (!stopped) await connect(commands);
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
      const commands = options.commands ?? (await loadCommands());
      try {
        await connect(commands);
      } catch (err) {
        // A refused intent also makes login() reject ("Used disallowed intents"); the
        // shardDisconnect handler has usually started the fallback already.
        if (!fallingBack && withContent && /disallowed intents/i.test(String((err as Error)?.message ?? err))) {
          logger.error({ code: 4014 }, DISALLOWED_INTENTS_LINE);
          fallingBack = fallBack(commands);
        } else if (!fallingBack) throw err;
      }
      if (fallingBack) await fallingBack;
    },
    async stop() {
      stopped = true;
      await fallingBack?.catch(() => undefined);
      if (client) await destroySafely(client);
      client = undefined;
    },
  };
}
