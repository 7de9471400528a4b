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
import { applyChange, applyChanges } from '../../src/model/scenario.js';
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
