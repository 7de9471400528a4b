/**
 * Forward-only migrations: numbered SQL files in db/migrations
 * (`0001_init.sql`, `0002_accounts.sql`, ...) applied in order, each in its
 * own transaction, and recorded in `schema_migrations` with a SHA-256 of the
 * file. Like Actual Budget, the runner refuses to start when the database and
 * the files disagree: a recorded migration missing on disk, a file changed
 * after it was applied, or a new file numbered before one already applied.
 * Fix by adding a new migration, never by editing an applied one.
 *
 * Migrations cannot change PRAGMAs that are no-ops inside a transaction
 * (foreign_keys, journal_mode); set those in openDatabase.
 *
 * Example: migrate(db) on an empty database -> ['0001_init.sql'];
 *          migrate(db) again -> [].
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'migrations');

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  name: string;
  number: number;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  name: string;
  checksum: string;
}

/** Raised when the database and db/migrations disagree; the app must not start. */
export class MigrationMismatchError extends Error {
  override name = 'MigrationMismatchError';
}

/** SHA-256 of the file with line endings normalised, so a Windows checkout does not look edited. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** The migration files in `dir`, ordered by number; refuses stray .sql names and duplicate numbers. */
export function readMigrationFiles(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.sql')) continue;
    const m = FILE_NAME.exec(name);
    if (!m) throw new MigrationMismatchError(`migration file name ${name} is not NNNN_lower_snake.sql`);
    const sql = readFileSync(join(dir, name), 'utf8');
    files.push({ name, number: Number(m[1]), sql, checksum: checksumOf(sql) });
  }
  for (let i = 1; i < files.length; i++) {
    if (files[i].number === files[i - 1].number) {
      throw new MigrationMismatchError(`two migrations numbered ${files[i].number}: ${files[i - 1].name} and ${files[i].name}`);
    }
  }
  return files;
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  name        TEXT NOT NULL PRIMARY KEY CHECK (name GLOB '[0-9][0-9][0-9][0-9]_*.sql'),
  checksum    TEXT NOT NULL CHECK (length(checksum) = 64 AND checksum NOT GLOB '*[^0-9a-f]*'),
  applied_at  TEXT NOT NULL CHECK (applied_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT`;

/**
 * Checks the recorded migrations against `files` and returns the ones still to
 * apply; throws MigrationMismatchError when they disagree.
 */
export function pendingMigrations(applied: readonly AppliedRow[], files: readonly MigrationFile[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationMismatchError(
        `the database has migration ${row.name} applied but db/migrations has no such file (is this database newer than the code?)`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationMismatchError(
        `migration ${row.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}... in the database, ${file.checksum.slice(0, 12)}... on disk); add a new migration instead`,
      );
    }
  }
  const appliedNames = new Set(applied.map((r) => r.name));
  const pending = files.filter((f) => !appliedNames.has(f.name));
  const lastApplied = files.filter((f) => appliedNames.has(f.name)).at(-1);
  const early = lastApplied && pending.find((f) => f.number < lastApplied.number);
  if (early && lastApplied) {
    throw new MigrationMismatchError(
      `migration ${early.name} is not applied but the later ${lastApplied.name} is; renumber it after the last applied migration`,
    );
  }
  return pending;
}

/** Applies pending migrations in order, each in one transaction; returns the names applied. */
export function migrate(db: Db, options: { dir?: string; now?: () => Date } = {}): string[] {
  const files = readMigrationFiles(options.dir);
  const now = options.now ?? (() => new Date());
  db.exec(CREATE_TABLE);
  const applied = db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY name').all() as AppliedRow[];
  const pending = pendingMigrations(applied, files);
  const record = db.prepare('INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (?, ?, ?)');
  for (const file of pending) {
    db.transaction(() => {
      db.exec(file.sql);
      record.run(file.name, file.checksum, now().toISOString());
    })();
  }
  return pending.map((f) => f.name);
}

/** The schema as SQLite stores it, one statement per block; what db/schema.sql holds. */
export function dumpSchema(db: Db): string {
  const rows = db
    .prepare(
      `SELECT sql FROM sqlite_master
       WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
       ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name`,
    )
    .all() as Array<{ sql: string }>;
  return rows.map((r) => `${r.sql};\n`).join('\n');
}
