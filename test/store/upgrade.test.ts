/**
 * A database made at an older migration level upgrades without loss: for
 * every level k, a database migrated only to the first k files and filled
 * with the demo cities (as the app stored them at that level) is migrated to
 * the latest level; every row that existed survives unchanged, the demo
 * cities get what later migrations give them, and the schema ends equal to
 * a fresh database's (db/schema.sql).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCityFile } from '../../src/model/index.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { dumpSchema, migrate, MIGRATIONS_DIR, readMigrationFiles } from '../../src/store/migrate.js';
import { tempDir } from './helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const FILES = readMigrationFiles();

function cityDocument(id: string): string {
  const v = validateCityFile(JSON.parse(readFileSync(join(EXAMPLES, `${id}.city.json`), 'utf8')));
  if (!v.ok) throw new Error(`${id} is invalid`);
  return JSON.stringify(v.city);
}

/** A database at level k: only the first k migration files applied, demo cities stored as level 1 knew them. */
function databaseAtLevel(k: number): Db {
  const dir = tempDir(`upgrade-${k}`);
  for (const f of FILES.slice(0, k)) copyFileSync(join(MIGRATIONS_DIR, f.name), join(dir, f.name));
  const db = openDatabase(':memory:');
  migrate(db, { dir });
  const insert = db.prepare(
    `INSERT INTO cities (id, name, currency, base_year, document, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')`,
  );
  for (const [id, version] of [['surabaya', 3], ['chongqing', 1]] as const) {
    const doc = cityDocument(id);
    const parsed = JSON.parse(doc) as { city: { name: string }; settings: { currency: string; baseYear: number } };
    insert.run(id, parsed.city.name, parsed.settings.currency, parsed.settings.baseYear, doc, version);
  }
  db.prepare(`INSERT INTO app_meta (key, value, updated_at) VALUES ('demo_cities_seeded_at', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run();
  return db;
}

function rowsOf(db: Db, table: string, columns: string[]): unknown[] {
  return db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`).all();
}

function tablesAndColumns(db: Db): Map<string, string[]> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`).all() as Array<{ name: string }>;
  return new Map(tables.map((t) => [t.name, (db.prepare(`PRAGMA table_info("${t.name}")`).all() as Array<{ name: string }>).map((c) => c.name)]));
}

describe('upgrading an older database', () => {
  it('there is more than one migration to upgrade through', () => {
    expect(FILES.length).toBeGreaterThan(1);
  });

  for (let k = 1; k < FILES.length; k++) {
    it(`from level ${k} (${FILES[k - 1].name}) to ${FILES[FILES.length - 1].name} keeps every row and ends with the current schema`, () => {
      const db = databaseAtLevel(k);
      const before = new Map([...tablesAndColumns(db)].map(([t, cols]) => [t, rowsOf(db, t, cols)]));
      const beforeColumns = tablesAndColumns(db);
      const applied = migrate(db);
      expect(applied).toEqual(FILES.slice(k).map((f) => f.name));
      for (const [table, cols] of beforeColumns) {
        expect(rowsOf(db, table, cols), `rows of ${table}`).toEqual(before.get(table));
      }
      const fresh = openDatabase(':memory:');
      migrate(fresh);
      expect(dumpSchema(db)).toBe(dumpSchema(fresh));
      // Later migrations give the demo cities what the seed of their time would have: public demo
      // data (0002_accounts) and a default language (0004_city_language).
      const levelOf = (name: string) => FILES.findIndex((f) => f.name === name) + 1;
      const city = (id: string) => db.prepare('SELECT * FROM cities WHERE id = ?').get(id) as Record<string, unknown>;
      if (k < levelOf('0002_accounts.sql')) expect(city('surabaya').public).toBe(1);
      if (k < levelOf('0004_city_language.sql')) {
        expect(city('surabaya').default_language).toBe('id');
        expect(city('chongqing').default_language).toBe('zh');
      }
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  }
});
