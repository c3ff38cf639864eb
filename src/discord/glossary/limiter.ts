/**
 * Edit rate limits for a server's glossary: at most `perMember` changes by one member and
 * `perServer` changes in one server within `windowMs` (sliding window). A change is add, edit,
 * remove, hide, revert or import (an import counts once). Counted per bot process, in memory.
 * Pure apart from the clock, which is injectable.
 */

/** The limits, in one place (README: "Rate limits"). */
export const EDIT_LIMITS = { perMember: 10, perServer: 30, windowMs: 60_000 } as const;

export type LimitCheck = { ok: true } | { ok: false; who: 'member' | 'server'; retryAfterMs: number; limit: number; windowMs: number };

export class EditLimiter {
  private readonly members = new Map<string, number[]>();
  private readonly servers = new Map<string, number[]>();

  constructor(
    private readonly limits: { perMember: number; perServer: number; windowMs: number } = EDIT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops times older than the window; returns what is left (and forgets empty keys). */
  private recent(map: Map<string, number[]>, key: string, at: number): number[] {
    const times = (map.get(key) ?? []).filter((t) => at - t < this.limits.windowMs);
    if (times.length > 0) map.set(key, times);
    else map.delete(key);
    return times;
  }

  /** Whether `memberId` may make one more change in `guildId` now. */
  check(guildId: string, memberId: string): LimitCheck {
    const at = this.now();
    const member = this.recent(this.members, `${guildId}:${memberId}`, at);
    if (member.length >= this.limits.perMember) return { ok: false, who: 'member', retryAfterMs: member[0]! + this.limits.windowMs - at, limit: this.limits.perMember, windowMs: this.limits.windowMs };
    const server = this.recent(this.servers, guildId, at);
    if (server.length >= this.limits.perServer) return { ok: false, who: 'server', retryAfterMs: server[0]! + this.limits.windowMs - at, limit: this.limits.perServer, windowMs: this.limits.windowMs };
    return { ok: true };
  }

  /** Counts one change (after it was stored). */
  record(guildId: string, memberId: string): void {
    const at = this.now();
    const keys: [Map<string, number[]>, string][] = [
      [this.members, `${guildId}:${memberId}`],
      [this.servers, guildId],
    ];
    for (const [map, key] of keys) {
      // Members who never come back would stay forever: sweep the old ones now and then.
      if (map.size > 10_000) for (const k of [...map.keys()]) this.recent(map, k, at);
      const times = this.recent(map, key, at);
      times.push(at);
      map.set(key, times);
    }
  }
}

/** The private refusal when a limit is reached. */
export function limitMessage(c: Extract<LimitCheck, { ok: false }>): string {
  const seconds = Math.max(1, Math.ceil(c.retryAfterMs / 1000));
  const window = c.windowMs === 60_000 ? 'a minute' : `${Math.round(c.windowMs / 1000)} seconds`;
  const changes = `${c.limit} ${c.limit === 1 ? 'change' : 'changes'}`;
  return c.who === 'member'
    ? `You have made ${changes} to this server's glossary within ${window}, the most allowed. Nothing was changed; try again in ${seconds} s.`
    : `This server's glossary has had ${changes} within ${window}, the most allowed. Nothing was changed; try again in ${seconds} s.`;
}
