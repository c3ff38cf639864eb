/**
 * Faults a test can inject. REST: `failNext` (429 with rate-limit headers, 5xx, any status),
 * `delayNext` and `resetNext` (the TCP connection reset mid-request, before or after the route ran),
 * matched by method and path, applied before routing. Gateway: close codes, dropped
 * TCP connections, missing heartbeat ACKs, op 7 RECONNECT and op 9 INVALID SESSION.
 */
import http from 'node:http';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import { HttpError } from './errors.ts';
import { INVALIDATING_CODES, type Gateway } from './gateway.ts';
import type { Conn, FakeState } from './state.ts';
import type { FakeDiscord, RecordedRequest } from './types.ts';

export type FaultControls = Pick<
  FakeDiscord,
  'failNext' | 'delayNext' | 'resetNext' | 'clearFaults' | 'closeWith' | 'dropConnection' | 'stopHeartbeatAcks' | 'resumeHeartbeatAcks' | 'requestReconnect' | 'invalidateSession'
>;

export function waitForConnsClosed(targets: Conn[]): Promise<void> {
  return Promise.all(targets.map((c) => (c.ws.readyState === WebSocket.CLOSED ? undefined : new Promise<void>((resolve) => c.ws.once('close', () => resolve()))))).then(() => undefined);
}

export function createFaults(state: FakeState, gateway: Gateway): FaultControls {
  return {
    failNext(rule) {
      state.failRules.push({ ...rule, left: rule.times ?? 1 });
    },
    delayNext(rule) {
      state.delayRules.push({ ...rule, left: rule.times ?? 1 });
    },
    resetNext(rule) {
      state.resetRules.push({ ...rule, left: rule.times ?? 1 });
    },
    clearFaults() {
      state.failRules = [];
      state.delayRules = [];
      state.resetRules = [];
    },
    async closeWith(code, opts = {}) {
      const targets = [...state.conns].filter((c) => c.ws.readyState === WebSocket.OPEN);
      const invalidate = opts.invalidateSession ?? INVALIDATING_CODES.has(code);
      for (const c of targets) gateway.closeConn(c, code, opts.reason ?? `fake-discord closeWith(${code})`, invalidate);
      await waitForConnsClosed(targets);
    },
    async dropConnection() {
      const targets = [...state.conns];
      for (const c of targets) {
        c.info.closedBy = 'dropped';
        c.ws.terminate();
      }
      await waitForConnsClosed(targets);
    },
    stopHeartbeatAcks() {
      state.acksEnabled = false;
    },
    resumeHeartbeatAcks() {
      state.acksEnabled = true;
    },
    requestReconnect() {
      for (const c of state.conns) gateway.send(c, { op: GatewayOpcodes.Reconnect, d: null as never, s: null, t: null } as never);
    },
    invalidateSession(resumable = false) {
      for (const c of state.conns) {
        if (!resumable && c.session) c.session.info.resumable = false;
        gateway.send(c, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
      }
    },
  };
}

/**
 * Applies the first matching delay rule, then the first matching fail rule (which throws the
 * HttpError to answer with). Runs before routing: faults hit known and unknown routes alike.
 */
export async function applyRestFaults(state: FakeState, rec: RecordedRequest): Promise<void> {
  const fits = (rule: { method?: string; pathIncludes?: string }) =>
    (rule.method === undefined || rule.method.toUpperCase() === rec.method) && (rule.pathIncludes === undefined || rec.path.includes(rule.pathIncludes));
  const delay = state.delayRules.find((d) => d.left > 0 && fits(d));
  if (delay) {
    delay.left--;
    state.delayRules = state.delayRules.filter((d) => d.left > 0);
    rec.fault = `delay ${delay.ms}ms`;
    await new Promise<void>((resolve) => state.later(delay.ms, resolve));
  }
  const fail = state.failRules.find((f) => f.left > 0 && fits(f));
  if (!fail) return;
  fail.left--;
  state.failRules = state.failRules.filter((f) => f.left > 0);
  if (fail.status === 429) {
    const retryAfter = fail.retryAfter ?? 1;
    const global = fail.global ?? false;
    rec.fault = 'rate-limit';
    throw new HttpError(429, fail.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global }, {
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
  rec.fault = `status ${fail.status}`;
  throw new HttpError(fail.status, fail.body ?? { message: `${fail.status}: ${http.STATUS_CODES[fail.status] ?? 'Error'}`, code: 0 });
}

/** The reset rule for this request, if one matches (and uses it up). */
export function takeReset(state: FakeState, rec: RecordedRequest): { when: 'before' | 'after'; how: 'reset' | 'close' } | undefined {
  const rule = state.resetRules.find((r) => r.left > 0 && (r.method === undefined || r.method.toUpperCase() === rec.method) && (r.pathIncludes === undefined || rec.path.includes(r.pathIncludes)));
  if (!rule) return undefined;
  rule.left--;
  state.resetRules = state.resetRules.filter((r) => r.left > 0);
  return { when: rule.when ?? 'before', how: rule.how ?? 'reset' };
}
