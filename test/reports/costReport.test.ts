/**
 * The cost-distribution report view model (src/reports/costReport.ts) on the
 * demo cities: golden JSON files, and hand checks that its tables carry the
 * engine's own figures (a year's payer matrix is the engine's, totals add up,
 * present values and levelised costs follow the formulas in docs/reports.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAYERS } from '../../src/model/cityFile.js';
import { discountFactor } from '../../src/model/formulas.js';
import { book, ZERO } from '../../src/model/money.js';
import { PAYER_LABELS } from '../../src/reports/cityPage.js';
import { toCostReport, REPORT_TABLE_NAMES } from '../../src/reports/costReport.js';
import { createFormatter } from '../../src/reports/format.js';
import { tableToCsv } from '../../src/reports/reportTables.js';
import { demoCity, demoRun, expectGolden, goldenJson, ROOT } from './helpers.js';

describe('Surabaya baseline, 2005', () => {
  const city = demoCity('surabaya');
  const run = demoRun('surabaya');
  const view = toCostReport({ city, run, period: { kind: 'year', year: 2005 }, printedOn: '2026-01-01' });
  const y = run.years.find((x) => x.year === 2005)!;
  const fmt = createFormatter('IDR', 0);

  it('is golden (test/reports/golden/report.surabaya.2005.json)', () => {
    expectGolden('report.surabaya.2005.json', goldenJson({ ...view, tables: view.tables.map((t) => t.name) }));
  });

  it('the payer matrix is the engine\'s, column totals its byPayer', () => {
    const cols = view.matrix.columns;
    const total = view.matrix.rows.find((r) => r[0].text === 'All stages')!;
    for (const p of PAYERS) {
      const j = cols.indexOf(PAYER_LABELS[p]);
      if (j < 0) {
        expect(y.payers.byPayer[p].isZero()).toBe(true);
        continue;
      }
      expect(total[j].value).toBe(y.payers.byPayer[p].toFixed());
    }
    expect(total[cols.length - 1].value).toBe(y.netCost.toFixed());
  });

  it('the categories table: net cost column sums to the year\'s net cost', () => {
    const all = view.categories.rows.at(-1)!;
    expect(all[0].text).toBe('All stages');
    expect(all.at(-1)!.value).toBe(y.netCost.toFixed());
    expect(all.at(-2)!.value).toBe(y.revenue.neg().toFixed());
  });

  it('key figures: the engine\'s unit costs, ratio, subsidy and full-cost fee', () => {
    const f = Object.fromEntries(view.figures.map((x) => [x.key, x.value]));
    expect(f['net-cost']).toBe(fmt.money(y.netCost));
    expect(f['cost-per-tonne']).toBe(fmt.money(y.costPerTonneCollected));
    expect(f['cost-per-household']).toBe(fmt.money(y.costPerHouseholdMonth));
    expect(f['cost-recovery']).toBe(fmt.percent(y.payers.costRecoveryRatio));
    expect(f['budget-subsidy']).toBe(fmt.money(y.payers.budgetSubsidy));
    expect(f['full-cost-fee']).toBe(fmt.money(y.payers.fullCostFeePerHouseholdMonth));
  });

  it('assumptions: every provenance entry counted, large collections summarised per field', () => {
    let n = Object.keys(city.settings.provenance ?? {}).length;
    for (const list of [city.zones, city.primarySystems, city.vehicleTypes, city.transferPoints, city.facilities, city.landfills, city.scavengerGroups, city.integration, city.industrialStreams, city.costLines, city.fees]) {
      for (const r of list as Array<{ provenance?: object }>) n += Object.keys(r.provenance ?? {}).length;
    }
    expect(view.assumptions.summary).toMatch(new RegExp(`^${n} inputs carry a status`));
    const legs = view.assumptions.table.rows.find((r) => r[0].text === 'Transfer points (190): legs');
    expect(legs?.[2].text).toBe('Estimate (190)');
    const benowo = view.assumptions.table.rows.find((r) => r[0].text === 'Benowo scavengers: headcount');
    expect(benowo?.slice(1).map((c) => c.text)).toEqual(['800', 'Sourced', 'iges2011', 'about 800 scavengers at Benowo']);
    expect(view.assumptions.sources.rows).toHaveLength(city.sources.length);
  });

  it('has every named table, each as CSV with a header and the machine values', () => {
    for (const name of REPORT_TABLE_NAMES) expect(view.tables.map((t) => t.name)).toContain(name);
    const csv = tableToCsv(view.tables.find((t) => t.name === 'cost-recovery')!);
    expect(csv.split('\n')[0]).toBe('Figure,Value');
    expect(csv).toContain(`"Net cost (IDR)",${y.netCost.toFixed()}`.replace('"Net cost (IDR)"', 'Net cost (IDR)'));
  });

  it('the method appendix is the text of docs/reports.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'reports.md'), 'utf8').replace(/\s+/g, ' ');
    for (const s of view.appendix) {
      expect(doc).toContain(`### ${s.heading}`);
      for (const p of s.paragraphs) expect(doc).toContain(p.replace('10.0%', 'r'));
    }
  });
});

describe('Surabaya scenario over the horizon', () => {
  const city = demoCity('surabaya');
  const run = demoRun('surabaya', 'integrate-scavengers');
  const view = toCostReport({ city, run, period: { kind: 'horizon' }, printedOn: '2026-01-01' });

  it('is golden (test/reports/golden/report.surabaya.integrate-scavengers.horizon.json)', () => {
    expectGolden('report.surabaya.integrate-scavengers.horizon.json', goldenJson({ ...view, tables: view.tables.map((t) => t.name) }));
  });

  it('present values: the matrix total is the NPV within a unit per cell; fee revenue over NPV is the ratio', () => {
    const total = view.matrix.rows.find((r) => r[0].text === 'All stages')!.at(-1)!.value as string;
    const cells = (view.matrix.rows.length - 2) * (view.matrix.columns.length - 2);
    expect(Math.abs(Number(total) - run.npvNetCost.toNumber())).toBeLessThanOrEqual(cells);
    let fees = ZERO;
    run.years.forEach((yr, t) => {
      fees = fees.plus(yr.payers.feeRevenue.times(discountFactor(city.settings.discountRate, t)));
    });
    const row = view.recovery.rows.find((r) => r[0].text.startsWith('Fee revenue'))!;
    expect(row[1].value).toBe(book(fees, 0).toFixed());
  });

  it('names the scenario and prints its assumptions', () => {
    expect(view.runLabel).toBe('Scenario: Integrate Benowo scavengers into formal jobs');
    expect(view.assumptions.scenario).toContain('hires 200 of the Benowo scavengers');
    expect(view.informal.tables.map((t) => t.title)).toEqual(['Scavenger groups, 2003', 'Scavenger groups, 2022']);
  });
});

describe('Chongqing, a year in CNY', () => {
  it('is golden (test/reports/golden/report.chongqing.2010.json)', () => {
    const view = toCostReport({ city: demoCity('chongqing'), run: demoRun('chongqing', 'comprehensive-treatment'), period: { kind: 'year', year: 2010 }, printedOn: '2026-01-01' });
    expectGolden('report.chongqing.2010.json', goldenJson({ ...view, tables: view.tables.map((t) => t.name) }));
    expect(view.figures[0].value).toMatch(/^CN¥[\d,]+\.\d{2}$/);
  });

  it('refuses a year outside the horizon', () => {
    expect(() => toCostReport({ city: demoCity('chongqing'), run: demoRun('chongqing'), period: { kind: 'year', year: 1990 } })).toThrow(RangeError);
  });
});
