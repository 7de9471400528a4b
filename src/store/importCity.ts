/**
 * Writing an untrusted city document (an uploaded or CLI-imported file, a
 * demo file): validate first with the engine's validateCityFile, then write
 * in one transaction. When the document is refused nothing is written and
 * the caller gets the problems, each naming its field.
 *
 * Example: importCityDocument(repo, db, json, { mode: 'create' })
 *          -> { ok: true, city: { id: 'surabaya', version: 1, ... }, created: true }
 *          importCityDocument(repo, db, { fileVersion: 1 }, { mode: 'create' })
 *          -> { ok: false, reason: 'invalid', problems: [{ path: 'city', message: 'is required' }, ...] }
 */
import type { CityFile } from '../model/cityFile.js';
import { validateCityFile } from '../model/index.js';
import type { Problem } from '../model/results.js';
import { CityExistsError, VersionConflictError, type CityRepository, type StoredCity } from './cities.js';
import type { Db } from './db.js';

export interface ImportOptions {
  /** create: refuse when the id exists. replace: overwrite an existing city (or create it). */
  mode: 'create' | 'replace';
  /** For replace: the version the caller read; refused when the stored city moved on. */
  expectedVersion?: number;
}

export type ImportOutcome =
  | { ok: true; city: StoredCity; created: boolean }
  | { ok: false; reason: 'invalid' | 'exists' | 'conflict'; problems: Problem[] };

/** Validates `input` and writes it in one transaction; nothing is written when refused. */
export function importCityDocument(repo: CityRepository, db: Db, input: unknown, options: ImportOptions): ImportOutcome {
  const validated = validateCityFile(input);
  if (!validated.ok) return { ok: false, reason: 'invalid', problems: validated.problems };
  return writeValidated(repo, db, validated.city, options);
}

function writeValidated(repo: CityRepository, db: Db, city: CityFile, options: ImportOptions): ImportOutcome {
  const id = city.city.id;
  try {
    return db.transaction((): ImportOutcome => {
      const existing = repo.get(id);
      if (!existing) return { ok: true, city: repo.insert(city), created: true };
      if (options.mode === 'create') throw new CityExistsError(id);
      const version = options.expectedVersion ?? existing.version;
      return { ok: true, city: repo.replaceDocument(id, version, city), created: false };
    }).immediate();
  } catch (err) {
    if (err instanceof CityExistsError) {
      return { ok: false, reason: 'exists', problems: [{ path: 'city.id', message: `${err.message}; import with replace to overwrite it` }] };
    }
    if (err instanceof VersionConflictError) {
      return { ok: false, reason: 'conflict', problems: [{ path: 'city.id', message: err.message }] };
    }
    throw err;
  }
}
