/**
 * Cost lines that depend on how the fleet works and where waste ends:
 * crews per shift, and disposal without a site at the city's rate.
 */
import { describe, expect, it } from 'vitest';
import { computeCity, type RunResult } from '../../src/model/index.js';
import { smallCity } from './cityBuilder.js';

function run(c: ReturnType<typeof smallCity>): RunResult {
  const out = computeCity(c);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.result;
}
const line = (r: RunResult, label: string) => r.years[0].stages.flatMap((s) => s.lines).find((l) => l.label === label);

describe('secondary haul crews', () => {
  it('each shift has its own crew: 10 trucks x 2 shifts x 2 crew x 365 days = 14,600 person-days', () => {
    const one = run(smallCity());
    const two = run(smallCity((c) => { c.transferPoints[0].shiftsPerDay = 2; }));
    // one shift: 10 x 1 x 2 x 365 = 7,300 person-days x 20,000 = 146,000,000
    expect(line(one, 'Arm-roll: crew wages')?.quantity).toBe(7300);
    expect(line(one, 'Arm-roll: crew wages')?.amount.toString()).toBe('146000000');
    expect(line(two, 'Arm-roll: crew wages')?.quantity).toBe(14600);
    expect(line(two, 'Arm-roll: crew wages')?.amount.toString()).toBe('292000000');
    // the trucks themselves are not doubled
    expect(line(two, 'Arm-roll: vehicles (annualised)')?.quantity).toBe(10);
  });
});

describe('disposal without a site', () => {
  it('is booked to final disposal at settings.withoutSiteCostPerT', () => {
    // capacity 9,125 t = half a year of the 18,250 t; no other landfill: 9,125 t without a site
    const r = run(smallCity((c) => {
      c.landfills[0].remainingAirspaceM3 = 9125 / (0.8 * 0.85);
      c.settings.withoutSiteCostPerT = '50000';
    }));
    const l = line(r, 'Disposal without a site');
    expect(l?.quantity).toBeCloseTo(9125, 6);
    expect(l?.amount.toString()).toBe('456250000'); // 9,125 x 50,000
    expect(l?.stage).toBe('finalDisposal');
    // the warningDetails carry the same warnings with their data, for reports in any language
    const y = r.years[0];
    expect(y.warningDetails.map((n) => n.code)).toEqual(['landfillFull', 'noOpenLandfill']);
    const full = y.warningDetails[0];
    expect(full.code === 'landfillFull' && full.month).toBe(7); // half a year: 2 July (day index 182)
    const none = y.warningDetails[1];
    expect(none.code === 'noOpenLandfill' && none.tonnes).toBeCloseTo(9125, 6);
    expect(y.warnings).toEqual(y.warningDetails.map((n) => n.message));
    expect(r.warningDetails).toEqual(r.years.flatMap((x) => x.warningDetails));
  });

  it('is not a cost line when the rate is 0 (the default)', () => {
    const r = run(smallCity((c) => { c.landfills[0].remainingAirspaceM3 = 9125 / (0.8 * 0.85); }));
    expect(line(r, 'Disposal without a site')).toBeUndefined();
    expect(r.years[0].mass.disposalWithoutSite).toBeCloseTo(9125, 6);
  });
});
