/** Small timing and statistics helpers for the benchmark. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Latency {
  samples: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Times `fn` on every input, `rounds` times over, after a warm-up; per-call latencies in microseconds. */
export function measureLatency<T>(inputs: readonly T[], fn: (input: T) => unknown, rounds: number): Latency {
  for (let r = 0; r < Math.min(3, rounds); r++) for (const x of inputs) fn(x);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const x of inputs) {
      const t = process.hrtime.bigint();
      fn(x);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { samples: times.length, p50Us: percentile(times, 50), p99Us: percentile(times, 99), maxUs: times[times.length - 1] ?? Number.NaN };
}

/** Messages per second over a whole stream, the median of `rounds` passes. */
export function measureThroughput<T>(stream: readonly T[], fn: (input: T) => unknown, rounds: number, warmup = 2000): number {
  for (const x of stream.slice(0, warmup)) fn(x);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (const x of stream) fn(x);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    rates.push(stream.length / seconds);
  }
  rates.sort((a, b) => a - b);
  return percentile(rates, 50);
}

/** A small deterministic PRNG (mulberry32), so every run uses the same stream. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}
