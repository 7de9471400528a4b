/** Cities' default languages (migration 0004, src/store/cityLanguage.ts) and the demo seeding that sets them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCityRepository } from '../../src/store/cities.js';
import { createCityLanguageStore } from '../../src/store/cityLanguage.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate, readMigrationFiles } from '../../src/store/migrate.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { FIXTURE_CITIES_DIR, fixtureCity, freshDb, tempDir } from '../store/helpers.js';

describe('city default language', () => {
  it('is set for the demo cities when they are seeded: Surabaya Indonesian, Chongqing Chinese', () => {
    const db = freshDb();
    seedDemoCities(db, EXAMPLES_DIR);
    const langs = createCityLanguageStore(db);
    expect(langs.defaultFor('surabaya')).toBe('id');
    expect(langs.defaultFor('chongqing')).toBe('zh');
    expect(langs.commonDefault(['surabaya'])).toBe('id');
    expect(langs.commonDefault(['surabaya', 'chongqing'])).toBe(null);
    expect(langs.commonDefault([])).toBe(null);
  });

  it('is none for other cities until set, and only a known language is stored', () => {
    const db = freshDb();
    seedDemoCities(db, FIXTURE_CITIES_DIR);
    const langs = createCityLanguageStore(db);
    expect(langs.defaultFor('kota-contoh')).toBe(null);
    expect(langs.defaultFor('atlantis')).toBe(null);
    expect(langs.setDefault('kota-contoh', 'zh')).toBe(true);
    expect(langs.defaultFor('kota-contoh')).toBe('zh');
    expect(langs.setDefault('atlantis', 'zh')).toBe(false);
    expect(() => db.prepare("UPDATE cities SET default_language = 'fr' WHERE id = 'kota-contoh'").run()).toThrow(/CHECK constraint/);
    expect(langs.setDefault('kota-contoh', null)).toBe(true);
    expect(langs.defaultFor('kota-contoh')).toBe(null);
  });

  it('is given to the demo cities of a database seeded before migration 0004', () => {
    const path = join(tempDir('citylang'), 'old.db');
    const before = readMigrationFiles().filter((f) => f.number < 4);
    const dir = tempDir('migrations-before-0004');
    for (const f of before) writeFileSync(join(dir, f.name), f.sql);
    const db = openDatabase(path);
    migrate(db, { dir });
    const repo = createCityRepository(db);
    const surabaya = { ...fixtureCity(), city: { ...fixtureCity().city, id: 'surabaya', name: 'Surabaya' } };
    repo.insert(surabaya);
    repo.insert(fixtureCity());
    migrate(db);
    const langs = createCityLanguageStore(db);
    expect(langs.defaultFor('surabaya')).toBe('id');
    expect(langs.defaultFor('kota-contoh')).toBe(null);
    db.close();
  });
});
