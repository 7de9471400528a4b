/**
 * `npm run bench`: the three benchmarks, one after the other, each in a child
 * process of its own, then one summary of every case with its target and
 * PASS/FAIL. Exit status 1 when a case fails its target.
 *
 *   engine  bench/engine.ts  computeCity on the demo cities and the synthetic large city
 *   http    bench/http.ts    autocannon against the dashboard, comparison and report, /healthz as the ceiling
 *   import  bench/import.ts  100,000 weighbridge tickets against sqlite3's .import
 *
 * Run one part: `npm run bench -- http` (or engine, import). A smoke run of
 * the HTTP part: BENCH_SECONDS=3 npm run bench -- http. The figures of one
 * run on this machine, and what they mean, are in docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROWS_PREFIX, type BenchRow } from './report.js';
import { ROOT } from './server.js';

const PARTS = ['engine', 'http', 'import'] as const;
type Part = (typeof PARTS)[number];

function runPart(part: Part): Promise<{ rows: BenchRow[]; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', `${part}.ts`)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let rows: BenchRow[] = [];
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith(ROWS_PREFIX)) rows = (JSON.parse(line.slice(ROWS_PREFIX.length)) as { rows: BenchRow[] }).rows;
        else console.log(line);
      }
    });
    child.on('exit', (code) => resolve({ rows, code }));
  });
}

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !(PARTS as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`unknown part ${unknown.join(', ')}: the parts are ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = asked.length ? (asked as Part[]) : [...PARTS];
const started = new Date();
console.log(`WastePlan benchmarks ${started.toISOString()}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB, load average ${loadavg()[0].toFixed(2)} at the start\n`);

const summary: Array<BenchRow & { part: Part }> = [];
for (const part of parts) {
  console.log(`==== ${part} ${'='.repeat(70)}`);
  const { rows, code } = await runPart(part);
  if (rows.length === 0) summary.push({ part, name: `${part} benchmark`, measured: '—', target: '—', ratio: '—', verdict: 'REFUSED', note: `exited ${code} without results` });
  for (const r of rows) summary.push({ ...r, part });
  console.log('');
}

const cols: Array<[string, (r: BenchRow & { part: Part }) => string]> = [
  ['part', (r) => r.part],
  ['case', (r) => r.name],
  ['measured', (r) => r.measured],
  ['target', (r) => r.target],
  ['ratio', (r) => r.ratio],
  ['result', (r) => r.verdict],
];
const widths = cols.map(([h, f]) => Math.max(h.length, ...summary.map((r) => f(r).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log(`==== summary (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s, load average ${loadavg()[0].toFixed(2)} at the end) ${'='.repeat(30)}`);
console.log(line(cols.map(([h]) => h)));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of summary) console.log(line(cols.map(([, f]) => f(r))));
const failures = summary.filter((r) => r.verdict === 'FAIL' || r.verdict === 'REFUSED');
const missing = summary.filter((r) => r.verdict === 'missing');
console.log(`\n${failures.length === 0 ? 'All targets met' : `${failures.length} case(s) miss their target`}${missing.length ? `; ${missing.length} missing` : ''}.`);
if (failures.length) process.exitCode = 1;
