import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/store/audit.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { fixtureCity, freshDb, steppingClock } from './helpers.js';

function setup(): { db: Db; userId: number } {
  const db = freshDb();
  createCityRepository(db).insert(fixtureCity());
  const info = db
    .prepare("INSERT INTO users (email, display_name, password_hash, created_at) VALUES ('ani@example.org', 'Ani', 'scrypt$16384$8$1$c2FsdA$aGFzaA', '2026-01-01T00:00:00.000Z')")
    .run();
  return { db, userId: Number(info.lastInsertRowid) };
}

const entry = (over: Record<string, unknown> = {}) => ({
  cityId: 'kota-contoh',
  userId: null as number | null,
  action: 'update' as const,
  collection: 'landfills',
  recordId: 'tpa-contoh',
  before: { id: 'tpa-contoh', remainingAirspaceM3: 100 },
  after: { id: 'tpa-contoh', remainingAirspaceM3: 200 },
  cityVersion: 2,
  ...over,
});

describe('audit log', () => {
  it('appends a row with who, when, which record, before and after, and reads it back', () => {
    const { db, userId } = setup();
    const audit = createAuditLog(db, () => new Date('2026-03-04T05:06:07.000Z'));
    const row = audit.append(entry({ userId }));
    expect(row).toEqual({
      id: row.id,
      cityId: 'kota-contoh',
      userId,
      userName: 'Ani',
      userEmail: 'ani@example.org',
      at: '2026-03-04T05:06:07.000Z',
      action: 'update',
      collection: 'landfills',
      recordId: 'tpa-contoh',
      before: { id: 'tpa-contoh', remainingAirspaceM3: 100 },
      after: { id: 'tpa-contoh', remainingAirspaceM3: 200 },
      cityVersion: 2,
    });
    expect(audit.get('kota-contoh', row.id)).toEqual(row);
    expect(audit.get('other-city', row.id)).toBeUndefined();
    expect(audit.get('kota-contoh', row.id + 1)).toBeUndefined();
  });

  it('keeps null before a create and after a delete, and null for a change without an account', () => {
    const { db } = setup();
    const audit = createAuditLog(db);
    const created = audit.append(entry({ action: 'create', before: null }));
    const deleted = audit.append(entry({ action: 'delete', after: null }));
    expect([created.before, created.userId, created.userName]).toEqual([null, null, null]);
    expect(deleted.after).toBeNull();
  });

  it('pages a city\'s history newest first, and lists one record\'s', () => {
    const { db } = setup();
    const audit = createAuditLog(db, steppingClock());
    for (let i = 1; i <= 7; i++) audit.append(entry({ recordId: i % 2 ? 'tpa-contoh' : 'tpa-lain', cityVersion: i + 1 }));
    audit.append(entry({ action: 'settings', collection: 'settings', recordId: null, cityVersion: 9 }));
    const p1 = audit.listForCity('kota-contoh', { page: 1, perPage: 3 });
    expect(p1.total).toBe(8);
    expect(p1.entries.map((e) => e.cityVersion)).toEqual([9, 8, 7]);
    expect(audit.listForCity('kota-contoh', { page: 3, perPage: 3 }).entries.map((e) => e.cityVersion)).toEqual([3, 2]);
    expect(audit.listForCity('kota-contoh', { page: 4, perPage: 3 }).entries).toEqual([]);
    expect(audit.listForRecord('kota-contoh', 'landfills', 'tpa-lain').map((e) => e.cityVersion)).toEqual([7, 5, 3]);
    expect(audit.listForRecord('kota-contoh', 'settings', null).map((e) => e.cityVersion)).toEqual([9]);
    expect(audit.listForCity('nowhere').total).toBe(0);
  });

  it('refuses rows the table does not allow', () => {
    const { db } = setup();
    const audit = createAuditLog(db);
    expect(() => audit.append(entry({ action: 'rename' as never }))).toThrow(/CHECK constraint failed/);
    expect(() => audit.append(entry({ before: null, after: null }))).toThrow(/CHECK constraint failed/);
    expect(() => audit.append(entry({ cityId: 'no-such-city' }))).toThrow(/FOREIGN KEY/);
    expect(() => audit.append(entry({ userId: 999 }))).toThrow(/FOREIGN KEY/);
  });

  it('keeps the trail of a user (who cannot be deleted) and goes with its city', () => {
    const { db, userId } = setup();
    createAuditLog(db).append(entry({ userId }));
    expect(() => db.prepare('DELETE FROM users WHERE id = ?').run(userId)).toThrow(/FOREIGN KEY/);
    createCityRepository(db).delete('kota-contoh');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });
});
