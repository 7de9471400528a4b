/** `wasteplan import-weighbridge`: all tickets or none, problems by line and column. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { FIXTURE_CITIES_DIR, tempDir } from '../store/helpers.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function setUp(): { dir: string; db: string } {
  const dir = tempDir('cli-weighbridge');
  dirs.push(dir);
  const db = join(dir, 'wasteplan.db');
  const d = openDatabase(db);
  migrate(d);
  seedDemoCities(d, FIXTURE_CITIES_DIR);
  d.close();
  return { dir, db };
}

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: {} });
  return { code, out, err };
}

const count = (db: string) => {
  const d = openDatabase(db);
  try {
    return d.prepare('SELECT count(*) FROM weighbridge_records').pluck().get();
  } finally {
    d.close();
  }
};

describe('wasteplan import-weighbridge', () => {
  it('imports a file into a city', () => {
    const { dir, db } = setUp();
    const file = join(dir, 'may.csv');
    writeFileSync(file, 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg\nT1,2024-05-01,L 1,tps-pasar,tpa-contoh,9000,5000\nT2,2024-05-02,L 2,,tpa-contoh,9100,5000\n');
    expect(run('import-weighbridge', 'kota-contoh', file, '--db', db)).toEqual({ code: 0, err: '', out: 'Imported 2 weighbridge tickets from may.csv into kota-contoh (import #1).\n' });
    expect(count(db)).toBe(2);
  });

  it('refuses a file with a bad row, printing each problem by line and column; nothing written', () => {
    const { dir, db } = setUp();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg\nT1,2024-05-01,L 1,tps-pasar,tpa-contoh,9000,5000\nT2,2024-05-02,L 2,tps-x,tpa-contoh,9100,9100\n');
    expect(run('import-weighbridge', 'kota-contoh', file, '--db', db)).toEqual({
      code: 1,
      out: '',
      err: `Not imported: ${file} has 2 problems; nothing was written.\n  line 3, column transfer_point_id: the city has no transfer point "tps-x"\n  line 3, column tare_kg: must be less than gross_kg (9100), not 9100\n`,
    });
    expect(count(db)).toBe(0);
    expect(run('import-weighbridge', 'nowhere', file, '--db', db).err).toContain('there is no city "nowhere"');
  });

  it('in Chinese (--lang zh): the refusal, where and what, worded as the weighbridge page words it', () => {
    const { dir, db } = setUp();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg\nT2,2024-05-02,L 2,tps-x,tpa-contoh,9100,9100\n');
    const r = run('import-weighbridge', 'kota-contoh', file, '--db', db, '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe(`未导入：${file} 有 2 个问题；未写入任何内容。`);
    expect(r.err).toContain('  第 2 行，transfer_point_id 列：');
    expect(r.err).not.toMatch(/line|column|the city has no|must be less/);
  });

  it('says what is missing: the file, the database, an argument', () => {
    const { dir, db } = setUp();
    expect(run('import-weighbridge', 'kota-contoh', join(dir, 'none.csv'), '--db', db).err).toMatch(/^Cannot read .*none\.csv: ENOENT/);
    const file = join(dir, 'f.csv');
    writeFileSync(file, 'x\n');
    expect(run('import-weighbridge', 'kota-contoh', file, '--db', join(dir, 'no.db'))).toEqual({ code: 1, out: '', err: `There is no database at ${join(dir, 'no.db')}: start the server once, or give --db.\n` });
    expect(run('import-weighbridge', 'kota-contoh').code).toBe(2);
  });
});
