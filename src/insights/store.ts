/**
 * Where outcomes are kept. Two implementations: in memory (tests, the console, and a bot with no
 * database), and the SQL store (SQLite or Postgres, src/insights/sql.ts). Both must agree with
 * `countOutcomes`, the reference: the shared storage suite checks it.
 */
import { countOutcomes, type InsightsCounts, type Outcome } from '../core/insights.ts';

export interface InsightsStore {
  /**
   * Saves outcomes in one transaction. Outcomes of servers that switched insights off are not kept.
   * Returns how many were kept.
   */
  append(outcomes: readonly Outcome[]): Promise<number>;
  /** The counts of one server (or DM_GUILD) for the UTC days `from` to `to`, inclusive. */
  counts(guildId: string, from: string, to: string): Promise<InsightsCounts>;
  /** Deletes every outcome of a day before `beforeDay` (YYYY-MM-DD). Returns how many. */
  purge(beforeDay: string): Promise<number>;
  /** Whether a server keeps insights (on unless switched off). */
  enabled(guildId: string): Promise<boolean>;
  /** Switches insights on or off for a server; off also deletes what was kept for it. */
  setEnabled(guildId: string, on: boolean): Promise<void>;
}

/** Outcomes in memory, bounded: the oldest go first past `max`. */
export class MemoryInsightsStore implements InsightsStore {
  private outcomes: Outcome[] = [];
  private readonly off = new Set<string>();
  constructor(private readonly max = 100_000) {}

  async append(outcomes: readonly Outcome[]): Promise<number> {
    const kept = outcomes.filter((o) => !this.off.has(o.guildId));
    this.outcomes.push(...kept.map((o) => ({ ...o, entries: [...o.entries] })));
    if (this.outcomes.length > this.max) this.outcomes = this.outcomes.slice(-this.max);
    return kept.length;
  }

  async counts(guildId: string, from: string, to: string): Promise<InsightsCounts> {
    return countOutcomes(this.outcomes.filter((o) => o.guildId === guildId && o.day >= from && o.day <= to));
  }

  async purge(beforeDay: string): Promise<number> {
    const before = this.outcomes.length;
    this.outcomes = this.outcomes.filter((o) => o.day >= beforeDay);
    return before - this.outcomes.length;
  }

  async enabled(guildId: string): Promise<boolean> {
    return !this.off.has(guildId);
  }

  async setEnabled(guildId: string, on: boolean): Promise<void> {
    if (on) this.off.delete(guildId);
    else {
      this.off.add(guildId);
      this.outcomes = this.outcomes.filter((o) => o.guildId !== guildId);
    }
  }
}

/**
 * A store opened on first use (the bot opens its database after connecting to Discord): every call
 * waits for the opening; a failed opening is tried again at the next call.
 */
export class DeferredInsightsStore implements InsightsStore {
  private opening: Promise<InsightsStore> | undefined;
  constructor(private readonly open: () => Promise<InsightsStore>) {}

  private get store(): Promise<InsightsStore> {
    this.opening ??= this.open().catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  async append(outcomes: readonly Outcome[]): Promise<number> {
    return (await this.store).append(outcomes);
  }
  async counts(guildId: string, from: string, to: string): Promise<InsightsCounts> {
    return (await this.store).counts(guildId, from, to);
  }
  async purge(beforeDay: string): Promise<number> {
    return (await this.store).purge(beforeDay);
  }
  async enabled(guildId: string): Promise<boolean> {
    return (await this.store).enabled(guildId);
  }
  async setEnabled(guildId: string, on: boolean): Promise<void> {
    return (await this.store).setEnabled(guildId, on);
  }
}
