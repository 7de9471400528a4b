/**
 * `wasteplan import <file> [--db PATH] [--replace]` and
 * `wasteplan export <cityId> [--out FILE] [--db PATH]`: the city file in and
 * out of the database through the store (src/store). Import validates before
 * it opens the database, and the store writes in one transaction, so a
 * refused file leaves no trace; export writes the stored document (the
 * validated city file, defaults filled in) as JSON.
 *
 * The database is --db PATH, else $DATABASE_PATH, else ./data/wasteplan.db
 * (relative to the working directory), as for the server.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateCityFile } from '../model/index.js';
import { stringifyJson } from '../reports/json.js';
import { createCityRepository } from '../store/cities.js';
import { openDatabase, type Db } from '../store/db.js';
import { importCityDocument } from '../store/importCity.js';
import { migrate } from '../store/migrate.js';
import { translator, type Translator } from '../i18n/index.js';
import { EXIT_OK, EXIT_REFUSED, messagesOf, problemLines, readJsonFile, UsageError, type Io } from './io.js';

export const DEFAULT_DATABASE_PATH = './data/wasteplan.db';

/** --db, else DATABASE_PATH, else the default: read as src/server.ts's configFromEnv reads it. */
export function databasePath(option: string | undefined, env: Readonly<Record<string, string | undefined>>, t: Translator = translator('en')): string {
  if (option !== undefined) {
    if (option.trim() === '') throw new UsageError(t('cli.needsDbPath'));
    return option;
  }
  return env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
}

/** Opens and migrates the database, runs `work`, closes it whatever happens. */
function withDatabase<T>(path: string, work: (db: Db) => T): T {
  const db = openDatabase(path);
  try {
    migrate(db);
    return work(db);
  } finally {
    db.close();
  }
}

export function importCommand(args: string[], io: Io): number {
  const t = messagesOf(io);
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, replace: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(t('cli.import.needsFile'));
  const file = positionals[0];
  const dbPath = databasePath(values.db, io.env ?? process.env, t);

  const read = readJsonFile(file, t);
  if (!read.ok) {
    io.stderr(`${read.message}\n`);
    return EXIT_REFUSED;
  }
  // Refuse before the database is touched (not even created or migrated).
  const validated = validateCityFile(read.value);
  if (!validated.ok) {
    io.stderr(`${t('cli.import.refusedInvalid', { file, problems: t('cli.problems', { count: validated.problems.length }) })}\n`);
    io.stderr(problemLines(validated.problems, t));
    return EXIT_REFUSED;
  }

  if (dbPath !== ':memory:') mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const outcome = withDatabase(dbPath, (db) =>
    importCityDocument(createCityRepository(db), db, read.value, { mode: values.replace ? 'replace' : 'create' }),
  );
  if (!outcome.ok) {
    if (outcome.reason === 'exists') {
      io.stderr(`${t('cli.import.exists', { file, id: validated.city.city.id, db: dbPath })}\n`);
    } else {
      io.stderr(`${t('cli.import.refusedReason', { file, reason: outcome.reason })}\n`);
      io.stderr(problemLines(outcome.problems, t));
    }
    return EXIT_REFUSED;
  }
  const c = outcome.city;
  io.stdout(`${t(outcome.created ? 'cli.import.imported' : 'cli.import.replaced', { id: c.id, name: c.name, db: dbPath, version: String(c.version) })}\n`);
  return EXIT_OK;
}

export function exportCommand(args: string[], io: Io): number {
  const t = messagesOf(io);
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(t('cli.export.needsCity'));
  if (values.out === '') throw new UsageError(t('cli.export.needsOut'));
  const cityId = positionals[0];
  const dbPath = databasePath(values.db, io.env ?? process.env, t);
  // Opening a missing database would create an empty one; say so instead.
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    io.stderr(`${t('cli.export.noDatabase', { db: dbPath })}\n`);
    return EXIT_REFUSED;
  }

  const found = withDatabase(dbPath, (db) => {
    const repo = createCityRepository(db);
    return { city: repo.get(cityId), ids: repo.list().map((c) => c.id) };
  });
  if (!found.city) {
    io.stderr(`${found.ids.length ? t('cli.export.noCity', { id: cityId, db: dbPath, ids: found.ids.join(', ') }) : t('cli.export.noCityEmpty', { id: cityId, db: dbPath })}\n`);
    return EXIT_REFUSED;
  }
  const text = stringifyJson(found.city.document);
  if (values.out === undefined) {
    io.stdout(text);
  } else {
    try {
      writeFileSync(values.out, text, 'utf8');
    } catch (err) {
      io.stderr(`${t('cli.export.cannotWrite', { file: values.out, detail: (err as Error).message })}\n`);
      return EXIT_REFUSED;
    }
    io.stdout(`${t('cli.export.exported', { id: found.city.id, version: String(found.city.version), file: values.out })}\n`);
  }
  return EXIT_OK;
}
