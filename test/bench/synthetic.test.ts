/**
 * The benchmark's synthetic large city (bench/syntheticCity.ts) must stay a
 * city the engine accepts, or `npm run bench` rots silently. A 3-year
 * horizon keeps this fast; the benchmark runs 30. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { computeCity, type RunResult } from '../../src/model/index.js';
import { mulberry32, SYNTHETIC_SIZE, syntheticCity } from '../../bench/syntheticCity.js';

describe('bench/syntheticCity', () => {
  const input = syntheticCity({ horizonYears: 3 });
  const outcome = computeCity(JSON.parse(JSON.stringify(input)));

  it('is accepted by computeCity (validation included), baseline and scenarios', () => {
    expect(outcome.ok ? [] : outcome.problems.slice(0, 10)).toEqual([]);
    for (const s of input.scenarios ?? []) {
      const sc = computeCity(input, { scenarioId: s.id });
      expect(sc.ok ? [] : sc.problems.slice(0, 10), s.id).toEqual([]);
    }
  });

  it('has the size and the features the benchmark promises', () => {
    expect(input.zones).toHaveLength(SYNTHETIC_SIZE.zones);
    expect(input.transferPoints).toHaveLength(SYNTHETIC_SIZE.transferPoints);
    expect(input.facilities).toHaveLength(SYNTHETIC_SIZE.facilities);
    expect(input.landfills).toHaveLength(SYNTHETIC_SIZE.landfills);
    expect(input.settings.landfillFallbackOrder).toHaveLength(3);
    expect(input.settings.seasonalFactors).toHaveLength(12);
    expect(new Set(input.facilities?.map((f) => f.kind))).toEqual(new Set(['composting', 'recovery', 'incinerator']));
    expect(new Set(input.scavengerGroups?.map((g) => g.location))).toEqual(new Set(['source', 'transferPoint', 'street', 'landfill']));
    expect(input.transferPoints.every((t) => t.kind === 'tps')).toBe(true);
    expect(syntheticCity().settings.horizonYears).toBe(SYNTHETIC_SIZE.horizonYears);
  });

  it('has under-served transfer points, so the daily backlog matters, and a sound mass balance', () => {
    if (!outcome.ok) throw new Error('refused');
    const r: RunResult = outcome.result;
    const base = r.years[0];
    const under = base.transferPoints.filter((t) => t.pickupRate < 0.99).length;
    expect(under).toBeGreaterThan(SYNTHETIC_SIZE.transferPoints * 0.1);
    expect(under).toBeLessThan(SYNTHETIC_SIZE.transferPoints * 0.4);
    expect(base.transferPoints.some((t) => t.overflowT > 0)).toBe(true);
    expect(r.warnings.filter((w) => w.includes('CHECK FAILED'))).toEqual([]);
  });

  it('is deterministic: the same seed gives the same city, another seed another', () => {
    expect(syntheticCity({ horizonYears: 3 })).toEqual(input);
    expect(syntheticCity({ horizonYears: 3, seed: 7 })).not.toEqual(input);
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
