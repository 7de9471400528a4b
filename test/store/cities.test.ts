import { describe, expect, it } from 'vitest';
import { CityExistsError, CityNotFoundError, createCityRepository, VersionConflictError } from '../../src/store/cities.js';
import { fixtureCity, freshDb, steppingClock } from './helpers.js';

function setup() {
  const db = freshDb();
  const repo = createCityRepository(db, steppingClock());
  return { db, repo };
}

describe('cities repository', () => {
  it('inserts a city at version 1 and reads back the same document', () => {
    const { repo } = setup();
    const city = fixtureCity();
    const stored = repo.insert(city);
    expect(stored).toMatchObject({ id: 'kota-contoh', name: 'Kota Contoh', currency: 'IDR', baseYear: 2024, version: 1 });
    expect(stored.createdAt).toBe(stored.updatedAt);
    expect(repo.get('kota-contoh')?.document).toEqual(city);
    expect(repo.list()).toEqual([
      { id: 'kota-contoh', name: 'Kota Contoh', currency: 'IDR', baseYear: 2024, version: 1, createdAt: stored.createdAt, updatedAt: stored.updatedAt },
    ]);
    expect(repo.count()).toBe(1);
  });

  it('lists cities by name', () => {
    const { repo } = setup();
    const a = fixtureCity();
    const b = fixtureCity();
    b.city = { ...b.city, id: 'alpha', name: 'Zeta Town' };
    a.city = { ...a.city, id: 'zulu', name: 'alpha town' };
    repo.insert(b);
    repo.insert(a);
    expect(repo.list().map((c) => c.name)).toEqual(['alpha town', 'Zeta Town']);
  });

  it('refuses a second city with the same id', () => {
    const { repo } = setup();
    repo.insert(fixtureCity());
    expect(() => repo.insert(fixtureCity())).toThrow(CityExistsError);
  });

  it('replaces the document at the version read and moves to the next version', () => {
    const { repo } = setup();
    const first = repo.insert(fixtureCity());
    const edited = fixtureCity();
    edited.city.name = 'Kota Contoh Baru';
    edited.settings.discountRate = 0.1;
    const second = repo.replaceDocument('kota-contoh', 1, edited);
    expect(second.version).toBe(2);
    expect(second.name).toBe('Kota Contoh Baru');
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(repo.get('kota-contoh')?.document.settings.discountRate).toBe(0.1);
  });

  it('refuses a replace from a stale version and keeps the newer document', () => {
    const { repo } = setup();
    repo.insert(fixtureCity());
    const mine = fixtureCity();
    mine.settings.discountRate = 0.1;
    const theirs = fixtureCity();
    theirs.settings.discountRate = 0.12;
    repo.replaceDocument('kota-contoh', 1, mine);

    const attempt = () => repo.replaceDocument('kota-contoh', 1, theirs);
    expect(attempt).toThrow(VersionConflictError);
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({ cityId: 'kota-contoh', expectedVersion: 1, currentVersion: 2 });
    }
    const stored = repo.get('kota-contoh');
    expect(stored?.version).toBe(2);
    expect(stored?.document.settings.discountRate).toBe(0.1);
  });

  it('refuses to replace a city that does not exist, or to change its id', () => {
    const { repo } = setup();
    expect(() => repo.replaceDocument('kota-contoh', 1, fixtureCity())).toThrow(CityNotFoundError);
    repo.insert(fixtureCity());
    expect(() => repo.replaceDocument('other', 1, fixtureCity())).toThrow(/cannot change/);
  });

  it('deletes at the version read, refuses a stale one, and reports a missing city', () => {
    const { repo } = setup();
    repo.insert(fixtureCity());
    repo.replaceDocument('kota-contoh', 1, fixtureCity());
    expect(() => repo.delete('kota-contoh', 1)).toThrow(VersionConflictError);
    expect(repo.delete('kota-contoh', 2)).toBe(true);
    expect(repo.get('kota-contoh')).toBeUndefined();
    expect(repo.delete('kota-contoh')).toBe(false);
    expect(repo.delete('kota-contoh', 3)).toBe(false);
  });
});

describe('cities repository: parsed documents kept per version', () => {
  it('hands out the same parsed document while the city is unchanged, frozen so no caller can change it for the others', () => {
    const { repo } = setup();
    repo.insert(fixtureCity());
    const a = repo.get('kota-contoh');
    const b = repo.get('kota-contoh');
    expect(b?.document).toBe(a?.document);
    expect(Object.isFrozen(a?.document.settings)).toBe(true);
    expect(() => {
      (a as { document: { city: { name: string } } }).document.city.name = 'changed';
    }).toThrow(TypeError);
    expect(repo.get('kota-contoh')?.document.city.name).toBe('Kota Contoh');
  });

  it('reads the new document after a change, also when the change was written by another repository on the same database', () => {
    const { db, repo } = setup();
    repo.insert(fixtureCity());
    const before = repo.get('kota-contoh');
    const other = createCityRepository(db, () => new Date('2031-01-01T00:00:00Z'));
    const edited = fixtureCity();
    edited.city = { ...edited.city, name: 'Kota Baru' };
    other.replaceDocument('kota-contoh', 1, edited);
    const after = repo.get('kota-contoh');
    expect(after?.version).toBe(2);
    expect(after?.name).toBe('Kota Baru');
    expect(after?.document.city.name).toBe('Kota Baru');
    expect(before?.document.city.name).toBe('Kota Contoh');
  });

  it('does not hand out a deleted city, nor its old document when a city with the same id is made again', () => {
    const { repo } = setup();
    repo.insert(fixtureCity());
    expect(repo.get('kota-contoh')?.document.city.name).toBe('Kota Contoh');
    repo.delete('kota-contoh');
    expect(repo.get('kota-contoh')).toBeUndefined();
    const again = fixtureCity();
    again.city = { ...again.city, name: 'Kota Lagi' };
    repo.insert(again);
    const got = repo.get('kota-contoh');
    expect(got?.version).toBe(1);
    expect(got?.document.city.name).toBe('Kota Lagi');
  });

  it('keeps at most the given number of documents, the least recently read going first', () => {
    const db = freshDb();
    const repo = createCityRepository(db, steppingClock(), 2);
    for (const id of ['a', 'b', 'c']) {
      const c = fixtureCity();
      c.city = { ...c.city, id };
      repo.insert(c);
    }
    const a1 = repo.get('a')?.document;
    const b1 = repo.get('b')?.document;
    repo.get('a');
    repo.get('c'); // b was read least recently: dropped
    expect(repo.get('a')?.document).toBe(a1);
    expect(repo.get('b')?.document).not.toBe(b1);
    expect(repo.get('b')?.document).toEqual(b1);
  });
});
