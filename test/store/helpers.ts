import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityFile } from '../../src/model/cityFile.js';
import { validateCityFile } from '../../src/model/index.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
/** Holds kota-contoh.city.json: a small city that passes validateCityFile. */
export const FIXTURE_CITIES_DIR = join(FIXTURES_DIR, 'cities');
export const FIXTURE_CITY_FILE = join(FIXTURE_CITIES_DIR, 'kota-contoh.city.json');

/** The fixture city file as parsed JSON (not yet validated). */
export function fixtureInput(): Record<string, unknown> {
  return JSON.parse(readFileSync(FIXTURE_CITY_FILE, 'utf8')) as Record<string, unknown>;
}

/** The fixture city after validation (defaults applied), as the store keeps it. */
export function fixtureCity(): CityFile {
  const v = validateCityFile(fixtureInput());
  if (!v.ok) throw new Error(`fixture is invalid: ${JSON.stringify(v.problems)}`);
  return v.city;
}

/** A migrated in-memory database. */
export function freshDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wasteplan-${prefix}-`));
}

/** A clock that moves one second per call, from 2026-01-01. */
export function steppingClock(): () => Date {
  let t = Date.UTC(2026, 0, 1);
  return () => {
    t += 1000;
    return new Date(t);
  };
}
