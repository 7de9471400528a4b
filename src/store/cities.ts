/**
 * The cities aggregate: one row per city holding its whole validated city
 * file as JSON, plus copies of name, currency and base year for listings.
 * Every write bumps `version`; replace and delete take the version the
 * caller read and refuse when it moved on (optimistic concurrency), so two
 * people editing one city cannot silently overwrite each other.
 *
 * The repository trusts its input to be a validated CityFile; untrusted
 * documents go through importCityDocument (src/store/importCity.ts).
 *
 * Example: const repo = createCityRepository(db);
 *          const c = repo.insert(city);                // version 1
 *          repo.replaceDocument(c.id, 1, edited);      // version 2
 *          repo.replaceDocument(c.id, 1, other);       // VersionConflictError
 */
import type { CityFile } from '../model/cityFile.js';
import { Lru } from '../lru.js';
import type { Db } from './db.js';

export interface CitySummary {
  id: string;
  name: string;
  currency: string;
  baseYear: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoredCity extends CitySummary {
  document: CityFile;
}

interface CityRow {
  id: string;
  name: string;
  currency: string;
  base_year: number;
  version: number;
  created_at: string;
  updated_at: string;
}

interface CityRowWithDocument extends CityRow {
  document: string;
}

export class CityExistsError extends Error {
  override name = 'CityExistsError';
  constructor(readonly cityId: string) {
    super(`a city with id "${cityId}" already exists`);
  }
}

export class CityNotFoundError extends Error {
  override name = 'CityNotFoundError';
  constructor(readonly cityId: string) {
    super(`no city with id "${cityId}"`);
  }
}

export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(
    readonly cityId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`city "${cityId}" is at version ${currentVersion}, not ${expectedVersion}: someone else changed it; reload and apply your change again`);
  }
}

export interface CityRepository {
  /** Every city, by name. */
  list(): CitySummary[];
  get(id: string): StoredCity | undefined;
  /** Inserts at version 1; CityExistsError when the id is taken. */
  insert(document: CityFile): StoredCity;
  /** Replaces the document when the stored version is `expectedVersion`; returns the city at the next version. */
  replaceDocument(id: string, expectedVersion: number, document: CityFile): StoredCity;
  /** Deletes when the stored version is `expectedVersion` (any version when omitted); false when there was no such city. */
  delete(id: string, expectedVersion?: number): boolean;
  count(): number;
}

function toSummary(row: CityRow): CitySummary {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    baseYear: row.base_year,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Freezes a parsed document all the way down, so the copy the repository
 * keeps cannot be changed by a caller (in ESM's strict mode an assignment
 * to it throws instead of silently changing every later reader's city).
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Parsed documents kept per repository; a few cities, each a few MB parsed. */
const DEFAULT_MAX_DOCUMENTS = 16;

const COLUMNS = 'id, name, currency, base_year, version, created_at, updated_at';

/**
 * The parsed document of a city is kept per id and stamp (version, created
 * and updated times: every write changes them, and a city deleted and made
 * again has new times), so a page reads the 0.5 MB Surabaya document's JSON
 * once per version instead of once or more per request. Documents handed
 * out are deep-frozen: callers copy before they change (the edit paths do).
 */
export function createCityRepository(db: Db, now: () => Date = () => new Date(), maxDocuments: number = DEFAULT_MAX_DOCUMENTS): CityRepository {
  const listStmt = db.prepare<[], CityRow>(`SELECT ${COLUMNS} FROM cities ORDER BY name COLLATE NOCASE, id`);
  const rowStmt = db.prepare<[string], CityRow>(`SELECT ${COLUMNS} FROM cities WHERE id = ?`);
  const getStmt = db.prepare<[string], CityRowWithDocument>(`SELECT ${COLUMNS}, document FROM cities WHERE id = ?`);
  const documents = new Lru<string, { stamp: string; document: CityFile }>({ maxEntries: maxDocuments });
  const stampOf = (row: Pick<CityRow, 'version' | 'created_at' | 'updated_at'>) => `${row.version}|${row.created_at}|${row.updated_at}`;
  const versionStmt = db.prepare<[string], { version: number }>('SELECT version FROM cities WHERE id = ?');
  const countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cities');
  const insertStmt = db.prepare<[string, string, string, number, string, string, string]>(
    `INSERT INTO cities (id, name, currency, base_year, document, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const replaceStmt = db.prepare<[string, string, number, string, string, string, number]>(
    `UPDATE cities SET name = ?, currency = ?, base_year = ?, document = ?, version = version + 1, updated_at = ?
     WHERE id = ? AND version = ?`,
  );
  const deleteStmt = db.prepare<[string]>('DELETE FROM cities WHERE id = ?');
  const deleteVersionStmt = db.prepare<[string, number]>('DELETE FROM cities WHERE id = ? AND version = ?');

  const get = (id: string): StoredCity | undefined => {
    const row = rowStmt.get(id);
    if (!row) return undefined;
    const stamp = stampOf(row);
    const kept = documents.get(id);
    if (kept && kept.stamp === stamp) return { ...toSummary(row), document: kept.document };
    // The document and its stamp in one statement, so what is kept is a pair
    // even when a write came between the two reads.
    const full = getStmt.get(id);
    if (!full) return undefined;
    // Only validated documents are written (see importCityDocument), so the
    // parsed JSON is a CityFile with its defaults already applied.
    const document = deepFreeze(JSON.parse(full.document) as CityFile);
    documents.set(id, { stamp: stampOf(full), document });
    return { ...toSummary(full), document };
  };

  const conflictOrMissing = (id: string, expectedVersion: number): Error => {
    const current = versionStmt.get(id);
    return current ? new VersionConflictError(id, expectedVersion, current.version) : new CityNotFoundError(id);
  };

  return {
    list: () => listStmt.all().map(toSummary),
    get,
    count: () => countStmt.get()?.n ?? 0,
    insert(document) {
      const at = now().toISOString();
      const { id, name } = document.city;
      const { currency, baseYear } = document.settings;
      const info = insertStmt.run(id, name, currency, baseYear, JSON.stringify(document), at, at);
      if (info.changes === 0) throw new CityExistsError(id);
      const stored = get(id);
      if (!stored) throw new CityNotFoundError(id);
      return stored;
    },
    replaceDocument(id, expectedVersion, document) {
      if (document.city.id !== id) {
        throw new RangeError(`document is for city "${document.city.id}", not "${id}"; a city's id cannot change`);
      }
      const { name } = document.city;
      const { currency, baseYear } = document.settings;
      const info = replaceStmt.run(name, currency, baseYear, JSON.stringify(document), now().toISOString(), id, expectedVersion);
      if (info.changes === 0) throw conflictOrMissing(id, expectedVersion);
      const stored = get(id);
      if (!stored) throw new CityNotFoundError(id);
      return stored;
    },
    delete(id, expectedVersion) {
      if (expectedVersion === undefined) return deleteStmt.run(id).changes > 0;
      if (deleteVersionStmt.run(id, expectedVersion).changes > 0) return true;
      const err = conflictOrMissing(id, expectedVersion);
      if (err instanceof CityNotFoundError) return false;
      throw err;
    },
  };
}
