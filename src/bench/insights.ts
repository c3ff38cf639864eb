/**
 * Bench rows for insights: does recording move answer latency? The same questions are timed with
 * recording off and on in separate passes, interleaved (each round runs one of each, in alternating
 * order, after a full collection when --expose-gc allows); recording on means what the Discord
 * handlers do after answering (queue the outcome). Each pass gets its own p50 and p99, and the
 * verdict compares the medians over the rounds, so a burst of noise from a busy machine lands in one
 * pass and does not decide it. Flushes run between passes, untimed, as they run between messages in
 * the bot; their own cost (how long one batch write holds the event loop) is measured apart.
 */
import type { Termbot } from '../core/termbot.ts';
import { dayOf, type Outcome } from '../core/insights.ts';
import { InsightsRecorder } from '../insights/recorder.ts';
import type { InsightsStore } from '../insights/store.ts';
import { percentile, type Latency } from './stats.ts';

const summarize = (times: number[]): Latency => {
  times.sort((a, b) => a - b);
  return { samples: times.length, p50Us: percentile(times, 50), p99Us: percentile(times, 99), maxUs: times[times.length - 1] ?? Number.NaN };
};
const median = (xs: readonly number[]) => percentile([...xs].sort((a, b) => a - b), 50);

export interface RecordingBench {
  /** All samples of all passes. */
  off: Latency;
  on: Latency;
  rounds: number;
  /** The medians over the rounds of each pass's p50 and p99, in µs. */
  median: { offP50Us: number; onP50Us: number; offP99Us: number; onP99Us: number };
  /** median(on p99) / median(off p99): what the ≤ 5% target reads. */
  p99Ratio: number;
  recorded: number;
  dropped: number;
}

export async function benchRecording(bot: Termbot, questions: readonly string[], store: InsightsStore, rounds: number, passesPerRound = 3): Promise<RecordingBench> {
  const recorder = new InsightsRecorder({ store, batchSize: 500, maxQueue: 10_000 });
  const gc = (globalThis as { gc?: () => void }).gc;
  const all = { off: [] as number[], on: [] as number[] };
  const per = { off: [] as Latency[], on: [] as Latency[] };
  const ctx = { guildId: '300000000000000001', channelId: '400000000000000001', kind: 'channel' as const };
  // As the bot does it: the answer is timed up to the moment it is ready to send; recording comes
  // after it (messages.ts and dispatch.ts record once the reply is sent). What recording costs the
  // answers shows as the answers' own latency moving (its allocations, its collections, its cache
  // misses), which is what "answer latency must not move" asks.
  const time = (q: string, record: boolean) => {
    const t = process.hrtime.bigint();
    const a = bot.ask(q, 'channel');
    const us = Number(process.hrtime.bigint() - t) / 1000;
    if (record) recorder.recordAnswer(a, ctx);
    return us;
  };
  const pass = async (record: boolean) => {
    gc?.();
    const times: number[] = [];
    for (let p = 0; p < passesPerRound; p++) for (const q of questions) times.push(time(q, record));
    // Written between passes, as the bot writes between messages (untimed).
    await recorder.flush();
    all[record ? 'on' : 'off'].push(...times);
    per[record ? 'on' : 'off'].push(summarize(times));
  };
  for (let w = 0; w < 2; w++) for (const q of questions) time(q, true); // warm-up
  await recorder.flush();
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0;
    await pass(first);
    await pass(!first);
  }
  await recorder.stop();
  const m = {
    offP50Us: median(per.off.map((l) => l.p50Us)),
    onP50Us: median(per.on.map((l) => l.p50Us)),
    offP99Us: median(per.off.map((l) => l.p99Us)),
    onP99Us: median(per.on.map((l) => l.p99Us)),
  };
  return { off: summarize(all.off), on: summarize(all.on), rounds, median: m, p99Ratio: m.onP99Us / m.offP99Us, recorded: recorder.stats.recorded, dropped: recorder.stats.dropped };
}

/** How long writing one batch of `size` outcomes takes (the median of `runs`), in ms. */
export async function benchFlush(store: InsightsStore, size: number, runs: number): Promise<number> {
  const at = Date.now();
  const batch: Outcome[] = Array.from({ length: size }, (_, i) => ({
    at,
    day: dayOf(at),
    guildId: `3000000000000000${10 + (i % 20)}`,
    channelId: '400000000000000001',
    kind: 'channel',
    intent: 'define',
    ...(i % 4 === 0 ? { entries: [], term: `missed term ${i % 50}` } : { entries: ['reach'], match: 'exact' as const }),
  }));
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await store.append(batch);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}
