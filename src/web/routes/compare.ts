/**
 * GET /cities/:id/compare?s=baseline&s=<sid>&s=...[&year=<y>][&payers=horizon]
 * 2 to 4 runs side by side (src/reports/comparison.ts); 'baseline' is the
 * city without scenario and the first run is what the others are compared
 * with. Without any `s` the page offers the choice; a wrong number of runs is
 * 400, an unknown scenario 404.
 */
import { Router, type Request } from 'express';
import type { RunResult } from '../../model/results.js';
import { MAX_RUNS, MIN_RUNS, toComparison } from '../../reports/comparison.js';
import type { CityRepository, StoredCity } from '../../store/cities.js';
import { requireCityRole } from '../auth.js';
import { HttpError } from '../errors.js';
import { problemText } from '../../reports/problemText.js';
import type { Translator } from '../../i18n/index.js';
import { ensureLanguage } from '../i18n.js';
import type { RunCache } from '../runs.js';

function chooser(city: StoredCity, chosen: readonly string[], baselineName = 'Baseline') {
  return {
    action: `/cities/${encodeURIComponent(city.id)}/compare`,
    options: [{ value: 'baseline', name: baselineName }, ...city.document.scenarios.map((s) => ({ value: s.id, name: s.name }))].map((o) => ({ ...o, checked: chosen.includes(o.value) })),
    years: Array.from({ length: city.document.settings.horizonYears }, (_, i) => String(city.document.settings.baseYear + i)),
  };
}

export function compareRoutes(cities: CityRepository, runs: RunCache): Router {
  const router = Router();
  router.get('/cities/:id/compare', requireCityRole('viewer'), (req: Request, res) => {
    const t = res.locals.t as Translator;
    const city = cities.get(String(req.params.id));
    if (!city) throw new HttpError(404, t('errors.notFound.title'), t('errors.notFound.noCity', { id: String(req.params.id) }));
    const raw = req.query.s;
    const chosen = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
    const { baseYear, horizonYears } = city.document.settings;
    const yearRaw = req.query.year;
    let year: number | undefined;
    if (yearRaw !== undefined && yearRaw !== '') {
      if (typeof yearRaw !== 'string' || !/^\d{4}$/.test(yearRaw) || Number(yearRaw) < baseYear || Number(yearRaw) >= baseYear + horizonYears) {
        throw new HttpError(400, t('errors.badRequest.title'), t('errors.yearRange', { from: String(baseYear), to: String(baseYear + horizonYears - 1) }));
      }
      year = Number(yearRaw);
    }
    const pick = chooser(city, chosen.length ? chosen : ['baseline'], res.locals.t('city.baseline'));
    if (chosen.length === 0) {
      res.render('compare/show', { title: res.locals.t('compare.page.title', { city: city.name }), cityName: city.name, cityId: city.id, picker: pick, view: null, message: null, selectedYear: String(year ?? baseYear) });
      return;
    }
    if (chosen.length < MIN_RUNS || chosen.length > MAX_RUNS || new Set(chosen).size !== chosen.length) {
      res.status(400).render('compare/show', { title: res.locals.t('compare.page.title', { city: city.name }), cityName: city.name, cityId: city.id, picker: pick, view: null, message: res.locals.t('compare.page.choose', { min: MIN_RUNS, max: MAX_RUNS }), selectedYear: String(year ?? baseYear) });
      return;
    }
    for (const s of chosen) if (s !== 'baseline' && !city.document.scenarios.some((x) => x.id === s)) throw new HttpError(404, t('errors.notFound.title'), t('errors.noScenario', { city: city.name, id: s }));
    const results: RunResult[] = chosen.map((s) => {
      const outcome = runs.get(city, s === 'baseline' ? null : s, () => city.document);
      if (!outcome.ok) throw new HttpError(422, t('errors.cannotCompute'), t('errors.engineRefused', { run: s, problems: `${outcome.problems[0]?.path}: ${problemText(outcome.problems[0]?.message ?? '', t.lang)}` }));
      return outcome.result;
    });
    const lang = ensureLanguage(req, res);
    const payersOverHorizon = req.query.payers === 'horizon';
    const view = runs.view(city, JSON.stringify(['compare', chosen, year ?? null, payersOverHorizon, lang]), () => toComparison({ city: city.document, runs: results, year, payersOverHorizon, lang }));
    res.render('compare/show', { title: view.title, cityName: city.name, cityId: city.id, picker: pick, view, message: null, selectedYear: view.year, payersHorizon: req.query.payers === 'horizon' });
  });
  return router;
}
