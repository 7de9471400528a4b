/**
 * Online backup and restore of the SQLite database.
 *
 * backupDatabase copies a live database with SQLite's online backup API
 * (better-sqlite3's db.backup): readers and writers may go on meanwhile, and
 * the copy is a consistent snapshot. checkBackup opens a copy read-only and
 * refuses one that is damaged or whose migrations this version does not know.
 * restoreDatabase puts a checked copy in place of the database file; the
 * server must be stopped (the CLI says so), and the file is replaced
 * atomically (written beside it, then renamed) so a crash leaves either the
 * old database or the new one.
 *
 * Example: await backupDatabase(db, '/backups/wasteplan-2026-11-29.db');
 *          checkBackup('/backups/wasteplan-2026-11-29.db') -> { ok: true, cities: 2, migrations: [...] }
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from './db.js';
import { readMigrationFiles } from './migrate.js';

export async function backupDatabase(db: Db, destination: string): Promise<void> {
  await db.backup(destination);
}

/** Why a backup was refused: a code and its values, for a message in any language (the English `message` kept for logs). */
export type BackupProblemCode = 'noFile' | 'damaged' | 'notWastePlan' | 'newerMigration' | 'migrationDiffers' | 'unreadable';

export type BackupCheck =
  | { ok: true; cities: number; migrations: string[] }
  | { ok: false; message: string; code: BackupProblemCode; params: Record<string, string> };

/** Integrity and migrations of a backup file, read-only. */
export function checkBackup(path: string): BackupCheck {
  if (!existsSync(path)) return { ok: false, message: `no file ${path}`, code: 'noFile', params: { file: path } };
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, message: `the backup is damaged: integrity_check says ${String(integrity)}`, code: 'damaged', params: { detail: String(integrity) } };
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
    if (!hasTable) return { ok: false, message: 'not a WastePlan database: it has no schema_migrations table', code: 'notWastePlan', params: {} };
    const applied = (db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY name').all() as Array<{ name: string; checksum: string }>);
    const known = new Map(readMigrationFiles().map((f) => [f.name, f.checksum]));
    for (const m of applied) {
      if (!known.has(m.name)) return { ok: false, message: `the backup was made by a newer WastePlan: migration ${m.name} is unknown here`, code: 'newerMigration', params: { migration: m.name } };
      if (known.get(m.name) !== m.checksum) return { ok: false, message: `migration ${m.name} in the backup differs from this version's file`, code: 'migrationDiffers', params: { migration: m.name } };
    }
    const cities = (db.prepare('SELECT count(*) AS n FROM cities').get() as { n: number }).n;
    return { ok: true, cities, migrations: applied.map((m) => m.name) };
  } catch (err) {
    return { ok: false, message: `cannot read the backup: ${(err as Error).message}`, code: 'unreadable', params: { detail: (err as Error).message } };
  } finally {
    db?.close();
  }
}

/**
 * Replace the database at `target` with the backup at `source` (checked
 * first). Stop the server before: an open connection would keep the old file.
 * Older backups are brought up to date by the usual migrations at next start.
 */
export async function restoreDatabase(source: string, target: string): Promise<BackupCheck> {
  const check = checkBackup(source);
  if (!check.ok) return check;
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(staging);
  } finally {
    src.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return check;
}
