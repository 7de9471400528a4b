/**
 * A new city: a copy of a city you can read, or from scratch in six steps
 * whose draft is kept in the session (src/reports/newCity.ts). The creator
 * becomes the new city's city administrator; the city is written with its
 * membership and audit row in one transaction.
 *
 *   GET  /cities/new                   signed in: choose from scratch, or a copy of a city
 *   POST /cities/new/copy              source, id, name: 303 to the new city; 422 with field messages
 *   GET  /cities/new/scratch           the first step not done yet
 *   GET  /cities/new/scratch/:step     step 1-6 with the draft's values
 *   POST /cities/new/scratch/:step     the step's values: 303 to the next step (the last creates the city); 422
 *   POST /cities/new/scratch/reset     forget the draft
 */
import type { Lang } from '../../i18n/index.js';
import { problemText } from '../../reports/problemText.js';
import { Router, type Request, type Response } from 'express';
import type { CityFile } from '../../model/cityFile.js';
import { validateCityFile } from '../../model/index.js';
import {
  buildCity,
  parseStep,
  STEP_KEYS,
  stepDefaults,
  stepHref,
  toStepView,
  valuesForInput,
  type Draft,
  type StepKey,
  type VehicleTemplate,
} from '../../reports/newCity.js';
import { createAuditLog } from '../../store/audit.js';
import { CityExistsError, type CityRepository } from '../../store/cities.js';
import type { Db } from '../../store/db.js';
import { authServicesOf, readableCityIds, requireLogin, setFlash, type CurrentUser } from '../auth.js';
import { HttpError } from '../errors.js';
import { tOf } from './auth.js';
import { RESERVED_CITY_IDS } from './transfer.js';

declare module 'express-session' {
  interface SessionData {
    /** The new city being made from scratch: each finished step's form values. */
    newCityDraft?: Draft;
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

function userOf(res: Response): CurrentUser {
  const user = res.locals.user as CurrentUser | null;
  if (!user) throw new Error('route needs requireLogin');
  return user;
}

function langOf(res: Response): Lang {
  return (res.locals.lang ?? 'en') as Lang;
}

function text(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
}

export interface NewCityDeps {
  db: Db;
  cities: CityRepository;
}

export function newCityRoutes({ db, cities }: NewCityDeps): Router {
  const router = Router();
  const audit = createAuditLog(db);

  /** Inserts the city, makes `userId` its city administrator and records it, in one transaction. */
  const create = (req: Request, city: CityFile, userId: number): void => {
    const users = authServicesOf(req).users;
    db.transaction(() => {
      const stored = cities.insert(city);
      users.setRole(userId, stored.id, 'cityAdmin');
      audit.append({ cityId: stored.id, userId, action: 'create', collection: 'city', recordId: stored.id, before: null, after: stored.document, cityVersion: stored.version });
    }).immediate();
  };

  const readable = (req: Request, res: Response) => {
    const ids = readableCityIds(req, res);
    return cities.list().filter((c) => ids === 'all' || ids.has(c.id));
  };

  const renderChoice = (req: Request, res: Response, status: number, values: { source: string; id: string; name: string }, errors: Record<string, string>) => {
    const draft = req.session.newCityDraft;
    const t = tOf(res);
    res.status(status).render('newcity/index', {
      title: t('newCity.title'),
      sources: readable(req, res).map((c) => ({ value: c.id, label: `${c.name} (${c.id})`, selected: c.id === values.source })),
      values,
      errors,
      scratchHref: '/cities/new/scratch',
      draftNote: draft && Object.keys(draft).length > 0 ? t('newCity.draftNote', { done: String(Object.keys(draft).length), total: String(STEP_KEYS.length) }) : null,
    });
  };

  router.get('/cities/new', requireLogin, (req, res) => {
    renderChoice(req, res, 200, { source: '', id: '', name: '' }, {});
  });

  router.post('/cities/new/copy', requireLogin, (req, res) => {
    const t = tOf(res);
    // The engine's wording, in the page's language (problemText).
    const said = (english: string) => problemText(english, langOf(res));
    const values = { source: text(req, 'source'), id: text(req, 'id'), name: text(req, 'name') };
    const errors: Record<string, string> = {};
    const source = readable(req, res).some((c) => c.id === values.source) ? cities.get(values.source) : undefined;
    if (!source) errors.source = t('newCity.check.chooseSource');
    if (!SLUG.test(values.id)) errors.id = said(values.id === '' ? 'is required' : 'must be a slug: lower-case letters, digits and hyphens, at most 80 characters');
    else if ((RESERVED_CITY_IDS as readonly string[]).includes(values.id)) errors.id = t('newCity.check.reservedCopy', { id: values.id });
    else if (cities.get(values.id)) errors.id = t('newCity.check.exists', { id: values.id });
    if (values.name === '') errors.name = said('is required');
    else if (values.name.length > 200) errors.name = said('must be at most 200 characters');
    if (Object.keys(errors).length > 0 || !source) {
      renderChoice(req, res, 422, values, errors);
      return;
    }
    const copy = validateCityFile({ ...source.document, city: { ...source.document.city, id: values.id, name: values.name } });
    if (!copy.ok) throw new Error(`a copy of ${source.id} does not validate: ${copy.problems[0]?.path}`);
    try {
      create(req, copy.city, userOf(res).id);
    } catch (err) {
      if (!(err instanceof CityExistsError)) throw err;
      renderChoice(req, res, 422, values, { id: t('newCity.check.exists', { id: values.id }) });
      return;
    }
    setFlash(req, t('newCity.copied', { name: values.name, source: source.name }));
    res.redirect(303, `/cities/${encodeURIComponent(values.id)}`);
  });

  // ------------------------------------------------------------ from scratch

  const stepOf = (req: Request, res: Response): StepKey => {
    const n = Number(req.params.step);
    const step = Number.isInteger(n) ? STEP_KEYS[n - 1] : undefined;
    if (!step) {
      const t = tOf(res);
      throw new HttpError(404, t('errors.notFound.title'), t('newCity.noStep', { step: String(req.params.step), total: String(STEP_KEYS.length) }));
    }
    return step;
  };

  const templateOf = (req: Request, values: Record<string, string>): VehicleTemplate =>
    req.query.template === 'stationary' || values.system === 'stationary' ? 'stationary' : 'hauled';

  router.get('/cities/new/scratch', requireLogin, (req, res) => {
    const draft = req.session.newCityDraft ?? {};
    const next = STEP_KEYS.find((k) => draft[k] === undefined) ?? STEP_KEYS[STEP_KEYS.length - 1];
    res.redirect(303, stepHref(next));
  });

  router.post('/cities/new/scratch/reset', requireLogin, (req, res) => {
    delete req.session.newCityDraft;
    setFlash(req, tOf(res)('newCity.discarded'));
    res.redirect(303, '/cities/new');
  });

  router.get('/cities/new/scratch/:step', requireLogin, (req, res) => {
    const step = stepOf(req, res);
    const lang = langOf(res);
    const draft = req.session.newCityDraft ?? {};
    const wanted = req.query.template === 'stationary' ? 'stationary' : req.query.template === 'hauled' ? 'hauled' : null;
    const values = wanted ? stepDefaults('vehicle', wanted, lang) : (draft[step] ?? stepDefaults(step, 'hauled', lang));
    res.render('newcity/step', toStepView(step, valuesForInput(step, values, lang), {}, draft, { template: templateOf(req, values) }, lang));
  });

  router.post('/cities/new/scratch/:step', requireLogin, (req, res) => {
    const step = stepOf(req, res);
    const lang = langOf(res);
    const t = tOf(res);
    const draft: Draft = { ...(req.session.newCityDraft ?? {}) };
    const outcome = parseStep(step, (req.body ?? {}) as Record<string, unknown>, draft, lang);
    if (!outcome.ok) {
      res.status(422).render('newcity/step', toStepView(step, outcome.values, outcome.fieldErrors, draft, { template: templateOf(req, outcome.values) }, lang));
      return;
    }
    draft[step] = outcome.values;
    req.session.newCityDraft = draft;
    const index = STEP_KEYS.indexOf(step);
    if (index < STEP_KEYS.length - 1) {
      res.redirect(303, stepHref(STEP_KEYS[index + 1]));
      return;
    }
    const built = buildCity(draft, lang);
    const id = draft.basics?.id ?? '';
    const taken = [{ path: 'city.id', message: t('newCity.check.existsStep1', { id }), step: 'basics' as const }];
    const shown = valuesForInput(step, outcome.values, lang);
    if (!built.ok || cities.get(id) !== undefined) {
      res.status(422).render('newcity/step', toStepView(step, shown, {}, draft, { problems: built.ok ? taken : built.problems }, lang));
      return;
    }
    try {
      create(req, built.city, userOf(res).id);
    } catch (err) {
      if (!(err instanceof CityExistsError)) throw err;
      res.status(422).render('newcity/step', toStepView(step, shown, {}, draft, { problems: taken }, lang));
      return;
    }
    delete req.session.newCityDraft;
    setFlash(req, t('newCity.created', { name: built.city.city.name }));
    res.redirect(303, `/cities/${encodeURIComponent(id)}`);
  });

  return router;
}
