import { describe, expect, it } from 'vitest';
import { createCityRepository } from '../../src/store/cities.js';
import { importCityDocument } from '../../src/store/importCity.js';
import { fixtureInput, freshDb } from './helpers.js';

function setup() {
  const db = freshDb();
  return { db, repo: createCityRepository(db) };
}

describe('importing a city document', () => {
  it('validates, fills defaults and writes the city', () => {
    const { db, repo } = setup();
    const outcome = importCityDocument(repo, db, fixtureInput(), { mode: 'create' });
    expect(outcome).toMatchObject({ ok: true, created: true, city: { id: 'kota-contoh', version: 1 } });
    // Defaults the file left out are in the stored document.
    expect(repo.get('kota-contoh')?.document.settings.costMethod).toBe('capitalRecovery');
  });

  it('writes nothing when the engine refuses the document, and names the fields', () => {
    const { db, repo } = setup();
    const input = fixtureInput();
    const zones = input.zones as Array<Record<string, unknown>>;
    zones[0].coverage = 1.5;
    const outcome = importCityDocument(repo, db, input, { mode: 'create' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toBe('invalid');
    expect(outcome.problems).toContainEqual({ path: 'zones[0].coverage', message: 'must be <= 1' });
    expect(repo.count()).toBe(0);
  });

  it('refuses a rule the schema cannot state (routing to an unknown transfer point)', () => {
    const { db, repo } = setup();
    const input = fixtureInput();
    const zones = input.zones as Array<{ routing: Array<{ transferPointId: string }> }>;
    zones[1].routing[0].transferPointId = 'tps-nowhere';
    const outcome = importCityDocument(repo, db, input, { mode: 'create' });
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid' });
    if (!outcome.ok) expect(outcome.problems.map((p) => p.path)).toContain('zones[1].routing[0].transferPointId');
    expect(repo.count()).toBe(0);
  });

  it('refuses to create over an existing city unless asked to replace', () => {
    const { db, repo } = setup();
    importCityDocument(repo, db, fixtureInput(), { mode: 'create' });
    expect(importCityDocument(repo, db, fixtureInput(), { mode: 'create' })).toMatchObject({ ok: false, reason: 'exists' });
    expect(importCityDocument(repo, db, fixtureInput(), { mode: 'replace' })).toMatchObject({ ok: true, created: false, city: { version: 2 } });
  });

  it('refuses a replace from a stale version and leaves the stored city alone', () => {
    const { db, repo } = setup();
    importCityDocument(repo, db, fixtureInput(), { mode: 'create' });
    importCityDocument(repo, db, fixtureInput(), { mode: 'replace', expectedVersion: 1 });
    const stale = fixtureInput();
    (stale.settings as Record<string, unknown>).discountRate = 0.2;
    expect(importCityDocument(repo, db, stale, { mode: 'replace', expectedVersion: 1 })).toMatchObject({ ok: false, reason: 'conflict' });
    expect(repo.get('kota-contoh')).toMatchObject({ version: 2, document: { settings: { discountRate: 0.08 } } });
  });
});
