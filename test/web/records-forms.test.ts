/** The data pages' view models without HTTP: problems placed on inputs, two versions compared, list order, the Data menu. */
import { describe, expect, it } from 'vitest';
import { assignProblems, formSections, inputNames } from '../../src/web/forms.js';
import { stableJson } from '../../src/store/cityEdits.js';
import { cityNav, compareRecords, historyEntryView, listView, parseListQuery, shortTime } from '../../src/web/formsPages.js';
import { fixtureCity } from './helpers.js';

const city = fixtureCity();
const ctx = { cityId: 'kota-contoh', doc: city };

describe('assignProblems', () => {
  // As the person posted them: a blank first row, the landfill leg typed in row 3.
  const posted = { 'legs.3.siteId': 'tpa-contoh', 'legs.3.roundTripKm': '-1' };
  const sections = formSections('transferPoints', posted, {}, ctx, { isNew: false, provenance: undefined, provenanceEditable: true });
  const known = inputNames(sections);
  const keys = new Set(sections.map((s) => s.key));

  it('puts a problem on its input, a list problem on its section, others at the top', () => {
    const out = assignProblems(
      [
        { path: 'transferPoints[2].vehicles', message: 'must be >= 0' },
        { path: 'transferPoints[2].legs[1].roundTripKm', message: 'must be >= 0' },
        { path: 'transferPoints[2].legs', message: 'needs at least a disposal site' },
        { path: 'transferPoints[2].capital.lifeYears', message: 'must be >= 1' },
        { path: 'zones[1].routing[0].transferPointId', message: 'unknown transfer point "x"' },
        { path: 'transferPoints[2]', message: 'is odd' },
      ],
      'transferPoints[2].',
      { legs: [0, 3] },
      known,
      keys,
    );
    expect(out).toEqual({
      fieldErrors: {
        vehicles: 'must be >= 0',
        'legs.3.roundTripKm': 'must be >= 0',
        legs: 'needs at least a disposal site',
        'capital.lifeYears': 'must be >= 1',
      },
      topErrors: ['zones[1].routing[0].transferPointId: unknown transfer point "x"', 'transferPoints[2]: is odd'],
    });
  });

  it('joins two problems of one field', () => {
    const out = assignProblems([{ path: 'transferPoints[0].vehicles', message: 'a' }, { path: 'transferPoints[0].vehicles', message: 'b' }], 'transferPoints[0].', {}, known, keys);
    expect(out.fieldErrors.vehicles).toBe('a; b');
  });
});

describe('formSections', () => {
  it('offers the blank rows after the filled ones, and a select of sites for legs', () => {
    const tp = city.transferPoints[0];
    const values = { 'legs.0.siteId': tp.legs[0].siteId, 'legs.0.roundTripKm': '8' };
    const legs = formSections('transferPoints', values, {}, ctx, { isNew: false, provenance: undefined, provenanceEditable: false }).find((s) => s.key === 'legs');
    expect(legs?.table?.rows).toHaveLength(4);
    const site = legs?.table?.rows[0].cells[0];
    expect(site?.control).toBe('select');
    expect(site?.options.map((o) => o.value)).toEqual(['', 'kompos-contoh', 'tpa-contoh']);
    expect(site?.options.find((o) => o.selected)?.value).toBe(tp.legs[0].siteId);
    expect(legs?.provenanceEditor).toBeNull();
  });

  it('a new record asks for its id; an edit does not, and names have no provenance editor', () => {
    const fresh = formSections('fees', {}, {}, ctx, { isNew: true, provenance: undefined, provenanceEditable: false });
    expect(fresh[0].key).toBe('id');
    const edit = formSections('fees', {}, {}, ctx, { isNew: false, provenance: undefined, provenanceEditable: true });
    expect(edit[0].key).toBe('name');
    expect(edit[0].provenanceEditor).toBeNull();
    expect(edit.find((s) => s.key === 'amount')?.provenanceEditor?.statusOptions.find((o) => o.selected)?.value).toBe('E');
  });
});

describe('compareRecords', () => {
  it('marks the fields that differ, by label, with units', () => {
    const a = city.landfills[0];
    const rows = compareRecords('landfills', a, { ...a, remainingAirspaceM3: 1, omPerT: '1' }, city);
    expect(rows.filter((r) => r.differs)).toEqual([
      { label: 'Remaining airspace', theirs: `${a.remainingAirspaceM3.toLocaleString('en')} m3`, mine: '1 m3', differs: true },
      { label: 'Operation per tonne', theirs: '35,000 IDR/t', mine: '1 IDR/t', differs: true },
    ]);
    expect(compareRecords('landfills', a, null, city).every((r) => r.mine === '—')).toBe(true);
  });
});

describe('listView', () => {
  it('sorts money as exact decimals, not as text', () => {
    const doc = structuredClone(city);
    const base = doc.fees[0];
    doc.fees = [
      { ...base, id: 'a', name: 'A', amount: '10000' },
      { ...base, id: 'b', name: 'B', amount: '9000.5' },
      { ...base, id: 'c', name: 'C', amount: '120000' },
    ];
    const asc = listView('fees', doc, 'kota-contoh', { ...parseListQuery('fees', {}), sort: 'amount' });
    expect(asc.rows.map((r) => r.name)).toEqual(['B', 'A', 'C']);
    const desc = listView('fees', doc, 'kota-contoh', { ...parseListQuery('fees', {}), sort: 'amount', dir: 'desc' });
    expect(desc.rows.map((r) => r.name)).toEqual(['C', 'A', 'B']);
  });

  it('keeps records without a value last in either order', () => {
    const doc = structuredClone(city);
    const base = doc.facilities[0];
    doc.facilities = [
      { ...base, id: 'f1', name: 'F1', openYear: 2026 },
      { ...base, id: 'f2', name: 'F2', openYear: undefined },
      { ...base, id: 'f3', name: 'F3', openYear: 2025 },
    ];
    for (const dir of ['asc', 'desc'] as const) {
      const v = listView('facilities', doc, 'kota-contoh', { q: '', sort: 'openYear', dir, page: 1 });
      expect(v.rows.at(-1)?.name, dir).toBe('F2');
    }
  });

  it('parses the query: unknown columns and pages fall back', () => {
    expect(parseListQuery('zones', { sort: 'population', dir: 'desc', page: '2', q: ' utara ' })).toEqual({ q: 'utara', sort: 'population', dir: 'desc', page: 2 });
    expect(parseListQuery('zones', { sort: 'constructor', dir: 'up', page: 'x' })).toEqual({ q: '', sort: 'name', dir: 'asc', page: 1 });
    expect(parseListQuery('costLines', {}).sort).toBe('description');
  });
});

describe('the Data menu and times', () => {
  it('links every collection, the settings pages, the weighbridge page and the history, marking the current one', () => {
    const nav = cityNav('kota-contoh', 'settings');
    expect(nav).toHaveLength(16);
    expect(nav.slice(-2)).toEqual([
      { href: '/cities/kota-contoh/weighbridge', label: 'Weighbridge', current: false },
      { href: '/cities/kota-contoh/history', label: 'History', current: false },
    ]);
    expect(nav.filter((l) => l.current).map((l) => l.href)).toEqual(['/cities/kota-contoh/settings']);
  });
  it('shortens ISO times to the minute', () => {
    expect(shortTime('2026-11-29T14:47:03.120Z')).toBe('2026-11-29 14:47 UTC');
  });
});

describe('restore buttons', () => {
  const fee = city.fees[0];
  const entry = (before: unknown, after: unknown) => ({
    id: 7, cityId: 'kota-contoh', userId: null, userName: null, userEmail: null, at: '2026-11-29T14:47:03.120Z',
    action: 'update' as const, collection: 'fees', recordId: fee.id, before, after, cityVersion: 2,
  });
  const current = (r: unknown) => () => ({ hash: 'h', json: stableJson(r) });

  it('offers only the values that differ from the record now, and says when one deletes', () => {
    const changed = { ...fee, amount: '1' };
    expect(historyEntryView(entry(fee, changed), city, 'kota-contoh', { canRestore: true, current: current(changed) }).restore).toEqual({
      action: '/cities/kota-contoh/history/7/restore', baseHash: 'h', before: 'Restore the value before this change', after: null,
      buttons: [{ which: 'before', label: 'Restore the value before this change' }],
    });
    expect(historyEntryView(entry(null, fee), city, 'kota-contoh', { canRestore: true, current: current(fee) }).restore?.before).toBe('Delete it, as before it was created');
    expect(historyEntryView(entry(fee, null), city, 'kota-contoh', { canRestore: true, current: current(null) }).restore).toMatchObject({ before: 'Restore the value before this change', after: null });
    expect(historyEntryView(entry(fee, changed), city, 'kota-contoh', { canRestore: false, current: current(changed) }).restore).toBeNull();
  });
});
