/**
 * Scenario presets (src/model/presets.ts) applied to the demo cities: each
 * builds a scenario that validates with the city, and moves the figures it
 * should against the baseline. The expected directions are the policy's
 * (MODEL.md section 10), checked on the engine's own results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CityFile } from '../../src/model/cityFile.js';
import { computeCity, validateCityFile, type RunResult, type YearResult } from '../../src/model/index.js';
import {
  buildPreset,
  farTransferPoints,
  fullCostFeeAmount,
  groupDigits,
  PRESET_IDS,
  presetDefaults,
  type PresetParams,
} from '../../src/model/presets.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

function load(name: string): CityFile {
  const v = validateCityFile(JSON.parse(readFileSync(join(EXAMPLES, `${name}.city.json`), 'utf8')));
  if (!v.ok) throw new Error(`${name} is invalid`);
  return v.city;
}

const surabaya = load('surabaya');
const chongqing = load('chongqing');
const baselines = new Map<CityFile, RunResult>();

function baseline(city: CityFile): RunResult {
  let r = baselines.get(city);
  if (!r) {
    const o = computeCity(city);
    if (!o.ok) throw new Error('baseline does not compute');
    r = o.result;
    baselines.set(city, r);
  }
  return r;
}

/** Build the preset, append it, validate the whole city and run the scenario. */
function runPreset(city: CityFile, params: PresetParams): { run: RunResult; city: CityFile; assumptions: string } {
  const built = buildPreset(city, params);
  if (!built.ok) throw new Error(`preset refused: ${built.field}: ${built.message}`);
  const withScenario = { ...city, scenarios: [...city.scenarios, built.scenario] };
  const v = validateCityFile(withScenario);
  expect(v.ok ? [] : v.problems).toEqual([]);
  const o = computeCity(withScenario, { scenarioId: built.scenario.id });
  if (!o.ok) throw new Error('scenario does not compute');
  return { run: o.result, city: withScenario, assumptions: built.scenario.assumptions };
}

function year(run: RunResult, y: number): YearResult {
  const r = run.years.find((x) => x.year === y);
  if (!r) throw new Error(`no year ${y}`);
  return r;
}

/** Tonnes hauled on the last leg (to a landfill) in a year. */
function hauledToLandfill(y: YearResult): number {
  return y.transferPoints.reduce((a, p) => a + (p.legs.at(-1)?.tonnes ?? 0), 0);
}

function meanLandfillKm(y: YearResult): number {
  const legs = y.transferPoints.map((p) => p.legs.at(-1)?.trip.roundTripKm ?? 0);
  return legs.reduce((a, b) => a + b, 0) / legs.length;
}

describe('every preset, with its defaults, on both demo cities', () => {
  for (const [name, city] of [
    ['surabaya', surabaya],
    ['chongqing', chongqing],
  ] as const) {
    for (const preset of PRESET_IDS) {
      it(`${preset} on ${name}: a valid scenario with a unique id and an assumptions sentence`, () => {
        const params = presetDefaults(city, preset, baseline(city));
        const built = buildPreset(city, params);
        if (!built.ok) throw new Error(`${built.field}: ${built.message}`);
        expect(city.scenarios.map((s) => s.id)).not.toContain(built.scenario.id);
        expect(built.scenario.changes.length).toBeGreaterThan(0);
        expect(built.scenario.assumptions).toMatch(new RegExp(`^.*${params.fromYear}.*\\.$`));
        const v = validateCityFile({ ...city, scenarios: [...city.scenarios, built.scenario] });
        expect(v.ok ? [] : v.problems).toEqual([]);
      });
    }
  }
});

describe('presets move the figures they should (Surabaya)', () => {
  const base = baseline(surabaya);

  it('composting from the base year: the landfill lasts longer, less is hauled to it, diversion rises', () => {
    const { run, assumptions } = runPreset(surabaya, {
      ...(presetDefaults(surabaya, 'composting') as Extract<PresetParams, { preset: 'composting' }>),
      fromYear: 2003,
      capacityTPerDay: 150,
      capture: { kitchen: 0.5, garden: 0.6 },
    });
    expect(run.landfillLife[0].depletionYears).toBeGreaterThan(base.landfillLife[0].depletionYears ?? Infinity);
    for (const y of [2003, 2010]) {
      expect(hauledToLandfill(year(run, y))).toBeLessThan(hauledToLandfill(year(base, y)) - 20_000);
      expect(year(run, y).diversionRate).toBeGreaterThan(year(base, y).diversionRate);
    }
    expect(assumptions).toContain('150 t/day');
    expect(assumptions).toContain('50% of kitchen');
  });

  it('source separation: supply-limited scavengers earn less per picker-day; diversion rises', () => {
    const { run } = runPreset(surabaya, { preset: 'sourceSeparation', fromYear: 2004, sourceDiversion: { paper: 0.3, plastic: 0.3, metal: 0.3 }, recovery: null, programmeCostPerYear: '2000000000' });
    const before = year(base, 2005).scavengers.filter((g) => g.limitedBy === 'supply');
    expect(before.length).toBeGreaterThan(0);
    for (const g of before) {
      const after = year(run, 2005).scavengers.find((x) => x.id === g.id);
      expect(after?.incomePerPickerDay.lessThan(g.incomePerPickerDay), g.id).toBe(true);
    }
    // Before the programme nothing changes.
    expect(year(run, 2003).scavengers.map((g) => g.incomeTotal.toFixed())).toEqual(year(base, 2003).scavengers.map((g) => g.incomeTotal.toFixed()));
    expect(year(run, 2005).diversionRate).toBeGreaterThan(year(base, 2005).diversionRate);
    expect(year(run, 2005).stages.find((s) => s.stage === 'formalRecovery')?.lines.some((l) => l.amount.equals(2000000000))).toBe(true);
  });

  it('new disposal site: no disposal without a site once it opens, and haul distances change', () => {
    const { run, assumptions } = runPreset(surabaya, {
      ...(presetDefaults(surabaya, 'newDisposalSite') as Extract<PresetParams, { preset: 'newDisposalSite' }>),
      fromYear: 2003,
      openYear: 2004,
      openMonth: 1,
      remainingAirspaceM3: 12_000_000,
      distance: { kind: 'factor', factor: 0.8 },
    });
    expect(year(base, 2005).mass.disposalWithoutSite).toBeGreaterThan(100_000);
    for (const y of [2004, 2005, 2010]) expect(year(run, y).mass.disposalWithoutSite).toBe(0);
    expect(meanLandfillKm(year(run, 2005))).toBeCloseTo(meanLandfillKm(year(base, 2005)) * 0.8, 0);
    expect(meanLandfillKm(year(run, 2003))).toBeCloseTo(meanLandfillKm(year(base, 2003)), 6);
    expect(run.landfillLife.find((l) => l.id === 'new-landfill')?.capacityT).toBeCloseTo(12_000_000 * 0.8 * 0.85, 0);
    expect(assumptions).toContain('x 0.8');
  });

  it('more haul for far points: their pick-up rate rises, near points unchanged', () => {
    const far = new Set(farTransferPoints(surabaya, 40).map((t) => t.id));
    expect(far.size).toBeGreaterThan(10);
    const { run } = runPreset(surabaya, { preset: 'moreHaul', fromYear: 2004, thresholdKm: 40, means: { kind: 'vehicles', extraVehiclesPerPoint: 0.5 } });
    const rate = (r: RunResult, ids: (id: string) => boolean) => {
      const pts = year(r, 2005).transferPoints.filter((p) => ids(p.id));
      const delivered = pts.reduce((a, p) => a + p.inflowT - p.pickedT, 0);
      return pts.reduce((a, p) => a + p.hauledT, 0) / delivered;
    };
    expect(rate(run, (id) => far.has(id))).toBeGreaterThan(rate(base, (id) => far.has(id)) + 0.01);
    expect(rate(run, (id) => !far.has(id))).toBeCloseTo(rate(base, (id) => !far.has(id)), 9);
  });

  it('more haul by a second shift also raises the far points\' pick-up rate', () => {
    const { run } = runPreset(surabaya, { preset: 'moreHaul', fromYear: 2004, thresholdKm: 40, means: { kind: 'shifts', shiftsPerDay: 2 } });
    const far = new Set(farTransferPoints(surabaya, 40).map((t) => t.id));
    const worst = (r: RunResult) => Math.min(...year(r, 2005).transferPoints.filter((p) => far.has(p.id)).map((p) => p.pickupRate));
    expect(worst(run)).toBeGreaterThan(worst(base));
  });

  it('more haul by a transfer station: the far points send nothing, the station hauls their waste', () => {
    const { run } = runPreset(surabaya, {
      preset: 'moreHaul',
      fromYear: 2004,
      thresholdKm: 40,
      means: { kind: 'station', stationName: 'Transfer station north', extraVehicles: 5, shiftsPerDay: 2, storageLimitT: 500, roundTripKm: 30, capitalUnitCost: '10000000000', capitalLifeYears: 20, omPerYear: '1000000000' },
    });
    const y = year(run, 2005);
    const station = y.transferPoints.find((p) => p.id === 'transfer-station');
    expect(station?.inflowT).toBeGreaterThan(50_000);
    for (const p of y.transferPoints) if (farTransferPoints(surabaya, 40).some((t) => t.id === p.id)) expect(p.inflowT).toBe(0);
  });

  it('more outsourcing: the contracted haul cost rises', () => {
    const contracted = (r: RunResult) =>
      year(r, 2005)
        .stages.find((s) => s.stage === 'secondaryHaul')
        ?.lines.filter((l) => l.source === 'settings/haulContractPricePerT')
        .reduce((a, l) => a.plus(l.amount), year(r, 2005).revenue.minus(year(r, 2005).revenue));
    const { run } = runPreset(surabaya, { preset: 'outsourcing', fromYear: 2004, share: 0.6, pricePerT: '40000' });
    expect(contracted(run)?.greaterThan(contracted(base)?.times(1.9) ?? 0)).toBe(true);
  });

  it('fee reform to full cost: the cost-recovery ratio rises to 1 in its first year', () => {
    const { run, assumptions } = runPreset(surabaya, { preset: 'feeReform', fromYear: 2004, amount: 'fullCost', collectionRate: 0.8, baseline: base });
    const ratio = year(run, 2004).payers.costRecoveryRatio ?? 0;
    expect(year(base, 2004).payers.costRecoveryRatio).toBeLessThan(0.7);
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(1.0001); // the fee is rounded up to the whole rupiah
    expect(year(run, 2003).payers.costRecoveryRatio).toBe(year(base, 2003).payers.costRecoveryRatio);
    expect(assumptions).toContain('recovers the full net cost of 2004');
  });

  it('fee reform by amount sets the fee as given', () => {
    const { run } = runPreset(surabaya, { preset: 'feeReform', fromYear: 2005, feeId: 'retribusi-kebersihan', amount: '10000', collectionRate: 0.8 });
    expect(year(run, 2005).payers.costRecoveryRatio).toBeGreaterThan(year(base, 2005).payers.costRecoveryRatio ?? 1);
  });

  it('integrating scavengers: fewer below the threshold, and the wage cost appears', () => {
    const { run } = runPreset(surabaya, { preset: 'integrateScavengers', fromYear: 2004, groupId: 'tps-scavengers', hired: 200, wagePerDay: '25000', daysPerYear: 300, stage: 'formalRecovery' });
    const below = (r: RunResult) => year(r, 2005).scavengers.reduce((a, g) => a + g.belowThreshold, 0);
    expect(below(run)).toBe(below(base) - 200);
    const wages = year(run, 2005).stages.find((s) => s.stage === 'formalRecovery')?.lines.find((l) => l.source.startsWith('integration/'));
    expect(wages?.amount.toFixed()).toBe('1500000000'); // 200 x 300 days x 25,000
  });
});

describe('presets on Chongqing', () => {
  it('source separation lowers the itinerant buyers\' income when they become supply-limited', () => {
    const base = baseline(chongqing);
    const { run } = runPreset(chongqing, { preset: 'sourceSeparation', fromYear: 2004, sourceDiversion: { paper: 0.5, plastic: 0.5, metal: 0.5, glass: 0.5 }, recovery: null, programmeCostPerYear: '0' });
    const g0 = year(base, 2006).scavengers.find((g) => g.id === 'itinerant-buyers');
    const g1 = year(run, 2006).scavengers.find((g) => g.id === 'itinerant-buyers');
    expect(g1?.limitedBy).toBe('supply');
    expect(g1?.incomePerPickerDay.lessThan(g0?.incomePerPickerDay ?? 0)).toBe(true);
  });

  it('a waste bank hub recovers recyclables formally', () => {
    const base = baseline(chongqing);
    const { run } = runPreset(chongqing, {
      preset: 'sourceSeparation',
      fromYear: 2004,
      sourceDiversion: { paper: 0.1 },
      recovery: { capacityTPerDay: 200, capture: { paper: 0.3, plastic: 0.3 }, residueShare: 0.1, salePricePerT: { paper: '600', plastic: '1200' }, roundTripKm: 10, capitalUnitCost: '0', capitalLifeYears: 10, omPerT: '50' },
      programmeCostPerYear: '0',
    });
    expect(year(run, 2005).mass.formalRecovered).toBeGreaterThan(year(base, 2005).mass.formalRecovered + 40_000);
  });
});

describe('refusals name the field', () => {
  it.each([
    [{ preset: 'outsourcing', fromYear: 1999, share: 0.5, pricePerT: '1' }, 'fromYear'],
    [{ preset: 'outsourcing', fromYear: 2005, share: 1.5, pricePerT: '1' }, 'share'],
    [{ preset: 'outsourcing', fromYear: 2005, share: 0.5, pricePerT: '1,000' }, 'pricePerT'],
    [{ preset: 'integrateScavengers', fromYear: 2005, groupId: 'nobody', hired: 1, wagePerDay: '1', daysPerYear: 300, stage: 'formalRecovery' }, 'groupId'],
    [{ preset: 'integrateScavengers', fromYear: 2005, groupId: 'tps-scavengers', hired: 601, wagePerDay: '1', daysPerYear: 300, stage: 'formalRecovery' }, 'hired'],
    [{ preset: 'moreHaul', fromYear: 2005, thresholdKm: 500, means: { kind: 'vehicles', extraVehiclesPerPoint: 1 } }, 'thresholdKm'],
    [{ preset: 'feeReform', fromYear: 2005, amount: 'fullCost', collectionRate: 0.8 }, 'amount'],
    [{ preset: 'composting', fromYear: 2005, capacityTPerDay: 10, capture: { banana: 0.5 }, pricePerT: '0', shareSold: 1, roundTripKm: 5, capitalUnitCost: '0', capitalLifeYears: 5, omPerT: '0' }, 'capture.banana'],
  ] as Array<[PresetParams, string]>)('%o -> %s', (params, field) => {
    const r = buildPreset(surabaya, params);
    expect(r.ok ? null : r.field).toBe(field);
  });
});

describe('helpers', () => {
  it('groupDigits groups a decimal string without a float', () => {
    expect(groupDigits('1234567.50')).toBe('1,234,567.50');
    expect(groupDigits('123456789012345678')).toBe('123,456,789,012,345,678');
    expect(groupDigits('-1000')).toBe('-1,000');
    expect(groupDigits('999')).toBe('999');
  });

  it('fullCostFeeAmount: the gap the other fees leave, per served household-month, rounded up', () => {
    const base = baseline(surabaya);
    const y = year(base, 2004);
    const amount = fullCostFeeAmount(surabaya, base, 2004, 'retribusi-kebersihan', 0.8);
    // Served households from the run: net cost / full-cost fee / 12.
    const served = y.netCost.div(y.payers.fullCostFeePerHouseholdMonth ?? 1).div(12);
    const fee = surabaya.fees.find((f) => f.id === 'retribusi-kebersihan');
    const own = served.times(12).times(fee?.amount ?? 0).times(fee?.collectionRate ?? 0);
    const expected = y.netCost.minus(y.payers.feeRevenue).plus(own).div(served.times(12).times(0.8));
    expect(amount).toBe(expected.toDecimalPlaces(0, 0).toFixed(0));
  });
});
