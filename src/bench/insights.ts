/**
 * Bench rows for insights: does recording move answer latency? The same questions are timed with
 * recording off and on, alternating round by round; recording on means what the Discord handlers do
 * after answering (make the outcome, queue it). Flushes run between rounds, untimed, as they run between
 * messages in the bot; their own cost (how long one batch write holds the event loop) is measured apart.
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

export interface RecordingBench {
  off: Latency;
  on: Latency;
  recorded: number;
  dropped: number;
}

export async function benchRecording(bot: Termbot, questions: readonly string[], store: InsightsStore, rounds: number): Promise<RecordingBench> {
  const recorder = new InsightsRecorder({ store, batchSize: 500, maxQueue: 10_000 });
  const off: number[] = [];
  const on: number[] = [];
  const ctx = { guildId: '300000000000000001', channelId: '400000000000000001', kind: 'channel' as const };
  const time = (q: string, record: boolean) => {
    const t = process.hrtime.bigint();
    const a = bot.ask(q, 'channel');
    if (record) recorder.recordAnswer(a, ctx);
    return Number(process.hrtime.bigint() - t) / 1000;
  };
  for (const q of questions) time(q, true); // warm-up
  await recorder.flush();
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0;
    for (const record of [first, !first]) {
      const into = record ? on : off;
      for (const q of questions) into.push(time(q, record));
      await recorder.flush();
    }
  }
  await recorder.stop();
  return { off: summarize(off), on: summarize(on), recorded: recorder.stats.recorded, dropped: recorder.stats.dropped };
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
