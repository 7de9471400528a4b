/**
 * Import benchmark: 100,000 weighbridge tickets (bench/weighbridgeFile.ts,
 * Surabaya's transfer points and landfill) through WastePlan's import path
 * (src/store/weighbridge.ts: read the file, parse the CSV, check every row
 * against the city, write all rows in one transaction), against the sqlite3
 * command-line shell's `.import --csv` of the same file into a plain table
 * as the ceiling (no checks, no constraints: as fast as SQLite gets a CSV in).
 *
 * Each side runs 3 times on a fresh database file (ours: migrated, demo
 * cities seeded; sqlite3's: empty), median kept. Target: ours within 3x of
 * the ceiling. The command line end to end (`wasteplan import-weighbridge`,
 * Node and tsx starting included) is timed once for reference.
 *
 * Needs Debian's sqlite3 for the ceiling (apt-get install -y sqlite3);
 * without it the ceiling is reported missing.
 *
 *   npx tsx bench/import.ts [--rows 100000]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { seedDemoCities } from '../src/store/seed.js';
import { importWeighbridgeCsv } from '../src/store/weighbridge.js';
import { median } from './measure.js';
import { emitRows, failed, printTable, type BenchRow } from './report.js';
import { ROOT } from './server.js';
import { weighbridgeCsv } from './weighbridgeFile.js';

export const IMPORT_TARGET_RATIO = 3;
const RUNS = 3;

function sqlite3Version(): string | null {
  const r = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split(' ')[0] : null;
}

export function runImportBench(rows: number, log: (line: string) => void = (l) => console.log(l)): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'wasteplan-bench-import-'));
  try {
    const surabaya = JSON.parse(readFileSync(join(ROOT, 'examples', 'surabaya.city.json'), 'utf8')) as { transferPoints: Array<{ id: string }>; landfills: Array<{ id: string }> };
    const csv = weighbridgeCsv(rows, { transferPointIds: surabaya.transferPoints.map((t) => t.id), landfillIds: surabaya.landfills.map((l) => l.id) });
    const file = join(dir, 'weighbridge.csv');
    writeFileSync(file, csv);
    const sqlite = sqlite3Version();
    log(`WastePlan import benchmark: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, sqlite3 shell ${sqlite ?? 'not installed'}`);
    log(`${rows.toLocaleString('en')} weighbridge tickets, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB of CSV; median of ${RUNS} runs each on a fresh database file.\n`);

    // A migrated, seeded database to copy for each run.
    const template = join(dir, 'template.db');
    const t = openDatabase(template);
    migrate(t);
    seedDemoCities(t, join(ROOT, 'examples'));
    t.pragma('wal_checkpoint(TRUNCATE)');
    t.close();

    const ours: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const path = join(dir, `ours-${run}.db`);
      copyFileSync(template, path);
      const db = openDatabase(path);
      const t0 = performance.now();
      const text = readFileSync(file, 'utf8');
      const outcome = importWeighbridgeCsv(db, { cityId: 'surabaya', userId: null, fileName: 'weighbridge.csv', text });
      ours.push(performance.now() - t0);
      const written = db.prepare('SELECT count(*) FROM weighbridge_records').pluck().get();
      db.close();
      if (!outcome.ok || written !== rows) throw new Error(`the import refused the benchmark file: ${JSON.stringify(outcome).slice(0, 500)}`);
    }

    const ceiling: number[] = [];
    if (sqlite) {
      for (let run = 0; run < RUNS; run++) {
        const path = join(dir, `sqlite3-${run}.db`);
        const t0 = performance.now();
        const r = spawnSync('sqlite3', [path, `.import --csv ${file} weighbridge_import`], { encoding: 'utf8' });
        ceiling.push(performance.now() - t0);
        if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
        const count = spawnSync('sqlite3', [path, 'SELECT count(*) FROM weighbridge_import'], { encoding: 'utf8' }).stdout.trim();
        if (Number(count) !== rows) throw new Error(`sqlite3 imported ${count} rows, not ${rows}`);
      }
    }

    const cliDb = join(dir, 'cli.db');
    copyFileSync(template, cliDb);
    const c0 = performance.now();
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'import-weighbridge', 'surabaya', file, '--db', cliDb], { cwd: ROOT, encoding: 'utf8' });
    const cliMs = performance.now() - c0;

    const oursMs = median(ours);
    const out: BenchRow[] = [];
    if (sqlite) {
      const ceilingMs = median(ceiling);
      const ratio = oursMs / ceilingMs;
      out.push({
        name: 'ceiling sqlite3 .import --csv',
        measured: `${ceilingMs.toFixed(0)} ms`,
        target: '—',
        ratio: '1.00',
        verdict: 'n/a',
        note: `runs ${ceiling.map((m) => m.toFixed(0)).join(', ')} ms; ${((rows / ceilingMs) * 1000).toFixed(0)} rows/s into a table without constraints`,
      });
      out.push({
        name: 'WastePlan import (checked, one transaction)',
        measured: `${oursMs.toFixed(0)} ms`,
        target: `<= ${IMPORT_TARGET_RATIO}x ceiling`,
        ratio: `${ratio.toFixed(2)}x`,
        verdict: ratio <= IMPORT_TARGET_RATIO ? 'PASS' : 'FAIL',
        note: `runs ${ours.map((m) => m.toFixed(0)).join(', ')} ms; ${((rows / oursMs) * 1000).toFixed(0)} rows/s: file read, CSV parsed, every row checked, STRICT table with CHECKs and a unique index`,
      });
    } else {
      out.push({ name: 'ceiling sqlite3 .import --csv', measured: '—', target: '—', ratio: '—', verdict: 'missing', note: 'the sqlite3 shell is not installed: apt-get install -y sqlite3' });
      out.push({ name: 'WastePlan import (checked, one transaction)', measured: `${oursMs.toFixed(0)} ms`, target: `<= ${IMPORT_TARGET_RATIO}x ceiling`, ratio: '—', verdict: 'n/a' });
    }
    out.push({
      name: 'wasteplan import-weighbridge (whole command)',
      measured: `${cliMs.toFixed(0)} ms`,
      target: '—',
      ratio: '—',
      verdict: cli.status === 0 ? 'n/a' : 'FAIL',
      note: cli.status === 0 ? `Node and tsx starting included; ${cli.stdout.trim()}` : `exit ${cli.status}: ${cli.stderr.trim().slice(0, 300)}`,
    });
    printTable(out, log);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
  const rows = runImportBench(Number(values.rows));
  emitRows('import', rows);
  if (failed(rows)) process.exitCode = 1;
}
