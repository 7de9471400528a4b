import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/store/audit.js';
import { createCityRepository } from '../../src/store/cities.js';
import { applyEdit, EditRefusedError, recordHash, stableJson, type EditRequest } from '../../src/store/cityEdits.js';
import type { Db } from '../../src/store/db.js';
import { fixtureCity, freshDb } from './helpers.js';

function setup(): Db {
  const db = freshDb();
  createCityRepository(db).insert(fixtureCity());
  return db;
}

const landfill = () => fixtureCity().landfills[0];
const version = (db: Db) => createCityRepository(db).get('kota-contoh')?.version;
const auditCount = (db: Db) => db.prepare('SELECT count(*) FROM audit_log').pluck().get();

function edit(over: Partial<EditRequest>): EditRequest {
  return {
    cityId: 'kota-contoh',
    userId: null,
    action: 'update',
    collection: 'landfills',
    recordId: 'tpa-contoh',
    after: { ...landfill(), remainingAirspaceM3: 90000 },
    baseRecordHash: recordHash(landfill()),
    ...over,
  };
}

describe('recordHash', () => {
  it('does not depend on key order, and tells records apart', () => {
    expect(recordHash({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(recordHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(recordHash({ a: 1 })).not.toBe(recordHash({ a: 2 }));
    expect(recordHash(null)).toBe(recordHash(undefined));
    expect(stableJson({ b: 1, a: [{ z: 1, y: 2 }] })).toBe('{"a":[{"y":2,"z":1}],"b":1}');
  });
});

describe('applyEdit', () => {
  it('writes the new record, bumps the version and records before and after in the audit trail', () => {
    const db = setup();
    const out = applyEdit(db, edit({}), () => new Date('2099-05-01T10:00:00.000Z'));
    expect(out.kind).toBe('ok');
    if (out.kind !== 'ok') return;
    expect(out.city.version).toBe(2);
    expect(out.unchanged).toBe(false);
    expect(out.city.document.landfills[0].remainingAirspaceM3).toBe(90000);
    expect(out.audit).toMatchObject({
      action: 'update',
      collection: 'landfills',
      recordId: 'tpa-contoh',
      at: '2099-05-01T10:00:00.000Z',
      cityVersion: 2,
      before: landfill(),
      after: { ...landfill(), remainingAirspaceM3: 90000 },
    });
    expect(createAuditLog(db).listForRecord('kota-contoh', 'landfills', 'tpa-contoh')).toHaveLength(1);
  });

  it('stores the record as validated: defaults filled in', () => {
    const db = setup();
    const { provenance, ...lf } = landfill();
    const out = applyEdit(db, edit({ after: { id: lf.id, name: lf.name, remainingAirspaceM3: 5 } }));
    expect(out).toMatchObject({ kind: 'ok', record: { id: 'tpa-contoh', densityTPerM3: 0.8, tippingFeePerT: '0', cover: { method: 'share', value: 0.15 } } });
  });

  it('refuses a record changed since the form was shown, with both versions, and writes nothing', () => {
    const db = setup();
    expect(applyEdit(db, edit({})).kind).toBe('ok');
    const second = applyEdit(db, edit({ after: { ...landfill(), remainingAirspaceM3: 1 } }));
    expect(second).toEqual({
      kind: 'conflict',
      current: { ...landfill(), remainingAirspaceM3: 90000 },
      currentHash: recordHash({ ...landfill(), remainingAirspaceM3: 90000 }),
      submitted: { ...landfill(), remainingAirspaceM3: 1 },
    });
    expect(version(db)).toBe(2);
    expect(auditCount(db)).toBe(1);
    if (second.kind !== 'conflict') return;
    expect(applyEdit(db, edit({ after: { ...landfill(), remainingAirspaceM3: 1 }, baseRecordHash: second.currentHash })).kind).toBe('ok');
    expect(version(db)).toBe(3);
  });

  it('returns the engine\'s problems with the record\'s path and writes nothing', () => {
    const db = setup();
    const out = applyEdit(db, edit({ after: { ...landfill(), remainingAirspaceM3: -5, densityTPerM3: 0 } }));
    expect(out).toEqual({
      kind: 'problems',
      recordPath: 'landfills[0]',
      problems: [
        { path: 'landfills[0].remainingAirspaceM3', message: 'must be >= 0' },
        { path: 'landfills[0].densityTPerM3', message: 'must be > 0' },
      ],
    });
    expect(version(db)).toBe(1);
    expect(auditCount(db)).toBe(0);
  });

  it('creates a record at the end; a taken id is a problem at the id', () => {
    const db = setup();
    const fee = { id: 'iuran', name: 'Neighbourhood fee', payer: 'households', stage: 'primaryCollection', basis: 'perHouseholdMonth', amount: '5000' };
    const out = applyEdit(db, edit({ action: 'create', collection: 'fees', recordId: 'iuran', after: fee, baseRecordHash: recordHash(null) }));
    expect(out).toMatchObject({ kind: 'ok', record: { ...fee, collectionRate: 1 }, audit: { action: 'create', before: null, recordId: 'iuran' } });
    const again = applyEdit(db, edit({ action: 'create', collection: 'fees', recordId: 'iuran', after: fee, baseRecordHash: recordHash(null) }));
    expect(again).toEqual({ kind: 'problems', recordPath: 'fees[2]', problems: [{ path: 'fees[2].id', message: 'duplicates fees[1] ("iuran")' }] });
  });

  it('deletes a record nobody refers to; refuses one still referred to (the engine names the reference)', () => {
    const db = setup();
    const fee = fixtureCity().fees[0];
    expect(applyEdit(db, edit({ action: 'delete', collection: 'fees', recordId: fee.id, after: null, baseRecordHash: recordHash(fee) }))).toMatchObject({
      kind: 'ok',
      record: null,
      audit: { action: 'delete', before: fee, after: null },
    });
    const tp = fixtureCity().transferPoints[2];
    const refused = applyEdit(db, edit({ action: 'delete', collection: 'transferPoints', recordId: tp.id, after: null, baseRecordHash: recordHash(tp) }));
    expect(refused).toMatchObject({ kind: 'problems', problems: [{ path: 'zones[1].routing[0].transferPointId', message: 'unknown transfer point "tps-jauh"' }] });
    expect(version(db)).toBe(2);
  });

  it('a record already deleted is not found; so is a city', () => {
    const db = setup();
    expect(applyEdit(db, edit({ action: 'delete', collection: 'fees', recordId: 'nope', after: null, baseRecordHash: recordHash(null) }))).toEqual({ kind: 'notFound', what: 'record' });
    expect(applyEdit(db, edit({ cityId: 'atlantis' }))).toEqual({ kind: 'notFound', what: 'city' });
  });

  it('an update of a record someone deleted is a conflict with nothing current', () => {
    const db = setup();
    const fee = fixtureCity().fees[0];
    applyEdit(db, edit({ action: 'delete', collection: 'fees', recordId: fee.id, after: null, baseRecordHash: recordHash(fee) }));
    expect(applyEdit(db, edit({ collection: 'fees', recordId: fee.id, after: { ...fee, amount: '1' }, baseRecordHash: recordHash(fee) }))).toMatchObject({
      kind: 'conflict',
      current: null,
    });
  });

  it('restores a deleted record as a new audited change', () => {
    const db = setup();
    const fee = fixtureCity().fees[0];
    applyEdit(db, edit({ action: 'delete', collection: 'fees', recordId: fee.id, after: null, baseRecordHash: recordHash(fee) }));
    const out = applyEdit(db, edit({ action: 'restore', collection: 'fees', recordId: fee.id, after: fee, baseRecordHash: recordHash(null) }));
    expect(out).toMatchObject({ kind: 'ok', audit: { action: 'restore', before: null, after: fee, cityVersion: 3 } });
  });

  it('edits the settings and the composition as whole records', () => {
    const db = setup();
    const s = fixtureCity().settings;
    expect(applyEdit(db, edit({ action: 'settings', collection: 'settings', recordId: null, after: { ...s, discountRate: 0.05 }, baseRecordHash: recordHash(s) }))).toMatchObject({
      kind: 'ok',
      audit: { collection: 'settings', recordId: null, before: { discountRate: 0.08 }, after: { discountRate: 0.05 } },
    });
    const fr = fixtureCity().fractions;
    const bad = fr.map((f, i) => (i === 0 ? { ...f, share: f.share + 0.1 } : f));
    expect(applyEdit(db, edit({ action: 'settings', collection: 'fractions', recordId: null, after: bad, baseRecordHash: recordHash(fr) }))).toMatchObject({
      kind: 'problems',
      recordPath: 'fractions',
      problems: [{ path: 'fractions', message: expect.stringMatching(/^shares must sum to 1 \(they sum to 1\.1\)$/) }],
    });
    expect(() => applyEdit(db, edit({ collection: 'settings', recordId: null, after: null }))).toThrow(EditRefusedError);
  });

  it('saving the same values writes nothing', () => {
    const db = setup();
    expect(applyEdit(db, edit({ after: landfill() }))).toMatchObject({ kind: 'ok', unchanged: true, audit: null });
    expect(version(db)).toBe(1);
    expect(auditCount(db)).toBe(0);
  });
});
