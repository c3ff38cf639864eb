/**
 * Cooldowns for free-text answers: a member gets at most one answer per `memberSeconds`, and a
 * channel at most `channelMax` answers per `channelSeconds`. Pure, with an injectable clock.
 */
export interface CooldownConfig {
  memberSeconds: number;
  channelMax: number;
  channelSeconds: number;
}

export class Cooldowns {
  private readonly members = new Map<string, number>();
  private readonly channels = new Map<string, number[]>();

  constructor(
    private readonly config: CooldownConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot for an answer; false (and nothing recorded) when the member or channel is cooling down. */
  take(memberId: string, channelId: string): boolean {
    const t = this.now();
    const memberWindow = this.config.memberSeconds * 1000;
    const channelWindow = this.config.channelSeconds * 1000;
    const last = this.members.get(memberId);
    if (last !== undefined && t - last < memberWindow) return false;
    const recent = (this.channels.get(channelId) ?? []).filter((x) => t - x < channelWindow);
    if (recent.length >= this.config.channelMax) {
      this.channels.set(channelId, recent);
      return false;
    }
    recent.push(t);
    this.channels.set(channelId, recent);
    this.members.set(memberId, t);
    if (this.members.size > 10_000) this.prune(t);
    return true;
  }

  private prune(t: number): void {
    for (const [k, v] of this.members) if (t - v >= this.config.memberSeconds * 1000) this.members.delete(k);
    for (const [k, v] of this.channels) if (v.every((x) => t - x >= this.config.channelSeconds * 1000)) this.channels.delete(k);
  }
}
