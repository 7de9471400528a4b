/**
 * The city dashboard: the mass flow (table and Sankey data) recomputed from
 * the engine's results, checked by hand on a small city and by mass balance
 * on the demo cities in every year and scenario; the page and its vendored
 * Sankey plugin over HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { computeCity } from '../../src/model/index.js';
import type { RunResult } from '../../src/model/results.js';
import { createFormatter, FLOW_NODES, massFlows, toCityPage, type ChartData, type FlowNode } from '../../src/reports/cityPage.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { smallCity } from '../model/cityBuilder.js';
import { appWithFixture, fixtureCity, fixtureRun } from './helpers.js';

function run(input: unknown, scenarioId?: string): RunResult {
  const outcome = computeCity(input, scenarioId ? { scenarioId } : {});
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.result;
}

/** Nodes that only receive: where waste ends. */
const ENDS: FlowNode[] = [
  'sourceDiverted', 'scavengersSource', 'scavengersStreet', 'uncollected', 'scavengersTransfer', 'backlogAdded',
  'compost', 'recovered', 'processLoss', 'hazardousAsh', 'scavengersLandfill', 'landfilled', 'withoutSite',
];

describe('mass flow of a year', () => {
  it('splits a small city by hand: 50 t/day, 2 diverted, 38.4 collected and landfilled, 9.6 uncollected', () => {
    // 100,000 people x 0.5 kg = 50 t/day; plastic 40% = 20 t/day, 10% of it diverted = 2 t/day;
    // set-out 48 t/day, coverage 0.8 -> 38.4 collected, 9.6 not collected; 10 arm-rolls haul 140 t/day.
    const result = run(smallCity((c) => {
      c.zones[0].coverage = 0.8;
      c.zones[0].sourceDiversion = { plastic: 0.1 };
    }));
    const links = massFlows(result.years[0]);
    const perDay = (from: FlowNode, to: FlowNode) => (links.find((l) => l.from === from && l.to === to)?.tonnes ?? NaN) / 365;
    expect(perDay('generated', 'sourceDiverted')).toBeCloseTo(2, 6);
    expect(perDay('generated', 'collected')).toBeCloseTo(38.4, 6);
    expect(perDay('generated', 'notCollected')).toBeCloseTo(9.6, 6);
    expect(perDay('notCollected', 'uncollected')).toBeCloseTo(9.6, 6);
    expect(perDay('collected', 'hauled')).toBeCloseTo(38.4, 6);
    expect(perDay('hauled', 'landfill')).toBeCloseTo(38.4, 6);
    expect(perDay('landfill', 'landfilled')).toBeCloseTo(38.4, 6);
    for (const l of links.filter((x) => !['sourceDiverted', 'collected', 'notCollected', 'uncollected', 'hauled', 'landfill', 'landfilled'].includes(x.to))) {
      expect(l.tonnes, `${l.from}->${l.to}`).toBeCloseTo(0, 6);
    }
  });

  it('sends composting rejects and recovery residue on to the landfills', () => {
    const result = run(smallCity((c) => {
      c.facilities = [
        { id: 'compost', name: 'Compost', kind: 'composting', capacityTPerDay: 1000, capture: { kitchen: 1 } },
        { id: 'mrf', name: 'MRF', kind: 'recovery', capacityTPerDay: 1000, capture: { plastic: 1 }, residueShare: 0.25 },
      ];
      c.transferPoints[0].legs = [{ siteId: 'compost', roundTripKm: 10 }, { siteId: 'mrf', roundTripKm: 10 }, { siteId: 'main', roundTripKm: 20 }];
    }));
    const y = result.years[0];
    const links = massFlows(y);
    const t = (from: FlowNode, to: FlowNode) => links.find((l) => l.from === from && l.to === to)?.tonnes ?? NaN;
    // All 50 t/day collected: kitchen 30 t/day to composting, plastic 20 t/day to recovery, nothing left for the landfill leg.
    expect(t('hauled', 'composting') / 365).toBeCloseTo(30, 6);
    expect(t('hauled', 'recovery') / 365).toBeCloseTo(20, 6);
    expect(t('recovery', 'recovered') / 365).toBeCloseTo(15, 6);
    expect(t('recovery', 'landfill') / 365).toBeCloseTo(5, 6);
    const compost = y.facilities.find((f) => f.id === 'compost');
    expect(t('composting', 'landfill')).toBeCloseTo(compost?.residueT ?? NaN, 6);
    expect(t('landfill', 'landfilled')).toBeCloseTo(y.mass.landfilled, 6);
  });

  const demos = ['surabaya', 'chongqing'].map((id) => ({ id, input: JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.city.json`), 'utf8')) as { scenarios: Array<{ id: string }> } }));
  for (const demo of demos) {
    it(`balances in every year and scenario of ${demo.id}: what enters a stage leaves it, the ends add up to generation`, () => {
      for (const scenarioId of [undefined, ...demo.input.scenarios.map((s) => s.id)]) {
        for (const y of run(demo.input, scenarioId).years) {
          const links = massFlows(y);
          const where = `${scenarioId ?? 'baseline'} ${y.year}`;
          for (const l of links) expect(l.tonnes, `${where} ${l.from}->${l.to}`).toBeGreaterThan(-1e-6);
          const into = (n: FlowNode) => links.filter((l) => l.to === n).reduce((a, l) => a + l.tonnes, 0);
          const outOf = (n: FlowNode) => links.filter((l) => l.from === n).reduce((a, l) => a + l.tonnes, 0);
          for (const n of ['notCollected', 'collected', 'hauled', 'composting', 'recovery', 'incineration', 'landfill'] as const) {
            expect(Math.abs(into(n) - outOf(n)), `${where} ${n}`).toBeLessThan(1e-6 * Math.max(1, into(n)));
          }
          expect(outOf('generated')).toBeCloseTo(y.mass.generated, 3);
          const ends = ENDS.reduce((a, n) => a + into(n), 0) - outOf('backlogCleared');
          // The engine's own residual is at most 0.365 t/yr (MODEL.md section 1).
          expect(Math.abs(ends - y.mass.generated), where).toBeLessThan(0.5);
          expect(new Set(links.map((l) => `${l.from}>${l.to}`)).size).toBe(links.length);
          for (const l of links) expect(FLOW_NODES).toContain(l.from);
        }
      }
    });
  }
});

describe('mass flow on the city page', () => {
  it('prints each stage in t/day as the engine computed it', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh').expect(200);
    const y = fixtureRun().years[0];
    const fmt = createFormatter('IDR', 0);
    const row = (key: string) => new RegExp(`<tr data-flow="${key}"[^>]*><th scope="row">[^<]*</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`).exec(res.text)?.slice(1);
    expect(row('generated')).toEqual([fmt.tonnesPerDay(y.mass.generated / 365), '100.0%']);
    expect(row('collected')).toEqual([fmt.tonnesPerDay(y.collectedT / 365), fmt.percent(y.collectedT / y.mass.generated)]);
    expect(row('hauled')?.[0]).toBe(fmt.tonnesPerDay(y.transferPoints.reduce((a, p) => a + p.hauledT, 0) / 365));
    expect(row('landfilled')?.[0]).toBe(fmt.tonnesPerDay(y.mass.landfilled / 365));
    expect(row('to-composting')?.[0]).toBe(fmt.tonnesPerDay(y.facilities[0].intakeT / 365));
    expect(row('end-informal')?.[0]).toBe(fmt.tonnesPerDay(y.mass.informalRecovered / 365));
    expect(res.text).toContain('<canvas id="chart-mass-flow"');
    expect(res.text).toContain('<script src="/vendor/chartjs-chart-sankey/chartjs-chart-sankey.min.js" defer></script>');
    // The Sankey's data: the links drawn, in t/day, with the node labels carrying their size.
    const json = /<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(res.text)?.[1] ?? '{}';
    const chart = JSON.parse(json) as ChartData;
    const collected = chart.massFlow.flows.find((f) => f.from === 'generated' && f.to === 'collected');
    expect(collected?.flow).toBeCloseTo(y.collectedT / 365, 2);
    expect(chart.massFlow.labels.collected).toBe(`Collected\n${fmt.tonnesPerDay(y.collectedT / 365)}`);
    expect(chart.massFlow.flows.every((f) => f.flow >= 0.005)).toBe(true);
  });

  it('shows the figures of a picked year and scenario', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh?scenario=more-trucks&year=2030').expect(200);
    const view = toCityPage({ city: fixtureCity(), run: fixtureRun('more-trucks'), year: 2030 });
    const hauled = view.massFlow.sections.flatMap((s) => s.rows).find((r) => r.key === 'hauled');
    expect(res.text).toContain(`<tr data-flow="hauled" class="part"><th scope="row">Hauled</th><td class="num">${hauled?.perDay}</td>`);
    expect(res.text).toContain('Waste flows, 2030: tonnes per day through each stage');
  });

  it('serves the Sankey plugin from node_modules as a script', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/vendor/chartjs-chart-sankey/chartjs-chart-sankey.min.js').expect(200).expect('Content-Type', /javascript/);
    expect(res.text).toContain('chartjs-chart-sankey v0.19.1');
    await request(app).get('/vendor/chartjs-chart-sankey/').expect(404);
  });
});
