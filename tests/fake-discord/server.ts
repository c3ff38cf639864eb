/**
 * fake-discord: a small, honest stand-in for Discord's REST API (v10 subset) and Gateway,
 * for tests that drive a REAL discord.js Client. Test support only: the bot never imports this.
 *
 * Everything listens on 127.0.0.1, ephemeral port. See README.md beside this file.
 *
 *   const fake = await createFakeDiscord();
 *   const client = new Client({ intents, rest: { api: fake.apiUrl }, ...fastIdentifyClientOptions() });
 *   await client.login(fake.token);
 *   fake.dispatch('INTERACTION_CREATE', fake.build.chatInput({ name: 'define', options: { term: 'CTR' } }));
 *   const cb = await fake.waitForRequest({ route: 'POST /interactions/:interaction/:token/callback' });
 *   await client.destroy(); await fake.close();
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import type {
  Client,
  ClientOptions,
  IIdentifyThrottler,
  APIUser,
  APIMessage,
  APIChatInputApplicationCommandInteraction,
  APIApplicationCommandAutocompleteInteraction,
  APIMessageComponentInteraction,
  GatewayMessageCreateDispatchData,
} from 'discord.js';

// Payloads are plain JSON; the fake manipulates them loosely and exposes typed builders.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const GatewayIntent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;
const KNOWN_INTENTS = Object.values(GatewayIntent).reduce((a, b) => a | b, 0);
export const PRIVILEGED_INTENTS =
  GatewayIntent.GuildMembers | GatewayIntent.GuildPresences | GatewayIntent.MessageContent;

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

/** Message flags the fake cares about. */
const MessageFlag = { SuppressEmbeds: 1 << 2, Ephemeral: 1 << 6, Loading: 1 << 7, SuppressNotifications: 1 << 12, IsComponentsV2: 1 << 15 };
const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 };
const CallbackType = { Pong: 1, ChannelMessageWithSource: 4, DeferredChannelMessageWithSource: 5, DeferredMessageUpdate: 6, UpdateMessage: 7, AutocompleteResult: 8, Modal: 9, LaunchActivity: 12 };
const ChannelType = { GuildText: 0, DM: 1, GuildVoice: 2, GuildCategory: 4, GuildAnnouncement: 5 };

// Permission bits (subset; values from Discord's documentation).
const P = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  UseExternalStickers: 1n << 37n,
  SendVoiceMessages: 1n << 46n,
  SendPolls: 1n << 49n,
};
/** Every permission bit Discord defined as of API v10 in 2025 (bits 0..51). */
const ALL_PERMISSIONS = (1n << 52n) - 1n;
const DEFAULT_EVERYONE_PERMISSIONS =
  P.CreateInstantInvite | P.AddReactions | P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles |
  P.ReadMessageHistory | P.MentionEveryone | P.UseExternalEmojis | P.Connect | P.Speak | P.UseVAD |
  P.ChangeNickname | P.UseApplicationCommands | P.CreatePublicThreads | P.SendMessagesInThreads |
  P.UseExternalStickers | P.SendVoiceMessages | P.SendPolls;
const DEFAULT_BOT_ROLE_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions |
  P.UseExternalEmojis | P.SendMessagesInThreads | P.UseApplicationCommands;

// ---------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;
/** A real-shaped snowflake for the given time (default now). Unique within the process. */
export function snowflake(at: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}
function fixedSnowflake(n: number): string {
  // Deterministic fixture ids: 2023-01-01T00:00:00Z + n ms.
  return (((BigInt(Date.UTC(2023, 0, 1) + n) - DISCORD_EPOCH) << 22n) | BigInt(n % 4096)).toString();
}
function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}
/**
 * A string shaped like a bot token (`base64(userId).timestamp.hmac`), generated at run time.
 * It only has to look right: the fake accepts any non-empty token unless `options.token` is set.
 */
export function fakeBotToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64').replace(/=+$/, '')}.${b64url(randomBytes(4))}.${b64url(randomBytes(27))}`;
}
function isoNow(at: number = Date.now()): string {
  return new Date(at).toISOString().replace('Z', '000+00:00');
}
function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface UserSpec {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}
export interface ChannelSpec {
  id?: string;
  name: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement */
  type?: number;
  topic?: string | null;
  nsfw?: boolean;
  /** name of a category channel declared earlier in the same list */
  parent?: string;
}
export interface GuildSpec {
  id?: string;
  name?: string;
  /** defaults to the first configured user */
  ownerId?: string;
  channels?: ChannelSpec[];
  /** user ids (from `users`) that are members; default all users */
  memberIds?: string[];
  preferredLocale?: string;
  everyonePermissions?: bigint;
  botPermissions?: bigint;
}

export interface FakeDiscordOptions {
  /** HELLO heartbeat_interval in ms. Default 1000 (real Discord: ~41250). */
  heartbeatIntervalMs?: number;
  /** If set, REST `Authorization: Bot <token>` and IDENTIFY/RESUME must use exactly this token (else 401 / close 4004). */
  token?: string;
  bot?: { id?: string; username?: string };
  /** Human users known to the fake. Default: alice (guild owner), bob. */
  users?: UserSpec[];
  /** Default: one guild with a category, #general and #bot-commands. */
  guilds?: GuildSpec[];
  /**
   * Whether the application may use privileged intents (GuildMembers, GuildPresences, MessageContent).
   * `false`: none allowed; a number: bitmask of allowed privileged intents. Default true (all allowed).
   * IDENTIFY asking for a disallowed one is closed with 4014, like Discord does.
   */
  privilegedIntentsAllowed?: boolean | number;
  /** Gate message/typing/reaction/member events on the session's intents, as Discord does. Default true. */
  enforceIntents?: boolean;
  /** Echo the bot's own sends (channel messages, non-ephemeral interaction responses, edits, deletes) as gateway events. Default true. */
  echoMessages?: boolean;
  /** An interaction must get its initial callback within this many ms of dispatch, else 404 10062. Default 3000; 0 disables. */
  interactionResponseTimeoutMs?: number;
  /** Log gateway/REST traffic to stderr (also enabled by env FAKE_DISCORD_DEBUG=1). */
  debug?: boolean;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}
export interface RecordedRequest {
  index: number;
  at: number;
  method: string;
  /** Decoded path relative to `/api/v10`, e.g. `/webhooks/123/tok/messages/@original`. */
  path: string;
  /** Path exactly as received, e.g. `/api/v10/webhooks/123/tok/messages/%40original`. */
  rawPath: string;
  query: Record<string, string>;
  /** Matched route template, e.g. `POST /interactions/:interaction/:token/callback`; null when unknown (404). */
  route: string | null;
  params: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body; undefined when there is none. */
  body: Json | Json[] | undefined;
  files: RecordedFile[];
  /** Response status; 0 while still in flight. */
  status: number;
  /** Response JSON (undefined for 204). */
  response: unknown;
  /** Set when a fault rule (failNext/delayNext) applied. */
  fault?: string;
}
export type RequestMatcher =
  | ((r: RecordedRequest) => boolean)
  | { method?: string; route?: string; path?: string | RegExp; pathIncludes?: string; status?: number };

export interface GatewayRecord {
  at: number;
  connection: number;
  sessionId: string | null;
  op: number;
  t?: string | null;
  s?: number | null;
  /** payload data; IDENTIFY/RESUME tokens are replaced by '<redacted>' */
  d: unknown;
}
export type GatewayMatcher = ((g: GatewayRecord) => boolean) | { op?: number; t?: string };

export interface ConnectionInfo {
  id: number;
  url: string;
  openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  /** who initiated the close: 'server' (closeWith / protocol error), 'client', 'dropped' (TCP destroyed) */
  closedBy: 'server' | 'client' | 'dropped' | null;
  sessionId: string | null;
}
export interface SessionInfo {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  resumable: boolean;
  connected: boolean;
  identifiedAt: number;
  resumes: number;
  /** dispatches (with their seq) ever sent or buffered for this session */
  dispatched: Array<{ s: number; t: string }>;
}
export interface DispatchResult {
  /** sessions that got (or buffered) the event */
  delivered: string[];
  /** sessions that did not get it because their intents exclude it */
  filtered: string[];
  /** true when no resumable session existed: the event waits for the next session (after its READY/GUILD_CREATE) */
  queued: boolean;
}
export interface FaultRule {
  method?: string;
  pathIncludes?: string;
  /** 429, 500, 502, 503... */
  status: number;
  /** seconds, for 429 (Retry-After header and body retry_after). Default 1. Fractions allowed (real Discord sends whole seconds in the header). */
  retryAfter?: number;
  /** global rate limit (X-RateLimit-Global). Default false */
  global?: boolean;
  /** how many matching requests get this answer. Default 1. (@discordjs/rest retries a 5xx 3 times by default: use 4 to surface it.) */
  times?: number;
  /** custom JSON body */
  body?: unknown;
}
export interface DelayRule {
  method?: string;
  pathIncludes?: string;
  ms: number;
  times?: number;
}

export interface ChatInputOptions {
  name: string;
  /** name → value (types inferred, or taken from the registered command), or raw API options */
  options?: Record<string, string | number | boolean> | Json[];
  subcommand?: string;
  subcommandGroup?: string;
  commandId?: string;
  /** invoking user (default: first user) */
  user?: APIUser | Json;
  /** default: the first text channel of the first guild */
  channelId?: string;
  guildId?: string;
  /** DM with the bot instead of a guild */
  dm?: boolean;
  locale?: string;
  id?: string;
  token?: string;
}
export interface AutocompleteOptions extends ChatInputOptions {
  /** name of the option being typed in (default: the first option) */
  focused?: string;
}
export interface ComponentOptions {
  customId: string;
  /** message carrying the component; default: a new bot message in the channel with that button/select */
  message?: APIMessage | Json;
  user?: APIUser | Json;
  channelId?: string;
  guildId?: string;
  dm?: boolean;
  locale?: string;
  id?: string;
  token?: string;
}
export interface SelectOptions extends ComponentOptions {
  values: string[];
}
export interface MessageOptions {
  content?: string;
  /** who writes it: a human (default), another bot, a webhook, or the bot itself */
  from?: 'user' | 'bot' | 'webhook' | 'self';
  author?: APIUser | Json;
  /** default: the first text channel of the first guild */
  channelId?: string;
  guildId?: string;
  /** a DM between the author and the bot */
  dm?: boolean;
  /** prepend `<@bot>` to content (and list the bot in mentions) */
  mentionBot?: boolean;
  /** extra mentioned users (ids or objects); `<@id>` in content is parsed too */
  mentions?: Array<string | APIUser | Json>;
  embeds?: Json[];
  attachments?: Json[];
  components?: Json[];
  /** make it a reply to this message (type 19 with message_reference and referenced_message) */
  replyTo?: APIMessage | Json;
  webhook?: { id?: string; name?: string };
  id?: string;
}

export interface FakeDiscord {
  readonly port: number;
  /** `http://127.0.0.1:PORT/api` for `new Client({ rest: { api: apiUrl } })` */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT` (what GET /gateway/bot answers) */
  readonly gatewayUrl: string;
  /** a bot-token-shaped string to log in with (options.token when given) */
  readonly token: string;
  readonly botUser: APIUser;
  readonly application: Json;
  readonly users: APIUser[];
  /** first configured user (default alice, the guild owner) */
  readonly user: APIUser;
  /** another bot (not ours), author of `from: 'bot'` messages */
  readonly otherBot: APIUser;
  readonly guilds: Json[];
  /** the first guild (full object as in GUILD_CREATE) */
  readonly guild: Json;
  /** the first text channel of the first guild */
  readonly channel: Json;

  readonly requests: RecordedRequest[];
  /** client → server gateway payloads */
  readonly gatewayReceived: GatewayRecord[];
  /** server → client gateway payloads */
  readonly gatewaySent: GatewayRecord[];
  readonly connections: ConnectionInfo[];
  readonly sessions: SessionInfo[];
  /** messages known to the fake (sent by the bot, or dispatched), by id (REST shape) */
  readonly messages: Map<string, Json>;
  /** registered commands: key 'global' or a guild id */
  readonly commands: Map<string, Json[]>;
  /** dispatches waiting for a session (see DispatchResult.queued) */
  readonly pendingDispatches: number;

  findRequests(match: RequestMatcher): RecordedRequest[];
  /** Resolves with the first answered request matching (looking at past ones from `since`, default 0, then future ones). */
  waitForRequest(match: RequestMatcher, opts?: { timeoutMs?: number; since?: number }): Promise<RecordedRequest>;
  /** The initial callback (POST /interactions/:id/:token/callback) for an interaction. */
  waitForInteractionCallback(interaction: string | { id: string }, opts?: { timeoutMs?: number }): Promise<RecordedRequest>;
  waitForGateway(match: GatewayMatcher, opts?: { timeoutMs?: number; since?: number }): Promise<GatewayRecord>;

  /** Send a dispatch to every resumable session (buffered for disconnected ones; queued if there is none). */
  dispatch(event: string, data: unknown): DispatchResult;

  build: {
    chatInput(o: ChatInputOptions): APIChatInputApplicationCommandInteraction;
    autocomplete(o: AutocompleteOptions): APIApplicationCommandAutocompleteInteraction;
    button(o: ComponentOptions): APIMessageComponentInteraction;
    stringSelect(o: SelectOptions): APIMessageComponentInteraction;
    message(o?: MessageOptions): GatewayMessageCreateDispatchData;
  };

  /** Close every live gateway connection with `code`. 1000/1001/4004/4007/4009/4010-4014 also invalidate the session unless told otherwise. Resolves once closed. */
  closeWith(code: number, opts?: { reason?: string; invalidateSession?: boolean }): Promise<void>;
  /** Destroy the TCP sockets of every live gateway connection, no close frame (client sees 1006). */
  dropConnection(): Promise<void>;
  stopHeartbeatAcks(): void;
  resumeHeartbeatAcks(): void;
  /** Send op 7 RECONNECT (the client should close and RESUME). */
  requestReconnect(): void;
  /** Send op 9 INVALID SESSION; when not resumable the session is forgotten. */
  invalidateSession(resumable?: boolean): void;
  failNext(rule: FaultRule): void;
  delayNext(rule: DelayRule): void;
  clearFaults(): void;

  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Identify throttling for tests
// ---------------------------------------------------------------------------------------------

/**
 * An IIdentifyThrottler that only spaces identifies by `minIntervalMs` (default 0) and honours the abort signal.
 * The default @discordjs/ws SimpleIdentifyThrottler waits ~5 s (+ up to 1.5 s jitter) between two identifies.
 */
export class FastIdentifyThrottler implements IIdentifyThrottler {
  private last = 0;
  constructor(private readonly minIntervalMs = 0) {}
  async waitForIdentify(_shardId: number, signal: AbortSignal): Promise<void> {
    const wait = this.last + this.minIntervalMs - Date.now();
    if (wait > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason ?? new Error('aborted'));
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.last = Date.now();
  }
}

/**
 * ClientOptions fragment that replaces discord.js' identify throttler (ClientOptions.ws.buildIdentifyThrottler,
 * forwarded to @discordjs/ws). A re-IDENTIFY then takes ~0.5 s: @discordjs/ws still sleeps a fixed 500 ms
 * before reconnecting after any close. Spread it into the Client options: `new Client({ ...fastIdentifyClientOptions(), intents })`.
 */
export function fastIdentifyClientOptions(minIntervalMs = 0): Pick<ClientOptions, 'ws'> {
  return { ws: { buildIdentifyThrottler: () => new FastIdentifyThrottler(minIntervalMs) } };
}

/**
 * Destroy a discord.js Client without tripping an @discordjs/ws 1.2.3 race: calling `client.destroy()` while a
 * shard waits for HELLO or READY (i.e. during a reconnect/re-identify) aborts that wait, which makes the shard
 * schedule a *reconnect* (500 ms later) and clears the close handler `destroy()` awaits, so `destroy()` never
 * resolves and the shard comes back to life. Destroying during the 500 ms reconnect sleep likewise leaves a shard
 * that reconnects later. So: wait (up to `settleTimeoutMs`) until every shard is Ready (0), Idle (3, never
 * connected) or Disconnected (5), then destroy.
 */
export async function destroyClient(client: Client, settleTimeoutMs = 3000): Promise<void> {
  const settled = () => [...client.ws.shards.values()].every((s) => s.status === 0 || s.status === 3 || s.status === 5);
  const deadline = Date.now() + settleTimeoutMs;
  while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await client.destroy();
}

// ---------------------------------------------------------------------------------------------
// Internal state types
// ---------------------------------------------------------------------------------------------

interface Conn {
  info: ConnectionInfo;
  ws: WebSocket;
  session: Session | null;
  /** set when the server initiated the close */
  serverClosing: boolean;
}
interface Session {
  info: SessionInfo;
  token: string;
  buffer: Array<{ s: number; t: string; d: unknown }>;
  conn: Conn | null;
}
interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Json;
  dispatchedAt: number | null;
  acknowledged: boolean;
  callbackType: number | null;
  originalMessageId: string | null;
  componentMessageId: string | null;
}
interface StoredMessage {
  msg: Json;
  guildId: string | null;
  ephemeral: boolean;
}
interface Waiter<T> {
  match: (x: T) => boolean;
  resolve: (x: T) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}
class HttpError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}
type Handler = (req: RecordedRequest) => Promise<{ status: number; body?: unknown; after?: () => void }> | { status: number; body?: unknown; after?: () => void };
interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

// Error bodies, as Discord sends them.
const E = {
  notFound: () => new HttpError(404, { message: '404: Not Found', code: 0 }),
  unauthorized: () => new HttpError(401, { message: '401: Unauthorized', code: 0 }),
  unknownChannel: () => new HttpError(404, { message: 'Unknown Channel', code: 10003 }),
  unknownGuild: () => new HttpError(404, { message: 'Unknown Guild', code: 10004 }),
  unknownMessage: () => new HttpError(404, { message: 'Unknown Message', code: 10008 }),
  unknownUser: () => new HttpError(404, { message: 'Unknown User', code: 10013 }),
  unknownMember: () => new HttpError(404, { message: 'Unknown Member', code: 10007 }),
  unknownWebhook: () => new HttpError(404, { message: 'Unknown Webhook', code: 10015 }),
  unknownCommand: () => new HttpError(404, { message: 'Unknown application command', code: 10063 }),
  unknownInteraction: () => new HttpError(404, { message: 'Unknown interaction', code: 10062 }),
  alreadyAcknowledged: () => new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 }),
  missingAccess: () => new HttpError(403, { message: 'Missing Access', code: 50001 }),
  cannotEditOthers: () => new HttpError(403, { message: 'Cannot edit a message authored by another user', code: 50005 }),
  emptyMessage: () => new HttpError(400, { message: 'Cannot send an empty message', code: 50006 }),
  invalidJson: () => new HttpError(400, { message: 'The request body contains invalid JSON.', code: 50109 }),
};
interface FormIssue {
  path: Array<string | number>;
  code: string;
  message: string;
}
function formError(issues: FormIssue[]): HttpError {
  const errors: Json = {};
  for (const issue of issues) {
    let node = errors;
    for (const key of issue.path) node = node[String(key)] ??= {};
    (node._errors ??= []).push({ code: issue.code, message: issue.message });
  }
  return new HttpError(400, { message: 'Invalid Form Body', code: 50035, errors });
}

const COMMAND_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

// ---------------------------------------------------------------------------------------------
// createFakeDiscord
// ---------------------------------------------------------------------------------------------

export async function createFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const heartbeatInterval = options.heartbeatIntervalMs ?? 1000;
  const enforceIntents = options.enforceIntents ?? true;
  const echo = options.echoMessages ?? true;
  const interactionTimeout = options.interactionResponseTimeoutMs ?? 3000;
  const allowedPrivileged =
    options.privilegedIntentsAllowed === undefined || options.privilegedIntentsAllowed === true
      ? PRIVILEGED_INTENTS
      : options.privilegedIntentsAllowed === false
        ? 0
        : options.privilegedIntentsAllowed;
  const debugOn = options.debug ?? process.env.FAKE_DISCORD_DEBUG === '1';
  const log = (...parts: unknown[]) => {
    if (debugOn) process.stderr.write(`[fake-discord] ${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`);
  };
  const startedAt = Date.now();

  // ----- world fixtures -----
  const botId = options.bot?.id ?? fixedSnowflake(1);
  const botUsername = options.bot?.username ?? 'termbot';
  const makeUser = (id: string, username: string, globalName: string | null, bot: boolean): APIUser =>
    ({
      id,
      username,
      discriminator: '0',
      global_name: globalName,
      avatar: null,
      ...(bot ? { bot: true } : {}),
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
    }) as unknown as APIUser;
  const botUser = makeUser(botId, botUsername, null, true);
  const otherBot = makeUser(fixedSnowflake(9), 'otherbot', null, true);
  const userSpecs: UserSpec[] = options.users ?? [
    { username: 'alice', globalName: 'Alice' },
    { username: 'bob', globalName: 'Bob' },
  ];
  const users = userSpecs.map((u, i) => makeUser(u.id ?? fixedSnowflake(10 + i), u.username, u.globalName ?? null, u.bot ?? false));
  if (users.length === 0) throw new Error('fake-discord: at least one user is needed');
  const knownUsers = new Map<string, APIUser>([[botUser.id, botUser], [otherBot.id, otherBot], ...users.map((u) => [u.id, u] as [string, APIUser])]);
  const token = options.token ?? fakeBotToken(botId);

  const application: Json = {
    id: botId,
    name: botUsername,
    icon: null,
    description: 'Answers social media and digital marketing terminology questions.',
    summary: '',
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: b64url(randomBytes(32)).slice(0, 64),
    flags: (1 << 19) /* GATEWAY_MESSAGE_CONTENT_LIMITED */ | (1 << 23) /* APPLICATION_COMMAND_BADGE */,
    owner: clone(users[0]),
    team: null,
    bot: clone(botUser),
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    event_webhooks_url: null,
    event_webhooks_status: 1,
    tags: [],
    install_params: { scopes: ['bot', 'applications.commands'], permissions: DEFAULT_BOT_ROLE_PERMISSIONS.toString() },
    integration_types_config: { '0': { oauth2_install_params: null } },
    approximate_guild_count: (options.guilds ?? [{}]).length,
    approximate_user_install_count: 0,
    is_monetized: false,
    is_verified: false,
    is_discoverable: false,
    storefront_available: false,
  };

  const joinedAt = isoNow(startedAt - 86_400_000);
  const guildSpecs = options.guilds ?? [{}];
  const channelsById = new Map<string, Json>(); // guild channels (with guild_id) and DM channels
  const guilds: Json[] = guildSpecs.map((spec, gi) => {
    const guildId = spec.id ?? fixedSnowflake(100 + gi * 100);
    const ownerId = spec.ownerId ?? users[0]!.id;
    const botRoleId = fixedSnowflake(101 + gi * 100);
    const everyonePerms = spec.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS;
    const botPerms = spec.botPermissions ?? DEFAULT_BOT_ROLE_PERMISSIONS;
    const role = (id: string, name: string, position: number, permissions: bigint, extra: Json = {}) => ({
      id,
      name,
      description: null,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: permissions.toString(),
      managed: false,
      mentionable: false,
      flags: 0,
      ...extra,
    });
    const roles = [
      role(guildId, '@everyone', 0, everyonePerms),
      role(botRoleId, botUsername, 1, botPerms, { managed: true, tags: { bot_id: botId } }),
    ];
    const specs: ChannelSpec[] = spec.channels ?? [
      { name: 'Text Channels', type: ChannelType.GuildCategory },
      { name: 'general', parent: 'Text Channels', topic: 'General chat' },
      { name: 'bot-commands', parent: 'Text Channels', topic: 'Ask termbot here' },
    ];
    const byName = new Map<string, string>();
    const channels = specs.map((c, ci) => {
      const id = c.id ?? fixedSnowflake(110 + gi * 100 + ci);
      byName.set(c.name, id);
      const type = c.type ?? ChannelType.GuildText;
      const base: Json = {
        id,
        type,
        name: c.name,
        position: ci,
        flags: 0,
        parent_id: c.parent ? (byName.get(c.parent) ?? null) : null,
        permission_overwrites: [],
      };
      if (type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement) {
        Object.assign(base, { topic: c.topic ?? null, nsfw: c.nsfw ?? false, last_message_id: null, rate_limit_per_user: 0, default_thread_rate_limit_per_user: 0 });
      } else if (type === ChannelType.GuildVoice) {
        Object.assign(base, { bitrate: 64000, user_limit: 0, rtc_region: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0 });
      }
      channelsById.set(id, { ...base, guild_id: guildId });
      return base;
    });
    const memberIds = spec.memberIds ?? users.map((u) => u.id);
    const member = (u: APIUser, roleIds: string[]) => ({
      user: clone(u),
      nick: null,
      avatar: null,
      banner: null,
      roles: roleIds,
      joined_at: joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
    });
    const members = [
      member(botUser, [botRoleId]),
      ...memberIds.map((id) => knownUsers.get(id)).filter((u): u is APIUser => !!u).map((u) => member(u, [])),
      member(otherBot, []),
    ];
    const firstText = channels.find((c) => c.type === ChannelType.GuildText);
    return {
      id: guildId,
      name: spec.name ?? (gi === 0 ? 'Termbot Test Guild' : `Test Guild ${gi + 1}`),
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: ownerId,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: firstText?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: spec.preferredLocale ?? 'en-US',
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      nsfw: false,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
      latest_onboarding_question_id: null,
      home_header: null,
      hub_type: null,
      // GUILD_CREATE extra fields
      joined_at: joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: members.length,
      voice_states: [],
      members,
      channels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      application_command_counts: {},
    };
  });
  const guildsById = new Map(guilds.map((g) => [g.id as string, g]));
  const firstGuild = guilds[0];
  const firstChannel = firstGuild ? (firstGuild.channels as Json[]).find((c) => c.type === ChannelType.GuildText) : undefined;

  const guildMember = (guildId: string, userId: string): Json | undefined =>
    (guildsById.get(guildId)?.members as Json[] | undefined)?.find((m) => m.user.id === userId);
  const memberPermissions = (guildId: string, userId: string): bigint => {
    const g = guildsById.get(guildId);
    if (!g) return 0n;
    if (g.owner_id === userId) return ALL_PERMISSIONS;
    const m = guildMember(guildId, userId);
    let perms = BigInt((g.roles as Json[])[0]!.permissions);
    for (const roleId of (m?.roles as string[] | undefined) ?? []) {
      const r = (g.roles as Json[]).find((x) => x.id === roleId);
      if (r) perms |= BigInt(r.permissions);
    }
    return perms & P.Administrator ? ALL_PERMISSIONS : perms;
  };
  const memberNoUser = (guildId: string, userId: string, withPermissions = false): Json | undefined => {
    const m = guildMember(guildId, userId);
    if (!m) return undefined;
    const { user: _user, ...rest } = clone(m);
    return withPermissions ? { ...rest, permissions: memberPermissions(guildId, userId).toString() } : rest;
  };

  const dmChannelsByUser = new Map<string, Json>();
  const dmChannelFor = (user: APIUser | Json): Json => {
    let ch = dmChannelsByUser.get(user.id);
    if (!ch) {
      ch = { id: snowflake(), type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [clone(user)] };
      dmChannelsByUser.set(user.id, ch);
      channelsById.set(ch.id, ch);
    }
    return ch;
  };

  // ----- recorded state -----
  const requests: RecordedRequest[] = [];
  const gatewayReceived: GatewayRecord[] = [];
  const gatewaySent: GatewayRecord[] = [];
  const connectionsInfo: ConnectionInfo[] = [];
  const conns = new Set<Conn>();
  const sessions: Session[] = [];
  const pending: Array<{ t: string; d: unknown }> = [];
  const messages = new Map<string, StoredMessage>();
  const messagesView = new Map<string, Json>();
  const commands = new Map<string, Json[]>();
  const commandIdsByName = new Map<string, string>();
  const interactions = new Map<string, InteractionRecord>();
  const interactionsByToken = new Map<string, InteractionRecord>();
  const requestWaiters = new Set<Waiter<RecordedRequest>>();
  const gatewayWaiters = new Set<Waiter<GatewayRecord>>();
  const timers = new Set<NodeJS.Timeout>();
  let failRules: Array<FaultRule & { left: number }> = [];
  let delayRules: Array<DelayRule & { left: number }> = [];
  let acksEnabled = true;
  let closed = false;
  let connCounter = 0;

  const storeMessage = (msg: Json, guildId: string | null, ephemeral = false) => {
    messages.set(msg.id, { msg, guildId, ephemeral });
    messagesView.set(msg.id, msg);
    const ch = channelsById.get(msg.channel_id);
    if (ch) ch.last_message_id = msg.id;
  };
  const deleteMessage = (id: string) => {
    messages.delete(id);
    messagesView.delete(id);
  };

  // ----- message helpers -----
  const MENTION_RE = /<@!?(\d{15,21})>/g;
  const ROLE_MENTION_RE = /<@&(\d{15,21})>/g;
  const parseMentions = (content: string): APIUser[] => {
    const out: APIUser[] = [];
    for (const m of content.matchAll(MENTION_RE)) {
      const u = knownUsers.get(m[1]!);
      if (u && !out.some((x) => x.id === u.id)) out.push(u);
    }
    return out;
  };
  const normalizeEmbeds = (embeds: unknown): Json[] =>
    Array.isArray(embeds) ? embeds.map((e: Json) => ({ type: 'rich', content_scan_version: 0, ...e })) : [];
  const attachmentsFrom = (body: Json, files: RecordedFile[], channelId: string): Json[] =>
    files.map((f, i) => {
      const meta = Array.isArray(body.attachments) ? (body.attachments as Json[]).find((a) => String(a.id) === String(i)) : undefined;
      const id = snowflake();
      const filename = meta?.filename ?? f.filename;
      return {
        id,
        filename,
        size: f.size,
        url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${filename}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${filename}`,
        content_type: f.contentType,
        ...(meta?.description ? { description: meta.description } : {}),
      };
    });
  /** Message object as the REST API returns it (no guild_id/member). */
  const newMessage = (fields: Json): Json => ({
    type: 0,
    content: '',
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    timestamp: isoNow(),
    edited_timestamp: null,
    flags: 0,
    components: [],
    id: snowflake(),
    channel_id: '',
    author: clone(botUser),
    pinned: false,
    mention_everyone: false,
    tts: false,
    ...fields,
  });
  const applyAllowedMentions = (content: string, body: Json, replied: Json | undefined): APIUser[] => {
    const am = body.allowed_mentions as Json | undefined;
    let users = parseMentions(content);
    if (am) {
      const parse: string[] = am.parse ?? [];
      const explicit: string[] = am.users ?? [];
      users = users.filter((u) => parse.includes('users') || explicit.includes(u.id));
    }
    if (replied && (am ? am.replied_user === true : true) && !users.some((u) => u.id === replied.author?.id)) {
      const author = knownUsers.get(replied.author?.id) ?? replied.author;
      if (author && author.id !== botId) users.push(author);
    }
    return users.map((u) => clone(u));
  };
  /** Gateway shape of a stored message: + guild_id, member, channel_type, members in mentions. */
  const toGatewayMessage = (stored: StoredMessage): Json => {
    const msg = clone(stored.msg);
    const ch = channelsById.get(msg.channel_id);
    if (ch) msg.channel_type = ch.type;
    if (stored.guildId) {
      msg.guild_id = stored.guildId;
      if (!msg.webhook_id) {
        const member = memberNoUser(stored.guildId, msg.author.id);
        if (member) msg.member = member;
      }
      msg.mentions = (msg.mentions as Json[]).map((u) => {
        const member = memberNoUser(stored.guildId!, u.id);
        return member ? { ...u, member } : u;
      });
    }
    return msg;
  };

  const validateMessageBody = (body: Json, opts: { requireSomething: boolean; hasFiles: boolean; interaction?: boolean }): HttpError | null => {
    const issues: FormIssue[] = [];
    if (body.content !== undefined && body.content !== null) {
      if (typeof body.content !== 'string') issues.push({ path: ['content'], code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
      else if ([...body.content].length > 2000) issues.push({ path: ['content'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' });
    }
    const embeds = body.embeds;
    if (Array.isArray(embeds)) {
      if (embeds.length > 10) issues.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
      let total = 0;
      const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);
      const max = (path: Array<string | number>, s: unknown, n: number) => {
        if (len(s) > n) issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${n} or fewer in length.` });
        total += len(s);
      };
      embeds.forEach((e: Json, i: number) => {
        max(['embeds', i, 'title'], e.title, 256);
        max(['embeds', i, 'description'], e.description, 4096);
        max(['embeds', i, 'footer', 'text'], e.footer?.text, 2048);
        max(['embeds', i, 'author', 'name'], e.author?.name, 256);
        const fields: Json[] = Array.isArray(e.fields) ? e.fields : [];
        if (fields.length > 25) issues.push({ path: ['embeds', i, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
        fields.forEach((f, j) => {
          if (!len(f.name)) issues.push({ path: ['embeds', i, 'fields', j, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
          if (!len(f.value)) issues.push({ path: ['embeds', i, 'fields', j, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
          max(['embeds', i, 'fields', j, 'name'], f.name, 256);
          max(['embeds', i, 'fields', j, 'value'], f.value, 1024);
        });
      });
      if (total > 6000) issues.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
    }
    const flags = Number(body.flags ?? 0);
    if (Array.isArray(body.components) && !(flags & MessageFlag.IsComponentsV2) && body.components.length > 5) {
      issues.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
    }
    if (Array.isArray(body.components)) {
      // Discord rejects a message whose components repeat a custom_id.
      const ids = (body.components as Json[]).flatMap((row) => (Array.isArray(row.components) ? (row.components as Json[]) : [])).map((c) => c.custom_id).filter((id): id is string => typeof id === 'string');
      if (new Set(ids).size !== ids.length) issues.push({ path: ['components'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
    }
    const allowedFlags = MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2 | (opts.interaction ? MessageFlag.Ephemeral : 0);
    if (flags & ~allowedFlags) issues.push({ path: ['flags'], code: 'MESSAGE_FLAGS_INVALID', message: 'Invalid flags' });
    if (issues.length) return formError(issues);
    if (opts.requireSomething) {
      const empty =
        !(typeof body.content === 'string' && body.content.trim() !== '') &&
        !(Array.isArray(body.embeds) && body.embeds.length) &&
        !(Array.isArray(body.components) && body.components.length) &&
        !(Array.isArray(body.sticker_ids) && body.sticker_ids.length) &&
        !body.poll &&
        !opts.hasFiles;
      if (empty) return E.emptyMessage();
    }
    return null;
  };
  /** Apply an edit body to a stored message. */
  const applyEdit = (msg: Json, body: Json, files: RecordedFile[]) => {
    if ('content' in body) msg.content = body.content ?? '';
    if ('embeds' in body) msg.embeds = normalizeEmbeds(body.embeds ?? []);
    if ('components' in body) msg.components = clone(body.components ?? []);
    if ('flags' in body && body.flags !== undefined && body.flags !== null) {
      msg.flags = (msg.flags & (MessageFlag.Ephemeral | MessageFlag.Loading)) | Number(body.flags);
    }
    if ('attachments' in body || files.length) {
      const kept = Array.isArray(body.attachments)
        ? (msg.attachments as Json[]).filter((a) => (body.attachments as Json[]).some((b) => String(b.id) === String(a.id)))
        : msg.attachments;
      msg.attachments = [...kept, ...attachmentsFrom(body, files, msg.channel_id)];
    }
    if ('content' in body) msg.mentions = applyAllowedMentions(msg.content, body, undefined);
  };

  // ----- gateway: sending -----
  const recordGateway = (list: GatewayRecord[], waiters: Set<Waiter<GatewayRecord>> | null, rec: GatewayRecord) => {
    list.push(rec);
    if (waiters) for (const w of [...waiters]) if (w.match(rec)) settleWaiter(waiters, w, rec);
  };
  const sendRaw = (conn: Conn, payload: Json) => {
    if (conn.ws.readyState !== WebSocket.OPEN) return false;
    conn.ws.send(JSON.stringify(payload));
    recordGateway(gatewaySent, null, { at: Date.now(), connection: conn.info.id, sessionId: conn.session?.info.id ?? null, op: payload.op, t: payload.t ?? null, s: payload.s ?? null, d: payload.d });
    if (payload.op !== Op.HeartbeatAck) log(`→ conn${conn.info.id}`, payload.op, payload.t ?? '', payload.s ?? '');
    return true;
  };
  const guildCreateFor = (guild: Json, session: Session): Json => {
    const g = clone(guild);
    // Without GUILD_PRESENCES, Discord only lists the bot's own member (and voice members) in GUILD_CREATE.
    if (!(session.info.intents & GatewayIntent.GuildPresences)) g.members = (g.members as Json[]).filter((m) => m.user.id === botId);
    return g;
  };

  /** Which intent (if any) an event needs, given its payload. */
  const requiredIntent = (t: string, d: Json): number | null => {
    const inGuild = !!d?.guild_id;
    switch (t) {
      case 'MESSAGE_CREATE':
      case 'MESSAGE_UPDATE':
      case 'MESSAGE_DELETE':
      case 'MESSAGE_DELETE_BULK':
        return inGuild ? GatewayIntent.GuildMessages : GatewayIntent.DirectMessages;
      case 'MESSAGE_REACTION_ADD':
      case 'MESSAGE_REACTION_REMOVE':
      case 'MESSAGE_REACTION_REMOVE_ALL':
      case 'MESSAGE_REACTION_REMOVE_EMOJI':
        return inGuild ? GatewayIntent.GuildMessageReactions : GatewayIntent.DirectMessageReactions;
      case 'TYPING_START':
        return inGuild ? GatewayIntent.GuildMessageTyping : GatewayIntent.DirectMessageTyping;
      case 'GUILD_MEMBER_ADD':
      case 'GUILD_MEMBER_UPDATE':
      case 'GUILD_MEMBER_REMOVE':
        return GatewayIntent.GuildMembers;
      case 'PRESENCE_UPDATE':
        return GatewayIntent.GuildPresences;
      case 'CHANNEL_CREATE':
      case 'CHANNEL_UPDATE':
      case 'CHANNEL_DELETE':
      case 'GUILD_UPDATE':
      case 'GUILD_ROLE_CREATE':
      case 'GUILD_ROLE_UPDATE':
      case 'GUILD_ROLE_DELETE':
      case 'THREAD_CREATE':
      case 'THREAD_UPDATE':
      case 'THREAD_DELETE':
        return GatewayIntent.Guilds;
      default:
        return null; // READY, GUILD_CREATE, INTERACTION_CREATE, ... always sent
    }
  };
  /**
   * Discord's message-content rule: without the MESSAGE_CONTENT intent, content/embeds/attachments/components
   * (and poll text) are empty, except for messages the app sent, messages in DMs with the app,
   * and messages that mention the app.
   */
  const stripContent = (msg: Json, inGuild: boolean = Boolean(msg.guild_id)): Json => {
    const exempt = !inGuild || msg.author?.id === botId || (Array.isArray(msg.mentions) && msg.mentions.some((u: Json) => u.id === botId));
    const out = { ...msg };
    if (!exempt) {
      if ('content' in out) out.content = '';
      if ('embeds' in out) out.embeds = [];
      if ('attachments' in out) out.attachments = [];
      if ('components' in out) out.components = [];
      if (out.poll) delete out.poll;
    }
    if (out.referenced_message) out.referenced_message = stripContent(out.referenced_message, inGuild);
    return out;
  };
  const deliver = (session: Session, t: string, d: unknown): boolean => {
    const data = d as Json;
    const need = requiredIntent(t, data);
    if (enforceIntents && need !== null && !(session.info.intents & need)) return false;
    let payloadData = data;
    if ((t === 'MESSAGE_CREATE' || t === 'MESSAGE_UPDATE') && !(session.info.intents & GatewayIntent.MessageContent)) payloadData = stripContent(data);
    const s = ++session.info.seq;
    const entry = { s, t, d: clone(payloadData) };
    session.buffer.push(entry);
    session.info.dispatched.push({ s, t });
    if (session.conn) sendRaw(session.conn, { op: Op.Dispatch, t, s, d: entry.d });
    return true;
  };

  const onInteractionDispatched = (data: Json) => {
    if (!data || typeof data.id !== 'string' || typeof data.token !== 'string') return;
    let rec = interactions.get(data.id);
    if (!rec) {
      rec = {
        id: data.id,
        token: data.token,
        type: data.type,
        payload: clone(data),
        dispatchedAt: null,
        acknowledged: false,
        callbackType: null,
        originalMessageId: null,
        componentMessageId: data.message?.id ?? null,
      };
      interactions.set(rec.id, rec);
      interactionsByToken.set(rec.token, rec);
      if (data.message?.id && !messages.has(data.message.id)) storeMessage(clone(data.message), data.guild_id ?? null, Boolean(data.message.flags & MessageFlag.Ephemeral));
    }
    rec.dispatchedAt ??= Date.now();
  };
  const onMessageDispatched = (t: string, data: Json) => {
    if (!data || typeof data.id !== 'string') return;
    if (t === 'MESSAGE_CREATE') {
      const { guild_id, member: _m, channel_type: _c, ...rest } = clone(data);
      rest.mentions = (rest.mentions ?? []).map(({ member: _mm, ...u }: Json) => u);
      storeMessage(rest, guild_id ?? null);
    } else if (t === 'MESSAGE_UPDATE') {
      const stored = messages.get(data.id);
      if (stored) {
        const { guild_id: _g, member: _m, channel_type: _c, ...rest } = clone(data);
        Object.assign(stored.msg, rest);
      }
    } else if (t === 'MESSAGE_DELETE') {
      deleteMessage(data.id);
    }
  };

  const dispatch = (t: string, d: unknown): DispatchResult => {
    if (closed) throw new Error('fake-discord: dispatch() after close()');
    if (t === 'INTERACTION_CREATE') onInteractionDispatched(d as Json);
    if (t.startsWith('MESSAGE_')) onMessageDispatched(t, d as Json);
    const targets = sessions.filter((s) => s.info.resumable);
    const result: DispatchResult = { delivered: [], filtered: [], queued: false };
    if (targets.length === 0) {
      pending.push({ t, d: clone(d) });
      result.queued = true;
      log('queued', t, '(no session)');
      return result;
    }
    for (const s of targets) (deliver(s, t, d) ? result.delivered : result.filtered).push(s.info.id);
    return result;
  };

  // ----- gateway: receiving -----
  const closeConn = (conn: Conn, code: number, reason: string, invalidate: boolean) => {
    conn.serverClosing = true;
    if (invalidate && conn.session) conn.session.info.resumable = false;
    log(`✕ conn${conn.info.id} close`, code, reason);
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) conn.ws.close(code, reason);
  };
  const INVALIDATING_CODES = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

  const handleIdentify = (conn: Conn, d: Json) => {
    if (conn.session) return closeConn(conn, 4005, 'Already authenticated.', false);
    if (typeof d?.token !== 'string' || d.token === '' || (options.token !== undefined && d.token !== options.token)) {
      return closeConn(conn, 4004, 'Authentication failed.', false);
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || intents & ~KNOWN_INTENTS) {
      return closeConn(conn, 4013, 'Invalid intent(s).', false);
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    if (shard[1] !== 1 || shard[0] !== 0) return closeConn(conn, 4010, 'Invalid shard.', false);
    if (intents & PRIVILEGED_INTENTS & ~allowedPrivileged) return closeConn(conn, 4014, 'Disallowed intent(s).', false);

    const session: Session = {
      info: { id: randomBytes(16).toString('hex'), intents, shard, seq: 0, resumable: true, connected: true, identifiedAt: Date.now(), resumes: 0, dispatched: [] },
      token: d.token,
      buffer: [],
      conn,
    };
    sessions.push(session);
    conn.session = session;
    conn.info.sessionId = session.info.id;
    log(`session ${session.info.id} identified, intents=${intents}`);
    deliver(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...clone(botUser), verified: true, mfa_enabled: false, email: null, bot: true },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.info.id,
      session_type: 'normal',
      resume_gateway_url: gatewayUrl,
      shard,
      application: { id: application.id, flags: application.flags },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['fake-local'],
      auth: {},
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    for (const g of guilds) deliver(session, 'GUILD_CREATE', guildCreateFor(g, session));
    // Dispatches made while no session existed.
    const queued = pending.splice(0);
    for (const p of queued) deliver(session, p.t, p.d);
  };

  const handleResume = (conn: Conn, d: Json) => {
    if (conn.session) return closeConn(conn, 4005, 'Already authenticated.', false);
    const session = sessions.find((s) => s.info.id === d?.session_id);
    if (!session || !session.info.resumable || session.token !== d?.token) {
      log(`resume of unknown/invalid session ${d?.session_id} → op 9`);
      sendRaw(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const clientSeq = Number(d.seq ?? 0);
    if (clientSeq > session.info.seq) return closeConn(conn, 4007, 'Invalid seq.', true);
    if (session.conn && session.conn !== conn) {
      // a newer connection takes the session over
      const old = session.conn;
      old.session = null;
      closeConn(old, 4000, 'Session resumed elsewhere', false);
    }
    session.conn = conn;
    session.info.connected = true;
    session.info.resumes++;
    conn.session = session;
    conn.info.sessionId = session.info.id;
    const missed = session.buffer.filter((e) => e.s > clientSeq);
    log(`session ${session.info.id} resumed from seq ${clientSeq}, replaying ${missed.length}`);
    for (const e of missed) sendRaw(conn, { op: Op.Dispatch, t: e.t, s: e.s, d: e.d });
    deliver(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
  };

  const handleGatewayMessage = (conn: Conn, raw: WebSocket.RawData, isBinary: boolean) => {
    let payload: Json;
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(raw.toString());
      if (typeof payload !== 'object' || payload === null || typeof payload.op !== 'number') throw new Error('shape');
    } catch {
      return closeConn(conn, 4002, 'Error while decoding payload.', false);
    }
    const d = payload.d;
    const redacted = (payload.op === Op.Identify || payload.op === Op.Resume) && d && typeof d === 'object' ? { ...d, token: '<redacted>' } : d;
    recordGateway(gatewayReceived, gatewayWaiters, { at: Date.now(), connection: conn.info.id, sessionId: conn.session?.info.id ?? null, op: payload.op, d: redacted });
    if (payload.op !== Op.Heartbeat) log(`← conn${conn.info.id} op`, payload.op);
    switch (payload.op) {
      case Op.Heartbeat:
        if (acksEnabled) sendRaw(conn, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        return handleIdentify(conn, d);
      case Op.Resume:
        return handleResume(conn, d);
    }
    if (!conn.session) return closeConn(conn, 4003, 'Not authenticated.', false);
    switch (payload.op) {
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestSoundboardSounds:
        return;
      case Op.RequestGuildMembers: {
        const guild = guildsById.get(d?.guild_id);
        if (!guild) return;
        let members = clone(guild.members as Json[]);
        if (Array.isArray(d.user_ids)) members = members.filter((m) => (d.user_ids as string[]).includes(m.user.id));
        else if (typeof d.query === 'string' && d.query !== '') members = members.filter((m) => m.user.username.startsWith(d.query));
        if (typeof d.limit === 'number' && d.limit > 0) members = members.slice(0, d.limit);
        deliver(conn.session, 'GUILD_MEMBERS_CHUNK', { guild_id: guild.id, members, chunk_index: 0, chunk_count: 1, not_found: [], ...(d.nonce ? { nonce: d.nonce } : {}) });
        return;
      }
      default:
        return closeConn(conn, 4001, 'Unknown opcode.', false);
    }
  };

  // ----- REST -----
  const routes: Route[] = [];
  const route = (method: string, template: string, handler: Handler, auth = true) =>
    routes.push({ method, template, segments: template.split('/').filter(Boolean), auth, handler });
  const matchRoute = (method: string, segs: string[]): { route: Route; params: Record<string, string> } | { methodMismatch: true } | null => {
    let methodMismatch = false;
    for (const r of routes) {
      if (r.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const want = r.segments[i]!;
        const got = segs[i]!;
        if (want.startsWith(':')) params[want.slice(1)] = got;
        else if (want !== got) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (r.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route: r, params };
    }
    return methodMismatch ? { methodMismatch: true } : null;
  };

  const checkApp = (appId: string | undefined) => {
    if (appId !== application.id) throw E.missingAccess();
  };
  const getChannel = (id: string | undefined): Json => {
    const ch = id ? channelsById.get(id) : undefined;
    if (!ch) throw E.unknownChannel();
    return ch;
  };
  const echoEvent = (t: string, stored: StoredMessage) => {
    if (!echo || stored.ephemeral) return;
    dispatch(t, toGatewayMessage(stored));
  };
  const echoDelete = (stored: StoredMessage) => {
    if (!echo || stored.ephemeral) return;
    dispatch('MESSAGE_DELETE', { id: stored.msg.id, channel_id: stored.msg.channel_id, ...(stored.guildId ? { guild_id: stored.guildId } : {}) });
  };

  // Gateway info
  route('GET', '/gateway', () => ({ status: 200, body: { url: gatewayUrl } }), false);
  route('GET', '/gateway/bot', () => ({
    status: 200,
    body: { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
  }));
  // Users
  route('GET', '/users/@me', () => ({ status: 200, body: { ...clone(botUser), verified: true, mfa_enabled: false, locale: 'en-US', premium_type: 0, email: null, bot: true } }));
  route('POST', '/users/@me/channels', (r) => {
    const recipient = knownUsers.get(String((r.body as Json | undefined)?.recipient_id));
    if (!recipient) throw formError([{ path: ['recipient_id'], code: 'NUMBER_TYPE_COERCE', message: 'Value is not snowflake.' }]);
    return { status: 200, body: clone(dmChannelFor(recipient)) };
  });
  route('GET', '/users/:user', (r) => {
    const u = knownUsers.get(r.params.user!);
    if (!u) throw E.unknownUser();
    return { status: 200, body: clone(u) };
  });
  // Application
  route('GET', '/applications/@me', () => ({ status: 200, body: clone(application) }));

  // Commands
  const validateCommands = (list: Json[], bulk: boolean): HttpError | null => {
    const issues: FormIssue[] = [];
    if (list.length > 100) issues.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    const seen = new Set<string>();
    list.forEach((c, i) => {
      const at = (...p: Array<string | number>) => (bulk ? [i, ...p] : p);
      const type = c.type ?? 1;
      if (typeof c.name !== 'string' || !COMMAND_NAME_RE.test(c.name) || (type === 1 && c.name !== c.name.toLowerCase())) {
        issues.push({ path: at('name'), code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
      }
      const key = `${type}:${c.name}`;
      if (seen.has(key)) issues.push({ path: at('name'), code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' });
      seen.add(key);
      if (type === 1) {
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100) {
          issues.push({ path: at('description'), code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
        }
      } else if (c.description) {
        issues.push({ path: at('description'), code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', message: 'Context menu commands cannot have description' });
      }
      const checkOptions = (opts: unknown, path: Array<string | number>) => {
        if (opts === undefined || opts === null) return;
        if (!Array.isArray(opts)) return issues.push({ path, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
        if (opts.length > 25) issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
        let sawOptional = false;
        opts.forEach((o: Json, j: number) => {
          if (typeof o.name !== 'string' || !COMMAND_NAME_RE.test(o.name) || o.name !== o.name.toLowerCase()) issues.push({ path: [...path, j, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
          if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100) issues.push({ path: [...path, j, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
          if (Array.isArray(o.choices)) {
            if (o.choices.length > 25) issues.push({ path: [...path, j, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
            if (o.autocomplete) issues.push({ path: [...path, j, 'autocomplete'], code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', message: 'Autocomplete cannot be set with choices' });
          }
          if (o.type === 1 || o.type === 2) checkOptions(o.options, [...path, j, 'options']);
          else if (o.required) {
            if (sawOptional) issues.push({ path: [...path, j, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
          } else sawOptional = true;
        });
      };
      checkOptions(c.options, at('options'));
    });
    return issues.length ? formError(issues) : null;
  };
  const materializeCommand = (c: Json, scope: string, existing: Json[] | undefined): Json => {
    const type = c.type ?? 1;
    const prev = existing?.find((x) => x.name === c.name && x.type === type);
    const idKey = `${scope}:${type}:${c.name}`;
    const id = prev?.id ?? commandIdsByName.get(idKey) ?? snowflake();
    commandIdsByName.set(idKey, id);
    return {
      id,
      application_id: application.id,
      version: snowflake(),
      default_member_permissions: c.default_member_permissions ?? null,
      type,
      name: c.name,
      ...(c.name_localizations ? { name_localizations: c.name_localizations } : {}),
      description: c.description ?? '',
      ...(c.description_localizations ? { description_localizations: c.description_localizations } : {}),
      ...(scope !== 'global' ? { guild_id: scope } : { dm_permission: c.dm_permission ?? true }),
      ...(c.options ? { options: clone(c.options) } : {}),
      nsfw: c.nsfw ?? false,
      integration_types: c.integration_types ?? [0],
      contexts: c.contexts ?? null,
    };
  };
  const commandScope = (r: RecordedRequest): string => {
    checkApp(r.params.application);
    if (r.params.guild !== undefined) {
      if (!guildsById.has(r.params.guild)) throw E.missingAccess();
      return r.params.guild;
    }
    return 'global';
  };
  for (const base of ['/applications/:application/commands', '/applications/:application/guilds/:guild/commands']) {
    route('GET', base, (r) => ({ status: 200, body: clone(commands.get(commandScope(r)) ?? []) }));
    route('PUT', base, (r) => {
      const scope = commandScope(r);
      const list = r.body;
      if (!Array.isArray(list)) throw formError([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
      const err = validateCommands(list, true);
      if (err) throw err;
      const existing = commands.get(scope);
      const stored = list.map((c) => materializeCommand(c, scope, existing));
      commands.set(scope, stored);
      return { status: 200, body: clone(stored) };
    });
    route('POST', base, (r) => {
      const scope = commandScope(r);
      const c = r.body as Json;
      const err = validateCommands([c], false);
      if (err) throw err;
      const existing = commands.get(scope) ?? [];
      const cmd = materializeCommand(c, scope, existing);
      const replaced = existing.some((x) => x.id === cmd.id);
      commands.set(scope, [...existing.filter((x) => x.id !== cmd.id), cmd]);
      return { status: replaced ? 200 : 201, body: clone(cmd) };
    });
    route('GET', `${base}/:command`, (r) => {
      const cmd = (commands.get(commandScope(r)) ?? []).find((x) => x.id === r.params.command);
      if (!cmd) throw E.unknownCommand();
      return { status: 200, body: clone(cmd) };
    });
    route('PATCH', `${base}/:command`, (r) => {
      const scope = commandScope(r);
      const list = commands.get(scope) ?? [];
      const cmd = list.find((x) => x.id === r.params.command);
      if (!cmd) throw E.unknownCommand();
      const merged = { ...cmd, ...(r.body as Json) };
      const err = validateCommands([merged], false);
      if (err) throw err;
      Object.assign(cmd, materializeCommand(merged, scope, list));
      return { status: 200, body: clone(cmd) };
    });
    route('DELETE', `${base}/:command`, (r) => {
      const scope = commandScope(r);
      const list = commands.get(scope) ?? [];
      if (!list.some((x) => x.id === r.params.command)) throw E.unknownCommand();
      commands.set(scope, list.filter((x) => x.id !== r.params.command));
      return { status: 204 };
    });
  }

  // Interactions
  const interactionMessageType = (rec: InteractionRecord): number => {
    if (rec.type === InteractionType.ApplicationCommand) return rec.payload.data?.type === 1 || rec.payload.data?.type === undefined ? 20 : 23;
    return 19;
  };
  const newInteractionMessage = (rec: InteractionRecord, data: Json, files: RecordedFile[], extra: Json): StoredMessage => {
    const p = rec.payload;
    const channelId: string = p.channel?.id ?? p.channel_id;
    const flags = Number(data.flags ?? 0);
    const msg = newMessage({
      channel_id: channelId,
      content: data.content ?? '',
      embeds: normalizeEmbeds(data.embeds),
      components: clone(data.components ?? []),
      attachments: attachmentsFrom(data, files, channelId),
      flags,
      tts: Boolean(data.tts),
      webhook_id: application.id,
      application_id: application.id,
      interaction_metadata: {
        id: rec.id,
        type: rec.type,
        user: clone(p.user ?? p.member?.user),
        authorizing_integration_owners: clone(p.authorizing_integration_owners ?? {}),
        ...(rec.type === InteractionType.ApplicationCommand ? { name: p.data?.name, command_type: p.data?.type ?? 1 } : {}),
        ...(rec.componentMessageId ? { interacted_message_id: rec.componentMessageId } : {}),
      },
      ...extra,
    });
    msg.mentions = applyAllowedMentions(msg.content, data, undefined);
    if (rec.componentMessageId && msg.type === 19) {
      msg.message_reference = { type: 0, channel_id: channelId, message_id: rec.componentMessageId, ...(p.guild_id ? { guild_id: p.guild_id } : {}) };
    }
    const stored: StoredMessage = { msg, guildId: p.guild_id ?? null, ephemeral: Boolean(flags & MessageFlag.Ephemeral) };
    storeMessage(msg, stored.guildId, stored.ephemeral);
    return stored;
  };
  route(
    'POST',
    '/interactions/:interaction/:token/callback',
    (r) => {
      const rec = interactions.get(r.params.interaction!);
      if (!rec || rec.token !== r.params.token) throw E.unknownInteraction();
      if (interactionTimeout > 0 && rec.dispatchedAt !== null && Date.now() - rec.dispatchedAt > interactionTimeout) throw E.unknownInteraction();
      if (rec.acknowledged) throw E.alreadyAcknowledged();
      const body = (r.body ?? {}) as Json;
      const type = body.type;
      const data = (body.data ?? {}) as Json;
      const allowed: Record<number, number[]> = {
        [InteractionType.ApplicationCommand]: [4, 5, 9, 12],
        [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
        [InteractionType.Autocomplete]: [8],
        [InteractionType.ModalSubmit]: [4, 5, 6, 7],
      };
      if (!(allowed[rec.type] ?? []).includes(type)) {
        throw formError([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type ${String(type)} is not valid for interaction type ${rec.type}` }]);
      }
      let stored: StoredMessage | null = null;
      let event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE' | null = null;
      switch (type) {
        case CallbackType.ChannelMessageWithSource: {
          const err = validateMessageBody(data, { requireSomething: true, hasFiles: r.files.length > 0, interaction: true });
          if (err) throw err;
          stored = newInteractionMessage(rec, data, r.files, { type: interactionMessageType(rec) });
          rec.originalMessageId = stored.msg.id;
          event = 'MESSAGE_CREATE';
          break;
        }
        case CallbackType.DeferredChannelMessageWithSource: {
          const flags = Number(data.flags ?? 0) & MessageFlag.Ephemeral;
          stored = newInteractionMessage(rec, { flags: flags | MessageFlag.Loading }, [], { type: interactionMessageType(rec) });
          rec.originalMessageId = stored.msg.id;
          event = 'MESSAGE_CREATE';
          break;
        }
        case CallbackType.DeferredMessageUpdate:
          rec.originalMessageId = rec.componentMessageId;
          break;
        case CallbackType.UpdateMessage: {
          const err = validateMessageBody(data, { requireSomething: false, hasFiles: r.files.length > 0, interaction: true });
          if (err) throw err;
          const target = rec.componentMessageId ? messages.get(rec.componentMessageId) : undefined;
          if (!target) throw E.unknownMessage();
          applyEdit(target.msg, data, r.files);
          target.msg.edited_timestamp = isoNow();
          rec.originalMessageId = target.msg.id;
          stored = target;
          event = 'MESSAGE_UPDATE';
          break;
        }
        case CallbackType.AutocompleteResult: {
          const choices = data.choices;
          const issues: FormIssue[] = [];
          if (!Array.isArray(choices)) issues.push({ path: ['data', 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
          else {
            if (choices.length > 25) issues.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
            choices.forEach((c: Json, i: number) => {
              if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) issues.push({ path: ['data', 'choices', i, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
              if (typeof c.value === 'string' && c.value.length > 100) issues.push({ path: ['data', 'choices', i, 'value'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
              if (typeof c.value !== 'string' && typeof c.value !== 'number') issues.push({ path: ['data', 'choices', i, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
            });
          }
          if (issues.length) throw formError(issues);
          break;
        }
        case CallbackType.Modal: {
          const issues: FormIssue[] = [];
          if (typeof data.custom_id !== 'string' || data.custom_id.length < 1 || data.custom_id.length > 100) issues.push({ path: ['data', 'custom_id'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
          if (typeof data.title !== 'string' || data.title.length < 1 || data.title.length > 45) issues.push({ path: ['data', 'title'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 45 in length.' });
          if (!Array.isArray(data.components) || data.components.length < 1 || data.components.length > 5) issues.push({ path: ['data', 'components'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' });
          if (issues.length) throw formError(issues);
          break;
        }
        default:
          break;
      }
      rec.acknowledged = true;
      rec.callbackType = type;
      const after = () => {
        if (stored && event) echoEvent(event, stored);
      };
      if (r.query.with_response !== 'true') return { status: 204, after };
      return {
        status: 200,
        after,
        body: {
          interaction: {
            id: rec.id,
            type: rec.type,
            ...(stored
              ? {
                  response_message_id: stored.msg.id,
                  response_message_loading: Boolean(stored.msg.flags & MessageFlag.Loading),
                  response_message_ephemeral: stored.ephemeral,
                }
              : {}),
          },
          resource: { type, ...(stored ? { message: clone(stored.msg) } : {}) },
        },
      };
    },
    false,
  );
  const webhookInteraction = (r: RecordedRequest): InteractionRecord => {
    const rec = interactionsByToken.get(r.params.token!);
    if (!rec || r.params.application !== application.id) throw E.unknownWebhook();
    return rec;
  };
  const webhookMessage = (r: RecordedRequest): { rec: InteractionRecord; stored: StoredMessage } => {
    const rec = webhookInteraction(r);
    const id = r.params.message === '@original' ? rec.originalMessageId : r.params.message;
    const stored = id ? messages.get(id) : undefined;
    if (!stored) throw E.unknownMessage();
    return { rec, stored };
  };
  route(
    'POST',
    '/webhooks/:application/:token',
    (r) => {
      const rec = webhookInteraction(r);
      if (!rec.acknowledged) throw E.unknownWebhook();
      const body = (r.body ?? {}) as Json;
      const err = validateMessageBody(body, { requireSomething: true, hasFiles: r.files.length > 0, interaction: true });
      if (err) throw err;
      const stored = newInteractionMessage(rec, body, r.files, { type: 0 });
      const after = () => echoEvent('MESSAGE_CREATE', stored);
      return r.query.wait === 'true' ? { status: 200, body: clone(stored.msg), after } : { status: 204, after };
    },
    false,
  );
  route('GET', '/webhooks/:application/:token/messages/:message', (r) => ({ status: 200, body: clone(webhookMessage(r).stored.msg) }), false);
  route(
    'PATCH',
    '/webhooks/:application/:token/messages/:message',
    (r) => {
      const { stored } = webhookMessage(r);
      const body = (r.body ?? {}) as Json;
      const err = validateMessageBody(body, { requireSomething: false, hasFiles: r.files.length > 0, interaction: true });
      if (err) throw err;
      const wasLoading = Boolean(stored.msg.flags & MessageFlag.Loading);
      applyEdit(stored.msg, body, r.files);
      stored.msg.flags &= ~MessageFlag.Loading;
      if (!wasLoading) stored.msg.edited_timestamp = isoNow();
      return { status: 200, body: clone(stored.msg), after: () => echoEvent('MESSAGE_UPDATE', stored) };
    },
    false,
  );
  route(
    'DELETE',
    '/webhooks/:application/:token/messages/:message',
    (r) => {
      const { stored } = webhookMessage(r);
      deleteMessage(stored.msg.id);
      return { status: 204, after: () => echoDelete(stored) };
    },
    false,
  );

  // Channels
  route('GET', '/channels/:channel', (r) => ({ status: 200, body: clone(getChannel(r.params.channel)) }));
  route('GET', '/channels/:channel/messages', (r) => {
    const ch = getChannel(r.params.channel);
    const limit = Math.min(100, Number(r.query.limit ?? 50));
    const list = [...messages.values()].filter((m) => m.msg.channel_id === ch.id && !m.ephemeral).map((m) => m.msg);
    list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    return { status: 200, body: clone(list.slice(0, limit)) };
  });
  route('GET', '/channels/:channel/messages/:message', (r) => {
    getChannel(r.params.channel);
    const stored = messages.get(r.params.message!);
    if (!stored || stored.msg.channel_id !== r.params.channel || stored.ephemeral) throw E.unknownMessage();
    return { status: 200, body: clone(stored.msg) };
  });
  route('POST', '/channels/:channel/messages', (r) => {
    const ch = getChannel(r.params.channel);
    const body = (r.body ?? {}) as Json;
    const err = validateMessageBody(body, { requireSomething: true, hasFiles: r.files.length > 0 });
    if (err) throw err;
    let replied: Json | undefined;
    if (body.message_reference) {
      const ref = messages.get(String(body.message_reference.message_id));
      if (ref && ref.msg.channel_id === ch.id) replied = ref.msg;
      else if (body.message_reference.fail_if_not_exists !== false) {
        throw formError([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
      }
    }
    const guildId: string | null = ch.guild_id ?? null;
    const msg = newMessage({
      channel_id: ch.id,
      content: body.content ?? '',
      embeds: normalizeEmbeds(body.embeds),
      components: clone(body.components ?? []),
      attachments: attachmentsFrom(body, r.files, ch.id),
      flags: Number(body.flags ?? 0),
      tts: Boolean(body.tts),
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...(Array.isArray(body.sticker_ids) ? { sticker_items: [] } : {}),
    });
    msg.mentions = applyAllowedMentions(msg.content, body, replied);
    msg.mention_roles = [...String(msg.content).matchAll(ROLE_MENTION_RE)].map((m) => m[1]!);
    if (replied) {
      msg.type = 19;
      msg.message_reference = { type: 0, channel_id: ch.id, message_id: replied.id, ...(guildId ? { guild_id: guildId } : {}) };
      msg.referenced_message = clone(replied);
    }
    const stored: StoredMessage = { msg, guildId, ephemeral: false };
    storeMessage(msg, guildId);
    return { status: 200, body: clone(msg), after: () => echoEvent('MESSAGE_CREATE', stored) };
  });
  route('PATCH', '/channels/:channel/messages/:message', (r) => {
    getChannel(r.params.channel);
    const stored = messages.get(r.params.message!);
    if (!stored || stored.msg.channel_id !== r.params.channel) throw E.unknownMessage();
    if (stored.msg.author?.id !== botId || stored.msg.webhook_id) throw E.cannotEditOthers();
    const body = (r.body ?? {}) as Json;
    const err = validateMessageBody(body, { requireSomething: false, hasFiles: r.files.length > 0 });
    if (err) throw err;
    applyEdit(stored.msg, body, r.files);
    stored.msg.edited_timestamp = isoNow();
    return { status: 200, body: clone(stored.msg), after: () => echoEvent('MESSAGE_UPDATE', stored) };
  });
  route('DELETE', '/channels/:channel/messages/:message', (r) => {
    getChannel(r.params.channel);
    const stored = messages.get(r.params.message!);
    if (!stored || stored.msg.channel_id !== r.params.channel) throw E.unknownMessage();
    deleteMessage(stored.msg.id);
    return { status: 204, after: () => echoDelete(stored) };
  });
  route('POST', '/channels/:channel/typing', (r) => {
    getChannel(r.params.channel);
    return { status: 204 };
  });
  for (const m of ['PUT', 'DELETE']) {
    route(m, '/channels/:channel/messages/:message/reactions/:emoji/@me', (r) => {
      getChannel(r.params.channel);
      if (!messages.has(r.params.message!)) throw E.unknownMessage();
      return { status: 204 };
    });
  }
  // Guilds
  const getGuild = (id: string | undefined): Json => {
    const g = id ? guildsById.get(id) : undefined;
    if (!g) throw E.unknownGuild();
    return g;
  };
  route('GET', '/guilds/:guild', (r) => {
    const { members: _m, channels: _c, threads: _t, presences: _p, voice_states: _v, joined_at: _j, large: _l, member_count: _mc, ...rest } = clone(getGuild(r.params.guild));
    return { status: 200, body: rest };
  });
  route('GET', '/guilds/:guild/channels', (r) => {
    const g = getGuild(r.params.guild);
    return { status: 200, body: (g.channels as Json[]).map((c) => ({ ...clone(c), guild_id: g.id })) };
  });
  route('GET', '/guilds/:guild/roles', (r) => ({ status: 200, body: clone(getGuild(r.params.guild).roles) }));
  route('GET', '/guilds/:guild/members/:user', (r) => {
    const g = getGuild(r.params.guild);
    const m = guildMember(g.id, r.params.user!);
    if (!m) throw E.unknownMember();
    return { status: 200, body: clone(m) };
  });

  // ----- HTTP plumbing -----
  const settleWaiter = <T>(set: Set<Waiter<T>>, w: Waiter<T>, value: T) => {
    set.delete(w);
    clearTimeout(w.timer);
    timers.delete(w.timer);
    w.resolve(value);
  };
  const toRequestPredicate = (m: RequestMatcher): ((r: RecordedRequest) => boolean) => {
    if (typeof m === 'function') return m;
    return (r) =>
      (m.method === undefined || r.method === m.method.toUpperCase()) &&
      (m.route === undefined || r.route === m.route) &&
      (m.path === undefined || (typeof m.path === 'string' ? r.path === m.path : m.path.test(r.path))) &&
      (m.pathIncludes === undefined || r.path.includes(m.pathIncludes)) &&
      (m.status === undefined || r.status === m.status);
  };
  const toGatewayPredicate = (m: GatewayMatcher): ((g: GatewayRecord) => boolean) =>
    typeof m === 'function' ? m : (g) => (m.op === undefined || g.op === m.op) && (m.t === undefined || g.t === m.t);
  const describeRecent = () =>
    requests
      .slice(-8)
      .map((r) => `  ${r.method} ${r.path} → ${r.status}`)
      .join('\n');

  const sendResponse = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (status === 204 || body === undefined) {
      res.writeHead(status, h);
      res.end();
      return;
    }
    h['content-type'] = 'application/json';
    res.writeHead(status, h);
    res.end(JSON.stringify(body));
  };

  const parseBody = async (req: http.IncomingMessage, raw: Buffer, rec: RecordedRequest) => {
    const ct = String(req.headers['content-type'] ?? '');
    if (raw.length === 0) return;
    if (ct.startsWith('application/json')) {
      try {
        rec.body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw E.invalidJson();
      }
    } else if (ct.startsWith('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': ct }, body: raw }).formData();
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') {
            try {
              rec.body = JSON.parse(value);
            } catch {
              throw E.invalidJson();
            }
          }
        } else {
          rec.files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: value.size });
        }
      }
    }
  };

  const handleHttp = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const prefix = '/api/v10';
    const rawPath = url.pathname;
    const rel = rawPath === prefix || rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : null;
    let segs: string[] = [];
    let decodedOk = true;
    try {
      segs = (rel ?? rawPath).split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    } catch {
      decodedOk = false;
    }
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'user-agent', 'content-type', 'x-audit-log-reason']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const rec: RecordedRequest = {
      index: requests.length,
      at: Date.now(),
      method,
      path: `/${segs.join('/')}`,
      rawPath,
      query: Object.fromEntries(url.searchParams.entries()),
      route: null,
      params: {},
      headers,
      body: undefined,
      files: [],
      status: 0,
      response: undefined,
    };
    requests.push(rec);
    let status = 500;
    let body: unknown;
    let respHeaders: Record<string, string> = {};
    let after: (() => void) | undefined;
    try {
      await parseBody(req, raw, rec);
      const matched = rel !== null && decodedOk ? matchRoute(method, segs) : null;
      if (matched && 'route' in matched) {
        rec.route = `${method} ${matched.route.template}`;
        rec.params = matched.params;
      }
      // faults first: they apply to any matching request, known route or not
      const fits = (rule: { method?: string; pathIncludes?: string }) =>
        (rule.method === undefined || rule.method.toUpperCase() === method) && (rule.pathIncludes === undefined || rec.path.includes(rule.pathIncludes));
      const delayRule = delayRules.find((d) => d.left > 0 && fits(d));
      if (delayRule) {
        delayRule.left--;
        delayRules = delayRules.filter((d) => d.left > 0);
        rec.fault = `delay ${delayRule.ms}ms`;
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, delayRule.ms);
          timers.add(t);
        });
        if (closed) return;
      }
      const failRule = failRules.find((f) => f.left > 0 && fits(f));
      if (failRule) {
        failRule.left--;
        failRules = failRules.filter((f) => f.left > 0);
        if (failRule.status === 429) {
          const retryAfter = failRule.retryAfter ?? 1;
          const global = failRule.global ?? false;
          rec.fault = 'rate-limit';
          throw new HttpError(429, failRule.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global }, {
            'retry-after': String(retryAfter),
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
            'x-ratelimit-reset-after': retryAfter.toFixed(3),
            'x-ratelimit-bucket': `fake${Buffer.from(rec.route ?? rec.path).toString('hex').slice(0, 24)}`,
            'x-ratelimit-scope': global ? 'global' : 'user',
            ...(global ? { 'x-ratelimit-global': 'true' } : {}),
          });
        }
        rec.fault = `status ${failRule.status}`;
        throw new HttpError(failRule.status, failRule.body ?? { message: `${failRule.status}: ${http.STATUS_CODES[failRule.status] ?? 'Error'}`, code: 0 });
      }
      if (!matched) throw E.notFound();
      if ('methodMismatch' in matched) throw new HttpError(405, { message: '405: Method Not Allowed', code: 0 });
      if (matched.route.auth) {
        const auth = headers.authorization ?? '';
        const m = /^Bot (.+)$/.exec(auth);
        if (!m || (options.token !== undefined && m[1] !== options.token)) throw E.unauthorized();
      }
      const out = await matched.route.handler(rec);
      status = out.status;
      body = out.body;
      after = out.after;
    } catch (error) {
      if (error instanceof HttpError) {
        status = error.status;
        body = error.body;
        respHeaders = error.headers;
      } else {
        status = 500;
        body = { message: `fake-discord internal error: ${(error as Error)?.message ?? String(error)}`, code: 0 };
        log('internal error', (error as Error)?.stack ?? String(error));
      }
    }
    rec.status = status;
    rec.response = body;
    log(`REST ${method} ${rec.path} → ${status}`);
    sendResponse(res, status, body, respHeaders);
    try {
      after?.();
    } catch (error) {
      log('after-response hook failed', String(error));
    }
    const pred = [...requestWaiters];
    for (const w of pred) if (w.match(rec)) settleWaiter(requestWaiters, w, rec);
  };

  // ----- servers -----
  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((error) => {
      log('handler crash', String(error));
      if (!res.headersSent) sendResponse(res, 500, { message: 'fake-discord crashed', code: 0 });
    });
  });
  server.keepAliveTimeout = 1000;
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const info: ConnectionInfo = { id: ++connCounter, url: req.url ?? '/', openedAt: Date.now(), closedAt: null, closeCode: null, closedBy: null, sessionId: null };
    connectionsInfo.push(info);
    const conn: Conn = { info, ws, session: null, serverClosing: false };
    conns.add(conn);
    log(`⇄ conn${info.id} open ${info.url}`);
    ws.on('error', (error) => log(`conn${info.id} error`, String(error)));
    ws.on('message', (raw, isBinary) => handleGatewayMessage(conn, raw, isBinary));
    ws.on('close', (code) => {
      conns.delete(conn);
      info.closedAt = Date.now();
      info.closeCode = code;
      info.closedBy ??= conn.serverClosing ? 'server' : 'client';
      const session = conn.session;
      if (session && session.conn === conn) {
        session.conn = null;
        session.info.connected = false;
        // Discord: a client closing with 1000/1001 ends the session.
        if (!conn.serverClosing && (code === 1000 || code === 1001)) session.info.resumable = false;
      }
      log(`⇄ conn${info.id} closed ${code} by ${info.closedBy}`);
    });
    const q = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams;
    if (q.get('v') !== '10') return closeConn(conn, 4012, 'Invalid API version.', false);
    if ((q.get('encoding') ?? 'json') !== 'json') return closeConn(conn, 4002, 'fake-discord supports encoding=json only', false);
    if (q.has('compress')) return closeConn(conn, 4002, 'fake-discord does not support transport compression', false);
    sendRaw(conn, { op: Op.Hello, d: { heartbeat_interval: heartbeatInterval, _trace: ['["fake-discord-gateway",{"micros":0}]'] }, s: null, t: null });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}`;

  const waitForConnsClosed = (targets: Conn[]) =>
    Promise.all(targets.map((c) => (c.ws.readyState === WebSocket.CLOSED ? Promise.resolve() : new Promise<void>((resolve) => c.ws.once('close', () => resolve()))))).then(() => undefined);

  // ----- builders -----
  const resolveInvoker = (user: APIUser | Json | undefined): APIUser => (user ? (knownUsers.get(user.id) ?? (user as APIUser)) : users[0]!);
  const interactionBase = (o: { user?: APIUser | Json; channelId?: string; guildId?: string; dm?: boolean; locale?: string; id?: string; token?: string }, type: number): Json => {
    const user = resolveInvoker(o.user);
    const id = o.id ?? snowflake();
    const base: Json = {
      id,
      application_id: application.id,
      type,
      token: o.token ?? `aW50ZXJhY3Rpb246${id}:${b64url(randomBytes(96))}`,
      version: 1,
      locale: o.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10485760,
    };
    if (o.dm) {
      const ch = dmChannelFor(user);
      Object.assign(base, {
        user: clone(user),
        channel_id: ch.id,
        channel: { id: ch.id, type: ChannelType.DM, last_message_id: ch.last_message_id, flags: 0, recipients: [clone(user)] },
        app_permissions: (P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions | P.UseExternalEmojis | P.UseApplicationCommands).toString(),
        authorizing_integration_owners: { '0': '0' },
        context: 1,
      });
      return base;
    }
    const guild = getGuildForBuilder(o.guildId);
    const channelId = o.channelId ?? (guild.channels as Json[]).find((c) => c.type === ChannelType.GuildText)?.id;
    const channel = channelsById.get(channelId);
    if (!channel) throw new Error(`fake-discord: unknown channel ${String(channelId)}`);
    const member = memberNoUser(guild.id, user.id, true) ?? {
      avatar: null, banner: null, nick: null, roles: [], joined_at: joinedAt, premium_since: null, deaf: false, mute: false, flags: 0, pending: false,
      communication_disabled_until: null, unusual_dm_activity_until: null, permissions: BigInt((guild.roles as Json[])[0]!.permissions).toString(),
    };
    Object.assign(base, {
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferred_locale, features: [] },
      guild_locale: guild.preferred_locale,
      channel_id: channel.id,
      channel: { ...clone(channel), permissions: member.permissions },
      member: { ...member, user: clone(user) },
      app_permissions: memberPermissions(guild.id, botId).toString(),
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    });
    return base;
  };
  const getGuildForBuilder = (guildId: string | undefined): Json => {
    const g = guildId ? guildsById.get(guildId) : firstGuild;
    if (!g) throw new Error(`fake-discord: unknown guild ${String(guildId)} (use dm: true for DMs)`);
    return g;
  };
  const findCommand = (name: string, guildId: string | undefined): Json | undefined =>
    (guildId ? commands.get(guildId)?.find((c) => c.name === name && (c.type ?? 1) === 1) : undefined) ??
    commands.get('global')?.find((c) => c.name === name && (c.type ?? 1) === 1);
  const buildCommandData = (o: AutocompleteOptions, focused: string | null, base: Json): Json => {
    const guildId: string | undefined = base.guild_id;
    const cmd = findCommand(o.name, guildId);
    let schema: Json[] = cmd?.options ?? [];
    const wrap: Json[] = [];
    if (o.subcommandGroup) {
      const g = schema.find((x) => x.name === o.subcommandGroup && x.type === 2);
      wrap.push({ name: o.subcommandGroup, type: 2 });
      schema = g?.options ?? [];
    }
    if (o.subcommand) {
      const s = schema.find((x) => x.name === o.subcommand && x.type === 1);
      wrap.push({ name: o.subcommand, type: 1 });
      schema = s?.options ?? [];
    }
    const resolved: Json = {};
    let leaf: Json[];
    const focusName = focused ?? null;
    if (Array.isArray(o.options)) leaf = clone(o.options);
    else {
      const entries = Object.entries(o.options ?? {});
      const focusTarget = focusName ?? (base.type === InteractionType.Autocomplete ? entries[0]?.[0] : undefined);
      leaf = entries.map(([name, value]) => {
        const def = schema.find((x) => x.name === name);
        const type: number = def?.type ?? (typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3);
        const opt: Json = { name, type, value };
        if (name === focusTarget) {
          opt.focused = true;
          // while typing, Discord sends the raw text for string options
          if (type === 3) opt.value = String(value);
        } else if (type === 6 || type === 9) {
          const u = knownUsers.get(String(value));
          if (u) {
            (resolved.users ??= {})[u.id] = clone(u);
            const m = guildId ? memberNoUser(guildId, u.id, true) : undefined;
            if (m) (resolved.members ??= {})[u.id] = m;
          }
        } else if (type === 7) {
          const ch = channelsById.get(String(value));
          if (ch) (resolved.channels ??= {})[ch.id] = { id: ch.id, name: ch.name, type: ch.type, permissions: base.member?.permissions ?? '0', ...(ch.parent_id ? { parent_id: ch.parent_id } : {}) };
        } else if (type === 8) {
          const role = guildId ? (guildsById.get(guildId)?.roles as Json[]).find((x) => x.id === String(value)) : undefined;
          if (role) (resolved.roles ??= {})[role.id] = clone(role);
        }
        return opt;
      });
    }
    let options: Json[] = leaf;
    for (let i = wrap.length - 1; i >= 0; i--) options = [{ ...wrap[i], options }];
    const commandId = o.commandId ?? cmd?.id ?? commandIdsByName.get(`global:1:${o.name}`) ?? snowflake();
    commandIdsByName.set(`global:1:${o.name}`, commandId);
    return {
      id: commandId,
      name: o.name,
      type: 1,
      ...(cmd?.guild_id ? { guild_id: cmd.guild_id } : {}),
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
  };
  const defaultComponentMessage = (base: Json, component: Json): Json => {
    const channelId: string = base.channel_id;
    const msg = newMessage({ channel_id: channelId, content: 'Pick one:', components: [{ type: 1, id: 1, components: [{ ...component, id: 2 }] }] });
    storeMessage(msg, base.guild_id ?? null);
    return clone(msg);
  };
  const componentInteraction = (o: ComponentOptions, data: Json, component: Json): APIMessageComponentInteraction => {
    const base = interactionBase(o, InteractionType.MessageComponent);
    const message = o.message ? clone(o.message as Json) : defaultComponentMessage(base, component);
    if (!messages.has(message.id)) storeMessage(clone(message), base.guild_id ?? null);
    return { ...base, message, data } as unknown as APIMessageComponentInteraction;
  };

  const build: FakeDiscord['build'] = {
    chatInput(o) {
      const base = interactionBase(o, InteractionType.ApplicationCommand);
      base.data = buildCommandData(o, null, base);
      return base as unknown as APIChatInputApplicationCommandInteraction;
    },
    autocomplete(o) {
      const base = interactionBase(o, InteractionType.Autocomplete);
      base.data = buildCommandData(o, o.focused ?? null, base);
      return base as unknown as APIApplicationCommandAutocompleteInteraction;
    },
    button(o) {
      return componentInteraction(o, { custom_id: o.customId, component_type: 2 }, { type: 2, style: 1, label: 'Click', custom_id: o.customId });
    },
    stringSelect(o) {
      return componentInteraction(o, { custom_id: o.customId, component_type: 3, values: o.values }, {
        type: 3,
        custom_id: o.customId,
        options: o.values.map((v) => ({ label: v, value: v })),
        min_values: 1,
        max_values: 1,
      });
    },
    message(o = {}) {
      const from = o.from ?? 'user';
      let author: Json;
      let webhookId: string | undefined;
      if (from === 'webhook') {
        webhookId = o.webhook?.id ?? fixedSnowflake(50);
        author = { id: webhookId, username: o.webhook?.name ?? 'Spidey Bot', avatar: null, discriminator: '0000', public_flags: 0, flags: 0, bot: true, global_name: null, clan: null, primary_guild: null };
      } else if (from === 'self') author = clone(botUser);
      else if (from === 'bot') author = clone(o.author ?? otherBot);
      else author = clone(resolveInvoker(o.author));
      let content = o.content ?? '';
      if (o.mentionBot) content = `<@${botId}> ${content}`;
      let channelId: string;
      let guildId: string | null = null;
      if (o.dm) {
        if (from === 'webhook') throw new Error('fake-discord: webhooks cannot post in DMs');
        channelId = dmChannelFor(from === 'self' ? users[0]! : author).id;
      } else {
        const guild = getGuildForBuilder(o.guildId);
        guildId = guild.id;
        channelId = o.channelId ?? (guild.channels as Json[]).find((c) => c.type === ChannelType.GuildText)!.id;
        if (!channelsById.has(channelId)) throw new Error(`fake-discord: unknown channel ${channelId}`);
      }
      const mentions: Json[] = parseMentions(content).map((u) => clone(u));
      for (const m of o.mentions ?? []) {
        const u = typeof m === 'string' ? knownUsers.get(m) : m;
        if (u && !mentions.some((x) => x.id === u.id)) mentions.push(clone(u));
      }
      const replied = o.replyTo as Json | undefined;
      if (replied && replied.author && !mentions.some((x) => x.id === replied.author.id) && replied.author.id !== author.id) mentions.push(clone(replied.author));
      const msg: Json = {
        type: replied ? 19 : 0,
        content,
        mentions: mentions.map((u) => {
          const member = guildId ? memberNoUser(guildId, u.id) : undefined;
          return member ? { ...u, member } : u;
        }),
        mention_roles: [...content.matchAll(ROLE_MENTION_RE)].map((m) => m[1]!),
        attachments: clone(o.attachments ?? []),
        embeds: clone(o.embeds ?? []),
        timestamp: isoNow(),
        edited_timestamp: null,
        flags: 0,
        components: clone(o.components ?? []),
        id: o.id ?? snowflake(),
        channel_id: channelId,
        author,
        pinned: false,
        mention_everyone: /@(everyone|here)\b/.test(content) && from !== 'webhook',
        tts: false,
        ...(from === 'user' ? { nonce: snowflake() } : {}),
        ...(webhookId ? { webhook_id: webhookId } : {}),
        ...(replied
          ? {
              message_reference: { type: 0, channel_id: replied.channel_id, message_id: replied.id, ...(guildId ? { guild_id: guildId } : {}) },
              referenced_message: (() => {
                const { guild_id: _g, member: _m, channel_type: _c, ...r } = clone(replied);
                return r;
              })(),
            }
          : {}),
        channel_type: o.dm ? ChannelType.DM : channelsById.get(channelId)!.type,
        ...(guildId ? { guild_id: guildId } : {}),
      };
      if (guildId && !webhookId) {
        const member = memberNoUser(guildId, author.id);
        if (member) msg.member = member;
      }
      return msg as unknown as GatewayMessageCreateDispatchData;
    },
  };

  // ----- handle -----
  const handle: FakeDiscord = {
    port,
    apiUrl,
    gatewayUrl,
    token,
    botUser,
    application,
    users,
    user: users[0]!,
    otherBot,
    guilds,
    guild: firstGuild as Json,
    channel: firstChannel as Json,
    requests,
    gatewayReceived,
    gatewaySent,
    connections: connectionsInfo,
    get sessions() {
      return sessions.map((s) => s.info);
    },
    messages: messagesView,
    commands,
    get pendingDispatches() {
      return pending.length;
    },
    findRequests(match) {
      return requests.filter(toRequestPredicate(match));
    },
    waitForRequest(match, opts = {}) {
      const pred = toRequestPredicate(match);
      const since = opts.since ?? 0;
      const existing = requests.slice(since).find((r) => r.status !== 0 && pred(r));
      if (existing) return Promise.resolve(existing);
      if (closed) return Promise.reject(new Error('fake-discord is closed'));
      const timeoutMs = opts.timeoutMs ?? 3000;
      return new Promise<RecordedRequest>((resolve, reject) => {
        const w: Waiter<RecordedRequest> = {
          match: (r) => r.index >= since && pred(r),
          resolve,
          reject,
          timer: setTimeout(() => {
            requestWaiters.delete(w);
            timers.delete(w.timer);
            reject(new Error(`fake-discord: no matching REST request within ${timeoutMs} ms. Recent requests:\n${describeRecent() || '  (none)'}`));
          }, timeoutMs),
        };
        timers.add(w.timer);
        requestWaiters.add(w);
      });
    },
    waitForInteractionCallback(interaction, opts = {}) {
      const id = typeof interaction === 'string' ? interaction : interaction.id;
      return handle.waitForRequest((r) => r.route === 'POST /interactions/:interaction/:token/callback' && r.params.interaction === id, opts);
    },
    waitForGateway(match, opts = {}) {
      const pred = toGatewayPredicate(match);
      const since = opts.since ?? 0;
      const existing = gatewayReceived.slice(since).find(pred);
      if (existing) return Promise.resolve(existing);
      if (closed) return Promise.reject(new Error('fake-discord is closed'));
      const timeoutMs = opts.timeoutMs ?? 3000;
      return new Promise<GatewayRecord>((resolve, reject) => {
        const w: Waiter<GatewayRecord> = {
          match: pred,
          resolve,
          reject,
          timer: setTimeout(() => {
            gatewayWaiters.delete(w);
            timers.delete(w.timer);
            const recent = gatewayReceived.slice(-8).map((g) => `  conn${g.connection} op ${g.op}`).join('\n');
            reject(new Error(`fake-discord: no matching gateway payload within ${timeoutMs} ms. Recent:\n${recent || '  (none)'}`));
          }, timeoutMs),
        };
        timers.add(w.timer);
        gatewayWaiters.add(w);
      });
    },
    dispatch,
    build,
    async closeWith(code, opts = {}) {
      const targets = [...conns].filter((c) => c.ws.readyState === WebSocket.OPEN);
      const invalidate = opts.invalidateSession ?? INVALIDATING_CODES.has(code);
      for (const c of targets) closeConn(c, code, opts.reason ?? `fake-discord closeWith(${code})`, invalidate);
      await waitForConnsClosed(targets);
    },
    async dropConnection() {
      const targets = [...conns];
      for (const c of targets) {
        c.info.closedBy = 'dropped';
        c.ws.terminate();
      }
      await waitForConnsClosed(targets);
    },
    stopHeartbeatAcks() {
      acksEnabled = false;
    },
    resumeHeartbeatAcks() {
      acksEnabled = true;
    },
    requestReconnect() {
      for (const c of conns) sendRaw(c, { op: Op.Reconnect, d: null, s: null, t: null });
    },
    invalidateSession(resumable = false) {
      for (const c of conns) {
        if (!resumable && c.session) c.session.info.resumable = false;
        sendRaw(c, { op: Op.InvalidSession, d: resumable, s: null, t: null });
      }
    },
    failNext(rule) {
      failRules.push({ ...rule, left: rule.times ?? 1 });
    },
    delayNext(rule) {
      delayRules.push({ ...rule, left: rule.times ?? 1 });
    },
    clearFaults() {
      failRules = [];
      delayRules = [];
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const w of requestWaiters) w.reject(new Error('fake-discord closed while waiting'));
      for (const w of gatewayWaiters) w.reject(new Error('fake-discord closed while waiting'));
      requestWaiters.clear();
      gatewayWaiters.clear();
      const open = [...conns];
      for (const c of open) c.ws.terminate();
      await waitForConnsClosed(open);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return handle;
}
