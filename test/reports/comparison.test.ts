/**
 * The comparison view model (src/reports/comparison.ts) on the demo cities:
 * golden JSON files of the whole view, and hand-checked rows: each delta is
 * the scenario's engine figure minus the baseline's, formatted.
 */
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../src/model/cityFile.js';
import { toComparison, type ComparisonView } from '../../src/reports/comparison.js';
import { createFormatter } from '../../src/reports/format.js';
import { demoCity, demoRun, expectGolden, goldenJson } from './helpers.js';

function rowOf(view: ComparisonView, key: string) {
  for (const s of view.sections) {
    const r = s.rows.find((x) => x.key === key);
    if (r) return r;
  }
  throw new Error(`no row ${key}`);
}

describe('comparison of the Surabaya demo scenarios', () => {
  const city = demoCity('surabaya');
  const runs = [demoRun('surabaya'), demoRun('surabaya', 'composting-programme'), demoRun('surabaya', 'new-disposal-site'), demoRun('surabaya', 'fee-reform')];
  const view = toComparison({ city, runs, year: 2010 });
  const fmt = createFormatter('IDR', 0);

  it('is golden (test/reports/golden/comparison.surabaya.2010.json)', () => {
    expectGolden('comparison.surabaya.2010.json', goldenJson(view));
  });

  it('NPV row: each run\'s NPV and its difference from the baseline', () => {
    const r = rowOf(view, 'npv');
    expect(r.cells.map((c) => c.value)).toEqual(runs.map((x) => fmt.money(x.npvNetCost)));
    expect(r.cells[0].delta).toBeNull();
    const d = runs[2].npvNetCost.minus(runs[0].npvNetCost);
    expect(d.isPositive()).toBe(true);
    expect(r.cells[2].delta).toBe(`+${fmt.money(d)}`);
    expect(r.cells[2].trend).toBe('up');
  });

  it('a stage\'s NPV rows sum to the NPV in every run', () => {
    for (const [i, run] of runs.entries()) {
      const total = STAGES.reduce((a, st) => a.plus(run.npvByStage[st]), run.npvNetCost.minus(run.npvNetCost));
      expect(total.equals(run.npvNetCost), `run ${i}`).toBe(true);
    }
  });

  it('the new site ends disposal without a site; the delta says by how much', () => {
    const r = rowOf(view, 'without-site');
    const base = runs[0].years.find((y) => y.year === 2010)?.mass.disposalWithoutSite ?? 0;
    expect(base).toBeGreaterThan(0);
    expect(r.cells[2].value).toBe('0 t');
    expect(r.cells[2].delta).toBe(fmt.tonnes(-base));
    expect(r.cells[2].trend).toBe('down');
  });

  it('cost-recovery ratio: percent values and a delta in percentage points', () => {
    const r = rowOf(view, 'cost-recovery');
    const a = runs[0].years.find((y) => y.year === 2010)?.payers.costRecoveryRatio ?? 0;
    const b = runs[3].years.find((y) => y.year === 2010)?.payers.costRecoveryRatio ?? 0;
    expect(r.cells[3].value).toBe(fmt.percent(b));
    expect(r.cells[3].delta).toBe(`+${((b - a) * 100).toFixed(1)} pp`);
  });

  it('tables: one per section, a value and a change column per scenario', () => {
    expect(view.tables.map((t) => t.name)).toEqual(view.sections.map((s) => `compare-${s.key}`));
    expect(view.tables[0].columns).toHaveLength(1 + 1 + 2 * 3);
  });

  it('chart data for the four charts, in the page JSON', () => {
    const chart = JSON.parse(view.chartJson);
    expect(Object.keys(chart)).toEqual(['runs', 'costByStage', 'landfillFill', 'pickupRates', 'scavengerIncome']);
    expect(chart.costByStage.series).toHaveLength(4);
    expect(chart.pickupRates.labels).toHaveLength(20);
  });

  it('refuses fewer than 2 or more than 4 runs', () => {
    expect(() => toComparison({ city, runs: runs.slice(0, 1) })).toThrow(RangeError);
    expect(() => toComparison({ city, runs: [...runs, runs[0]] })).toThrow(RangeError);
  });
});

describe('comparison of the Chongqing demo scenarios, who pays over the horizon', () => {
  const city = demoCity('chongqing');
  const runs = [demoRun('chongqing'), demoRun('chongqing', 'comprehensive-treatment'), demoRun('chongqing', 'reduction-recycling')];
  const view = toComparison({ city, runs, payersOverHorizon: true });

  it('is golden (test/reports/golden/comparison.chongqing.horizon.json)', () => {
    expectGolden('comparison.chongqing.horizon.json', goldenJson(view));
  });

  it('money at 2 decimals (CNY), and who pays labelled as present values', () => {
    expect(view.payersPeriod).toBe('2002–2021 (present value at 8.0%)');
    expect(rowOf(view, 'npv').cells[0].value).toMatch(/^CN¥[\d,]+\.\d{2}$/);
  });
});
