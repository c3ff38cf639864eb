/** The insights recorder: batched, bounded, off the answer path; retention and the per-server switch. */
import { describe, expect, it } from 'vitest';
import { dayOf, outcomeOf, type InsightsCounts, type Outcome, type OutcomeContext } from '../src/core/insights.ts';
import { shippedTermbot } from './helpers/shipped.ts';
import { readQuestions } from '../src/bench/questions.ts';
import { InsightsRecorder } from '../src/insights/recorder.ts';
import { DeferredInsightsStore, MemoryInsightsStore, type InsightsStore } from '../src/insights/store.ts';
import { captureLogger } from './discord/fakes.ts';

const AT = Date.parse('2026-11-30T10:00:00Z');
const G = '300000000000000001';
const out = (over: Partial<Outcome> = {}): Outcome => ({ at: AT, day: dayOf(AT), guildId: G, channelId: null, kind: 'mention', intent: 'define', entries: ['reach'], match: 'exact', ...over });

/** A store whose writes wait until released, and that can be told to fail. */
class SlowStore implements InsightsStore {
  readonly inner = new MemoryInsightsStore();
  writes: number[] = [];
  private gates: (() => void)[] = [];
  fail = false;
  release() {
    for (const g of this.gates.splice(0)) g();
  }
  async append(outcomes: readonly Outcome[]) {
    this.writes.push(outcomes.length);
    await new Promise<void>((r) => this.gates.push(r));
    if (this.fail) throw new Error('database is down');
    return this.inner.append(outcomes);
  }
  counts(g: string, f: string, t: string): Promise<InsightsCounts> {
    return this.inner.counts(g, f, t);
  }
  purge(d: string) {
    return this.inner.purge(d);
  }
  enabled(g: string) {
    return this.inner.enabled(g);
  }
  setEnabled(g: string, on: boolean) {
    return this.inner.setEnabled(g, on);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the recorder', () => {
  it("queues answers in columns: what it writes is each answer's outcome, in order, also past the ring's growth", async () => {
    const bot = await shippedTermbot();
    const questions = [...readQuestions('tests/questions.jsonl').map((q) => q.q), 'what is a zorblax funnel?', `what is ${'a very long made up word '.repeat(30)}?`];
    const written: Outcome[] = [];
    const store = new MemoryInsightsStore();
    const spy: InsightsStore = { ...store, append: async (o) => (written.push(...o), o.length), counts: store.counts.bind(store), purge: store.purge.bind(store), enabled: store.enabled.bind(store), setEnabled: store.setEnabled.bind(store) };
    const rec = new InsightsRecorder({ store: spy, batchSize: 100_000, maxQueue: 100_000 });
    const expected: Outcome[] = [];
    const contexts: OutcomeContext[] = [
      { at: AT, guildId: G, channelId: '400000000000000001', kind: 'channel' },
      { at: AT + 1, guildId: null, channelId: null, kind: 'dm' },
      { at: AT + 2, guildId: G, channelId: null, kind: 'slash', command: 'define' },
      { at: AT + 3, guildId: G, channelId: null, kind: 'button', button: 'pick', pickedFor: 'Zorblax  Funnels!' },
    ];
    // Over 1,024 answers: the ring grows while holding them.
    for (let round = 0; round < 8; round++) {
      for (const q of questions) {
        const a = bot.ask(q, 'channel');
        const ctx = contexts[round % contexts.length]!;
        rec.recordAnswer(a, ctx);
        const o = outcomeOf(a, ctx);
        if (o) expected.push(o);
      }
    }
    expect(expected.length).toBeGreaterThan(1024);
    await rec.flush();
    expect(written).toEqual(expected);
    expect(rec.stats).toMatchObject({ recorded: expected.length, written: expected.length, queued: 0, dropped: 0 });
  });

  it('writes in batches: a full batch at once, the rest on flush', async () => {
    const store = new MemoryInsightsStore();
    const rec = new InsightsRecorder({ store, batchSize: 3 });
    for (let i = 0; i < 4; i++) rec.record(out());
    expect(rec.stats.queued).toBe(4);
    await tick();
    await rec.flush();
    expect(rec.stats).toMatchObject({ recorded: 4, written: 4, queued: 0, dropped: 0 });
    expect((await store.counts(G, '2026-11-30', '2026-11-30')).entries).toEqual([{ entryId: 'reach', count: 4 }]);
  });

  it('ignores answers with nothing to keep', () => {
    const rec = new InsightsRecorder({ store: new MemoryInsightsStore() });
    rec.record(undefined);
    rec.recordAnswer({ intent: 'none', terms: [] }, { guildId: G, channelId: null, kind: 'channel' });
    expect(rec.stats.recorded).toBe(0);
  });

  it('drops and counts, never grows, while the store is slow; answers never wait', async () => {
    const store = new SlowStore();
    const { logger, lines } = captureLogger('warn');
    const rec = new InsightsRecorder({ store, batchSize: 5, maxQueue: 10, logger });
    for (let i = 0; i < 5; i++) rec.record(out());
    await tick(); // the full batch is being written, and the write hangs
    expect(store.writes).toEqual([5]);
    const t = performance.now();
    for (let i = 0; i < 1000; i++) rec.record(out());
    expect(performance.now() - t).toBeLessThan(1000); // no waiting (a sanity bound, not a timing test)
    expect(rec.stats.queued).toBe(10);
    expect(rec.stats.dropped).toBe(990);
    expect(lines().filter((l) => /too slow/.test(String(l.msg)))).toHaveLength(1);
    store.release();
    const done = rec.flush();
    for (let i = 0; i < 5; i++) {
      await tick();
      store.release();
    }
    await done;
    expect(rec.stats).toMatchObject({ written: 15, dropped: 990, queued: 0 });
  });

  it('counts outcomes lost to a failed write and keeps going', async () => {
    const store = new SlowStore();
    const { logger, lines } = captureLogger('error');
    const rec = new InsightsRecorder({ store, logger });
    store.fail = true;
    rec.record(out());
    const f = rec.flush();
    await tick();
    store.release();
    await f;
    expect(rec.stats.failed).toBe(1);
    expect(lines()[0]?.msg).toMatch(/could not save/);
    store.fail = false;
    rec.record(out());
    const g = rec.flush();
    await tick();
    store.release();
    await g;
    expect(rec.stats.written).toBe(1);
  });

  it('keeps nothing for a server that switched insights off, and switching off forgets what was kept', async () => {
    const store = new MemoryInsightsStore();
    const rec = new InsightsRecorder({ store });
    rec.record(out());
    await rec.flush();
    await store.setEnabled(G, false);
    expect(await store.enabled(G)).toBe(false);
    expect((await store.counts(G, '2026-01-01', '2026-12-31')).days).toEqual([]);
    rec.record(out());
    rec.record(out({ guildId: 'other' }));
    await rec.flush();
    expect(rec.stats).toMatchObject({ written: 2, skipped: 1 });
    await store.setEnabled(G, true);
    expect(await store.enabled(G)).toBe(true);
  });

  it('purges outcomes past the retention', async () => {
    const store = new MemoryInsightsStore();
    const now = AT;
    const rec = new InsightsRecorder({ store, retentionDays: 90, now: () => now });
    const daysAgo = (n: number) => out({ at: AT - n * 86_400_000, day: dayOf(AT - n * 86_400_000) });
    for (const n of [0, 10, 89, 90, 200]) rec.record(daysAgo(n));
    await rec.flush();
    expect(await rec.purge()).toBe(2);
    const c = await store.counts(G, '2000-01-01', '2100-01-01');
    expect(c.days.map((d) => d.day)).toEqual([dayOf(AT - 89 * 86_400_000), dayOf(AT - 10 * 86_400_000), dayOf(AT)]);
  });

  it('stop() writes what is queued', async () => {
    const store = new MemoryInsightsStore();
    const rec = new InsightsRecorder({ store, flushMs: 60_000 });
    rec.start();
    rec.record(out());
    await rec.stop();
    expect((await store.counts(G, '2026-11-30', '2026-11-30')).days).toEqual([{ day: '2026-11-30', questions: 1, misses: 0 }]);
  });
});

describe('a store opened on first use', () => {
  it('opens once, and again after a failed opening', async () => {
    let opened = 0;
    let fail = true;
    const inner = new MemoryInsightsStore();
    const store = new DeferredInsightsStore(async () => {
      opened++;
      if (fail) throw new Error('database not ready');
      return inner;
    });
    await expect(store.append([out()])).rejects.toThrow(/not ready/);
    fail = false;
    expect(await store.append([out()])).toBe(1);
    expect(await store.enabled(G)).toBe(true);
    await store.setEnabled(G, false);
    expect(await store.purge('2000-01-01')).toBe(0);
    expect((await store.counts(G, '2026-01-01', '2026-12-31')).days).toEqual([]);
    expect(opened).toBe(2);
  });
});
