import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ComputeOutcome } from '../../src/model/results.js';
import { createFormatter, toCityPage } from '../../src/reports/cityPage.js';
import { createCityRepository } from '../../src/store/cities.js';
import { createRunCache } from '../../src/web/runs.js';
import { computeCity } from '../../src/model/index.js';
import { appWithFixture, escapeHtml, expectedCityPage, fixtureCity, fixtureRun } from './helpers.js';

/** The printed value of a headline figure (data-figure="<key>"). */
function figure(html: string, key: string): string | undefined {
  const m = new RegExp(`data-figure="${key}">[\\s\\S]*?<span class="figure-value">([^<]*)</span>`).exec(html);
  return m?.[1];
}

describe('GET /', () => {
  it('lists each city with currency, base year, population and generation from the engine', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/').expect(200).expect('Content-Type', /html/);
    const base = fixtureRun().years[0];
    const fmt = createFormatter('IDR', 0);
    expect(res.text).toContain('<a href="/cities/kota-contoh">Kota Contoh</a>');
    expect(res.text).toContain('<td>IDR</td>');
    expect(res.text).toContain('<td class="num">2024</td>');
    expect(res.text).toContain(`<td class="num">${fmt.count(base.population)}</td>`);
    expect(res.text).toContain(`<td class="num">${fmt.tonnesPerDay(base.mass.generated / 365)}</td>`);
  });

  it('says how to add a city when there is none', async () => {
    const { app, db } = appWithFixture();
    createCityRepository(db).delete('kota-contoh');
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('No cities yet');
  });
});

describe('GET /cities/:id', () => {
  it("shows the baseline's headline figures as computeCity gives them", async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh').expect(200).expect('Content-Type', /html/);
    const run = fixtureRun();
    const base = run.years[0];
    const fmt = createFormatter(run.currency, run.minorUnit);
    const life = run.landfillLife[0];

    // Straight from the engine's numbers, formatted once.
    expect(figure(res.text, 'generation')).toBe(fmt.tonnesPerDay(base.mass.generated / 365));
    expect(figure(res.text, 'collected')).toBe(fmt.tonnesPerDay(base.collectedT / 365));
    expect(figure(res.text, 'cost-per-tonne')).toBe(fmt.money(base.costPerTonneCollected));
    expect(figure(res.text, 'cost-per-capita')).toBe(fmt.money(base.costPerCapita));
    expect(figure(res.text, 'cost-per-household')).toBe(fmt.money(base.costPerHouseholdMonth));
    expect(figure(res.text, 'npv')).toBe(fmt.money(run.npvNetCost));
    expect(figure(res.text, 'levelised')).toBe(fmt.money(run.levelisedCostPerTonne));
    expect(figure(res.text, 'cost-recovery')).toBe(fmt.percent(base.payers.costRecoveryRatio));
    expect(figure(res.text, 'budget-subsidy')).toBe(fmt.money(base.payers.budgetSubsidy));
    expect(figure(res.text, 'full-cost-fee')).toBe(fmt.money(base.payers.fullCostFeePerHouseholdMonth));
    expect(figure(res.text, 'below-threshold')).toBe(fmt.count(base.scavengers.reduce((a, g) => a + g.belowThreshold, 0)));
    expect(figure(res.text, 'landfill-life')).toBe(fmt.years(life.remainingLifeYears));
    const month = new Date(Date.UTC(2000, (life.depletionMonth ?? 1) - 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    expect(figure(res.text, 'landfill-full')).toBe(`${month} ${life.depletionYear}`);

    // Every figure, table cell and warning of the view model is on the page.
    const view = expectedCityPage();
    for (const f of [...view.headline, ...view.costFigures, ...view.payers.figures, ...view.scavengers.figures]) {
      expect(figure(res.text, f.key), f.key).toBe(escapeHtml(f.value));
    }
    for (const s of view.stages) expect(res.text).toContain(`<td class="num">${escapeHtml(s.netCost)}</td><td class="num">${escapeHtml(s.perTonne)}</td>`);
    for (const p of view.transfer.worst) expect(res.text).toContain(`<th scope="row">${escapeHtml(p.name)}</th><td class="num">${escapeHtml(p.pickupRate)}</td>`);
    expect(view.warnings.length).toBeGreaterThan(0);
    for (const w of view.warnings) expect(res.text).toContain(`<li>${escapeHtml(w)}</li>`);
    expect(res.text).toContain('class="alert alert-warning" role="alert"');
  });

  it('lists the scenarios, each linking to its own page', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh').expect(200);
    expect(res.text).toContain('<a href="/cities/kota-contoh" aria-current="page">Baseline</a>');
    expect(res.text).toContain(`<a href="/cities/kota-contoh?scenario=more-trucks">${escapeHtml('More trucks & a second shift')}</a>`);
  });

  it("shows a scenario's figures as computeCity gives them for that scenario", async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh?scenario=more-trucks').expect(200);
    const scenario = expectedCityPage('more-trucks');
    const baseline = expectedCityPage();
    const full = (v: typeof scenario) => v.headline.find((f) => f.key === 'landfill-full')?.value;
    // The scenario hauls more, so the landfill fills at another date: the page must show the scenario's.
    expect(full(scenario)).not.toBe(full(baseline));
    expect(figure(res.text, 'landfill-full')).toBe(full(scenario));
    expect(figure(res.text, 'npv')).toBe(scenario.costFigures.find((f) => f.key === 'npv')?.value);
    expect(res.text).toContain('Scenario: More trucks &amp; a second shift');
    expect(res.text).toContain('aria-current="page">More trucks &amp; a second shift</a>');
  });

  it("shows another year's figures with ?year=, keeping the scenario", async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh?scenario=more-trucks&year=2027').expect(200);
    const view = expectedCityPage('more-trucks', 2027);
    expect(figure(res.text, 'generation')).toBe(view.headline[0].value);
    expect(figure(res.text, 'pickup-rate')).toBe(view.headline.find((f) => f.key === 'pickup-rate')?.value);
    expect(res.text).toContain('<option value="2027" selected>2027</option>');
    expect(res.text).toContain('<input type="hidden" name="scenario" value="more-trucks">');
    await request(app).get('/cities/kota-contoh?year=2099').expect(400);
    await request(app).get('/cities/kota-contoh?year=soon').expect(400);
  });

  it('escapes names from the city file', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh').expect(200);
    expect(res.text).toContain('TPS Jauh &lt;far&gt;');
    expect(res.text).not.toContain('<far>');
  });

  it('embeds chart data as JSON the page can parse, with "<" escaped', async () => {
    const { app, db } = appWithFixture();
    const hostile = fixtureCity();
    hostile.landfills[0].name = 'TPA </script><script>alert(1)</script>';
    createCityRepository(db).replaceDocument('kota-contoh', 1, hostile);
    const res = await request(app).get('/cities/kota-contoh').expect(200);
    expect(res.text).not.toContain('<script>alert(1)');
    const m = /<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(res.text);
    expect(m).not.toBeNull();
    const raw = m?.[1] ?? '';
    expect(raw).toContain('TPA \\u003c/script\\u003e');
    const data = JSON.parse(raw) as { landfillFill: { series: Array<{ name: string }> } };
    expect(data.landfillFill.series[0].name).toBe(hostile.landfills[0].name);
    const run = computeCity(hostile);
    if (!run.ok) throw new Error('engine refused');
    expect(data).toEqual(JSON.parse(toCityPage({ city: hostile, run: run.result }).chartJson));
    expect(res.text).toContain('<canvas id="chart-cost-by-stage"');
    expect(res.text).toContain('<canvas id="chart-landfill-fill"');
  });

  it('answers 404 with an error page for an unknown city or scenario', async () => {
    const { app } = appWithFixture();
    const city = await request(app).get('/cities/atlantis').expect(404).expect('Content-Type', /html/);
    expect(city.text).toContain('There is no city &#34;atlantis&#34;.');
    const scenario = await request(app).get('/cities/kota-contoh?scenario=tunnel').expect(404);
    expect(scenario.text).toContain('Kota Contoh has no scenario &#34;tunnel&#34;.');
    await request(app).get('/cities/kota-contoh?scenario=a&scenario=b').expect(400);
  });

  it('shows the problems when the engine refuses a stored city (422)', async () => {
    const refuse = (): ComputeOutcome => ({ ok: false, problems: [{ path: 'zones[0].coverage', message: 'must be <= 1' }] });
    const { app } = appWithFixture({ compute: refuse });
    const res = await request(app).get('/cities/kota-contoh').expect(422);
    expect(res.text).toContain('<code>zones[0].coverage</code>: must be &lt;= 1');
    const home = await request(app).get('/').expect(200);
    expect(home.text).toContain('The engine refused this city (1 problem)');
  });

  it('computes once per city version and scenario, and again after the city changes', async () => {
    let calls = 0;
    const counting = (input: unknown, options?: { scenarioId?: string }) => {
      calls++;
      return computeCity(input, options);
    };
    const { app, db } = appWithFixture({ runs: createRunCache(counting) });
    await request(app).get('/cities/kota-contoh').expect(200);
    await request(app).get('/cities/kota-contoh').expect(200);
    await request(app).get('/').expect(200);
    expect(calls).toBe(1);
    await request(app).get('/cities/kota-contoh?scenario=more-trucks').expect(200);
    expect(calls).toBe(2);

    const edited = fixtureCity();
    edited.zones[0].population = 60000;
    createCityRepository(db).replaceDocument('kota-contoh', 1, edited);
    const res = await request(app).get('/').expect(200);
    expect(calls).toBe(3);
    expect(res.text).toContain('<td class="num">90,000</td>');
  });
});

describe('errors, health and assets', () => {
  it('GET /healthz answers ok', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/healthz').expect(200).expect('Content-Type', /json/);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers an unknown path with the 404 page', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/no/such/page').expect(404).expect('Content-Type', /html/);
    expect(res.text).toContain('There is no page at /no/such/page.');
  });

  it('answers a bug with a plain 500 page, without the stack', async () => {
    const logged: string[] = [];
    const broken = (): ComputeOutcome => {
      throw new Error('engine exploded');
    };
    const { app } = appWithFixture({ compute: broken, log: (l) => logged.push(l) });
    const res = await request(app).get('/cities/kota-contoh').expect(500);
    expect(res.text).toContain('Something went wrong');
    expect(res.text).not.toContain('engine exploded');
    expect(logged.join('\n')).toContain('engine exploded');
  });

  it('sends a Content-Security-Policy without inline scripts or styles, and no inline script on the pages', async () => {
    const { app } = appWithFixture();
    for (const path of ['/', '/cities/kota-contoh', '/cities/atlantis']) {
      const res = await request(app).get(path);
      const csp = res.headers['content-security-policy'];
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Every <script> either loads a file or is a JSON data block.
      for (const tag of res.text.match(/<script\b[^>]*>/g) ?? []) {
        expect(tag).toMatch(/ src="\/|type="application\/json"/);
      }
      expect(res.text).not.toMatch(/ style="/);
    }
  });

  it('serves chart.js from node_modules, the chart script and the stylesheets', async () => {
    const { app } = appWithFixture();
    const chart = await request(app).get('/vendor/chart.js/chart.umd.min.js').expect(200).expect('Content-Type', /javascript/);
    expect(chart.text).toContain('Chart');
    await request(app).get('/public/js/city-charts.js').expect(200).expect('Content-Type', /javascript/);
    await request(app).get('/public/css/app.css').expect(200).expect('Content-Type', /css/);
    await request(app).get('/public/css/print.css').expect(200).expect('Content-Type', /css/);
    await request(app).get('/vendor/chart.js/../package.json').expect(404);
  });
});
