/**
 * Invariants of the engine on random valid cities (fast-check):
 * mass balance every year, totals = sum of lines, no lost cent in allocation
 * or in the payer matrix, landfill life against the closed form under
 * constant growth, and life never rising when intake rises.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CityFileInput } from '../../src/model/cityFile.js';
import { closedFormLifeYears, seasonalMean } from '../../src/model/formulas.js';
import { computeCity, MASS_TOLERANCE_T, type RunResult } from '../../src/model/index.js';
import { allocate, D, sum } from '../../src/model/money.js';
import { smallCity } from './cityBuilder.js';

const money = (max: number) => fc.integer({ min: 0, max }).map(String);

/** A random valid city: 1-3 zones, 1-4 transfer points, 0-3 facilities, 1-3 landfills, scavengers, fees, overhead. */
const cityArb = fc
  .record({
    minorUnit: fc.constantFrom(0, 2),
    horizon: fc.integer({ min: 1, max: 6 }),
    seasonal: fc.boolean(),
    daysPerWeek: fc.integer({ min: 5, max: 7 }),
    weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 3, maxLength: 3 }),
    zones: fc.array(
      fc.record({
        pop: fc.integer({ min: 0, max: 400_000 }),
        kg: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
        growth: fc.double({ min: -0.02, max: 0.08, noNaN: true }),
        coverage: fc.double({ min: 0, max: 1, noNaN: true }),
        diversion: fc.double({ min: 0, max: 0.5, noNaN: true }),
        split: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    tps: fc.array(
      fc.record({
        vehicles: fc.double({ min: 0, max: 6, noNaN: true }),
        km: fc.double({ min: 0, max: 120, noNaN: true }),
        storage: fc.double({ min: 0, max: 500, noNaN: true }),
        shifts: fc.integer({ min: 1, max: 2 }),
        useCompost: fc.boolean(),
        useRecovery: fc.boolean(),
        useIncinerator: fc.boolean(),
        landfill: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    facilityCap: fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 3, maxLength: 3 }),
    landfills: fc.array(fc.double({ min: 0, max: 300_000, noNaN: true }), { minLength: 1, maxLength: 3 }),
    pickers: fc.array(
      fc.record({
        location: fc.constantFrom('source', 'transferPoint', 'landfill', 'street'),
        headcount: fc.integer({ min: 0, max: 500 }),
        kg: fc.integer({ min: 0, max: 200 }),
        capture: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 4 },
    ),
    adminCost: money(5_000_000_000),
    fee: money(20_000),
    payerSplit: fc.double({ min: 0, max: 1, noNaN: true }),
    basis: fc.constantFrom('tonnes', 'directCost', 'labourHours'),
  })
  .map((r) => {
    const totalW = r.weights.reduce((a, b) => a + b, 0);
    const shares = r.weights.map((w) => w / totalW);
    shares[2] = 1 - shares[0] - shares[1];
    const lfIds = r.landfills.map((_, i) => `lf${i}`);
    return smallCity((c) => {
      c.settings.minorUnit = r.minorUnit;
      c.settings.currency = r.minorUnit === 0 ? 'IDR' : 'CNY';
      c.settings.horizonYears = r.horizon;
      c.settings.collectionDaysPerWeek = r.daysPerWeek;
      c.settings.overheadBasis = r.basis as 'tonnes';
      if (r.seasonal) {
        const raw = [1.1, 1.1, 1.1, 1.1, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.1];
        const mean = seasonalMean(raw);
        c.settings.seasonalFactors = raw.map((x) => x / mean);
      }
      c.settings.landfillFallbackOrder = lfIds;
      c.settings.payerShares = { secondaryHaul: { cityBudget: r.payerSplit, lendersDonors: 1 - r.payerSplit }, primaryCollection: { households: 1 } };
      c.fractions = [
        { id: 'kitchen', name: 'Kitchen', share: shares[0], recyclable: false, compostable: true },
        { id: 'plastic', name: 'Plastic', share: shares[1], recyclable: true, compostable: false },
        { id: 'other', name: 'Other', share: shares[2], recyclable: false, compostable: false },
      ];
      c.zones = r.zones.map((z, i) => {
        const a = `tp${i % r.tps.length}`;
        const b = `tp${(i + 1) % r.tps.length}`;
        return {
          id: `z${i}`, name: `Zone ${i}`, population: z.pop, households: Math.round(z.pop / 4), generationKgPerCapDay: z.kg,
          generationGrowth: z.growth, coverage: z.coverage, sourceDiversion: { kitchen: z.diversion },
          primarySystemId: 'carts',
          routing: a === b ? [{ transferPointId: a, share: 1 }] : [{ transferPointId: a, share: z.split }, { transferPointId: b, share: 1 - z.split }],
        };
      });
      c.primarySystems = [{ id: 'carts', name: 'Handcarts', householdsPerCartPerDay: 150, crewPerCart: 1, wagePerDay: '15000', workingDaysPerYear: 300, cart: { unitCost: '2000000', lifeYears: 3 } }];
      c.facilities = [
        { id: 'compost', name: 'Compost', kind: 'composting', capacityTPerDay: r.facilityCap[0], capture: { kitchen: 0.5 }, composting: { pricePerT: '100000' }, omPerT: '50000' },
        { id: 'mrf', name: 'MRF', kind: 'recovery', capacityTPerDay: r.facilityCap[1], capture: { plastic: 0.6 }, residueShare: 0.1, salePricePerT: { plastic: '800000' } },
        { id: 'wte', name: 'WtE', kind: 'incinerator', capacityTPerDay: r.facilityCap[2], capture: { kitchen: 1, plastic: 1, other: 1 }, gateFeePerT: '70000', incineration: { netMWhPerT: 0.3, tariffPerMWh: '400000' } },
      ];
      c.transferPoints = r.tps.map((tp, i) => ({
        id: `tp${i}`, name: `TPS ${i}`, storageLimitT: tp.storage, vehicleTypeId: 'armroll', vehicles: tp.vehicles, shiftsPerDay: tp.shifts,
        omPerYear: '10000000',
        legs: [
          ...(tp.useCompost ? [{ siteId: 'compost', roundTripKm: tp.km / 2 }] : []),
          ...(tp.useRecovery ? [{ siteId: 'mrf', roundTripKm: tp.km / 3 }] : []),
          ...(tp.useIncinerator ? [{ siteId: 'wte', roundTripKm: tp.km }] : []),
          { siteId: lfIds[tp.landfill % lfIds.length], roundTripKm: tp.km },
        ],
      }));
      c.landfills = r.landfills.map((v, i) => ({
        id: lfIds[i], name: `Landfill ${i}`, remainingAirspaceM3: v, tippingFeePerT: '130000',
        closure: { totalEstimate: '1000000000' }, usedBeforeBaseT: i * 1000,
      }));
      c.scavengerGroups = r.pickers.map((p, i) => ({
        id: `g${i}`, name: `Group ${i}`, location: p.location as 'source', headcount: p.headcount, workingDaysPerYear: 300,
        maxKgPerPickerDay: p.kg, captureEfficiency: p.capture, pricePerKg: { plastic: '400' }, middlemanShare: 0.5,
      }));
      c.costLines = [{ id: 'admin', description: 'Administration', stage: 'administration', category: 'overhead', amountPerYear: r.adminCost }];
      c.fees = [{ id: 'hh', name: 'Household fee', payer: 'households', stage: 'secondaryHaul', basis: 'perHouseholdMonth', amount: r.fee }];
    });
  });

function run(city: CityFileInput): RunResult {
  const out = computeCity(city);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.result;
}

describe('engine invariants on random valid cities', () => {
  it('mass balance holds every year and no tonnage is negative', () => {
    fc.assert(
      fc.property(cityArb, (city) => {
        const r = run(city);
        for (const y of r.years) {
          expect(Math.abs(y.mass.residual)).toBeLessThanOrEqual(MASS_TOLERANCE_T);
          expect(y.warnings.filter((w) => w.startsWith('CHECK FAILED'))).toEqual([]);
          for (const [k, v] of Object.entries(y.mass)) {
            if (k !== 'residual' && k !== 'waitingChange') expect(v).toBeGreaterThanOrEqual(-1e-6);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('totals equal the sum of their lines, to the minor unit', () => {
    fc.assert(
      fc.property(cityArb, (city) => {
        const r = run(city);
        const unit = new D(10).pow(-r.minorUnit);
        for (const y of r.years) {
          for (const st of y.stages) {
            const direct = sum(st.lines.filter((l) => l.category !== 'revenue').map((l) => l.amount));
            expect(st.directCost.eq(direct)).toBe(true);
            expect(st.revenue.eq(sum(st.lines.filter((l) => l.category === 'revenue').map((l) => l.amount.neg())))).toBe(true);
            for (const l of st.lines) expect(l.amount.div(unit).isInteger()).toBe(true);
          }
          expect(y.netCost.eq(sum(y.stages.map((s) => s.netCost)))).toBe(true);
          expect(y.netCost.eq(y.grossCost.minus(y.revenue))).toBe(true);
          // Overhead allocation loses no cent: administration's cost reappears in the other stages.
          const admin = y.stages.find((s) => s.stage === 'administration')!;
          const allocated = sum(y.stages.filter((s) => s.stage !== 'administration').map((s) => s.overheadAllocated));
          if (!admin.netCost.isZero()) expect(allocated.isZero()).toBe(true);
          else expect(allocated.eq(admin.directCost.minus(admin.revenue))).toBe(true);
          // Payer matrix: each row sums to its stage's net cost; columns to the payer totals.
          for (const st of y.stages) expect(sum(Object.values(y.payers.cells[st.stage])).eq(st.netCost)).toBe(true);
          expect(sum(Object.values(y.payers.byPayer)).eq(y.netCost)).toBe(true);
        }
        expect(r.npvNetCost.eq(sum(Object.values(r.npvByStage)))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('allocate splits any booked total exactly, each part within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.constantFrom(0, 2),
        // weights are tonnes, costs or shares: 0 or at least a microgram's worth (no float denormals)
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 12 }),
        (units, minor, weights) => {
          const total = new D(units).times(new D(10).pow(-minor));
          const parts = allocate(total, weights, minor);
          expect(sum(parts).eq(total)).toBe(true);
          const wsum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = wsum > 0 ? total.times(weights[i]).div(wsum) : total.div(weights.length);
            expect(p.minus(exact).abs().lte(new D(10).pow(-minor))).toBe(true);
          });
        },
      ),
    );
  });
});

/** One zone, ample haul, one landfill: intake grows exactly at the generation growth g. */
function lifeCity(g: number, capacityYears: number, scale = 1): CityFileInput {
  return smallCity((c) => {
    c.settings.horizonYears = 40;
    c.zones[0].generationGrowth = g;
    c.zones[0].population = 100000 * scale;
    c.transferPoints[0].vehicles = 1000;
    // C = V rho (1 - f); first-year intake 18,250 t at scale 1.
    const capacityT = 18250 * capacityYears;
    c.landfills[0].remainingAirspaceM3 = capacityT / (0.8 * 0.85);
  });
}

describe('landfill life (MODEL.md section 6)', () => {
  it('is exactly N years when C = L1 ((1+g)^N - 1) / g', () => {
    for (const [g, N] of [[0.05, 10], [0.1, 7], [0.02, 15]] as const) {
      const capYears = (Math.pow(1 + g, N) - 1) / g;
      const r = run(lifeCity(g, capYears));
      expect(r.landfillLife[0].depletionYears).toBeCloseTo(N, 6);
    }
  });

  it('stays within 0.015 years of the closed form for growth up to 10%', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0.3, max: 25, noNaN: true }), (g, capYears) => {
        const r = run(lifeCity(g, capYears));
        const T = closedFormLifeYears(18250 * capYears, 18250, g);
        expect(Math.abs(r.landfillLife[0].depletionYears! - T)).toBeLessThanOrEqual(0.015);
      }),
      { numRuns: 40 },
    );
  });

  it('never rises when intake rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (g, capYears, k) => {
          const base = run(lifeCity(g, capYears));
          const more = run(smallCityScaledIntake(g, capYears, k));
          const a = base.landfillLife[0].remainingLifeYears!;
          const b = more.landfillLife[0].remainingLifeYears!;
          expect(b).toBeLessThanOrEqual(a + 1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Same landfill as lifeCity(g, capYears), intake scaled by k. */
function smallCityScaledIntake(g: number, capYears: number, k: number): CityFileInput {
  const c = lifeCity(g, capYears);
  c.zones[0].population = 100000 * k;
  return c;
}
