import * as crypto from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCityRepository } from '../../src/store/cities.js';
import { openDatabase } from '../../src/store/db.js';
import { migrate, MIGRATIONS_DIR, readMigrationFiles } from '../../src/store/migrate.js';
import { seedDemoCities } from '../../src/store/seed.js';
import {
  createCityAccess,
  createUserRepository,
  DEFAULT_SCRYPT,
  EmailTakenError,
  FAST_SCRYPT_FOR_TESTS,
  hashPassword,
  hashPasswordSync,
  parseHash,
  UsersExistError,
  verifyPassword,
} from '../../src/store/users.js';
import { FIXTURE_CITIES_DIR, fixtureCity, freshDb, tempDir } from './helpers.js';

// Wrap timingSafeEqual so the tests can see that password checks use it.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const FAST = FAST_SCRYPT_FOR_TESTS;

function dbWithCities(...ids: string[]) {
  const db = freshDb();
  const repo = createCityRepository(db);
  for (const id of ids) {
    const city = fixtureCity();
    city.city.id = id;
    city.city.name = `City ${id}`;
    repo.insert(city);
  }
  return db;
}

describe('password hashes', () => {
  it('are stored as scrypt$N$r$p$salt$hash, never the password itself', async () => {
    const db = freshDb();
    const users = createUserRepository(db);
    await users.create({ email: 'ana@example.org', displayName: 'Ana', password: 'correct horse battery' }, FAST);
    const row = db.prepare('SELECT * FROM users').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain('correct horse battery');
    expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('use the default cost N=2^16, r=8, p=1 unless told otherwise', async () => {
    const stored = await hashPassword('a long enough password');
    expect(parseHash(stored)?.params).toEqual({ N: 65536, r: 8, p: 1 });
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 16, r: 8, p: 1 });
    await expect(verifyPassword('a long enough password', stored)).resolves.toBe(true);
  });

  it('differ for the same password (a salt per hash)', () => {
    const a = hashPasswordSync('same password here', FAST);
    const b = hashPasswordSync('same password here', FAST);
    expect(a).not.toBe(b);
    expect(parseHash(a)?.salt.equals(parseHash(b)?.salt ?? Buffer.alloc(0))).toBe(false);
  });

  it('verify the right password only, comparing in constant time', async () => {
    const stored = hashPasswordSync('the right password', FAST);
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    await expect(verifyPassword('the right password', stored)).resolves.toBe(true);
    await expect(verifyPassword('the wrong password', stored)).resolves.toBe(false);
    await expect(verifyPassword('the right passwor', stored)).resolves.toBe(false);
    expect(spy).toHaveBeenCalledTimes(3);
    for (const [a, b] of spy.mock.calls) {
      expect(Buffer.isBuffer(a) && Buffer.isBuffer(b)).toBe(true);
      expect((a as Buffer).length).toBe(32);
    }
  });

  it('read the cost from the hash, so older hashes keep working when the default changes', async () => {
    const old = hashPasswordSync('an older password', { N: 2048, r: 8, p: 2 });
    expect(old.startsWith('scrypt$2048$8$2$')).toBe(true);
    await expect(verifyPassword('an older password', old)).resolves.toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
    ['missing hash', 'scrypt$1024$8$1$c2FsdA'],
  ])('refuse a malformed stored hash (%s)', async (_label, stored) => {
    await expect(verifyPassword('anything at all', stored)).resolves.toBe(false);
  });

  it('are refused by the database unless in the scrypt format', () => {
    const db = freshDb();
    expect(() =>
      db.prepare("INSERT INTO users (email, display_name, password_hash, created_at) VALUES ('a@b.c', 'A', 'plain text', '2026-01-01T00:00:00.000Z')").run(),
    ).toThrow(/CHECK constraint failed/);
  });
});

describe('users', () => {
  it('are found by email in any case, and an email is taken once whatever its case', async () => {
    const users = createUserRepository(freshDb());
    const ana = await users.create({ email: 'Ana@Example.org', displayName: 'Ana', password: 'password one' }, FAST);
    expect(users.findByEmail('ana@example.ORG')?.id).toBe(ana.id);
    expect(users.findById(ana.id)).toEqual(ana);
    expect(ana).toMatchObject({ email: 'Ana@Example.org', displayName: 'Ana', siteAdmin: false, disabled: false, language: null });
    await expect(users.create({ email: 'ana@example.org', displayName: 'Other', password: 'password two' }, FAST)).rejects.toThrow(EmailTakenError);
    expect(users.count()).toBe(1);
  });

  it('sign in with the right password, in any case of email, unless disabled', async () => {
    const users = createUserRepository(freshDb());
    const ana = await users.create({ email: 'ana@example.org', displayName: 'Ana', password: 'password one' }, FAST);
    await expect(users.authenticate(' ANA@example.org ', 'password one')).resolves.toMatchObject({ id: ana.id });
    await expect(users.authenticate('ana@example.org', 'password two')).resolves.toBeNull();
    users.setDisabled(ana.id, true);
    await expect(users.authenticate('ana@example.org', 'password one')).resolves.toBeNull();
  });

  it('check an unknown email against a hash too, so it takes as long as a wrong password', async () => {
    const users = createUserRepository(freshDb());
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    await expect(users.authenticate('nobody@example.org', 'some password')).resolves.toBeNull();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('make the first site administrator only on an empty database', async () => {
    const users = createUserRepository(freshDb());
    const admin = await users.createFirstAdmin({ email: 'root@example.org', displayName: 'Root', password: 'password one' }, FAST);
    expect(admin.siteAdmin).toBe(true);
    await expect(users.createFirstAdmin({ email: 'two@example.org', displayName: 'Two', password: 'password two' }, FAST)).rejects.toThrow(UsersExistError);
    expect(users.count()).toBe(1);
  });

  it('change password, name, site admin flag, disabled flag and language', async () => {
    const users = createUserRepository(freshDb());
    const u = await users.create({ email: 'u@example.org', displayName: 'U', password: 'password one' }, FAST);
    await users.setPassword(u.id, 'password two', FAST);
    await expect(users.checkPassword(u.id, 'password one')).resolves.toBe(false);
    await expect(users.checkPassword(u.id, 'password two')).resolves.toBe(true);
    users.setDisplayName(u.id, '  Uma  ');
    users.setSiteAdmin(u.id, true);
    users.setDisabled(u.id, true);
    users.setLanguage(u.id, 'zh');
    expect(users.findById(u.id)).toMatchObject({ displayName: 'Uma', siteAdmin: true, disabled: true, language: 'zh' });
    expect(users.list().map((x) => x.displayName)).toEqual(['Uma']);
  });
});

describe('roles per city', () => {
  it('are set, replaced, read and removed', async () => {
    const db = dbWithCities('alpha', 'beta');
    const users = createUserRepository(db);
    const u = await users.create({ email: 'u@example.org', displayName: 'U', password: 'password one' }, FAST);
    expect(users.roleFor(u.id, 'alpha')).toBeNull();
    users.setRole(u.id, 'alpha', 'viewer');
    users.setRole(u.id, 'alpha', 'editor');
    users.setRole(u.id, 'beta', 'cityAdmin');
    expect(users.roleFor(u.id, 'alpha')).toBe('editor');
    expect(users.membershipsOf(u.id)).toEqual([
      { cityId: 'alpha', cityName: 'City alpha', role: 'editor' },
      { cityId: 'beta', cityName: 'City beta', role: 'cityAdmin' },
    ]);
    expect(users.membersOf('beta').map((m) => [m.user.email, m.role])).toEqual([['u@example.org', 'cityAdmin']]);
    expect(users.removeRole(u.id, 'alpha')).toBe(true);
    expect(users.removeRole(u.id, 'alpha')).toBe(false);
    expect(users.roleFor(u.id, 'alpha')).toBeNull();
  });

  it('are written all or nothing by setRoles', async () => {
    const db = dbWithCities('alpha', 'beta');
    const users = createUserRepository(db);
    const u = await users.create({ email: 'u@example.org', displayName: 'U', password: 'password one' }, FAST);
    users.setRole(u.id, 'alpha', 'viewer');
    expect(() => users.setRoles(u.id, new Map([['alpha', null], ['no-such-city', 'editor' as const]]))).toThrow(/FOREIGN KEY/);
    expect(users.roleFor(u.id, 'alpha')).toBe('viewer');
    users.setRoles(u.id, new Map([['alpha', null], ['beta', 'editor' as const]]));
    expect(users.membershipsOf(u.id).map((m) => [m.cityId, m.role])).toEqual([['beta', 'editor']]);
  });

  it('go with the city when it is deleted, and the database refuses unknown roles', async () => {
    const db = dbWithCities('alpha');
    const users = createUserRepository(db);
    const u = await users.create({ email: 'u@example.org', displayName: 'U', password: 'password one' }, FAST);
    users.setRole(u.id, 'alpha', 'editor');
    expect(() => db.prepare("INSERT OR REPLACE INTO memberships (user_id, city_id, role) VALUES (?, 'alpha', 'owner')").run(u.id)).toThrow(/CHECK constraint failed/);
    createCityRepository(db).delete('alpha');
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(0);
  });
});

describe('who may read a city', () => {
  it('public cities for everybody, private ones for their members', async () => {
    const db = dbWithCities('open', 'closed', 'other');
    const access = createCityAccess(db);
    expect(access.lookup('open')).toEqual({ name: 'City open', isPublic: false }); // new cities are private
    expect(access.lookup('nowhere')).toBeUndefined();
    expect(access.setPublic('open', true)).toBe(true);
    expect(access.setPublic('nowhere', true)).toBe(false);
    const users = createUserRepository(db);
    const u = await users.create({ email: 'u@example.org', displayName: 'U', password: 'password one' }, FAST);
    users.setRole(u.id, 'closed', 'viewer');
    expect([...access.readableCityIds(null)].sort()).toEqual(['open']);
    expect([...access.readableCityIds(u.id)].sort()).toEqual(['closed', 'open']);
  });

  it('demo cities are public when seeded', () => {
    const db = freshDb();
    seedDemoCities(db, FIXTURE_CITIES_DIR);
    expect(createCityAccess(db).lookup('kota-contoh')?.isPublic).toBe(true);
  });

  it('migration 0002 makes the demo cities of an existing database public, and no other', () => {
    const dir = tempDir('migrations-0001');
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(dir, '0001_init.sql'));
    const db = openDatabase(':memory:');
    migrate(db, { dir });
    const repo = createCityRepository(db);
    for (const id of ['surabaya', 'chongqing', 'kota-contoh']) {
      const city = fixtureCity();
      city.city.id = id;
      repo.insert(city);
    }
    for (const f of readMigrationFiles()) copyFileSync(join(MIGRATIONS_DIR, f.name), join(dir, f.name));
    migrate(db, { dir });
    const rows = db.prepare('SELECT id, public FROM cities ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'chongqing', public: 1 },
      { id: 'kota-contoh', public: 0 },
      { id: 'surabaya', public: 1 },
    ]);
  });
});
