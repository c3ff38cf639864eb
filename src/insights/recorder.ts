/**
 * The insights recorder: off the answer path. `recordAnswer()` copies a few fields of the answer into
 * a reused slot of a ring (constant time, no allocation, never awaits, never throws); a flush
 * makes the outcomes (normalizing the terms) and writes them to the store in batches, every `flushMs`
 * or as soon as a batch is full. When the store is slow or down, the ring stops at `maxQueue` and
 * further outcomes are dropped and counted, never held without bound.
 * Retention: outcomes older than `retentionDays` are purged at start and then daily.
 *
 * Why reused slots: an object per answer, held until the next flush, survives the young-generation
 * collections and is copied by each of them; a slot made once (and soon in the old generation) is
 * only written to. One slot object rather than a column per field: the fields of one outcome sit
 * together, so queuing touches a cache line or two, not a dozen arrays.
 */
import type { Logger } from 'pino';
import { dayOf, draftInto, draftScratch, finishOutcome, MAX_TERM, type MatchHow, type Outcome, type OutcomeButton, type OutcomeContext, type OutcomeIntent, type OutcomeKind } from '../core/insights.ts';
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
  /** The queue: a ring of slots, each an outcome made already (`record`) or an answer's fields (`recordAnswer`). */
  private ring: Ring | undefined;
  private readonly scratch = draftScratch();
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
    if (!outcome) return;
    const slot = this.slot();
    if (slot) slot.outcome = outcome;
  }

  /** A free slot at the ring's end (counted as recorded), or undefined when the ring is full (counted as dropped). */
  private slot(): Slot | undefined {
    let ring = (this.ring ??= new Ring(Math.min(this.maxQueue, 1024)));
    // Grows by doubling up to maxQueue (rarely: only while the store is slower than the questions).
    if (ring.size >= ring.capacity && ring.capacity < this.maxQueue) ring = this.ring = ring.grown(Math.min(this.maxQueue, ring.capacity * 2));
    if (ring.size >= this.maxQueue) {
      this.s.dropped++;
      const t = this.now();
      if (t - this.lastDropWarning > 60_000) {
        this.lastDropWarning = t;
        this.o.logger?.warn({ dropped: this.s.dropped, maxQueue: this.maxQueue }, 'insights: the store is too slow; dropping outcomes (answers are not affected)');
      }
      return undefined;
    }
    const slot = ring.push();
    this.s.recorded++;
    if (ring.size >= this.batchSize && !this.flushing && !this.flushSoon) {
      this.flushSoon = setImmediate(() => {
        this.flushSoon = undefined;
        void this.flush();
      });
    }
    return slot;
  }

  /**
   * Queues an answer's outcome: copies the entry ids, how it matched and the raw term into the ring
   * (never the reply); the term is normalized and the outcome made when the queue is written, so the
   * answer path pays for a few stores into arrays. A silence is not even queued. Never throws.
   */
  recordAnswer(answer: Answer, ctx: Omit<OutcomeContext, 'at'> & { at?: number }): void {
    try {
      const d = this.scratch;
      if (!draftInto(answer, ctx, d)) return;
      const slot = this.slot();
      if (!slot) return;
      slot.outcome = undefined;
      slot.at = ctx.at ?? this.now();
      slot.guild = ctx.guildId;
      slot.channel = ctx.channelId;
      slot.kind = ctx.kind;
      slot.command = ctx.command;
      slot.button = ctx.button;
      slot.intent = d.intent;
      slot.match = d.match;
      slot.term = d.rawTerm;
      slot.count = d.count;
      slot.e0 = d.entries[0]!;
      slot.e1 = d.entries[1]!;
      slot.e2 = d.entries[2]!;
      slot.e3 = d.entries[3]!;
      slot.e4 = d.entries[4]!;
    } catch (err) {
      this.o.logger?.error({ err }, 'insights: could not record an outcome (the answer was sent)');
    }
  }

  get stats(): RecorderStats {
    return { ...this.s, queued: this.ring?.size ?? 0 };
  }

  /** Writes everything queued, a batch at a time. One flush at a time; a caller during one waits for it and the rest. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.ring || this.ring.size === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async drain(): Promise<void> {
    // The ring is read afresh after each write: it may have grown (been replaced) meanwhile.
    while (this.ring && this.ring.size > 0) {
      const ring = this.ring;
      const batch: Outcome[] = [];
      while (batch.length < this.batchSize && ring.size > 0) {
        const o = this.take(ring.shift());
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

  /** The outcome in a slot (made now, off the answer path), and the slot cleared so it holds nothing. */
  private take(slot: Slot): Outcome | undefined {
    try {
      if (slot.outcome) return slot.outcome;
      const { command, button, match, term } = slot;
      return finishOutcome({
        ctx: { at: slot.at, guildId: slot.guild, channelId: slot.channel, kind: slot.kind, ...(command ? { command } : {}), ...(button ? { button } : {}) },
        intent: slot.intent,
        entries: [slot.e0, slot.e1, slot.e2, slot.e3, slot.e4].slice(0, slot.count),
        ...(match ? { match } : {}),
        ...(term ? { rawTerm: term.slice(0, 4 * MAX_TERM) } : {}),
      });
    } catch (err) {
      this.o.logger?.error({ err }, 'insights: could not make an outcome (the answer was sent)');
      return undefined;
    } finally {
      slot.clear();
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

/** One queued outcome: made already (`record`), or an answer's fields (`recordAnswer`). Reused. */
class Slot {
  outcome: Outcome | undefined = undefined;
  at = 0;
  guild: string | null = null;
  channel: string | null = null;
  kind: OutcomeKind = 'channel';
  command: string | undefined = undefined;
  button: OutcomeButton | undefined = undefined;
  intent: OutcomeIntent = 'define';
  match: MatchHow | undefined = undefined;
  term: string | undefined = undefined;
  count = 0;
  e0 = '';
  e1 = '';
  e2 = '';
  e3 = '';
  e4 = '';

  /** Drops the references, so a written slot holds nothing of an answer. */
  clear(): void {
    this.outcome = undefined;
    this.guild = this.channel = null;
    this.command = this.term = undefined;
    this.e0 = this.e1 = this.e2 = this.e3 = this.e4 = '';
  }
}

/** The recorder's queue: a ring of `capacity` slots, each made on first use and reused from then on. */
class Ring {
  head = 0;
  size = 0;
  private readonly slots: Slot[] = [];

  constructor(readonly capacity: number) {}

  /** A larger ring holding the same slots in the same order. */
  grown(capacity: number): Ring {
    const next = new Ring(capacity);
    for (let n = 0; n < this.size; n++) next.slots.push(this.slots[(this.head + n) % this.capacity]!);
    next.size = this.size;
    return next;
  }

  /** The slot at the end (the caller checked there is room). */
  push(): Slot {
    const i = (this.head + this.size) % this.capacity;
    this.size++;
    let slot = this.slots[i];
    if (!slot) {
      slot = new Slot();
      this.slots[i] = slot;
    }
    return slot;
  }

  /** The slot at the front, taken off the ring. */
  shift(): Slot {
    const slot = this.slots[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return slot;
  }
}
