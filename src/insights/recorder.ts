/**
 * The insights recorder: off the answer path. `recordAnswer()` copies a few fields of the answer into
 * a ring of preallocated columns (constant time, no allocation, never awaits, never throws); a flush
 * makes the outcomes (normalizing the terms) and writes them to the store in batches, every `flushMs`
 * or as soon as a batch is full. When the store is slow or down, the ring stops at `maxQueue` and
 * further outcomes are dropped and counted, never held without bound.
 * Retention: outcomes older than `retentionDays` are purged at start and then daily.
 *
 * Why columns: an object per answer, held until the next flush, survives the young-generation
 * collections and is copied by each of them; plain slots in arrays made once are not.
 */
import type { Logger } from 'pino';
import { dayOf, draftInto, draftScratch, finishOutcome, MAX_ENTRIES, MAX_TERM, OUTCOME_KINDS, type MatchHow, type Outcome, type OutcomeContext, type OutcomeIntent } from '../core/insights.ts';
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
    if (slot >= 0) this.ring!.outcome[slot] = outcome;
  }

  /** A free slot at the ring's end (counted as recorded), or -1 when the ring is full (counted as dropped). */
  private slot(): number {
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
      return -1;
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
      if (slot < 0) return;
      const r = this.ring!;
      r.outcome[slot] = undefined;
      r.at[slot] = ctx.at ?? this.now();
      r.guild[slot] = ctx.guildId;
      r.channel[slot] = ctx.channelId;
      r.kind[slot] = OUTCOME_KINDS.indexOf(ctx.kind);
      r.command[slot] = ctx.command;
      r.button[slot] = ctx.button === 'pick' ? 1 : ctx.button === 'open' ? 2 : 0;
      r.intent[slot] = INTENTS.indexOf(d.intent);
      r.match[slot] = d.match ? MATCHES.indexOf(d.match) + 1 : 0;
      r.term[slot] = d.rawTerm;
      r.count[slot] = d.count;
      for (let k = 0; k < d.count; k++) r.entries[slot * MAX_ENTRIES + k] = d.entries[k]!;
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
        const o = this.take(ring, ring.shift());
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
  private take(r: Ring, slot: number): Outcome | undefined {
    const ready = r.outcome[slot];
    const base = slot * MAX_ENTRIES;
    try {
      if (ready) return ready;
      const match = r.match[slot] ? MATCHES[r.match[slot]! - 1] : undefined;
      const button = r.button[slot] === 1 ? 'pick' : r.button[slot] === 2 ? 'open' : undefined;
      const command = r.command[slot];
      const raw = r.term[slot];
      return finishOutcome({
        ctx: { at: r.at[slot]!, guildId: r.guild[slot] ?? null, channelId: r.channel[slot] ?? null, kind: OUTCOME_KINDS[r.kind[slot]!] ?? 'channel', ...(command ? { command } : {}), ...(button ? { button } : {}) },
        intent: INTENTS[r.intent[slot]!] ?? 'define',
        entries: r.entries.slice(base, base + r.count[slot]!),
        ...(match ? { match } : {}),
        ...(raw ? { rawTerm: raw.slice(0, 4 * MAX_TERM) } : {}),
      });
    } catch (err) {
      this.o.logger?.error({ err }, 'insights: could not make an outcome (the answer was sent)');
      return undefined;
    } finally {
      r.clear(slot);
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

const INTENTS: readonly OutcomeIntent[] = ['define', 'compare', 'classify'];
const MATCHES: readonly MatchHow[] = ['exact', 'typo', 'pick'];

/**
 * The recorder's queue: a ring of `capacity` slots kept in columns made once (numbers in typed arrays,
 * strings in arrays), so queuing an answer stores into them and allocates nothing.
 */
class Ring {
  head = 0;
  size = 0;
  readonly at: Float64Array;
  readonly kind: Uint8Array;
  readonly intent: Uint8Array;
  /** 0: none, else MATCHES index + 1. */
  readonly match: Uint8Array;
  /** 0: none, 1: pick, 2: open. */
  readonly button: Uint8Array;
  readonly count: Uint8Array;
  readonly guild: (string | null)[];
  readonly channel: (string | null)[];
  readonly command: (string | undefined)[];
  readonly term: (string | undefined)[];
  /** MAX_ENTRIES slots per outcome. */
  readonly entries: string[];
  /** An outcome made already (`record`), else undefined. */
  readonly outcome: (Outcome | undefined)[];

  constructor(readonly capacity: number) {
    this.at = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.intent = new Uint8Array(capacity);
    this.match = new Uint8Array(capacity);
    this.button = new Uint8Array(capacity);
    this.count = new Uint8Array(capacity);
    this.guild = new Array<string | null>(capacity).fill(null);
    this.channel = new Array<string | null>(capacity).fill(null);
    this.command = new Array<string | undefined>(capacity).fill(undefined);
    this.term = new Array<string | undefined>(capacity).fill(undefined);
    this.entries = new Array<string>(capacity * MAX_ENTRIES).fill('');
    this.outcome = new Array<Outcome | undefined>(capacity).fill(undefined);
  }

  /** A larger ring holding the same slots in the same order. */
  grown(capacity: number): Ring {
    const next = new Ring(capacity);
    for (let n = 0; n < this.size; n++) {
      const from = (this.head + n) % this.capacity;
      next.at[n] = this.at[from]!;
      next.kind[n] = this.kind[from]!;
      next.intent[n] = this.intent[from]!;
      next.match[n] = this.match[from]!;
      next.button[n] = this.button[from]!;
      next.count[n] = this.count[from]!;
      next.guild[n] = this.guild[from]!;
      next.channel[n] = this.channel[from]!;
      next.command[n] = this.command[from];
      next.term[n] = this.term[from];
      next.outcome[n] = this.outcome[from];
      for (let k = 0; k < MAX_ENTRIES; k++) next.entries[n * MAX_ENTRIES + k] = this.entries[from * MAX_ENTRIES + k]!;
    }
    next.size = this.size;
    return next;
  }

  /** The slot at the end (the caller checked there is room). */
  push(): number {
    const slot = (this.head + this.size) % this.capacity;
    this.size++;
    return slot;
  }

  /** The slot at the front, taken off the ring. */
  shift(): number {
    const slot = this.head;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return slot;
  }

  /** Drops a taken slot's references, so the ring holds no strings of answers already written. */
  clear(slot: number): void {
    this.outcome[slot] = undefined;
    this.guild[slot] = null;
    this.channel[slot] = null;
    this.command[slot] = undefined;
    this.term[slot] = undefined;
    this.entries.fill('', slot * MAX_ENTRIES, slot * MAX_ENTRIES + MAX_ENTRIES);
  }
}
