/**
 * Online backup through the app and restore through the command line: a
 * site administrator downloads wasteplan-YYYY-MM-DD.db while the app runs,
 * `wasteplan restore` puts it in place of another database, and every row
 * comes back equal. Nobody else may download it.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { mainAsync } from '../../src/cli/main.js';
import { applyEdit, recordHash } from '../../src/store/cityEdits.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { FAST_SCRYPT_FOR_TESTS } from '../../src/store/users.js';
import { importWeighbridgeCsv } from '../../src/store/weighbridge.js';
import { createApp } from '../../src/web/app.js';
import { backupFileName } from '../../src/web/routes/backup.js';
import { FIXTURE_CITIES_DIR, fixtureCity, tempDir } from '../store/helpers.js';
import { createUser, signIn } from '../web/auth-helpers.js';

const PASSWORD = 'long password 1';
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function dir(): string {
  const d = tempDir('backup-web');
  dirs.push(d);
  return d;
}

/** Every row of every table, by table, in rowid order; sessions without their sliding expiry. */
export function allRows(db: Db): Record<string, unknown[]> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, t === 'sessions' ? db.prepare('SELECT sid, data FROM sessions ORDER BY sid').all() : db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]),
  );
}

/** The route's temporary folders in the system's temp folder. */
function backupTemps(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('wasteplan-backup-')).sort();
}

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await mainAsync(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: {} });
  return { code, out, err };
}

/** A live database on disk with a city, accounts, an edit with its audit row and weighbridge tickets. */
function liveDatabase(path: string): Db {
  const db = openDatabase(path);
  migrate(db);
  seedDemoCities(db, FIXTURE_CITIES_DIR);
  createUser(db, { email: 'root@x.org', password: PASSWORD, siteAdmin: true });
  createUser(db, { email: 'ed@x.org', password: PASSWORD, roles: { 'kota-contoh': 'cityAdmin' } });
  const city = fixtureCity();
  const zone = city.zones[0];
  const edit = applyEdit(db, { cityId: 'kota-contoh', userId: 1, action: 'update', collection: 'zones', recordId: zone.id, after: { ...zone, name: 'Pasar <Baru>' }, baseRecordHash: recordHash(zone) });
  expect(edit.kind).toBe('ok');
  const text = `ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg\n${Array.from({ length: 500 }, (_, i) => `T${i},2024-05-0${1 + (i % 9)},L ${i},tps-pasar,tpa-contoh,${9000 + i},5000`).join('\n')}\n`;
  expect(importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: 2, fileName: 'may.csv', text }).ok).toBe(true);
  return db;
}

describe('GET /admin/backup', () => {
  it('gives a site administrator a consistent copy that `wasteplan restore` puts back with every row equal', async () => {
    const d = dir();
    const live = liveDatabase(join(d, 'live.db'));
    const app = createApp({ db: live, log: () => {}, scrypt: FAST_SCRYPT_FOR_TESTS, sessionSecret: 'test secret' });
    const { agent } = await signIn(app, 'root@x.org', PASSWORD);
    const tempsBefore = backupTemps();
    const res = await agent.get('/admin/backup').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename=${backupFileName(new Date())}`);
    expect(backupFileName(new Date('2026-11-29T23:59:59Z'))).toBe('wasteplan-2026-11-29.db');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as Buffer;
    expect(body.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    // The temporary copy is gone once sent.
    expect(backupTemps()).toEqual(tempsBefore);

    const downloaded = join(d, 'download.db');
    writeFileSync(downloaded, body);
    const target = join(d, 'restored', 'wasteplan.db');
    const restored = await cli('restore', downloaded, '--db', target);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('Stop the server first');
    expect(restored.out).toContain(`Restored ${downloaded} into ${target}: 1 city.`);

    const back = openDatabase(target);
    expect(back.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = allRows(back);
    expect(rows.weighbridge_records).toHaveLength(500);
    expect(rows.audit_log).toHaveLength(1);
    expect(rows).toEqual(allRows(live));
    back.close();
    live.close();
  });

  it('is for site administrators only: a visitor is sent to sign in, a city administrator gets 403', async () => {
    const d = dir();
    const live = liveDatabase(join(d, 'live.db'));
    const app = createApp({ db: live, log: () => {}, scrypt: FAST_SCRYPT_FOR_TESTS });
    const anon = await request(app).get('/admin/backup');
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe('/login?next=%2Fadmin%2Fbackup');
    const { agent } = await signIn(app, 'ed@x.org', PASSWORD);
    const res = await agent.get('/admin/backup');
    expect(res.status).toBe(403);
    expect(res.headers['content-disposition']).toBeUndefined();
    live.close();
  });
});

describe('wasteplan backup and restore', () => {
  it('backs up a database in use, and a restore keeps the database it replaces', async () => {
    const d = dir();
    const livePath = join(d, 'live.db');
    const live = liveDatabase(livePath);
    const out = join(d, 'copies', 'b.db');
    const made = await cli('backup', out, '--db', livePath);
    expect(made).toEqual({ code: 0, err: '', out: `Backed up ${livePath} to ${out}: 1 city, migrations up to ${readdirSync(join(import.meta.dirname, '../../db/migrations')).filter((n) => n.endsWith('.sql')).sort().at(-1)}.\n` });
    expect((await cli('backup', out, '--db', livePath)).code).toBe(1); // never overwrites

    // Another database, then the backup restored over it: the other one is kept beside it.
    const target = join(d, 'other.db');
    const other = openDatabase(target);
    migrate(other);
    other.close();
    const restored = await cli('restore', out, '--db', target);
    expect(restored.code).toBe(0);
    const kept = /kept as (\S+)\.\n/.exec(restored.out)?.[1];
    expect(kept).toMatch(/other\.db\.before-restore-\d{8}T\d{6}Z\.db$/);
    expect(existsSync(kept as string)).toBe(true);
    const back = openDatabase(target);
    expect(allRows(back)).toEqual(allRows(live));
    back.close();
    live.close();
  });

  it('refuses to restore a file that is not a WastePlan database, leaving the target alone', async () => {
    const d = dir();
    const junk = join(d, 'junk.db');
    writeFileSync(junk, 'not a database at all'.repeat(50));
    const target = join(d, 'target.db');
    const res = await cli('restore', junk, '--db', target);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^Not restored: cannot read the backup: /);
    expect(existsSync(target)).toBe(false);
    // A SQLite file that is not WastePlan's, in Chinese: the reason in the command's language.
    const other = join(d, 'other-app.db');
    const foreign = openDatabase(other);
    foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    foreign.close();
    const zh = await cli('restore', other, '--db', target, '--lang', 'zh');
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('不是 WastePlan 数据库：缺少 schema_migrations 表');
    expect(zh.err).not.toContain('not a WastePlan database');
    const noFile = await cli('restore', join(d, 'nowhere.db'), '--db', target, '--lang', 'id');
    expect(noFile.err).toContain(`tidak ada berkas ${join(d, 'nowhere.db')}`);
    expect(existsSync(target)).toBe(false);
    expect((await cli('backup', join(d, 'x.db'), '--db', join(d, 'missing.db'))).err).toBe(`There is no database at ${join(d, 'missing.db')}; nothing to back up.\n`);
    expect((await cli('restore')).code).toBe(2);
  });
});
