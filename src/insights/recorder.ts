/**
 * The insights recorder: off the answer path. `record()` only pushes onto a bounded in-memory queue
 * (constant time, never awaits, never throws); a flush writes the queue to the store in batches,
 * every `flushMs` or as soon as a batch is full. When the store is slow or down, the queue stops
 * growing at `maxQueue` and further outcomes are dropped and counted, never held without bound.
 * Retention: outcomes older than `retentionDays` are purged at start and then daily.
 */
import type { Logger } from 'pino';
import { dayOf, draftOf, finishOutcome, type Outcome, type OutcomeContext, type OutcomeDraft } from '../core/insights.ts';
import type { Answer } from '../core/reply.ts';
import type { InsightsStore } from './store.ts';

export interface RecorderOptions {
  store: InsightsStore;
  logger?: Logger;
  /** Outcomes held while waiting for the store; past this, new ones are dropped (default 10,000). */
  maxQueue?: number;
  /** Outcomes per write (default 500); a full batch is flushed at once. */
  batchSize?: number;
  /** Flush at least this often (default 2,000 ms). */
  flushMs?: number;
  /** Keep outcomes this many days (default 90). */
  retentionDays?: number;
  /** Purge this often (default daily). */
  purgeEveryMs?: number;
  now?: () => number;
}

export interface RecorderStats {
  /** Outcomes taken into the queue. */
  recorded: number;
  /** Outcomes the store kept. */
  written: number;
  /** Outcomes not kept because the server switched insights off. */
  skipped: number;
  /** Outcomes dropped because the queue was full (the store too slow). */
  dropped: number;
  /** Outcomes lost to a failed write. */
  failed: number;
  queued: number;
}

export class InsightsRecorder {
  readonly store: InsightsStore;
  /** Outcomes, or drafts finished at flush time (off the answer path). */
  private queue: (Outcome | OutcomeDraft)[] = [];
  private flushing: Promise<void> | undefined;
  private flushSoon: ReturnType<typeof setImmediate> | undefined;
  private timers: ReturnType<typeof setInterval>[] = [];
  private readonly s: RecorderStats = { recorded: 0, written: 0, skipped: 0, dropped: 0, failed: 0, queued: 0 };
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private readonly now: () => number;
  readonly retentionDays: number;
  private lastDropWarning = 0;

  constructor(private readonly o: RecorderOptions) {
    this.store = o.store;
    this.maxQueue = Math.max(1, o.maxQueue ?? 10_000);
    this.batchSize = Math.max(1, o.batchSize ?? 500);
    this.retentionDays = Math.max(1, o.retentionDays ?? 90);
    this.now = o.now ?? Date.now;
  }

  /** Queues an outcome (undefined: nothing to keep). Constant time; never throws, never waits. */
  record(outcome: Outcome | undefined): void {
    if (outcome) this.enqueue(outcome);
  }

  private enqueue(item: Outcome | OutcomeDraft): void {
    if (this.queue.length >= this.maxQueue) {
      this.s.dropped++;
      const t = this.now();
      if (t - this.lastDropWarning > 60_000) {
        this.lastDropWarning = t;
        this.o.logger?.warn({ dropped: this.s.dropped, maxQueue: this.maxQueue }, 'insights: the store is too slow; dropping outcomes (answers are not affected)');
      }
      return;
    }
    this.queue.push(item);
    this.s.recorded++;
    if (this.queue.length >= this.batchSize && !this.flushing && !this.flushSoon) {
      this.flushSoon = setImmediate(() => {
        this.flushSoon = undefined;
        void this.flush();
      });
    }
  }

  /**
   * Queues an answer's outcome as a small draft (the ids and the raw term; never the reply); the term
   * is normalized when the queue is written, so the answer path pays for little more than a push.
   * A silence is not even queued. Never throws.
   */
  recordAnswer(answer: Answer, ctx: Omit<OutcomeContext, 'at'> & { at?: number }): void {
    if (!answer.reply) return;
    try {
      const draft = draftOf(answer, { ...ctx, at: ctx.at ?? this.now() });
      if (draft) this.enqueue(draft);
    } catch (err) {
      this.o.logger?.error({ err }, 'insights: could not record an outcome (the answer was sent)');
    }
  }

  get stats(): RecorderStats {
    return { ...this.s, queued: this.queue.length };
  }

  /** Writes everything queued, a batch at a time. One flush at a time; a caller during one waits for it and the rest. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Outcome[] = [];
      for (const item of this.queue.splice(0, this.batchSize)) {
        const o = 'ctx' in item ? this.finish(item) : item;
        if (o) batch.push(o);
        else this.s.recorded--;
      }
      if (batch.length === 0) continue;
      try {
        const kept = await this.store.append(batch);
        this.s.written += kept;
        this.s.skipped += batch.length - kept;
      } catch (err) {
        this.s.failed += batch.length;
        this.o.logger?.error({ err, lost: batch.length }, 'insights: could not save outcomes (answers are not affected)');
        return;
      }
    }
  }

  private finish(d: OutcomeDraft): Outcome | undefined {
    try {
      return finishOutcome(d);
    } catch (err) {
      this.o.logger?.error({ err }, 'insights: could not make an outcome (the answer was sent)');
      return undefined;
    }
  }

  /** Deletes outcomes older than the retention. */
  async purge(): Promise<number> {
    const before = dayOf(this.now() - (this.retentionDays - 1) * 86_400_000);
    try {
      const n = await this.store.purge(before);
      if (n > 0) this.o.logger?.info({ purged: n, before }, 'insights: purged outcomes past the retention');
      return n;
    } catch (err) {
      this.o.logger?.error({ err }, 'insights: the daily purge failed; it is tried again tomorrow');
      return 0;
    }
  }

  /** Starts the flush and purge timers (they never keep the process alive) and purges once. */
  start(): void {
    if (this.timers.length > 0) return;
    const flush = setInterval(() => void this.flush(), this.o.flushMs ?? 2000);
    const purge = setInterval(() => void this.purge(), this.o.purgeEveryMs ?? 86_400_000);
    flush.unref();
    purge.unref();
    this.timers = [flush, purge];
    void this.purge();
  }

  /** Stops the timers and writes what is queued. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    await this.flush();
  }
}
