/** Small helpers shared by the fake's parts: ids, tokens, timestamps, deep copies, waiters. */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;
/** A real-shaped snowflake for the given time (default now). Unique within the process. */
export function snowflake(at: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}
/** Deterministic fixture ids: 2023-01-01T00:00:00Z + n ms. */
export function fixedSnowflake(n: number): string {
  return (((BigInt(Date.UTC(2023, 0, 1) + n) - DISCORD_EPOCH) << 22n) | BigInt(n % 4096)).toString();
}
export function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}
/**
 * A string shaped like a bot token (`base64(userId).timestamp.hmac`), generated at run time.
 * It only has to look right: the fake accepts any non-empty token unless `options.token` is set.
 */
export function fakeBotToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64').replace(/=+$/, '')}.${b64url(randomBytes(4))}.${b64url(randomBytes(27))}`;
}
/** Discord's timestamp format (microseconds, +00:00). */
export function isoNow(at: number = Date.now()): string {
  return new Date(at).toISOString().replace('Z', '000+00:00');
}
/** A deep copy through JSON, as a payload is on the wire. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * How long a wait for a request or gateway payload may take before it fails with a list of what did
 * arrive: a bound for the failure case only (waits resolve on the event), kept under vitest's
 * testTimeout (vitest.config.ts) so the helpful message wins over a bare "test timed out".
 */
export const DEFAULT_WAIT_MS = 30_000;

/**
 * Promises that resolve when a matching record arrives: the one waiting mechanism behind
 * waitForRequest and waitForGateway. Every wait has a timeout; close() rejects what is left.
 */
export class Waiters<T> {
  private readonly waiting = new Set<{ match: (x: T) => boolean; resolve: (x: T) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private closed = false;

  /** Resolves with the first of `past` matching, else the next `offer`ed record that matches. */
  wait(past: readonly T[], match: (x: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const existing = past.find(match);
    if (existing) return Promise.resolve(existing);
    if (this.closed) return Promise.reject(new Error('fake-discord is closed'));
    return new Promise<T>((resolve, reject) => {
      const w = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiting.delete(w);
          reject(new Error(describe()));
        }, timeoutMs),
      };
      this.waiting.add(w);
    });
  }

  offer(record: T): void {
    for (const w of [...this.waiting]) {
      if (!w.match(record)) continue;
      this.waiting.delete(w);
      clearTimeout(w.timer);
      w.resolve(record);
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new Error('fake-discord closed while waiting'));
    }
    this.waiting.clear();
  }
}
