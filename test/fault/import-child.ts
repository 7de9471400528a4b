/**
 * Child process of kill-import.test.ts: imports a weighbridge CSV into a
 * database through the same path as the CLI and the upload
 * (importWeighbridgeCsv), saying how far it got on stdout, so the test can
 * kill -9 it mid-transaction. After each written batch it waits `pauseMs`
 * (default 1 ms) so that the write lasts long enough for a kill to land in it
 * on a busy machine; the pause is the only difference from a real import.
 *
 *   node --import tsx test/fault/import-child.ts <db> <cityId> <file.csv> [pauseMs]
 *
 * stdout: "started", "written <n>" every 10 batches, "committed <importId> <tickets>".
 * stdout to a pipe is synchronous on Linux, so each line is out before the next batch.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { importWeighbridgeCsv } from '../../src/store/weighbridge.js';

const [dbPath, cityId, file, pause] = process.argv.slice(2);
const pauseMs = Number(pause ?? '1');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const db = openDatabase(dbPath);
migrate(db);
const text = readFileSync(file, 'utf8');
process.stdout.write('started\n');
let batches = 0;
const outcome = importWeighbridgeCsv(db, {
  cityId,
  userId: null,
  fileName: basename(file),
  text,
  onProgress: (written) => {
    if (++batches % 10 === 0) process.stdout.write(`written ${written}\n`);
    if (pauseMs > 0) Atomics.wait(sleeper, 0, 0, pauseMs);
  },
});
if (!outcome.ok) {
  process.stderr.write(`${JSON.stringify(outcome.problems.slice(0, 5))}\n`);
  process.exit(1);
}
process.stdout.write(`committed ${outcome.importId} ${outcome.tickets}\n`);
db.close();
