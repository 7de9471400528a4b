/**
 * The large-city case of the engine benchmark, run by bench/engine.ts in a
 * child process of its own so that the peak resident memory it reports is
 * this case's alone. Prints one JSON line (LargeCaseReport) on stdout.
 *
 *   node --expose-gc --import tsx bench/engine-large.ts [--runs 5] [--horizon 30]
 *
 * Peak RSS is the kernel's high-water mark (process.resourceUsage().maxRSS):
 * a sampler cannot run while computeCity holds the thread. It includes Node,
 * tsx and the input document; rssBeforeMB says how much of it was there
 * before the first run.
 */
import { parseArgs } from 'node:util';
import { computeCity, validateCityFile } from '../src/model/index.js';
import { MB, timeRuns, type Timing } from './measure.js';
import { SYNTHETIC_SIZE, syntheticCity } from './syntheticCity.js';

export interface LargeCaseReport {
  transferPoints: number;
  years: number;
  compute: Timing;
  validate: Timing;
  rssBeforeMB: number;
  peakRssMB: number;
  /** process.memoryUsage().rss sampled after each run (max): what a sampler would have seen. */
  rssSampledMaxMB: number;
  /** heapUsed right after a run, before collection: the run's garbage and its result (max over runs). */
  heapUsedAfterRunMaxMB: number;
  /** Heap still used after a collection while one result is held: the size of a RunResult. */
  resultHeapMB: number | null;
  gcAvailable: boolean;
}

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, horizon: { type: 'string', default: String(SYNTHETIC_SIZE.horizonYears) } },
});
const runs = Number(values.runs);
const horizonYears = Number(values.horizon);

// As the engine gets it from a file: plain parsed JSON.
const input: unknown = JSON.parse(JSON.stringify(syntheticCity({ horizonYears })));
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssBefore = process.memoryUsage().rss;

const first = computeCity(input);
if (!first.ok) {
  process.stderr.write(`the synthetic city is refused:\n${first.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}\n`);
  process.exit(1);
}

let heapMax = 0;
let rssMax = 0;
const compute = timeRuns(
  runs,
  () => computeCity(input),
  () => {
    const m = process.memoryUsage();
    heapMax = Math.max(heapMax, m.heapUsed);
    rssMax = Math.max(rssMax, m.rss);
    gc?.();
  },
);
const validate = timeRuns(runs, () => validateCityFile(input), () => gc?.());

let resultHeapMB: number | null = null;
if (gc) {
  gc();
  const base = process.memoryUsage().heapUsed;
  const held = computeCity(input);
  gc();
  resultHeapMB = (process.memoryUsage().heapUsed - base) / MB;
  if (!held.ok) throw new Error('unreachable');
}

const report: LargeCaseReport = {
  transferPoints: first.result.years[0].transferPoints.length,
  years: first.result.years.length,
  compute,
  validate,
  rssBeforeMB: rssBefore / MB,
  peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
  rssSampledMaxMB: rssMax / MB,
  heapUsedAfterRunMaxMB: heapMax / MB,
  resultHeapMB,
  gcAvailable: gc !== undefined,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
