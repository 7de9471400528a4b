/** Scenario pages' pure parts (src/reports/scenarioForms.ts): changes as sentences, the change form, preset forms. */
import { describe, expect, it } from 'vitest';
import { buildPreset, presetDefaults, PRESET_IDS } from '../../src/model/presets.js';
import { changeRows, describeChange, parseChangeForm, parsePresetForm, presetFormValues } from '../../src/reports/scenarioForms.js';
import { demoCity, demoRun } from './helpers.js';

const city = demoCity('surabaya');

describe('describeChange', () => {
  it.each([
    [{ op: 'set', fromYear: 2005, path: 'transferPoints/tps-tegalsari-2/vehicles', value: 2 }, 'From 2005: transfer point TPS Tegalsari 2 — vehicles 0.75 → 2'],
    [{ op: 'set', fromYear: 2004, path: 'settings/haulOutsourcedShare', value: 0.5 }, 'From 2004: settings — haul outsourced 0.3 → 0.5'],
    [{ op: 'set', fromYear: 2004, path: 'zones/*/coverage', value: 0.95 }, 'From 2004: every zone — coverage → 0.95'],
    [{ op: 'retire', fromYear: 2010, collection: 'landfills', id: 'benowo' }, 'From 2010: retire landfill TPA Benowo'],
    [{ op: 'set', fromYear: 2004, path: 'transferPoints/tps-tegalsari-2/legs', value: [{ siteId: 'new-site', roundTripKm: 30 }] }, 'From 2004: transfer point TPS Tegalsari 2 — legs benowo 42 km → new-site 30 km'],
  ] as const)('%o', (change, text) => {
    expect(describeChange(city, change as never)).toBe(text);
  });

  it('changeRows: year order, list order within a year, keeping each change\'s index', () => {
    const rows = changeRows(city, [
      { op: 'set', fromYear: 2006, path: 'settings/discountRate', value: 0.08 },
      { op: 'set', fromYear: 2004, path: 'settings/discountRate', value: 0.09 },
      { op: 'set', fromYear: 2004, path: 'settings/haulOutsourcedShare', value: 0.5 },
    ]);
    expect(rows.map((r) => r.index)).toEqual([1, 2, 0]);
  });
});

describe('parseChangeForm', () => {
  it('a set-change with a value typed by the field', () => {
    expect(parseChangeForm(city, { op: 'set', fromYear: '2005', collection: 'transferPoints', record: 'tps-tegalsari-2', field: 'vehicles', value: '2' })).toEqual({
      ok: true,
      change: { op: 'set', fromYear: 2005, path: 'transferPoints/tps-tegalsari-2/vehicles', value: 2 },
    });
    expect(parseChangeForm(city, { op: 'set', fromYear: '2005', collection: 'fees', record: 'retribusi-kebersihan', field: 'amount', value: '7500' })).toMatchObject({ ok: true, change: { path: 'fees/retribusi-kebersihan/amount', value: '7500' } });
  });

  it('names the field of each mistake', () => {
    expect(parseChangeForm(city, { op: 'set', fromYear: '1999', collection: 'transferPoints', record: 'nope', field: 'vehicles', value: 'x' })).toEqual({
      ok: false,
      errors: { fromYear: 'must be a year in the horizon 2003-2022', record: 'choose a record (or every record)' },
    });
    // Typed numbers are read the English way here ("7,500" is 7500); one that reads two ways is refused, saying both.
    expect(parseChangeForm(city, { op: 'set', fromYear: '2005', collection: 'fees', record: 'retribusi-kebersihan', field: 'amount', value: '7,500' })).toMatchObject({ ok: true, change: { value: '7500' } });
    expect(parseChangeForm(city, { op: 'set', fromYear: '2005', collection: 'fees', record: 'retribusi-kebersihan', field: 'amount', value: '7.500' })).toEqual({
      ok: false,
      errors: { value: '“7.500” can be read two ways: as a whole number with a thousands separator, or as a number with decimals. Write 7,500 for the whole number or 7.5 for the number with decimals.' },
    });
  });
});

describe('preset forms', () => {
  it('the defaults of every preset go through the form and back to a scenario equal to the defaults\' own', () => {
    const base = demoRun('surabaya');
    for (const preset of PRESET_IDS) {
      const defaults = presetDefaults(city, preset, base);
      const parsed = parsePresetForm(city, preset, presetFormValues(city, defaults), base);
      if (!parsed.ok) throw new Error(`${preset}: ${JSON.stringify(parsed.errors)}`);
      const a = buildPreset(city, defaults);
      const b = buildPreset(city, parsed.params);
      expect(b, preset).toEqual(a);
    }
  });
});
