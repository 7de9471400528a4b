/**
 * Engine benchmark (`npm run bench`): how long computeCity takes, validation
 * included, on the demo cities and on a synthetic large city, against the
 * targets below, as ratios measured in this one run. Never part of the test
 * suite; tests do not assert on wall-clock time.
 *
 * - examples/surabaya.city.json and examples/chongqing.city.json, when they
 *   exist: in this process, warm-up once, median of 20 runs;
 * - the synthetic large city (bench/syntheticCity.ts: 100 zones, 2,000
 *   transfer points, 30 years): in a child process (bench/engine-large.ts)
 *   so its peak RSS is its own, warm-up once, median of 5 runs.
 *
 * Options: --runs-small N (20), --runs-large N (5), --profile DIR (write a
 * V8 CPU profile of the large case to DIR; open it in Chrome DevTools or
 * VS Code). Exit status 1 when a case fails its target or is refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeCity } from '../src/model/index.js';
import type { LargeCaseReport } from './engine-large.js';
import { timeRuns } from './measure.js';
import { emitRows } from './report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Targets: a page or CLI run on a demo city feels instant; a large city stays interactive; a small server can hold it. */
const TARGETS = {
  surabayaMs: 50,
  largeMs: 1000,
  largePeakRssMB: 300,
};

interface Row {
  name: string;
  measured: string;
  target: string;
  ratio: string;
  verdict: 'PASS' | 'FAIL' | 'n/a' | 'REFUSED';
  note?: string;
}

function row(name: string, value: number, unit: string, target: number | null, note?: string): Row {
  return {
    name,
    measured: `${value.toFixed(1)} ${unit}`,
    target: target === null ? '—' : `< ${target} ${unit}`,
    ratio: target === null ? '—' : (value / target).toFixed(2),
    verdict: target === null ? 'n/a' : value < target ? 'PASS' : 'FAIL',
    note,
  };
}

function demoCase(file: string, label: string, runs: number, targetMs: number | null): Row[] {
  const path = join(ROOT, 'examples', file);
  if (!existsSync(path)) return [{ name: label, measured: '—', target: '—', ratio: '—', verdict: 'n/a', note: `examples/${file} does not exist yet` }];
  const input: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const outcome = computeCity(input);
  if (!outcome.ok) {
    const first = outcome.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ');
    return [{ name: label, measured: '—', target: '—', ratio: '—', verdict: 'REFUSED', note: `${outcome.problems.length} problems: ${first}` }];
  }
  const r = outcome.result;
  const t = timeRuns(runs, () => computeCity(input));
  const size = `${r.years[0].transferPoints.length} transfer points, ${r.years.length} years; min ${t.minMs.toFixed(1)}, max ${t.maxMs.toFixed(1)} ms`;
  return [row(`${label} (median of ${runs})`, t.medianMs, 'ms', targetMs, size)];
}

function largeCase(runs: number, profileDir: string | undefined): Row[] {
  const nodeArgs = ['--expose-gc', '--import', 'tsx'];
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`);
  }
  const child = spawnSync(process.execPath, [...nodeArgs, join(ROOT, 'bench', 'engine-large.ts'), '--runs', String(runs)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) {
    return [{ name: 'large city', measured: '—', target: '—', ratio: '—', verdict: 'REFUSED', note: (child.stderr || child.error?.message || '').trim() }];
  }
  const lines = child.stdout.trim().split('\n');
  const rep = JSON.parse(lines[lines.length - 1]) as LargeCaseReport;
  const c = rep.compute;
  return [
    row(
      `large city (median of ${c.runs})`,
      c.medianMs,
      'ms',
      TARGETS.largeMs,
      `${rep.transferPoints} transfer points, ${rep.years} years; min ${c.minMs.toFixed(0)}, max ${c.maxMs.toFixed(0)} ms; validation alone ${rep.validate.medianMs.toFixed(0)} ms`,
    ),
    row(
      'large city peak RSS',
      rep.peakRssMB,
      'MB',
      TARGETS.largePeakRssMB,
      `kernel high-water mark; ${rep.rssBeforeMB.toFixed(0)} MB before the first run (node, tsx, input); ` +
        `RSS sampled after runs up to ${rep.rssSampledMaxMB.toFixed(0)} MB; heap after a run up to ${rep.heapUsedAfterRunMaxMB.toFixed(0)} MB` +
        (rep.resultHeapMB === null ? '' : `; one result holds ${rep.resultHeapMB.toFixed(0)} MB`),
    ),
  ];
}

function printTable(rows: readonly Row[]): void {
  const cols: Array<[string, (r: Row) => string, 'l' | 'r']> = [
    ['case', (r) => r.name, 'l'],
    ['measured', (r) => r.measured, 'r'],
    ['target', (r) => r.target, 'r'],
    ['ratio', (r) => r.ratio, 'r'],
    ['result', (r) => r.verdict, 'l'],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
  const line = (cells: string[]) => cells.map((c, i) => (cols[i][2] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(cols.map(([h]) => h)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map(([, f]) => f(r))));
  console.log('');
  for (const r of rows) if (r.note) console.log(`${r.name}: ${r.note}`);
}

const { values } = parseArgs({
  options: {
    'runs-small': { type: 'string', default: '20' },
    'runs-large': { type: 'string', default: '5' },
    profile: { type: 'string' },
  },
});

console.log(`WastePlan engine benchmark: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
console.log('computeCity(input) from parsed JSON, validation included; ratio = measured / target, below 1 passes.\n');
const rows: Row[] = [
  ...demoCase('surabaya.city.json', 'Surabaya', Number(values['runs-small']), TARGETS.surabayaMs),
  ...demoCase('chongqing.city.json', 'Chongqing', Number(values['runs-small']), null),
  ...largeCase(Number(values['runs-large']), values.profile),
];
printTable(rows);
if (values.profile) console.log(`\nCPU profile of the large case written to ${resolve(values.profile)}`);
emitRows('engine', rows);
if (rows.some((r) => r.verdict === 'FAIL' || r.verdict === 'REFUSED')) process.exitCode = 1;
