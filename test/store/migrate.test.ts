import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { dumpSchema, migrate, MIGRATIONS_DIR, MigrationMismatchError, readMigrationFiles } from '../../src/store/migrate.js';
import { tempDir } from './helpers.js';

const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'schema.sql');
const GOLDEN_HEADER =
  '-- The schema after every migration in db/migrations, as SQLite stores it (sqlite_master).\n' +
  '-- Golden file checked by test/store/migrate.test.ts; regenerate with\n' +
  '-- UPDATE_GOLDEN=1 npx vitest run test/store/migrate.test.ts. Do not edit by hand.\n\n';

/** A copy of db/migrations in a temporary folder, to edit without touching the real files. */
function copyOfMigrations(): string {
  const dir = tempDir('migrations');
  for (const f of readMigrationFiles()) copyFileSync(join(MIGRATIONS_DIR, f.name), join(dir, f.name));
  return dir;
}

describe('migrations', () => {
  it('turn an empty database into db/schema.sql (golden; UPDATE_GOLDEN=1 rewrites it)', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const schema = GOLDEN_HEADER + dumpSchema(db);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(SCHEMA_FILE, schema);
    expect(schema).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('are applied once, in order, and recorded with their checksums', () => {
    const db = openDatabase(':memory:');
    const files = readMigrationFiles();
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
    expect(migrate(db)).toEqual(files.map((f) => f.name));
    expect(migrate(db)).toEqual([]);
    const rows = db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY name').all();
    expect(rows).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
  });

  it('refuse to start when an applied migration was edited', () => {
    const dir = copyOfMigrations();
    const db = openDatabase(':memory:');
    migrate(db, { dir });
    writeFileSync(join(dir, '0001_init.sql'), readFileSync(join(dir, '0001_init.sql'), 'utf8') + '\n-- edited\n');
    expect(() => migrate(db, { dir })).toThrow(MigrationMismatchError);
    expect(() => migrate(db, { dir })).toThrow(/0001_init\.sql was changed after it was applied/);
  });

  it('refuse to start when the database has a migration the files do not', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('9999_future.sql', ?, '2026-01-01T00:00:00.000Z')").run('a'.repeat(64));
    expect(() => migrate(db)).toThrow(/9999_future\.sql applied but db\/migrations has no such file/);
  });

  // Numbers after the real migrations, so the tests hold as migrations are added.
  const last = readMigrationFiles().at(-1)?.number ?? 0;
  const numbered = (n: number, name: string) => `${String(n).padStart(4, '0')}_${name}.sql`;

  it('refuse a new migration numbered before one already applied', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, numbered(last + 2, 'later')), 'CREATE TABLE later (x INTEGER) STRICT;');
    const db = openDatabase(':memory:');
    migrate(db, { dir });
    writeFileSync(join(dir, numbered(last + 1, 'sneaked_in')), 'CREATE TABLE sneaked (x INTEGER) STRICT;');
    expect(() => migrate(db, { dir })).toThrow(`${numbered(last + 1, 'sneaked_in')} is not applied but the later ${numbered(last + 2, 'later')} is`);
  });

  it('roll back a failing migration entirely and record nothing', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, numbered(last + 1, 'broken')), 'CREATE TABLE half_done (x INTEGER) STRICT;\nTHIS IS NOT SQL;');
    const db = openDatabase(':memory:');
    expect(() => migrate(db, { dir })).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toContain('cities');
    expect(tables).not.toContain('half_done');
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual(readMigrationFiles().map((f) => f.name));
  });

  it('refuse stray .sql names and duplicate numbers', () => {
    const stray = copyOfMigrations();
    writeFileSync(join(stray, 'add-things.sql'), 'SELECT 1;');
    expect(() => readMigrationFiles(stray)).toThrow(/not NNNN_lower_snake\.sql/);
    const dup = copyOfMigrations();
    writeFileSync(join(dup, '0001_again.sql'), 'SELECT 1;');
    expect(() => readMigrationFiles(dup)).toThrow(/two migrations numbered 1/);
  });

  it('give the same checksum to a file with Windows line endings', () => {
    const [first] = readMigrationFiles();
    const dir = tempDir('crlf');
    writeFileSync(join(dir, first.name), first.sql.replace(/\n/g, '\r\n'));
    expect(readMigrationFiles(dir)[0].checksum).toBe(first.checksum);
  });
});

describe('cities table constraints', () => {
  const insert = `INSERT INTO cities (id, name, currency, base_year, document, version, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`;
  const doc = (id: string, name: string, currency: string, baseYear: number) =>
    JSON.stringify({ city: { id, name }, settings: { currency, baseYear } });

  it('accept a row whose columns agree with its document', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(db.prepare(insert).run('kota', 'Kota', 'IDR', 2024, doc('kota', 'Kota', 'IDR', 2024)).changes).toBe(1);
  });

  it.each([
    ['an id that is not a slug', ['Kota Besar', 'Kota', 'IDR', 2024, doc('Kota Besar', 'Kota', 'IDR', 2024)]],
    ['a lower-case currency', ['kota', 'Kota', 'idr', 2024, doc('kota', 'Kota', 'idr', 2024)]],
    ['a base year out of range', ['kota', 'Kota', 'IDR', 1800, doc('kota', 'Kota', 'IDR', 1800)]],
    ['a document for another city', ['kota', 'Kota', 'IDR', 2024, doc('other', 'Kota', 'IDR', 2024)]],
    ['a currency that differs from the document', ['kota', 'Kota', 'CNY', 2024, doc('kota', 'Kota', 'IDR', 2024)]],
    ['a document that is not JSON', ['kota', 'Kota', 'IDR', 2024, '{not json']],
    ['a base year given as text (STRICT)', ['kota', 'Kota', 'IDR', 'twenty', doc('kota', 'Kota', 'IDR', 2024)]],
  ])('refuse %s', (_what, values) => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(() => db.prepare(insert).run(...values)).toThrow(/CHECK constraint failed|cannot store TEXT value in INTEGER column/);
  });
});
