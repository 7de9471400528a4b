/**
 * Online backup while the database is in use, and restore: the round trip
 * gives back exactly the same rows; a damaged or foreign file is refused.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, checkBackup, restoreDatabase } from '../../src/store/backup.js';
import { createCityRepository } from '../../src/store/cities.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { fixtureCity, tempDir } from './helpers.js';

function allRows(db: Db): Record<string, unknown[]> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>;
  return Object.fromEntries(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
}

describe('backup and restore', () => {
  it('a backup taken while the database is open restores to an equal database', async () => {
    const dir = tempDir('backup');
    const live = openDatabase(join(dir, 'live.db'));
    migrate(live);
    const repo = createCityRepository(live);
    repo.insert(fixtureCity());
    await backupDatabase(live, join(dir, 'copy.db'));
    // the live database moves on after the snapshot
    const city = repo.get(fixtureCity().city.id)!;
    repo.replaceDocument(city.id, city.version, { ...city.document, city: { ...city.document.city, description: 'changed after the backup' } });
    const check = checkBackup(join(dir, 'copy.db'));
    expect(check).toMatchObject({ ok: true, cities: 1 });

    const restoredPath = join(dir, 'restored.db');
    expect((await restoreDatabase(join(dir, 'copy.db'), restoredPath)).ok).toBe(true);
    const restored = openDatabase(restoredPath);
    const copy = openDatabase(join(dir, 'copy.db'));
    expect(allRows(restored)).toEqual(allRows(copy));
    expect(createCityRepository(restored).get(fixtureCity().city.id)!.version).toBe(1);
    expect(createCityRepository(live).get(fixtureCity().city.id)!.version).toBe(2);
    for (const d of [live, restored, copy]) d.close();
  });

  it('refuses a file that is not a database, and one that is not WastePlan\'s', async () => {
    const dir = tempDir('backup-bad');
    writeFileSync(join(dir, 'junk.db'), 'this is not sqlite'.repeat(100));
    const junk = checkBackup(join(dir, 'junk.db'));
    expect(junk.ok).toBe(false);
    const other = openDatabase(join(dir, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(checkBackup(join(dir, 'other.db'))).toEqual({ ok: false, message: 'not a WastePlan database: it has no schema_migrations table', code: 'notWastePlan', params: {} });
    expect(checkBackup(join(dir, 'missing.db'))).toMatchObject({ ok: false, code: 'noFile', params: { file: join(dir, 'missing.db') } });
    const refused = await restoreDatabase(join(dir, 'junk.db'), join(dir, 'target.db'));
    expect(refused.ok).toBe(false);
  });
});
