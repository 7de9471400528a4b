import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCityRepository } from '../../src/store/cities.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { seedDemoCities, SeedError } from '../../src/store/seed.js';
import { FIXTURE_CITIES_DIR, FIXTURE_CITY_FILE, fixtureCity, freshDb, tempDir } from './helpers.js';

/** What server.ts does on each start: open the file, migrate, seed. */
function start(dbPath: string, demoDir: string) {
  const db = openDatabase(dbPath);
  migrate(db);
  const report = seedDemoCities(db, demoDir);
  return { db, report, repo: createCityRepository(db) };
}

describe('seeding the demo cities', () => {
  it('inserts the demo cities on first start and keeps what users entered on the next', () => {
    const dbPath = join(tempDir('seed'), 'wasteplan.db');

    const first = start(dbPath, FIXTURE_CITIES_DIR);
    expect(first.report).toEqual({ seeded: ['kota-contoh'], reason: 'seeded' });
    const edited = fixtureCity();
    edited.city.name = 'Kota Contoh (edited by a user)';
    first.repo.replaceDocument('kota-contoh', 1, edited);
    first.db.close();

    const second = start(dbPath, FIXTURE_CITIES_DIR);
    expect(second.report).toEqual({ seeded: [], reason: 'already-seeded' });
    expect(second.repo.get('kota-contoh')).toMatchObject({ version: 2, name: 'Kota Contoh (edited by a user)' });
    second.db.close();
  });

  it('does not bring deleted demo cities back', () => {
    const db = freshDb();
    seedDemoCities(db, FIXTURE_CITIES_DIR);
    createCityRepository(db).delete('kota-contoh');
    expect(seedDemoCities(db, FIXTURE_CITIES_DIR)).toEqual({ seeded: [], reason: 'already-seeded' });
    expect(createCityRepository(db).count()).toBe(0);
  });

  it('leaves a database alone that already has cities (imported before the first start)', () => {
    const db = freshDb();
    createCityRepository(db).insert(fixtureCity());
    expect(seedDemoCities(db, FIXTURE_CITIES_DIR)).toEqual({ seeded: [], reason: 'cities-present' });
  });

  it('does nothing, and records nothing, when there are no demo files', () => {
    const db = freshDb();
    expect(seedDemoCities(db, tempDir('empty'))).toEqual({ seeded: [], reason: 'no-demo-files' });
    expect(seedDemoCities(db, FIXTURE_CITIES_DIR).reason).toBe('seeded');
  });

  it('refuses to start with a demo file the engine refuses, writing nothing', () => {
    const dir = tempDir('bad-demo');
    copyFileSync(FIXTURE_CITY_FILE, join(dir, 'a-good.city.json'));
    writeFileSync(join(dir, 'b-bad.city.json'), JSON.stringify({ fileVersion: 1, city: { id: 'bad', name: 'Bad' } }));
    const db = freshDb();
    expect(() => seedDemoCities(db, dir)).toThrow(SeedError);
    expect(() => seedDemoCities(db, dir)).toThrow(/b-bad\.city\.json is refused by the engine:\n  settings/);
    expect(createCityRepository(db).count()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM app_meta').pluck().get()).toBe(0);
  });
});
