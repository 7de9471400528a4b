/**
 * First-start seeding: when the database has never been seeded and holds no
 * city, the demo cities (examples/*.city.json) are validated and inserted in
 * one transaction, and app_meta records that it happened. A later start
 * leaves the cities alone, so what users entered is kept; deleting every city
 * does not bring the demos back either.
 *
 * A demo file the engine refuses stops the start (nothing is written): the
 * demos ship with the code, so a refused one is a bug to fix, not to skip.
 *
 * Example: seedDemoCities(db, 'examples') on a new database
 *          -> { seeded: ['chongqing', 'surabaya'], reason: 'seeded' }
 *          and again -> { seeded: [], reason: 'already-seeded' }
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CityFile } from '../model/cityFile.js';
import { validateCityFile } from '../model/index.js';
import { createCityRepository } from './cities.js';
import { setDemoCityLanguages } from './cityLanguage.js';
import type { Db } from './db.js';

export const SEEDED_KEY = 'demo_cities_seeded_at';

export interface SeedReport {
  seeded: string[];
  reason: 'seeded' | 'already-seeded' | 'cities-present' | 'no-demo-files';
}

export class SeedError extends Error {
  override name = 'SeedError';
}

/** The demo city files in `dir` (*.city.json), by file name; none when the folder is missing. */
export function demoCityFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.city.json'))
    .sort()
    .map((n) => join(dir, n));
}

export function seedDemoCities(db: Db, dir: string, now: () => Date = () => new Date()): SeedReport {
  const seededAt = db.prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?');
  if (seededAt.get(SEEDED_KEY)) return { seeded: [], reason: 'already-seeded' };
  const repo = createCityRepository(db, now);
  if (repo.count() > 0) return { seeded: [], reason: 'cities-present' };
  const files = demoCityFiles(dir);
  if (files.length === 0) return { seeded: [], reason: 'no-demo-files' };

  const cities: CityFile[] = files.map((file) => {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new SeedError(`demo city file ${file} is not JSON: ${(err as Error).message}`);
    }
    const outcome = validateCityFile(input);
    if (!outcome.ok) {
      const list = outcome.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
      throw new SeedError(`demo city file ${file} is refused by the engine:\n${list}`);
    }
    return outcome.city;
  });

  const markSeeded = db.prepare<[string, string, string]>(
    'INSERT INTO app_meta (key, value, updated_at) VALUES (?, ?, ?)',
  );
  db.transaction(() => {
    for (const city of cities) repo.insert(city);
    setDemoCityLanguages(db, cities.map((c) => c.city.id));
    // Demo cities are public: anybody may read them, signed in or not (db/migrations/0002_accounts.sql).
    db.prepare('UPDATE cities SET public = 1 WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(cities.map((c) => c.city.id)));
    const at = now().toISOString();
    markSeeded.run(SEEDED_KEY, at, at);
  }).immediate();
  return { seeded: cities.map((c) => c.city.id), reason: 'seeded' };
}
