/**
 * The cost-distribution report of a city (src/reports/costReport.ts):
 *
 *   GET /cities/:id/report?scenario=<sid>&year=<y>|horizon     the page (prints on A4)
 *   GET /cities/:id/report.pdf?...                              the same page printed by Chromium (503 without it)
 *   GET /cities/:id/report/tables/<name>.csv|.xlsx?...          one table as CSV; every table as a workbook (name "all")
 *
 * Reading needs the viewer role (public cities: anybody).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { RunResult } from '../../model/results.js';
import { toCostReport, type CostReportView, type ReportPeriod } from '../../reports/costReport.js';
import { findTable, tablesToXlsx, tableToCsv } from '../../reports/reportTables.js';
import type { CityRepository, StoredCity } from '../../store/cities.js';
import { translator, type Lang, type Translator } from '../../i18n/index.js';
import { problemText } from '../../reports/problemText.js';
import { requireCityRole } from '../auth.js';
import { ensureLanguage } from '../i18n.js';
import { HttpError } from '../errors.js';
import { chromiumAvailable, CHROMIUM_INSTALL_COMMAND, htmlToPdf } from '../pdf.js';
import type { RunCache } from '../runs.js';

const SANKEY_DIR = dirname(createRequire(import.meta.url).resolve('chartjs-chart-sankey'));

export interface ReportQuery {
  scenarioId: string | null;
  period: ReportPeriod;
}

/** ?scenario=&year=: 404 for an unknown scenario, 400 for a year outside the horizon (messages in t's language). */
export function parseReportQuery(req: Request, city: StoredCity, t: Translator = translator('en')): ReportQuery {
  const { scenario, year } = req.query;
  let scenarioId: string | null = null;
  if (scenario !== undefined && scenario !== '' && scenario !== 'baseline') {
    if (typeof scenario !== 'string') throw new HttpError(400, t('errors.badRequest.title'), t('errors.oneScenario'));
    if (!city.document.scenarios.some((s) => s.id === scenario)) throw new HttpError(404, t('errors.notFound.title'), t('errors.noScenario', { city: city.name, id: scenario }));
    scenarioId = scenario;
  }
  const { baseYear, horizonYears } = city.document.settings;
  const last = baseYear + horizonYears - 1;
  if (year === 'horizon') return { scenarioId, period: { kind: 'horizon' } };
  if (year === undefined || year === '') return { scenarioId, period: { kind: 'year', year: baseYear } };
  if (typeof year !== 'string' || !/^\d{4}$/.test(year) || Number(year) < baseYear || Number(year) > last) {
    throw new HttpError(400, t('errors.badRequest.title'), t('errors.yearRangeOrHorizon', { from: String(baseYear), to: String(last) }));
  }
  return { scenarioId, period: { kind: 'year', year: Number(year) } };
}

function reportQueryString(q: ReportQuery): string {
  const p = new URLSearchParams();
  if (q.scenarioId) p.set('scenario', q.scenarioId);
  p.set('year', q.period.kind === 'horizon' ? 'horizon' : String(q.period.year));
  return p.toString();
}

export interface ReportPage extends CostReportView {
  links: { pdf: string; xlsx: string; compare: string; city: string; tables: Array<{ name: string; title: string; csv: string }> };
  picker: { action: string; scenarios: Array<{ value: string; name: string; selected: boolean }>; periods: Array<{ value: string; label: string; selected: boolean }> };
}

export function reportPageModel(city: StoredCity, run: RunResult, q: ReportQuery, printedOn: string, lang: Lang = 'en'): ReportPage {
  const view = toCostReport({ city: city.document, run, period: q.period, printedOn, lang });
  const t = translator(lang);
  const base = `/cities/${encodeURIComponent(city.id)}`;
  const qs = reportQueryString(q);
  const { baseYear, horizonYears } = city.document.settings;
  const current = q.period.kind === 'horizon' ? 'horizon' : String(q.period.year);
  return {
    ...view,
    links: {
      pdf: `${base}/report.pdf?${qs}`,
      xlsx: `${base}/report/tables/all.xlsx?${qs}`,
      compare: `${base}/compare?s=baseline${q.scenarioId ? `&s=${encodeURIComponent(q.scenarioId)}` : ''}`,
      city: `${base}${q.scenarioId ? `?scenario=${encodeURIComponent(q.scenarioId)}` : ''}`,
      tables: view.tables.map((t) => ({ name: t.name, title: t.title, csv: `${base}/report/tables/${t.name}.csv?${qs}` })),
    },
    picker: {
      action: `${base}/report`,
      scenarios: [
        { value: 'baseline', name: t('city.baseline'), selected: q.scenarioId === null },
        ...city.document.scenarios.map((s) => ({ value: s.id, name: s.name, selected: s.id === q.scenarioId })),
      ],
      periods: [
        { value: 'horizon', label: t('report.page.horizonOption', { horizon: `${baseYear}–${baseYear + horizonYears - 1}` }), selected: current === 'horizon' },
        ...Array.from({ length: horizonYears }, (_, i) => String(baseYear + i)).map((y) => ({ value: y, label: y, selected: y === current })),
      ],
    },
  };
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function reportRoutes(cities: CityRepository, runs: RunCache, options: { today?: () => string } = {}): Router {
  const router = Router();
  const dateOf = options.today ?? today;
  const tOf = (res: Response) => res.locals.t as Translator;
  const missing = (res: Response, message: string) => new HttpError(404, tOf(res)('errors.notFound.title'), message);
  const load = (req: Request, res: Response): StoredCity => {
    const city = cities.get(String(req.params.id));
    if (!city) throw missing(res, tOf(res)('errors.notFound.noCity', { id: String(req.params.id) }));
    return city;
  };
  const runOf = (city: StoredCity, scenarioId: string | null, t: Translator): RunResult => {
    const outcome = runs.get(city, scenarioId, () => city.document);
    if (!outcome.ok) {
      const problems = outcome.problems.map((p) => `${p.path}: ${problemText(p.message, t.lang)}`).slice(0, 3).join('; ');
      throw new HttpError(422, t('errors.cannotCompute'), t('errors.engineRefused', { run: city.name, problems }));
    }
    return outcome.result;
  };
  const pageOf = (req: Request, res: Response) => {
    const city = load(req, res);
    const q = parseReportQuery(req, city, tOf(res));
    const printedOn = dateOf();
    const lang = ensureLanguage(req, res);
    return runs.view(city, JSON.stringify(['report', q, printedOn, lang]), () => reportPageModel(city, runOf(city, q.scenarioId, tOf(res)), q, printedOn, lang));
  };
  const render = (res: Response, page: ReportPage): Promise<string> =>
    new Promise((resolve, reject) => res.render('report/show', { ...page }, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? ''))));

  router.get('/cities/:id/report', requireCityRole('viewer'), (req, res) => {
    // A copy: res.render writes its locals into the object it is given, and the page is shared.
    res.render('report/show', { ...pageOf(req, res) });
  });

  router.get('/cities/:id/report.pdf', requireCityRole('viewer'), async (req, res) => {
    const page = pageOf(req, res);
    if (!chromiumAvailable()) throw new HttpError(503, tOf(res)('report.error.pdfTitle'), tOf(res)('report.error.noChromium', { command: CHROMIUM_INSTALL_COMMAND }));
    const html = await render(res, page);
    const pdf = await htmlToPdf(html, {
      header: page.printHeader,
      footer: res.locals.t.parts('report.pdf.footer', { page: '', total: '' }),
      assets: { '/vendor/chartjs-chart-sankey/': SANKEY_DIR },
    });
    res.type('application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${page.cityId}-report-${page.periodParam}.pdf"`);
    res.send(pdf);
  });

  router.get('/cities/:id/report/tables/:file', requireCityRole('viewer'), async (req, res) => {
    const m = /^([a-z0-9-]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    if (!m) throw missing(res, tOf(res)('report.error.tablesPath'));
    const page = pageOf(req, res);
    const [, name, ext] = m;
    const stem = `${page.cityId}-${page.scenario?.id ?? 'baseline'}-${page.periodParam}`;
    if (ext === 'csv') {
      const table = findTable(page.tables, name);
      if (!table) throw missing(res, tOf(res)('report.error.noTable', { name }));
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${stem}-${name}.csv"`);
      res.send(tableToCsv(table));
      return;
    }
    const tables = name === 'all' ? page.tables : page.tables.filter((t) => t.name === name);
    if (tables.length === 0) throw missing(res, tOf(res)('report.error.noTable', { name }));
    const buf = await tablesToXlsx(tables, { title: page.title });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${stem}-${name}.xlsx"`);
    res.send(buf);
  });

  return router;
}
