/**
 * The fake's state: the world (users, guilds, channels, application, from payloads.ts) and what
 * happened (requests, gateway traffic, connections, sessions, messages, interactions, commands).
 * Every other part reads and changes the world through one FakeState.
 */
import {
  ChannelType,
  GatewayIntentBits,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIDMChannel,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type ChannelFlags,
} from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import { createWorld, type FakeChannel, type World } from './payloads.ts';
import type { ConnectionInfo, DelayRule, FakeDiscordOptions, FaultRule, GatewayRecord, RecordedRequest, ResetRule, SessionInfo } from './types.ts';
import { clone, snowflake, Waiters } from './util.ts';

/** Every intent bit Discord defines; IDENTIFY with another bit is closed with 4013. */
export const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);
export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
/** Every permission bit Discord defined as of API v10 in 2025 (bits 0..51). */
export const ALL_PERMISSIONS = (1n << 52n) - 1n;

export interface Conn {
  info: ConnectionInfo;
  ws: WebSocket;
  session: Session | null;
  /** set when the server initiated the close */
  serverClosing: boolean;
}
export interface Session {
  info: SessionInfo;
  token: string;
  buffer: Array<{ s: number; t: string; d: unknown }>;
  conn: Conn | null;
}
export interface InteractionRecord {
  id: string;
  token: string;
  type: APIInteraction['type'];
  payload: APIInteraction;
  dispatchedAt: number | null;
  acknowledged: boolean;
  callbackType: number | null;
  originalMessageId: string | null;
  componentMessageId: string | null;
}
export interface StoredMessage {
  msg: APIMessage;
  guildId: string | null;
  ephemeral: boolean;
}

export interface Settings {
  heartbeatInterval: number;
  enforceIntents: boolean;
  echo: boolean;
  interactionTimeout: number;
  allowedPrivileged: number;
  /** the only token accepted, when options.token is set */
  requiredToken: string | undefined;
  log: (...parts: unknown[]) => void;
}

function settingsFrom(options: FakeDiscordOptions): Settings {
  const debugOn = options.debug ?? process.env.FAKE_DISCORD_DEBUG === '1';
  const allowed = options.privilegedIntentsAllowed;
  return {
    heartbeatInterval: options.heartbeatIntervalMs ?? 1000,
    enforceIntents: options.enforceIntents ?? true,
    echo: options.echoMessages ?? true,
    interactionTimeout: options.interactionResponseTimeoutMs ?? 0,
    allowedPrivileged: allowed === undefined || allowed === true ? PRIVILEGED_INTENTS : allowed === false ? 0 : allowed,
    requiredToken: options.token,
    log: (...parts) => {
      if (debugOn) process.stderr.write(`[fake-discord] ${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`);
    },
  };
}

export class FakeState {
  readonly settings: Settings;
  readonly world: World;

  // what happened
  readonly requests: RecordedRequest[] = [];
  readonly gatewayReceived: GatewayRecord[] = [];
  readonly gatewaySent: GatewayRecord[] = [];
  readonly connections: ConnectionInfo[] = [];
  readonly conns = new Set<Conn>();
  readonly sessions: Session[] = [];
  /** dispatches made while no resumable session existed */
  readonly pending: Array<{ t: string; d: unknown }> = [];
  readonly messages = new Map<string, StoredMessage>();
  /** the REST shape of every stored message, for tests */
  readonly messagesView = new Map<string, APIMessage>();
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly commandIdsByName = new Map<string, string>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** files attached to interactions (build.chatInput with an AttachmentSpec), by attachment id */
  readonly attachmentFiles = new Map<string, { filename: string; bytes: Buffer; contentType: string }>();
  readonly attachmentDownloads: { path: string; status: number }[] = [];
  /** `http://127.0.0.1:PORT`, set once the server listens */
  httpUrl = '';
  readonly requestWaiters = new Waiters<RecordedRequest>();
  readonly gatewayWaiters = new Waiters<GatewayRecord>();
  readonly timers = new Set<NodeJS.Timeout>();

  // faults in force
  failRules: Array<FaultRule & { left: number }> = [];
  delayRules: Array<DelayRule & { left: number }> = [];
  resetRules: Array<ResetRule & { left: number }> = [];
  acksEnabled = true;
  closed = false;
  /** where READY sends resumes; set once the server listens */
  gatewayUrl = '';

  constructor(options: FakeDiscordOptions) {
    this.settings = settingsFrom(options);
    this.world = createWorld(options);
  }

  get log() {
    return this.settings.log;
  }
  get botId(): string {
    return this.world.botUser.id;
  }

  storeMessage(msg: APIMessage, guildId: string | null, ephemeral = false): StoredMessage {
    const stored = { msg, guildId, ephemeral };
    this.messages.set(msg.id, stored);
    this.messagesView.set(msg.id, msg);
    const ch = this.world.channelsById.get(msg.channel_id);
    if (ch && 'last_message_id' in ch) ch.last_message_id = msg.id;
    return stored;
  }
  deleteMessage(id: string): void {
    this.messages.delete(id);
    this.messagesView.delete(id);
  }

  guildMember(guildId: string, userId: string): APIGuildMember | undefined {
    return this.world.guildsById.get(guildId)?.members.find((m) => m.user.id === userId);
  }
  memberPermissions(guildId: string, userId: string): bigint {
    const g = this.world.guildsById.get(guildId);
    if (!g) return 0n;
    if (g.owner_id === userId) return ALL_PERMISSIONS;
    let perms = BigInt(g.roles[0]!.permissions);
    for (const roleId of this.guildMember(guildId, userId)?.roles ?? []) {
      const r = g.roles.find((x) => x.id === roleId);
      if (r) perms |= BigInt(r.permissions);
    }
    return perms & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : perms;
  }
  /** A member without its user (as in messages), optionally with its computed permissions (as in interactions). */
  memberNoUser(guildId: string, userId: string, withPermissions = false): (Omit<APIGuildMember, 'user'> & { permissions?: string }) | undefined {
    const m = this.guildMember(guildId, userId);
    if (!m) return undefined;
    const { user: _user, ...rest } = clone(m);
    return withPermissions ? { ...rest, permissions: this.memberPermissions(guildId, userId).toString() } : rest;
  }
  /** The DM channel between the bot and a user, made on first use. */
  dmChannelFor(user: APIUser): APIDMChannel {
    const known = this.world.dmChannelsByUser.get(user.id);
    if (known) return known;
    const ch: APIDMChannel = { id: snowflake(), type: ChannelType.DM, last_message_id: null, flags: 0 as ChannelFlags, recipients: [clone(user)], name: null };
    this.world.dmChannelsByUser.set(user.id, ch);
    this.world.channelsById.set(ch.id, ch);
    return ch;
  }
  channel(id: string | undefined): FakeChannel | undefined {
    return id ? this.world.channelsById.get(id) : undefined;
  }

  /** A timer that close() clears. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

