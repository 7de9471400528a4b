/**
 * `wasteplan backup <out.db> [--db PATH]` and `wasteplan restore <file.db> [--db PATH]`.
 *
 * backup copies the database with SQLite's online backup API
 * (src/store/backup.ts): safe while the server runs; the copy is checked
 * (integrity_check, known migrations) before the command says it is done.
 *
 * restore puts a backup in place of the database. It cannot tell whether a
 * server has the database open, so it says to stop the server first; a
 * running server would go on with the file it opened. The database being
 * replaced is first copied beside it (<db>.before-restore-<time>.db), so a
 * restore of the wrong file loses nothing. An older backup is brought up to
 * date by the migrations at the next start.
 *
 * Example: wasteplan backup /backups/wasteplan-2026-11-29.db
 *          wasteplan restore /backups/wasteplan-2026-11-29.db --db data/wasteplan.db
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, checkBackup, restoreDatabase, type BackupCheck } from '../store/backup.js';
import type { Translator } from '../i18n/index.js';
import { openDatabase } from '../store/db.js';
import { databasePath } from './database.js';
import { EXIT_OK, EXIT_REFUSED, messagesOf, UsageError, type Io } from './io.js';
import type { DeferringIo } from './report.js';

/** Runs async work: handed to mainAsync when it waits (io.defer), else left running. */
/** Why a backup was refused, in the command's language (cli.backupProblem.*). */
function backupProblemText(check: Extract<BackupCheck, { ok: false }>, t: Translator): string {
  return t.dynamic(`cli.backupProblem.${check.code}`, check.params);
}

function deferred(io: DeferringIo, work: Promise<number>): number {
  if (io.defer) {
    io.defer(work);
    return EXIT_OK;
  }
  void work;
  return EXIT_OK;
}

export function backupCommand(args: string[], io: DeferringIo): number {
  const t = messagesOf(io);
  const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError(t('cli.backup.needsFile'));
  const out = positionals[0];
  const dbPath = databasePath(values.db, io.env ?? process.env);
  if (dbPath === ':memory:' || !existsSync(dbPath)) {
    io.stderr(`${t('cli.backup.noDatabase', { db: dbPath })}\n`);
    return EXIT_REFUSED;
  }
  if (existsSync(out)) {
    io.stderr(`${t('cli.backup.exists', { file: out })}\n`);
    return EXIT_REFUSED;
  }
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const db = openDatabase(dbPath);
  const work = backupDatabase(db, out).then(
    () => {
      db.close();
      const check = checkBackup(out);
      if (!check.ok) {
        io.stderr(`${t('cli.backup.badCopy', { file: out, detail: backupProblemText(check, t) })}\n`);
        return EXIT_REFUSED;
      }
      io.stdout(`${t('cli.backup.done', { db: dbPath, file: out, count: check.cities, migration: check.migrations.at(-1) ?? t('cli.backup.noMigration') })}\n`);
      return EXIT_OK;
    },
    (err: unknown) => {
      db.close();
      io.stderr(`${t('cli.backup.failed', { db: dbPath, file: out, detail: err instanceof Error ? err.message : String(err) })}\n`);
      return EXIT_REFUSED;
    },
  );
  return deferred(io, work);
}

/** A file name for the copy of the database being replaced: <db>.before-restore-20261129T101500Z.db */
export function beforeRestoreName(dbPath: string, at: Date): string {
  return `${dbPath}.before-restore-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`;
}

export function restoreCommand(args: string[], io: DeferringIo): number {
  const t = messagesOf(io);
  const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError(t('cli.restore.needsFile'));
  const source = positionals[0];
  const dbPath = databasePath(values.db, io.env ?? process.env);
  if (dbPath === ':memory:') throw new UsageError(t('cli.restore.needsDbFile'));
  io.stdout(`${t('cli.restore.stopServer', { file: source, db: dbPath })}\n`);
  const check = checkBackup(source);
  if (!check.ok) {
    io.stderr(`${t('cli.restore.refused', { detail: backupProblemText(check, t) })}\n`);
    return EXIT_REFUSED;
  }
  mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const work = (async () => {
    try {
      if (existsSync(dbPath)) {
        const keep = beforeRestoreName(dbPath, new Date());
        const current = openDatabase(dbPath);
        try {
          await backupDatabase(current, keep);
        } finally {
          current.close();
        }
        io.stdout(`${t('cli.restore.kept', { file: keep })}\n`);
      }
      const restored = await restoreDatabase(source, dbPath);
      if (!restored.ok) {
        io.stderr(`${t('cli.restore.refused', { detail: backupProblemText(restored, t) })}\n`);
        return EXIT_REFUSED;
      }
      io.stdout(`${t('cli.restore.done', { file: source, db: dbPath, count: restored.cities })}\n`);
      return EXIT_OK;
    } catch (err) {
      io.stderr(`${t('cli.restore.refused', { detail: err instanceof Error ? err.message : String(err) })}\n`);
      return EXIT_REFUSED;
    }
  })();
  return deferred(io, work);
}
