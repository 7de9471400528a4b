/**
 * applyChanges (a batch, copying each list once) must give exactly what
 * applyChange one change after the other gives, never modify its input, and
 * name the change it refuses. Checked on random sequences of set, add and
 * retire changes to Surabaya, refused ones included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change, CityFile } from '../../src/model/cityFile.js';
import { validateCityFile } from '../../src/model/index.js';
import { applyChange, applyChanges, citiesByYear, isSortedByYear, parseChanged } from '../../src/model/scenario.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';

const validated = validateCityFile(JSON.parse(readFileSync(join(EXAMPLES_DIR, 'surabaya.city.json'), 'utf8')));
if (!validated.ok) throw new Error('the Surabaya demo file does not validate');
const city: CityFile = { ...validated.city, scenarios: [] };
const tpIds = city.transferPoints.slice(0, 6).map((t) => t.id);
const landfillIds = city.landfills.map((l) => l.id);

const setChange = fc.oneof(
  fc.record({ id: fc.constantFrom(...tpIds, 'no-such-tps', '*'), v: fc.integer({ min: 0, max: 9 }) }).map(
    ({ id, v }): Change => ({ op: 'set', fromYear: city.settings.baseYear, path: `transferPoints/${id}/vehicles`, value: v }),
  ),
  fc.record({ id: fc.constantFrom(...tpIds), km: fc.integer({ min: 1, max: 60 }) }).map(
    ({ id, km }): Change => ({ op: 'set', fromYear: city.settings.baseYear, path: `transferPoints/${id}/legs/0/roundTripKm`, value: km }),
  ),
  fc.double({ min: 0, max: 0.2, noNaN: true }).map((r): Change => ({ op: 'set', fromYear: city.settings.baseYear, path: 'settings/discountRate', value: r })),
  fc.constantFrom<Change>({ op: 'set', fromYear: city.settings.baseYear, path: 'settings/discountRate/x', value: 1 }),
);
const addChange = fc.constantFrom(...tpIds, 'tps-new-1').map(
  (id): Change => ({ op: 'add', fromYear: city.settings.baseYear, collection: 'transferPoints', item: { ...city.transferPoints[0], id } }),
);
const retireChange = fc.constantFrom(...tpIds, ...landfillIds, 'tps-new-1').map(
  (id): Change =>
    landfillIds.includes(id)
      ? { op: 'retire', fromYear: city.settings.baseYear, collection: 'landfills', id }
      : { op: 'retire', fromYear: city.settings.baseYear, collection: 'transferPoints', id },
);

function sequential(c: CityFile, changes: Change[]) {
  let current = c;
  for (let i = 0; i < changes.length; i++) {
    const r = applyChange(current, changes[i]);
    if (!r.ok) return { ok: false as const, field: r.field, message: r.message, index: i };
    current = r.city;
  }
  return { ok: true as const, city: current };
}

describe('applyChanges', () => {
  it('gives what applying the changes one by one gives, refusals included, and leaves its input as it was', () => {
    const before = JSON.stringify(city);
    fc.assert(
      fc.property(fc.array(fc.oneof(setChange, setChange, addChange, retireChange), { maxLength: 12 }), (changes) => {
        const batch = applyChanges(city, changes);
        const oneByOne = sequential(city, changes);
        expect(JSON.stringify(batch)).toBe(JSON.stringify(oneByOne));
      }),
      { numRuns: 150, seed: 20261129 },
    );
    expect(JSON.stringify(city)).toBe(before);
  });

  it('copies each list once for the batch and shares every record no change touched', () => {
    const changes: Change[] = tpIds.map((id) => ({ op: 'set', fromYear: city.settings.baseYear, path: `transferPoints/${id}/vehicles`, value: 3 }));
    const r = applyChanges(city, changes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.city.transferPoints).not.toBe(city.transferPoints);
    expect(r.city.transferPoints.slice(0, 6).map((t) => t.vehicles)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(r.city.transferPoints.slice(6)).toEqual(city.transferPoints.slice(6));
    r.city.transferPoints.slice(6).forEach((t, i) => expect(t).toBe(city.transferPoints[6 + i]));
    expect(r.city.landfills).toBe(city.landfills);
    expect(city.transferPoints[0].vehicles).not.toBe(undefined);
  });

  it('names the change it refuses by its place in the batch', () => {
    const r = applyChanges(city, [
      { op: 'set', fromYear: city.settings.baseYear, path: `transferPoints/${tpIds[0]}/vehicles`, value: 2 },
      { op: 'retire', fromYear: city.settings.baseYear, collection: 'zones', id: 'no-such-zone' },
    ]);
    expect(r).toEqual({ ok: false, field: 'id', message: 'no zones record with id "no-such-zone"', index: 1 });
  });
});

describe('citiesByYear', () => {
  const full = validated.ok ? validated.city : city;
  /** Each year's city by replaying every due change from the base city (what the engine did before it continued from the year before). */
  function replayed(scenarioId: string): string[] {
    const sc = full.scenarios.find((s) => s.id === scenarioId)!;
    const out: string[] = [];
    for (let t = 0; t < full.settings.horizonYears; t++) {
      const y = full.settings.baseYear + t;
      const due = sc.changes.filter((c) => c.fromYear <= y);
      // Before its first change a scenario's year is the city itself.
      if (due.length === 0) {
        out.push(JSON.stringify(full));
        continue;
      }
      const r = applyChanges({ ...full, scenarios: [] }, due);
      if (!r.ok) throw new Error(r.message);
      const parsed = parseChanged(r.city, full);
      if (!parsed.ok) throw new Error(parsed.issues[0].message);
      out.push(JSON.stringify(parsed.city));
    }
    return out;
  }

  it('gives each year the city that replaying all changes due by then gives, for every Surabaya scenario', () => {
    expect(full.scenarios.length).toBeGreaterThan(3);
    for (const sc of full.scenarios) {
      expect(isSortedByYear(sc.changes), sc.id).toBe(true);
      expect(citiesByYear(full, sc.id).map((c) => JSON.stringify(c)), sc.id).toEqual(replayed(sc.id));
    }
  });

  it('replays from the base city when the list is not in year order', () => {
    const sc = full.scenarios.find((s) => s.changes.length > 2 && new Set(s.changes.map((c) => c.fromYear)).size > 1)!;
    const reversed = { ...full, scenarios: [{ ...sc, changes: [...sc.changes].reverse() }] };
    expect(isSortedByYear(reversed.scenarios[0].changes)).toBe(false);
    const years = citiesByYear(reversed, sc.id);
    const last = full.settings.horizonYears - 1;
    const r = applyChanges({ ...reversed, scenarios: [] }, reversed.scenarios[0].changes.filter((c) => c.fromYear <= full.settings.baseYear + last));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const parsed = parseChanged(r.city, reversed);
    expect(parsed.ok && JSON.stringify(years[last])).toBe(parsed.ok ? JSON.stringify(parsed.city) : '');
  });
});
