/** The fake's public types: options, world specs, records, builder options and the handle. */
import type {
  APIApplication,
  APIApplicationCommand,
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataOption,
  APIAttachment,
  APIChatInputApplicationCommandInteraction,
  APIEmbed,
  APIMessage,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
  APITextChannel,
  APIUser,
  ChannelType,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  Locale,
} from 'discord-api-types/v10';

export interface UserSpec {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
  /** The user does not take direct messages from the bot: sends in their DM channel fail with 403 50007, as on Discord. */
  dmsClosed?: boolean;
}
export interface ChannelSpec {
  id?: string;
  name: string;
  /** text (default), voice, category or announcement */
  type?: ChannelType.GuildText | ChannelType.GuildVoice | ChannelType.GuildCategory | ChannelType.GuildAnnouncement;
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
  preferredLocale?: Locale;
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
  /**
   * An interaction must get its initial callback within this many ms of dispatch, else 404 10062 (Discord: 3000).
   * Default 0 (off): tests do not measure speed (npm run bench does), and a busy machine must not fail them.
   */
  interactionResponseTimeoutMs?: number;
  /** Log gateway/REST traffic to stderr (also enabled by env FAKE_DISCORD_DEBUG=1). */
  debug?: boolean;
}

/** A guild as GUILD_CREATE carries it (channels and members included). */
export type FakeGuild = GatewayGuildCreateDispatchData;
export type FakeGuildChannel = FakeGuild['channels'][number];

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** the uploaded bytes */
  content: Buffer;
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
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body, as the client sent it; undefined when there is none. */
  body: unknown;
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

/** Gateway dispatch event names and the data each carries, from discord-api-types. */
export type DispatchData = { [P in GatewayDispatchPayload as `${P['t']}`]: P['d'] };
export type DispatchEvent = keyof DispatchData;

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
/** Cut the connection mid-request (TCP reset: the client sees ECONNRESET / "other side closed"). */
export interface ResetRule {
  method?: string;
  pathIncludes?: string;
  /** how many matching requests are cut. Default 1. */
  times?: number;
  /**
   * 'before' (default): cut before the route runs, so nothing happened. 'after': the route runs (the
   * message is posted, the interaction answered) and the connection is cut instead of the response.
   */
  when?: 'before' | 'after';
  /** 'reset' (default): a TCP RST, the client sees ECONNRESET. 'close': the socket is closed with no response, the client sees "other side closed". */
  how?: 'reset' | 'close';
}
export interface DelayRule {
  method?: string;
  pathIncludes?: string;
  ms: number;
  times?: number;
}

/** Where an interaction happens and who makes it. */
export interface InteractionPlace {
  /** invoking user (default: first user) */
  user?: APIUser;
  /** default: the first text channel of the first guild */
  channelId?: string;
  guildId?: string;
  /** DM with the bot instead of a guild */
  dm?: boolean;
  locale?: Locale;
  id?: string;
  token?: string;
}
/**
 * A file attached to an attachment option: the fake serves `content` at the attachment's url (on its
 * own loopback HTTP server, under /attachments/), so the bot downloads it as from Discord's CDN.
 */
export interface AttachmentSpec {
  filename: string;
  content: string | Uint8Array;
  /** default text/markdown; charset=utf-8 */
  contentType?: string;
  /** the size Discord declares (default: the content's byte length); set it to test a size check before downloading */
  size?: number;
}
export interface ChatInputOptions extends InteractionPlace {
  name: string;
  /** name → value (types inferred, or taken from the registered command; an AttachmentSpec is an attachment option), or raw API options */
  options?: Record<string, string | number | boolean | AttachmentSpec> | APIApplicationCommandInteractionDataOption[];
  subcommand?: string;
  subcommandGroup?: string;
  commandId?: string;
}
export interface AutocompleteOptions extends ChatInputOptions {
  /** name of the option being typed in (default: the first option) */
  focused?: string;
}
export interface ComponentOptions extends InteractionPlace {
  customId: string;
  /** message carrying the component; default: a new bot message in the channel with that button/select */
  message?: APIMessage;
}
export interface SelectOptions extends ComponentOptions {
  values: string[];
}
export interface ModalSubmitOptions extends InteractionPlace {
  /** the modal's custom id */
  customId: string;
  /** text input custom id → submitted value */
  fields: Record<string, string>;
  /** set when the modal was opened from a button on this message */
  message?: APIMessage;
}
export interface MessageOptions {
  content?: string;
  /** who writes it: a human (default), another bot, a webhook, or the bot itself */
  from?: 'user' | 'bot' | 'webhook' | 'self';
  author?: APIUser;
  /** default: the first text channel of the first guild */
  channelId?: string;
  guildId?: string;
  /** a DM between the author and the bot */
  dm?: boolean;
  /** prepend `<@bot>` to content (and list the bot in mentions) */
  mentionBot?: boolean;
  /** extra mentioned users (ids or objects); `<@id>` in content is parsed too */
  mentions?: Array<string | APIUser>;
  embeds?: APIEmbed[];
  attachments?: APIAttachment[];
  components?: APIMessage['components'];
  /** make it a reply to this message (type 19 with message_reference and referenced_message) */
  replyTo?: APIMessage;
  webhook?: { id?: string; name?: string };
  id?: string;
}

export interface Builders {
  chatInput(o: ChatInputOptions): APIChatInputApplicationCommandInteraction;
  autocomplete(o: AutocompleteOptions): APIApplicationCommandAutocompleteInteraction;
  button(o: ComponentOptions): APIMessageComponentInteraction;
  stringSelect(o: SelectOptions): APIMessageComponentInteraction;
  modalSubmit(o: ModalSubmitOptions): APIModalSubmitInteraction;
  message(o?: MessageOptions): GatewayMessageCreateDispatchData;
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
  readonly application: APIApplication;
  readonly users: APIUser[];
  /** first configured user (default alice, the guild owner) */
  readonly user: APIUser;
  /** another bot (not ours), author of `from: 'bot'` messages */
  readonly otherBot: APIUser;
  readonly guilds: FakeGuild[];
  /** the first guild (full object as in GUILD_CREATE) */
  readonly guild: FakeGuild;
  /** the first text channel of the first guild */
  readonly channel: APITextChannel;

  readonly requests: RecordedRequest[];
  /** attachment downloads (GET /attachments/…), in order: the path and the status served */
  readonly attachmentDownloads: { path: string; status: number }[];
  /** client → server gateway payloads */
  readonly gatewayReceived: GatewayRecord[];
  /** server → client gateway payloads */
  readonly gatewaySent: GatewayRecord[];
  readonly connections: ConnectionInfo[];
  readonly sessions: SessionInfo[];
  /** messages known to the fake (sent by the bot, or dispatched), by id (REST shape) */
  readonly messages: ReadonlyMap<string, APIMessage>;
  /** registered commands: key 'global' or a guild id */
  readonly commands: ReadonlyMap<string, APIApplicationCommand[]>;
  /** dispatches waiting for a session (see DispatchResult.queued) */
  readonly pendingDispatches: number;

  findRequests(match: RequestMatcher): RecordedRequest[];
  /** Resolves with the first answered request matching (looking at past ones from `since`, default 0, then future ones). */
  waitForRequest(match: RequestMatcher, opts?: { timeoutMs?: number; since?: number }): Promise<RecordedRequest>;
  /** The initial callback (POST /interactions/:id/:token/callback) for an interaction. */
  waitForInteractionCallback(interaction: string | { id: string }, opts?: { timeoutMs?: number }): Promise<RecordedRequest>;
  waitForGateway(match: GatewayMatcher, opts?: { timeoutMs?: number; since?: number }): Promise<GatewayRecord>;

  /** Send a dispatch to every resumable session (buffered for disconnected ones; queued if there is none). */
  dispatch<E extends DispatchEvent>(event: E, data: DispatchData[E]): DispatchResult;

  build: Builders;

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
  /** Cut the connection of the next matching REST request(s) with a TCP reset, before or after the route runs. */
  resetNext(rule: ResetRule): void;
  clearFaults(): void;

  close(): Promise<void>;
}
