/**
 * City pages. Every route of the resource is listed here; `:id` is resolved
 * by one loader that answers 404 for an unknown city.
 *
 *   GET /cities/:id                  baseline run of the city
 *   GET /cities/:id?scenario=<sid>   the same figures under a scenario
 *   ...&year=<y>                     one year's figures (default: the base year)
 *   GET /vendor/chartjs-chart-sankey/*  the Sankey plugin for the mass-flow diagram, from node_modules
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import type { Translator } from '../../i18n/index.js';
import { toCityPage } from '../../reports/cityPage.js';
import type { CityRepository, StoredCity } from '../../store/cities.js';
import { requireCityRole } from '../auth.js';
import { HttpError } from '../errors.js';
import { ensureLanguage } from '../i18n.js';
import type { RunCache } from '../runs.js';

/** ?scenario=<sid>: null for the baseline; 404 when the city has no such scenario. */
function parseScenario(req: Request, city: StoredCity, t: Translator): string | null {
  const raw = req.query.scenario;
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') throw new HttpError(400, t('errors.badRequest.title'), t('errors.oneScenario'));
  if (!city.document.scenarios.some((s) => s.id === raw)) {
    throw new HttpError(404, t('errors.notFound.title'), t('errors.noScenario', { city: city.name, id: raw }));
  }
  return raw;
}

/** ?year=<y>: undefined for the base year; 400 unless a whole year inside the city's horizon. */
function parseYear(req: Request, city: StoredCity, t: Translator): number | undefined {
  const raw = req.query.year;
  if (raw === undefined || raw === '') return undefined;
  const { baseYear, horizonYears } = city.document.settings;
  const last = baseYear + horizonYears - 1;
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw) || Number(raw) < baseYear || Number(raw) > last) {
    throw new HttpError(400, t('errors.badRequest.title'), t('errors.yearRange', { from: String(baseYear), to: String(last) }));
  }
  return Number(raw);
}

/** chartjs-chart-sankey's dist folder (chartjs-chart-sankey.min.js registers the Sankey chart type on window.Chart). */
const SANKEY_DIR = dirname(createRequire(import.meta.url).resolve('chartjs-chart-sankey'));

export function cityRoutes(cities: CityRepository, runs: RunCache): Router {
  const router = Router();
  router.use('/vendor/chartjs-chart-sankey', express.static(SANKEY_DIR, { maxAge: '1d', index: false }));
  const loaded = new WeakMap<Request, StoredCity>();
  const cityOf = (req: Request): StoredCity => {
    const city = loaded.get(req);
    if (!city) throw new Error('route has no :id loader');
    return city;
  };

  router.param('id', (req, res: Response, next, id: string) => {
    const city = cities.get(id);
    if (!city) {
      const t = res.locals.t as Translator;
      next(new HttpError(404, t('errors.notFound.title'), t('errors.notFound.noCity', { id })));
      return;
    }
    loaded.set(req, city);
    next();
  });
  // Every page of a city: private cities need the viewer role, public ones are open to all (src/web/auth.ts).
  router.use('/cities/:id', requireCityRole('viewer'));

  router.get('/cities/:id', (req, res) => {
    const city = cityOf(req);
    const scenarioId = parseScenario(req, city, res.locals.t as Translator);
    const year = parseYear(req, city, res.locals.t as Translator);
    const outcome = runs.get(city, scenarioId, () => city.document);
    if (!outcome.ok) {
      res.status(422).render('cities/problems', { title: res.locals.t('city.problems.title', { city: city.name }), cityName: city.name, problems: outcome.problems });
      return;
    }
    const lang = ensureLanguage(req, res);
    const view = runs.view(city, JSON.stringify(['dashboard', scenarioId, year ?? null, lang]), () => toCityPage({ city: city.document, run: outcome.result, year, lang }));
    // A copy: res.render writes its locals into the object it is given, and the view is shared.
    res.render('cities/show', { ...view });
  });

  return router;
}
