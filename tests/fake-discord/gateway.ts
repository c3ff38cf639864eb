/**
 * The gateway: WebSocket connections, HELLO → IDENTIFY/RESUME → READY + GUILD_CREATE, heartbeats,
 * sessions with sequence numbers and replay buffers, intent gating and the message-content rule,
 * and `dispatch` (which also records interactions and messages the tests send in).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  MessageFlags,
  type APIInteraction,
  type APIMessage,
  type GatewayGuildCreateDispatchData,
  type GatewayIdentifyData,
  type GatewayReadyDispatchData,
  type GatewayReceivePayload,
  type GatewayRequestGuildMembersData,
  type GatewayResumeData,
  type GatewaySendPayload,
} from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import { KNOWN_INTENTS, PRIVILEGED_INTENTS, type Conn, type FakeState, type Session } from './state.ts';
import type { ConnectionInfo, DispatchResult, GatewayRecord } from './types.ts';
import { clone } from './util.ts';

/** Close codes after which Discord forgets the session. */
export const INVALIDATING_CODES = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const TRACE = ['["fake-discord-gateway",{"micros":0}]'];

type Loose = Record<string, unknown>;

export interface Gateway {
  dispatch(t: string, d: unknown): DispatchResult;
  send(conn: Conn, payload: GatewayReceivePayload): boolean;
  closeConn(conn: Conn, code: number, reason: string, invalidate: boolean): void;
  onConnection(ws: WebSocket, req: IncomingMessage): void;
}

export function createGateway(state: FakeState): Gateway {
  const { world, settings, log } = state;

  const record = (list: GatewayRecord[], rec: GatewayRecord) => {
    list.push(rec);
    if (list === state.gatewayReceived) state.gatewayWaiters.offer(rec);
  };
  const send = (conn: Conn, payload: GatewayReceivePayload): boolean => {
    if (conn.ws.readyState !== WebSocket.OPEN) return false;
    conn.ws.send(JSON.stringify(payload));
    const { t = null, s = null } = payload as { t?: string | null; s?: number | null };
    record(state.gatewaySent, { at: Date.now(), connection: conn.info.id, sessionId: conn.session?.info.id ?? null, op: payload.op, t, s, d: payload.d });
    if (payload.op !== GatewayOpcodes.HeartbeatAck) log(`→ conn${conn.info.id}`, payload.op, t ?? '', s ?? '');
    return true;
  };
  const closeConn = (conn: Conn, code: number, reason: string, invalidate: boolean) => {
    conn.serverClosing = true;
    if (invalidate && conn.session) conn.session.info.resumable = false;
    log(`✕ conn${conn.info.id} close`, code, reason);
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) conn.ws.close(code, reason);
  };

  const guildCreateFor = (guild: GatewayGuildCreateDispatchData, session: Session): GatewayGuildCreateDispatchData => {
    const g = clone(guild);
    // Without GUILD_PRESENCES, Discord only lists the bot's own member (and voice members) in GUILD_CREATE.
    if (!(session.info.intents & GatewayIntentBits.GuildPresences)) g.members = g.members.filter((m) => m.user.id === state.botId);
    return g;
  };

  /** Which intent (if any) an event needs, given its payload. */
  const requiredIntent = (t: string, d: Loose | null): number | null => {
    const inGuild = Boolean(d?.guild_id);
    const E = GatewayDispatchEvents;
    switch (t) {
      case E.MessageCreate:
      case E.MessageUpdate:
      case E.MessageDelete:
      case E.MessageDeleteBulk:
        return inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
      case E.MessageReactionAdd:
      case E.MessageReactionRemove:
      case E.MessageReactionRemoveAll:
      case E.MessageReactionRemoveEmoji:
        return inGuild ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
      case E.TypingStart:
        return inGuild ? GatewayIntentBits.GuildMessageTyping : GatewayIntentBits.DirectMessageTyping;
      case E.GuildMemberAdd:
      case E.GuildMemberUpdate:
      case E.GuildMemberRemove:
        return GatewayIntentBits.GuildMembers;
      case E.PresenceUpdate:
        return GatewayIntentBits.GuildPresences;
      case E.ChannelCreate:
      case E.ChannelUpdate:
      case E.ChannelDelete:
      case E.GuildUpdate:
      case E.GuildRoleCreate:
      case E.GuildRoleUpdate:
      case E.GuildRoleDelete:
      case E.ThreadCreate:
      case E.ThreadUpdate:
      case E.ThreadDelete:
        return GatewayIntentBits.Guilds;
      default:
        return null; // READY, GUILD_CREATE, INTERACTION_CREATE, ... always sent
    }
  };
  /**
   * Discord's message-content rule: without the MESSAGE_CONTENT intent, content/embeds/attachments/components
   * (and poll text) are empty, except for messages the app sent, messages in DMs with the app,
   * and messages that mention the app.
   */
  const stripContent = (msg: Partial<APIMessage> & { guild_id?: string }, inGuild: boolean = Boolean(msg.guild_id)): typeof msg => {
    const exempt = !inGuild || msg.author?.id === state.botId || (Array.isArray(msg.mentions) && msg.mentions.some((u) => u.id === state.botId));
    const out = { ...msg };
    if (!exempt) {
      if ('content' in out) out.content = '';
      if ('embeds' in out) out.embeds = [];
      if ('attachments' in out) out.attachments = [];
      if ('components' in out) out.components = [];
      delete out.poll;
    }
    if (out.referenced_message) out.referenced_message = stripContent(out.referenced_message, inGuild) as APIMessage;
    return out;
  };
  const deliver = (session: Session, t: string, d: unknown): boolean => {
    const data = (typeof d === 'object' ? d : null) as Loose | null;
    const need = requiredIntent(t, data);
    if (settings.enforceIntents && need !== null && !(session.info.intents & need)) return false;
    let payloadData = d;
    if ((t === GatewayDispatchEvents.MessageCreate || t === GatewayDispatchEvents.MessageUpdate) && !(session.info.intents & GatewayIntentBits.MessageContent)) payloadData = stripContent(d as APIMessage);
    const s = ++session.info.seq;
    const entry = { s, t, d: clone(payloadData) };
    session.buffer.push(entry);
    session.info.dispatched.push({ s, t });
    if (session.conn) send(session.conn, { op: GatewayOpcodes.Dispatch, t, s, d: entry.d } as GatewayReceivePayload);
    return true;
  };

  const onInteractionDispatched = (data: APIInteraction) => {
    if (!data || typeof data.id !== 'string' || typeof data.token !== 'string') return;
    let rec = state.interactions.get(data.id);
    if (!rec) {
      const message = 'message' in data ? data.message : undefined;
      rec = {
        id: data.id,
        token: data.token,
        type: data.type,
        payload: clone(data),
        dispatchedAt: null,
        acknowledged: false,
        callbackType: null,
        originalMessageId: null,
        componentMessageId: message?.id ?? null,
      };
      state.interactions.set(rec.id, rec);
      state.interactionsByToken.set(rec.token, rec);
      if (message?.id && !state.messages.has(message.id)) state.storeMessage(clone(message), data.guild_id ?? null, Boolean((message.flags ?? 0) & MessageFlags.Ephemeral));
    }
    rec.dispatchedAt ??= Date.now();
  };
  const onMessageDispatched = (t: string, data: Loose) => {
    if (!data || typeof data.id !== 'string') return;
    if (t === GatewayDispatchEvents.MessageCreate) {
      const { guild_id, member: _m, channel_type: _c, ...rest } = clone(data) as Loose & APIMessage & { guild_id?: string };
      rest.mentions = (rest.mentions ?? []).map((u) => {
        const { member: _mm, ...user } = u as typeof u & { member?: unknown };
        return user;
      });
      state.storeMessage(rest, guild_id ?? null);
    } else if (t === GatewayDispatchEvents.MessageUpdate) {
      const stored = state.messages.get(data.id);
      if (stored) {
        const { guild_id: _g, member: _m, channel_type: _c, ...rest } = clone(data);
        Object.assign(stored.msg, rest);
      }
    } else if (t === GatewayDispatchEvents.MessageDelete) {
      state.deleteMessage(data.id);
    }
  };

  const dispatch = (t: string, d: unknown): DispatchResult => {
    if (state.closed) throw new Error('fake-discord: dispatch() after close()');
    if (t === GatewayDispatchEvents.InteractionCreate) onInteractionDispatched(d as APIInteraction);
    if (t.startsWith('MESSAGE_')) onMessageDispatched(t, d as Loose);
    const targets = state.sessions.filter((s) => s.info.resumable);
    const result: DispatchResult = { delivered: [], filtered: [], queued: false };
    if (targets.length === 0) {
      state.pending.push({ t, d: clone(d) });
      result.queued = true;
      log('queued', t, '(no session)');
      return result;
    }
    for (const s of targets) (deliver(s, t, d) ? result.delivered : result.filtered).push(s.info.id);
    return result;
  };

  const identify = (conn: Conn, d: Partial<GatewayIdentifyData> | undefined) => {
    if (conn.session) return closeConn(conn, 4005, 'Already authenticated.', false);
    if (typeof d?.token !== 'string' || d.token === '' || (settings.requiredToken !== undefined && d.token !== settings.requiredToken)) {
      return closeConn(conn, 4004, 'Authentication failed.', false);
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || intents & ~KNOWN_INTENTS) {
      return closeConn(conn, 4013, 'Invalid intent(s).', false);
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    if (shard[1] !== 1 || shard[0] !== 0) return closeConn(conn, 4010, 'Invalid shard.', false);
    if (intents & PRIVILEGED_INTENTS & ~settings.allowedPrivileged) return closeConn(conn, 4014, 'Disallowed intent(s).', false);

    const session: Session = {
      info: { id: randomBytes(16).toString('hex'), intents, shard, seq: 0, resumable: true, connected: true, identifiedAt: Date.now(), resumes: 0, dispatched: [] },
      token: d.token,
      buffer: [],
      conn,
    };
    state.sessions.push(session);
    conn.session = session;
    conn.info.sessionId = session.info.id;
    log(`session ${session.info.id} identified, intents=${intents}`);
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: { ...clone(world.botUser), verified: true, mfa_enabled: false, email: null, bot: true },
      guilds: world.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.info.id,
      resume_gateway_url: state.gatewayUrl,
      shard,
      application: { id: world.application.id, flags: world.application.flags, flags_new: world.application.flags_new },
    };
    deliver(session, GatewayDispatchEvents.Ready, ready);
    for (const g of world.guilds) deliver(session, GatewayDispatchEvents.GuildCreate, guildCreateFor(g, session));
    // Dispatches made while no session existed.
    for (const p of state.pending.splice(0)) deliver(session, p.t, p.d);
  };

  const resume = (conn: Conn, d: Partial<GatewayResumeData> | undefined) => {
    if (conn.session) return closeConn(conn, 4005, 'Already authenticated.', false);
    const session = state.sessions.find((s) => s.info.id === d?.session_id);
    if (!session || !session.info.resumable || session.token !== d?.token) {
      log(`resume of unknown/invalid session ${d?.session_id} → op 9`);
      send(conn, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
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
    for (const e of missed) send(conn, { op: GatewayOpcodes.Dispatch, t: e.t, s: e.s, d: e.d } as GatewayReceivePayload);
    deliver(session, GatewayDispatchEvents.Resumed, { _trace: TRACE });
  };

  const requestGuildMembers = (session: Session, d: Partial<GatewayRequestGuildMembersData> | undefined) => {
    const guild = d?.guild_id ? world.guildsById.get(d.guild_id) : undefined;
    if (!guild || !d) return;
    let members = clone(guild.members);
    if ('user_ids' in d && d.user_ids !== undefined) {
      const ids = ([] as string[]).concat(d.user_ids);
      members = members.filter((m) => ids.includes(m.user.id));
    } else if ('query' in d && typeof d.query === 'string' && d.query !== '') {
      const query = d.query;
      members = members.filter((m) => m.user.username.startsWith(query));
    }
    const limit = (d as { limit?: unknown }).limit;
    if (typeof limit === 'number' && limit > 0) members = members.slice(0, limit);
    deliver(session, GatewayDispatchEvents.GuildMembersChunk, { guild_id: guild.id, members, chunk_index: 0, chunk_count: 1, not_found: [], ...(d.nonce ? { nonce: d.nonce } : {}) });
  };

  const onMessage = (conn: Conn, raw: WebSocket.RawData, isBinary: boolean) => {
    let payload: GatewaySendPayload;
    try {
      if (isBinary) throw new Error('binary');
      const parsed: unknown = JSON.parse(raw.toString());
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Loose).op !== 'number') throw new Error('shape');
      payload = parsed as GatewaySendPayload;
    } catch {
      return closeConn(conn, 4002, 'Error while decoding payload.', false);
    }
    const d = payload.d as Loose | null | undefined;
    const authenticating = payload.op === GatewayOpcodes.Identify || payload.op === GatewayOpcodes.Resume;
    const redacted = authenticating && d && typeof d === 'object' ? { ...d, token: '<redacted>' } : d;
    record(state.gatewayReceived, { at: Date.now(), connection: conn.info.id, sessionId: conn.session?.info.id ?? null, op: payload.op, d: redacted });
    if (payload.op !== GatewayOpcodes.Heartbeat) log(`← conn${conn.info.id} op`, payload.op);
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        if (state.acksEnabled) send(conn, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null } as unknown as GatewayReceivePayload);
        return;
      case GatewayOpcodes.Identify:
        return identify(conn, payload.d);
      case GatewayOpcodes.Resume:
        return resume(conn, payload.d);
    }
    if (!conn.session) return closeConn(conn, 4003, 'Not authenticated.', false);
    switch (payload.op) {
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        return;
      case GatewayOpcodes.RequestGuildMembers:
        return requestGuildMembers(conn.session, payload.d);
      default:
        return closeConn(conn, 4001, 'Unknown opcode.', false);
    }
  };

  const onConnection = (ws: WebSocket, req: IncomingMessage) => {
    const info: ConnectionInfo = { id: state.connections.length + 1, url: req.url ?? '/', openedAt: Date.now(), closedAt: null, closeCode: null, closedBy: null, sessionId: null };
    state.connections.push(info);
    const conn: Conn = { info, ws, session: null, serverClosing: false };
    state.conns.add(conn);
    log(`⇄ conn${info.id} open ${info.url}`);
    ws.on('error', (error) => log(`conn${info.id} error`, String(error)));
    ws.on('message', (raw, isBinary) => onMessage(conn, raw, isBinary));
    ws.on('close', (code) => {
      state.conns.delete(conn);
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
    send(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: settings.heartbeatInterval }, s: null, t: null });
  };

  return { dispatch, send, closeConn, onConnection };
}
