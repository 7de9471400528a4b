import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  COLLECTIONS,
  costLineSchema,
  facilitySchema,
  feeSchema,
  fractionSchema,
  industrialStreamSchema,
  integrationSchema,
  landfillSchema,
  primarySystemSchema,
  scavengerGroupSchema,
  settingsSchema,
  transferPointSchema,
  vehicleTypeSchema,
  zoneSchema,
  type CityFile,
  type CollectionName,
} from '../../src/model/cityFile.js';
import { validateCityFile } from '../../src/model/index.js';
import {
  displayValue,
  FIELDS,
  findField,
  findFractionReferrers,
  findReferrers,
  formToProvenance,
  formToRecord,
  groupDigits,
  numberToForm,
  problemFormName,
  provenanceToForm,
  recordToForm,
  unitFor,
  type FormBody,
} from '../../src/reports/fields.js';
import { fixtureCity } from '../store/helpers.js';

function demo(name: string): CityFile {
  const v = validateCityFile(JSON.parse(readFileSync(join('examples', `${name}.city.json`), 'utf8')));
  if (!v.ok) throw new Error(`${name} invalid`);
  return v.city;
}

const SCHEMAS: Record<CollectionName, z.ZodObject> = {
  zones: zoneSchema,
  primarySystems: primarySystemSchema,
  vehicleTypes: vehicleTypeSchema,
  transferPoints: transferPointSchema,
  facilities: facilitySchema,
  landfills: landfillSchema,
  scavengerGroups: scavengerGroupSchema,
  integration: integrationSchema,
  industrialStreams: industrialStreamSchema,
  costLines: costLineSchema,
  fees: feeSchema,
};

/** Top-level keys of the registry's fields, and the sub-keys of each group. */
function registryShape(collection: keyof typeof FIELDS): { top: string[]; groups: Record<string, string[]> } {
  const top = new Set<string>();
  const groups: Record<string, string[]> = {};
  for (const f of FIELDS[collection]) {
    if (f.group) {
      top.add(f.group.key);
      (groups[f.group.key] ??= []).push(f.key.slice(f.group.key.length + 1));
    } else top.add(f.key);
  }
  return { top: [...top].sort(), groups };
}

/** The keys of a (possibly optional / defaulted) zod object field. */
function nestedKeys(schema: z.ZodType): string[] {
  let s: any = schema;
  while (s && !s.shape && s.def?.innerType) s = s.def.innerType;
  if (s?.def?.type === 'union') return [...new Set((s.def.options as any[]).flatMap((o) => Object.keys(o.shape)))].sort();
  return Object.keys(s?.shape ?? {}).sort();
}

describe('the registry covers the city file', () => {
  it.each([...COLLECTIONS])('%s: every schema field but provenance, and nested objects field by field', (c) => {
    const shape = SCHEMAS[c].shape as Record<string, z.ZodType>;
    const reg = registryShape(c);
    expect(reg.top).toEqual(Object.keys(shape).filter((k) => k !== 'provenance').sort());
    for (const [group, subs] of Object.entries(reg.groups)) {
      expect(subs.sort(), `${c}.${group}`).toEqual(nestedKeys(shape[group]));
    }
  });

  it('settings: every field but provenance; seasonal factors on their own page', () => {
    const keys = Object.keys(settingsSchema.shape).filter((k) => k !== 'provenance' && k !== 'seasonalFactors').sort();
    expect(registryShape('settings').top).toEqual(keys);
    expect(FIELDS.seasonal.map((f) => f.key)).toEqual(['seasonalFactors']);
  });

  it('composition: the fraction fields but provenance as columns of one rows field', () => {
    const cols = FIELDS.composition[0].columns?.map((c) => c.key.replace('fractions[].', '')).sort();
    expect(cols).toEqual(Object.keys(fractionSchema.shape).filter((k) => k !== 'provenance').sort());
  });

  it('every field has a label, help, and options for enums, a target for refs, columns for rows', () => {
    for (const [c, fields] of Object.entries(FIELDS)) {
      for (const f of fields.flatMap((x) => [x, ...(x.columns ?? [])])) {
        expect(f.label, `${c}.${f.key}`).not.toBe('');
        expect(f.help.length, `${c}.${f.key}`).toBeGreaterThan(5);
        if (f.kind === 'enum') expect(f.options?.length, `${c}.${f.key}`).toBeGreaterThan(1);
        if (f.kind === 'ref') expect(f.ref, `${c}.${f.key}`).toBeDefined();
        if (f.kind === 'rows') expect(f.columns?.length, `${c}.${f.key}`).toBeGreaterThan(0);
        if (f.kind === 'fractionMap') expect(f.valueKind, `${c}.${f.key}`).toBeDefined();
      }
    }
  });

  it('finds fields by key, also in rows, and fills in the currency', () => {
    expect(findField('transferPoints', 'legs[].roundTripKm')).toMatchObject({ unit: 'km', kind: 'number', provenanceKey: 'legs' });
    expect(findField('vehicleTypes', 'capital.unitCost')).toMatchObject({ kind: 'money', provenanceKey: 'capital', required: true });
    expect(findField('zones', 'nope')).toBeUndefined();
    expect(unitFor(findField('landfills', 'tippingFeePerT')?.unit ?? '', 'IDR')).toBe('IDR/t');
  });
});

describe('recordToForm then formToRecord gives the record back', () => {
  const cities = { surabaya: demo('surabaya'), chongqing: demo('chongqing'), fixture: fixtureCity() };
  for (const [cityName, city] of Object.entries(cities)) {
    it.each([...COLLECTIONS])(`${cityName}: every record of %s`, (c) => {
      const records = city[c] as Array<Record<string, unknown> & { id: string }>;
      for (const rec of records) {
        const { provenance, ...fields } = rec;
        const form = recordToForm(c, rec);
        const out = formToRecord(c, form);
        if (!out.ok) throw new Error(`${c}/${rec.id}: ${JSON.stringify(out.fieldErrors)}`);
        expect(SCHEMAS[c].parse(out.value), `${c}/${rec.id}`).toEqual(fields);
      }
    });
    it(`${cityName}: settings, composition and seasonal factors`, () => {
      const { provenance, seasonalFactors, ...settings } = city.settings;
      const s = formToRecord('settings', recordToForm('settings', city.settings));
      if (!s.ok) throw new Error(JSON.stringify(s.fieldErrors));
      expect(settingsSchema.parse({ ...s.value, seasonalFactors })).toEqual({ ...settings, ...(seasonalFactors ? { seasonalFactors } : {}) });
      const comp = formToRecord('composition', recordToForm('composition', { fractions: city.fractions }));
      expect(comp).toMatchObject({ ok: true, value: { fractions: city.fractions } });
      const seas = formToRecord('seasonal', recordToForm('seasonal', { seasonalFactors }));
      expect(seas).toMatchObject({ ok: true, value: { seasonalFactors } });
    });
  }
});

describe('recordToForm', () => {
  it('gives the Tegalsari 1 transfer point as form strings', () => {
    const tp = demo('surabaya').transferPoints.find((t) => t.id === 'tps-tegalsari-1');
    const form = recordToForm('transferPoints', tp as unknown as Record<string, unknown>);
    expect(form).toMatchObject({
      id: 'tps-tegalsari-1',
      name: 'TPS Tegalsari 1',
      kind: 'tps',
      zoneId: 'tegalsari',
      storageLimitT: '12.4',
      vehicles: '0.75',
      'legs.0.siteId': 'compost-houses',
      'legs.0.roundTripKm': '8',
      'legs.1.siteId': 'benowo',
      'legs.1.roundTripKm': '35.1',
      'capital.unitCost': '45000000',
      'capital.lifeYears': '10',
      'capital.salvage': '0',
      omPerYear: '9000000',
      'station.averageSpeedKmh': '',
    });
    expect(form['legs.2.siteId']).toBeUndefined();
  });

  it('writes fraction maps one name per fraction, payer shares as rows, booleans as true/false', () => {
    const city = fixtureCity();
    expect(recordToForm('facilities', city.facilities[0] as never)).toMatchObject({ 'capture.kitchen': expect.any(String) });
    expect(recordToForm('settings', city.settings as never)).toMatchObject({
      'payerShares.0.stage': 'primaryCollection',
      'payerShares.0.payer': 'households',
      'payerShares.0.share': '1',
      'landfillFallbackOrder.0': 'tpa-contoh',
    });
    expect(recordToForm('composition', { fractions: [{ id: 'a', name: 'A', share: 1, recyclable: true, compostable: false }] })).toEqual({
      'fractions.0.id': 'a',
      'fractions.0.name': 'A',
      'fractions.0.share': '1',
      'fractions.0.recyclable': 'true',
      'fractions.0.compostable': 'false',
    });
  });

  it('writes numbers without an exponent', () => {
    expect(numberToForm(1e-7)).toBe('0.0000001');
    expect(numberToForm(0.15)).toBe('0.15');
    expect(numberToForm(720000)).toBe('720000');
  });
});

const LANDFILL: FormBody = { id: 'tpa-baru', name: 'New landfill', remainingAirspaceM3: '2000000' };

describe('formToRecord', () => {
  it('parses numbers, keeps money as its decimal string, leaves empty optional fields out', () => {
    const out = formToRecord('landfills', { ...LANDFILL, densityTPerM3: ' 0.65 ', tippingFeePerT: '130000.50', openYear: '', closureYear: '2030' });
    expect(out).toEqual({
      ok: true,
      rowMap: {},
      value: {
        id: 'tpa-baru',
        name: 'New landfill',
        remainingAirspaceM3: 2000000,
        densityTPerM3: 0.65,
        cover: undefined,
        usedBeforeBaseT: undefined,
        openYear: undefined,
        openMonth: undefined,
        closureYear: 2030,
        closure: undefined,
        tippingFeePerT: '130000.50',
        omPerT: undefined,
        omPerYear: undefined,
        capital: undefined,
      },
    });
    if (out.ok) expect(landfillSchema.parse(out.value)).toMatchObject({ densityTPerM3: 0.65, omPerT: '0', cover: { method: 'share', value: 0.15 } });
  });

  it.each([
    ['remainingAirspaceM3', '2,000,000', 'must be a number like 12.5 (with . as the decimal point, no separators)'],
    ['remainingAirspaceM3', '1,5', 'must be a number like 12.5 (with . as the decimal point, no separators)'],
    ['remainingAirspaceM3', 'abc', 'must be a number like 12.5 (with . as the decimal point, no separators)'],
    ['remainingAirspaceM3', '', 'is required'],
    ['name', '   ', 'is required'],
    ['openYear', '2030.5', 'must be a whole number'],
    ['tippingFeePerT', '1.250.000', 'must be a decimal amount like "1250" or "69.90" (no separators, no exponent)'],
    ['tippingFeePerT', '3e8', 'must be a decimal amount like "1250" or "69.90" (no separators, no exponent)'],
    ['tippingFeePerT', '130,000', 'must be a decimal amount like "1250" or "69.90" (no separators, no exponent)'],
    ['cover.method', 'dirt', 'must be one of share, wasteToSoilRatio, multiplier'],
  ])('%s = %j -> %s', (name, raw, message) => {
    const body = { ...LANDFILL, [name]: raw, ...(name === 'cover.method' ? { 'cover.value': '0.1' } : {}) };
    expect(formToRecord('landfills', body)).toEqual({ ok: false, fieldErrors: { [name]: message } });
  });

  it('accepts a negative money amount in form (the schema decides where it is allowed) and exponents in numbers', () => {
    const out = formToRecord('industrialStreams', { id: 'slag', name: 'Slag', tonnesPerYear: '1.2e6', utilisationRate: '0.8', netRevenuePerTUtilised: '-5000' });
    expect(out).toMatchObject({ ok: true, value: { tonnesPerYear: 1200000, netRevenuePerTUtilised: '-5000' } });
  });

  it('takes the id from the caller on edit, ignoring a posted one', () => {
    expect(formToRecord('landfills', { ...LANDFILL, id: 'other' }, { id: 'tpa-baru' })).toMatchObject({ ok: true, value: { id: 'tpa-baru' } });
  });

  it('leaves an optional group out when all of it is empty, and asks for the rest when part is given', () => {
    expect(formToRecord('landfills', { ...LANDFILL, 'capital.unitCost': '', 'capital.lifeYears': '', 'capital.salvage': '' })).toMatchObject({ ok: true, value: { capital: undefined } });
    expect(formToRecord('landfills', { ...LANDFILL, 'capital.unitCost': '5000000', 'capital.lifeYears': '', 'capital.salvage': '' })).toEqual({
      ok: false,
      fieldErrors: { 'capital.lifeYears': 'is required when the rest of this group is given (or leave the group empty)' },
    });
    expect(formToRecord('landfills', { ...LANDFILL, 'cover.method': 'wasteToSoilRatio', 'cover.value': '4' })).toMatchObject({
      ok: true,
      value: { cover: { method: 'wasteToSoilRatio', value: 4 } },
    });
  });

  it('a required group (a vehicle type\'s capital) is required field by field', () => {
    const out = formToRecord('vehicleTypes', {});
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.fieldErrors['capital.unitCost']).toBe('is required');
      expect(out.fieldErrors['capital.salvage']).toBeUndefined();
      expect(out.fieldErrors.unloadHours).toBeUndefined();
      expect(out.fieldErrors.system).toBe('is required');
    }
  });

  it('drops blank rows and says which form row each parsed row came from', () => {
    const out = formToRecord('transferPoints', {
      id: 'tp-x', name: 'X', storageLimitT: '5', vehicleTypeId: 'arm-roll', vehicles: '1',
      'legs.0.siteId': '', 'legs.0.roundTripKm': '',
      'legs.1.siteId': 'kompos', 'legs.1.roundTripKm': '8',
      'legs.2.siteId': '', 'legs.2.roundTripKm': ' ',
      'legs.3.siteId': 'tpa', 'legs.3.roundTripKm': '30.5',
    });
    expect(out).toMatchObject({ ok: true, rowMap: { legs: [1, 3] }, value: { legs: [{ siteId: 'kompos', roundTripKm: 8 }, { siteId: 'tpa', roundTripKm: 30.5 }] } });
    if (out.ok) expect(problemFormName('legs[1].roundTripKm', out.rowMap)).toBe('legs.3.roundTripKm');
  });

  it('names the cell of a half-filled or wrong row', () => {
    expect(formToRecord('transferPoints', {
      id: 'tp-x', name: 'X', storageLimitT: '5', vehicleTypeId: 'arm-roll', vehicles: '1',
      'legs.0.siteId': 'tpa', 'legs.0.roundTripKm': '',
      'legs.1.siteId': 'tpa', 'legs.1.roundTripKm': 'far',
    })).toEqual({ ok: false, fieldErrors: { 'legs.0.roundTripKm': 'is required', 'legs.1.roundTripKm': 'must be a number like 12.5 (with . as the decimal point, no separators)' } });
  });

  it('a required list with no rows is an empty list (the schema says it needs one)', () => {
    const out = formToRecord('zones', { id: 'z', name: 'Z', coverage: '0.9', 'routing.0.transferPointId': '', 'routing.0.share': '' });
    expect(out).toMatchObject({ ok: true, value: { routing: [] } });
  });

  it('lists of plain ids and payer shares', () => {
    expect(formToRecord('scavengerGroups', {
      id: 'g', name: 'G', location: 'landfill', headcount: '10', workingDaysPerYear: '300', maxKgPerPickerDay: '50', captureEfficiency: '0.5',
      'siteIds.0': 'tpa', 'siteIds.1': '', 'pricePerKg.plastic': '700', 'pricePerKg.paper': '',
    })).toMatchObject({ ok: true, value: { siteIds: ['tpa'], pricePerKg: { plastic: '700' } } });
    const s = formToRecord('settings', {
      currency: 'IDR', minorUnit: '0', baseYear: '2003', discountRate: '0.1', incomeThresholdPerDay: '22000',
      'payerShares.0.stage': 'primaryCollection', 'payerShares.0.payer': 'households', 'payerShares.0.share': '0.6',
      'payerShares.1.stage': 'primaryCollection', 'payerShares.1.payer': 'cityBudget', 'payerShares.1.share': '0.4',
      'payerShares.2.stage': '', 'payerShares.2.payer': '', 'payerShares.2.share': '',
    });
    expect(s).toMatchObject({ ok: true, value: { payerShares: { primaryCollection: { households: 0.6, cityBudget: 0.4 } }, landfillFallbackOrder: undefined } });
  });

  it('fraction maps: values by fraction, empty ones left out, money checked', () => {
    expect(formToRecord('facilities', { id: 'f', name: 'F', kind: 'recovery', capacityTPerDay: '5', 'capture.paper': '0.5', 'capture.glass': '', 'salePricePerT.paper': '1,000' })).toEqual({
      ok: false,
      fieldErrors: { 'salePricePerT.paper': 'must be a decimal amount like "1250" or "69.90" (no separators, no exponent)' },
    });
  });

  it('seasonal factors: all twelve or none', () => {
    const twelve = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`seasonalFactors.${i}`, '1']));
    expect(formToRecord('seasonal', twelve)).toMatchObject({ ok: true, value: { seasonalFactors: Array(12).fill(1) } });
    expect(formToRecord('seasonal', {})).toMatchObject({ ok: true, value: { seasonalFactors: undefined } });
    const out = formToRecord('seasonal', { ...twelve, 'seasonalFactors.4': '' });
    expect(out).toEqual({ ok: false, fieldErrors: { 'seasonalFactors.4': 'give all 12 values or none' } });
  });

  it('composition: checkboxes absent are false, rows with only a tick are blank', () => {
    const out = formToRecord('composition', {
      'fractions.0.id': 'kitchen', 'fractions.0.name': 'Kitchen', 'fractions.0.share': '0.6', 'fractions.0.compostable': 'on',
      'fractions.1.id': 'other', 'fractions.1.name': 'Other', 'fractions.1.share': '0.4',
      'fractions.2.id': '', 'fractions.2.recyclable': 'on',
    });
    expect(out).toEqual({
      ok: true,
      rowMap: { fractions: [0, 1] },
      value: { fractions: [
        { id: 'kitchen', name: 'Kitchen', share: 0.6, recyclable: false, compostable: true },
        { id: 'other', name: 'Other', share: 0.4, recyclable: false, compostable: false },
      ] },
    });
  });

  it('a name posted twice counts once (the first)', () => {
    expect(formToRecord('landfills', { ...LANDFILL, remainingAirspaceM3: ['5', '6'] })).toMatchObject({ ok: true, value: { remainingAirspaceM3: 5 } });
  });
});

describe('problemFormName', () => {
  it.each([
    ['coverage', 'coverage'],
    ['capital.unitCost', 'capital.unitCost'],
    ['routing[0].transferPointId', 'routing.0.transferPointId'],
    ['capture.kitchen', 'capture.kitchen'],
    ['routing', 'routing'],
  ])('%s -> %s', (path, name) => expect(problemFormName(path)).toBe(name));
});

describe('provenance', () => {
  const existing = { legs: { status: 'E' as const, source: 'engineering-estimate', note: '2 x road km' }, zoneId: { status: 'S' as const, source: 'notes' } };

  it('shows each field\'s status and source, estimate without an entry', () => {
    const form = provenanceToForm('transferPoints', existing);
    expect(form['_prov.legs.status']).toBe('E');
    expect(form['_prov.legs.source']).toBe('engineering-estimate');
    expect(form['_prov.vehicles.status']).toBe('E');
    expect(form['_prov.vehicles.source']).toBe('');
    expect(form['_prov.capital.status']).toBe('E');
    expect(form['_prov.capital.unitCost.status']).toBeUndefined();
  });

  it('keeps entries the form did not change, changes those it did (keeping the note), adds none for an unchanged estimate', () => {
    const body = { ...provenanceToForm('transferPoints', existing), '_prov.legs.status': 'S', '_prov.legs.source': 'dkp-2003' };
    expect(formToProvenance('transferPoints', body, existing)).toEqual({
      ok: true,
      value: { legs: { status: 'S', source: 'dkp-2003', note: '2 x road km' }, zoneId: { status: 'S', source: 'notes' } },
    });
    expect(formToProvenance('transferPoints', provenanceToForm('transferPoints', existing), existing)).toEqual({ ok: true, value: existing });
    expect(formToProvenance('transferPoints', provenanceToForm('transferPoints', undefined), undefined)).toEqual({ ok: true, value: undefined });
    expect(formToProvenance('transferPoints', {}, existing)).toEqual({ ok: true, value: existing });
    expect(formToProvenance('transferPoints', { '_prov.vehicles.status': 'X' }, undefined)).toEqual({ ok: false, fieldErrors: { '_prov.vehicles.status': 'must be one of S, S-later, E' } });
  });
});

describe('display', () => {
  it('groups digits exactly and labels enums', () => {
    expect(groupDigits('25000000000')).toBe('25,000,000,000');
    expect(groupDigits('-1234.5000')).toBe('-1,234.5000');
    expect(groupDigits('999')).toBe('999');
    expect(displayValue(findField('fees', 'basis')!, 'perHouseholdMonth')).toBe('Per household and month');
    expect(displayValue(findField('landfills', 'remainingAirspaceM3')!, 720000)).toBe('720,000');
    expect(displayValue(findField('landfills', 'densityTPerM3')!, 0.7)).toBe('0.7');
    expect(displayValue(findField('zones', 'region')!, undefined)).toBe('');
  });
});

describe('findReferrers', () => {
  const city = demo('surabaya');
  it('names the zone routing to a transfer point and its share', () => {
    expect(findReferrers(city, 'transferPoints', 'tps-tegalsari-1')).toEqual([
      { collection: 'zones', recordId: 'tegalsari', message: 'zone Tegalsari (zones/tegalsari) routes 10% of its waste here' },
      { collection: 'zones', recordId: 'markets', message: 'zone Traditional markets (pasar) (zones/markets) routes 2.5% of its waste here' },
      { collection: 'zones', recordId: 'street-sweeping', message: 'zone Street sweeping and drain cleaning (zones/street-sweeping) routes 0.5% of its waste here' },
    ]);
  });
  it('names every point using a vehicle type, the legs and the fallback order of a landfill', () => {
    expect(findReferrers(city, 'vehicleTypes', 'arm-roll-8m3')).toHaveLength(190);
    const refs = findReferrers(city, 'landfills', 'benowo');
    expect(refs.filter((r) => r.collection === 'transferPoints')).toHaveLength(190);
    expect(refs[0].message).toMatch(/^transfer point TPS Tegalsari 1 \(transferPoints\/tps-tegalsari-1\) hauls here \(leg 2, 35\.1 km round trip\)$/);
    expect(refs).toContainEqual({ collection: 'settings', recordId: null, message: 'settings: the landfill fallback order lists it (position 1)' });
    expect(refs).toContainEqual(expect.objectContaining({ collection: 'facilities', recordId: 'compost-houses', message: expect.stringContaining('sends its residue here') }));
  });
  it('nothing refers to a fee or a cost line', () => {
    expect(findReferrers(city, 'fees', city.fees[0].id)).toEqual([]);
    expect(findReferrers(city, 'costLines', city.costLines[0].id)).toEqual([]);
  });
  it('names where a fraction is used', () => {
    const refs = findFractionReferrers(city, 'plastic').map((r) => r.recordId);
    expect(refs).toContain('itinerant-buyers');
    expect(findFractionReferrers(city, 'no-such')).toEqual([]);
  });
});
