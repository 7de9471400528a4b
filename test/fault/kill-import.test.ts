/**
 * kill -9 in the middle of a large import, then open the database again: it
 * passes PRAGMA integrity_check and holds the import wholly or not at all,
 * every time.
 *
 * 1. 20 times: a child process imports 30,000 weighbridge tickets through
 *    importWeighbridgeCsv (the path of the CLI and the upload) and reports
 *    its progress; the test kills it with SIGKILL at a random point of the
 *    write (mostly inside the transaction, every fifth time just after the
 *    commit), then opens the database as the server does. Killed before the
 *    commit: no ticket and no import row; after: all 30,000, summing to the
 *    file's net kg.
 * 2. 3 times: the real server (src/server.ts) receives the same kind of file
 *    as an upload and is killed with SIGKILL while it imports (as soon as its
 *    write-ahead log grows, or at a random moment in the second half of the
 *    time a whole upload took just before); it is started again on the same database, answers /healthz, and the database
 *    checks out with 0 or all tickets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/syntheticCity.js';
import { weighbridgeCsv } from '../../bench/weighbridgeFile.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { PROJECT_ROOT } from '../../src/web/paths.js';
import { startArgs } from '../../src/startCommand.js';
import { FIXTURE_CITIES_DIR, tempDir } from '../store/helpers.js';

const ROWS = 30_000;
const REPETITIONS = 20;
const CHILD = join(PROJECT_ROOT, 'test', 'fault', 'import-child.ts');

let dir: string;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface AfterKill {
  integrity: unknown;
  tickets: number;
  imports: number;
  netKg: number;
}

/** Opens the database as the server does after a crash (WAL recovery, migrations) and reads what the import left. */
function inspect(dbPath: string, fileName = 'tickets.csv'): AfterKill {
  const db = openDatabase(dbPath);
  try {
    migrate(db);
    const ofFile = 'FROM weighbridge_records r JOIN weighbridge_imports i ON i.id = r.import_id WHERE i.file_name = ?';
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      tickets: db.prepare(`SELECT count(*) ${ofFile}`).pluck().get(fileName) as number,
      imports: db.prepare('SELECT count(*) FROM weighbridge_imports WHERE file_name = ?').pluck().get(fileName) as number,
      netKg: db.prepare(`SELECT coalesce(sum(r.net_kg), 0) ${ofFile}`).pluck().get(fileName) as number,
    };
  } finally {
    db.close();
  }
}

/** Sum of the net_kg column of a generated file. */
function netOf(csv: string): number {
  return csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .reduce((s, line) => s + Number(line.slice(line.lastIndexOf(',') + 1)), 0);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('kill -9 during an import', () => {
  let template: string;
  let file: string;
  let fileNet: number;

  beforeAll(() => {
    dir = tempDir('kill-import');
    template = join(dir, 'template.db');
    const db = openDatabase(template);
    migrate(db);
    seedDemoCities(db, FIXTURE_CITIES_DIR);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const csv = weighbridgeCsv(ROWS, { transferPointIds: ['tps-pasar', 'tps-sungai', 'tps-jauh'], landfillIds: ['tpa-contoh'] });
    file = join(dir, 'tickets.csv');
    writeFileSync(file, csv);
    fileNet = netOf(csv);
  });

  it(`leaves an intact database with all ${ROWS} tickets or none, ${REPETITIONS} times out of ${REPETITIONS}`, async () => {
    const random = mulberry32(9);
    const checkpoints = ROWS / 1000; // "written" lines: every 10 batches of 100
    const outcomes: string[] = [];
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const dbPath = join(dir, `rep-${rep}.db`);
      copyFileSync(template, dbPath);
      // Every fifth time, kill right after the commit; otherwise after a random checkpoint of the write.
      const afterCommit = rep % 5 === 4;
      const killAt = 1 + Math.floor(random() * (checkpoints - 1));
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, 'kota-contoh', file, '1'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let killed = false;
      child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (killed) return;
        const lines = out.split('\n');
        const seen = lines.filter((l) => l.startsWith('written ')).length;
        if ((!afterCommit && seen >= killAt) || (afterCommit && lines.some((l) => l.startsWith('committed ')))) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      const end = await exited(child);
      expect(end.signal, `repetition ${rep}: the child ended by itself (${end.code}): ${err}`).toBe('SIGKILL');
      const committed = out.includes('\ncommitted ');
      const after = inspect(dbPath);
      expect(after.integrity, `repetition ${rep}`).toBe('ok');
      if (committed) {
        expect(after, `repetition ${rep}: killed after the commit`).toEqual({ integrity: 'ok', tickets: ROWS, imports: 1, netKg: fileNet });
      } else if (after.tickets === 0) {
        expect(after, `repetition ${rep}: killed inside the transaction`).toEqual({ integrity: 'ok', tickets: 0, imports: 0, netKg: 0 });
      } else {
        // Killed between the commit and its "committed" line: all of it.
        expect(after, `repetition ${rep}`).toEqual({ integrity: 'ok', tickets: ROWS, imports: 1, netKg: fileNet });
      }
      outcomes.push(after.tickets === 0 ? 'none' : 'all');
      rmSync(dbPath, { force: true });
      for (const s of ['-wal', '-shm']) rmSync(`${dbPath}${s}`, { force: true });
    }
    // The kills did land inside the transaction (not all after it), and the post-commit ones kept everything.
    expect(outcomes.filter((o) => o === 'none').length).toBeGreaterThanOrEqual(REPETITIONS - REPETITIONS / 5 - 2);
    expect(outcomes.filter((_, rep) => rep % 5 === 4)).toEqual(Array(REPETITIONS / 5).fill('all'));
  }, 180_000);
});

describe('kill -9 of the server during an upload', () => {
  const EMAIL = 'root@example.org';
  const PASSWORD = 'a long password for the fault test';

  interface Server {
    child: ChildProcess;
    url: string;
  }

  function startServer(dbPath: string): Promise<Server> {
    const child = spawn(process.execPath, startArgs(), {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: dbPath, WASTEPLAN_ADMIN_EMAIL: EMAIL, WASTEPLAN_ADMIN_PASSWORD: PASSWORD, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let log = '';
      const onData = (d: Buffer) => {
        log += d.toString();
        const m = /WastePlan listening on (http:\/\/\S+)/.exec(log);
        if (m) {
          child.stdout?.off('data', onData);
          resolve({ child, url: m[1] });
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => void (log += d.toString()));
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${log}`)));
    });
  }

  /** Signs in through the form; returns the session cookie and a CSRF token. */
  async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
    const cookieOf = (res: Response) => (res.headers.getSetCookie().find((c) => c.startsWith('wasteplan.sid=')) ?? '').split(';')[0];
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const login = await fetch(`${url}/login`);
    const body = new URLSearchParams({ _csrf: csrfOf(await login.text()), email: EMAIL, password: PASSWORD, next: '/' });
    const res = await fetch(`${url}/login`, { method: 'POST', body, headers: { cookie: cookieOf(login) }, redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = cookieOf(res);
    const page = await fetch(`${url}/cities/surabaya/weighbridge`, { headers: { cookie } });
    return { cookie, csrf: csrfOf(await page.text()) };
  }

  it('restarts on an intact database with all of the upload or none of it, 3 times out of 3', async () => {
    const sdir = tempDir('kill-server');
    const random = mulberry32(17);
    const csv = weighbridgeCsv(ROWS, { transferPointIds: ['tps-tegalsari-1', 'tps-tegalsari-2', 'tps-tegalsari-3'], landfillIds: ['benowo'] });
    const net = netOf(csv);
    const calibration = weighbridgeCsv(ROWS, { transferPointIds: ['tps-tegalsari-1'], landfillIds: ['benowo'] }, { prefix: 'CAL' });
    let importMs = 0;
    try {
      for (let rep = 0; rep < 3; rep++) {
        const dbPath = join(sdir, `server-${rep}.db`);
        const first = await startServer(dbPath);
        const { cookie, csrf } = await signIn(first.url);
        const upload = (name: string, body: string) => {
          const form = new FormData();
          form.append('file', new Blob([body], { type: 'text/csv' }), name);
          return fetch(`${first.url}/cities/surabaya/weighbridge/import?_csrf=${encodeURIComponent(csrf)}`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
        };
        if (importMs === 0) {
          // How long a whole upload takes here: another file of the same size, into the same city.
          const t0 = Date.now();
          expect((await upload('calibration.csv', calibration)).status).toBe(303);
          importMs = Date.now() - t0;
        }
        const walSize = () => (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0);
        const walBefore = walSize();
        const sent = upload('tickets.csv', csv).catch(() => null);
        // Kill at a random moment of the second half of the time a whole upload takes, or as soon as the import's pages reach the log.
        const deadline = Date.now() + Math.round(importMs * (0.55 + 0.45 * random()));
        while (Date.now() < deadline && walSize() <= walBefore) await new Promise((r) => setTimeout(r, 1));
        first.child.kill('SIGKILL');
        expect((await exited(first.child)).signal).toBe('SIGKILL');
        const answered = await sent;

        const second = await startServer(dbPath);
        const health = await fetch(`${second.url}/healthz`);
        expect(await health.json()).toEqual({ status: 'ok' });
        second.child.kill('SIGTERM');
        await exited(second.child);

        const after = inspect(dbPath, 'tickets.csv');
        expect(after.integrity).toBe('ok');
        if (after.tickets === 0) expect(after).toEqual({ integrity: 'ok', tickets: 0, imports: 0, netKg: 0 });
        else expect(after).toEqual({ integrity: 'ok', tickets: ROWS, imports: 1, netKg: net });
        // A response that said "imported" (303) means the tickets are there.
        if (answered?.status === 303) expect(after.tickets).toBe(ROWS);
      }
    } finally {
      rmSync(sdir, { recursive: true, force: true });
    }
  }, 120_000);
});
