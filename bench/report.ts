/**
 * How the benchmark parts print: a table of cases (measured, target, ratio,
 * PASS/FAIL) for people, and one `BENCH-ROWS <json>` line that bench/run.ts
 * collects into the summary of `npm run bench`.
 */
export type Verdict = 'PASS' | 'FAIL' | 'n/a' | 'REFUSED' | 'missing';

export interface BenchRow {
  name: string;
  measured: string;
  target: string;
  ratio: string;
  verdict: Verdict;
  note?: string;
}

export const ROWS_PREFIX = 'BENCH-ROWS ';

export function printTable(rows: readonly BenchRow[], log: (line: string) => void = (l) => console.log(l)): void {
  const cols: Array<[string, (r: BenchRow) => string, 'l' | 'r']> = [
    ['case', (r) => r.name, 'l'],
    ['measured', (r) => r.measured, 'r'],
    ['target', (r) => r.target, 'r'],
    ['ratio', (r) => r.ratio, 'r'],
    ['result', (r) => r.verdict, 'l'],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
  const line = (cells: string[]) => cells.map((c, i) => (cols[i][2] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  log(line(cols.map(([h]) => h)));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) log(line(cols.map(([, f]) => f(r))));
  const notes = rows.filter((r) => r.note);
  if (notes.length) log('');
  for (const r of notes) log(`${r.name}: ${r.note}`);
}

/** The rows as the one line bench/run.ts reads. */
export function emitRows(part: string, rows: readonly BenchRow[]): void {
  console.log(`${ROWS_PREFIX}${JSON.stringify({ part, rows })}`);
}

export function failed(rows: readonly BenchRow[]): boolean {
  return rows.some((r) => r.verdict === 'FAIL' || r.verdict === 'REFUSED');
}
