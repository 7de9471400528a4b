/**
 * Timing helpers for the benchmarks: run a function once to warm up (JIT,
 * caches), then N times, and keep the median (robust to a GC pause or a
 * noisy neighbour) with the min and max beside it.
 */
export interface Timing {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Warm up once, then time `runs` calls; `after` runs outside the timed part (sampling memory, GC). */
export function timeRuns(runs: number, work: () => unknown, after: () => void = () => {}): Timing {
  work();
  after();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    ms.push(performance.now() - t0);
    after();
  }
  return { runs, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) };
}

export const MB = 1024 * 1024;
