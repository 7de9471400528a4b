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
import { EXIT_OK, EXIT_REFUSED, plural, problemLines, readJsonFile, UsageError, type Io } from './io.js';

export const DEFAULT_DATABASE_PATH = './data/wasteplan.db';

/** --db, else DATABASE_PATH, else the default: read as src/server.ts's configFromEnv reads it. */
export function databasePath(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (option !== undefined) {
    if (option.trim() === '') throw new UsageError('--db needs a path');
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
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, replace: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('import needs exactly one city file');
  const file = positionals[0];
  const dbPath = databasePath(values.db, io.env ?? process.env);

  const read = readJsonFile(file);
  if (!read.ok) {
    io.stderr(`${read.message}\n`);
    return EXIT_REFUSED;
  }
  // Refuse before the database is touched (not even created or migrated).
  const validated = validateCityFile(read.value);
  if (!validated.ok) {
    io.stderr(`${file}: refused, ${plural(validated.problems.length, 'problem')}; nothing was written\n`);
    io.stderr(problemLines(validated.problems));
    return EXIT_REFUSED;
  }

  if (dbPath !== ':memory:') mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const outcome = withDatabase(dbPath, (db) =>
    importCityDocument(createCityRepository(db), db, read.value, { mode: values.replace ? 'replace' : 'create' }),
  );
  if (!outcome.ok) {
    if (outcome.reason === 'exists') {
      io.stderr(`${file}: refused; city "${validated.city.city.id}" is already in ${dbPath} (import with --replace to overwrite it); nothing was written\n`);
    } else {
      io.stderr(`${file}: refused (${outcome.reason}); nothing was written\n`);
      io.stderr(problemLines(outcome.problems));
    }
    return EXIT_REFUSED;
  }
  const c = outcome.city;
  io.stdout(`${outcome.created ? 'imported' : 'replaced'} ${c.id} (${c.name}) in ${dbPath}, version ${c.version}\n`);
  return EXIT_OK;
}

export function exportCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('export needs exactly one city id');
  if (values.out === '') throw new UsageError('--out needs a file name');
  const cityId = positionals[0];
  const dbPath = databasePath(values.db, io.env ?? process.env);
  // Opening a missing database would create an empty one; say so instead.
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    io.stderr(`no database at ${dbPath} (set --db or DATABASE_PATH)\n`);
    return EXIT_REFUSED;
  }

  const found = withDatabase(dbPath, (db) => {
    const repo = createCityRepository(db);
    return { city: repo.get(cityId), ids: repo.list().map((c) => c.id) };
  });
  if (!found.city) {
    io.stderr(`no city "${cityId}" in ${dbPath}; ${found.ids.length ? `cities: ${found.ids.join(', ')}` : 'it holds no city'}\n`);
    return EXIT_REFUSED;
  }
  const text = stringifyJson(found.city.document);
  if (values.out === undefined) {
    io.stdout(text);
  } else {
    try {
      writeFileSync(values.out, text, 'utf8');
    } catch (err) {
      io.stderr(`cannot write ${values.out}: ${(err as Error).message}\n`);
      return EXIT_REFUSED;
    }
    io.stdout(`exported ${found.city.id} (version ${found.city.version}) to ${values.out}\n`);
  }
  return EXIT_OK;
}
