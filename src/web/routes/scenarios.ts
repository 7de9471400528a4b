/**
 * A city's scenarios, built and edited in the browser. Every route of the
 * resource is here:
 *
 *   GET  /cities/:id/scenarios                          the list, with assumptions            (viewer)
 *   GET  /cities/:id/scenarios/new[?preset=<p>]         blank or from a preset: its form      (editor)
 *   POST /cities/:id/scenarios                          create                                (editor)
 *   GET  /cities/:id/scenarios/:sid[?collection=&field=] its changes in year order; add-a-change form (viewer; forms for editors)
 *   POST /cities/:id/scenarios/:sid                     rename, edit the assumptions          (editor)
 *   POST /cities/:id/scenarios/:sid/clone               a copy                                (editor)
 *   POST /cities/:id/scenarios/:sid/delete              delete                                (editor)
 *   POST /cities/:id/scenarios/:sid/changes             add a change (set a field, retire a record) (editor)
 *   POST /cities/:id/scenarios/:sid/changes/:n/delete   remove a change                       (editor)
 *
 * Every write validates the whole city (validateCityFile) and replaces the
 * stored document in one statement at the version the form was made from
 * (409 when someone else changed the city since). Problems answer 422 with
 * the user's values and the messages beside the fields.
 */
import { Router, type Request, type Response } from 'express';
import type { CityFile, Scenario } from '../../model/cityFile.js';
import { validateCityFile } from '../../model/index.js';
import { buildPreset, PRESET_IDS, presetDefaults, type PresetId } from '../../model/presets.js';
import type { Problem, RunResult } from '../../model/results.js';
import {
  changeCatalogue,
  changeRows,
  parseChangeForm,
  parsePresetForm,
  presetChoices,
  presetFieldToKnob,
  presetFormValues,
  presetAssumptionsText,
  presetErrorText,
  presetFormView,
  presetRecordNames,
  valueChoices,
} from '../../reports/scenarioForms.js';
import { problemsText } from '../../reports/problemText.js';
import type { Lang, Translator } from '../../i18n/index.js';
import { createAuditLog } from '../../store/audit.js';
import { VersionConflictError, type CityRepository, type StoredCity } from '../../store/cities.js';
import type { Db } from '../../store/db.js';
import { hasCityRole, requireCityRole, setFlash, type CurrentUser, type EffectiveRole } from '../auth.js';
import { HttpError } from '../errors.js';
import type { RunCache } from '../runs.js';

type Body = Record<string, unknown>;

function bodyOf(req: Request): Body {
  return (req.body ?? {}) as Body;
}

function text(body: Body, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** A slug for a scenario id from its name, unique in the city. */
export function scenarioSlug(name: string, taken: readonly string[]): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 70) || 'scenario';
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let k = 2; ; k++) if (!set.has(`${base}-${k}`)) return `${base}-${k}`;
}

type SaveOutcome = { ok: true; city: StoredCity } | { ok: false; problems: Problem[] } | { ok: false; conflict: true };

export function scenarioRoutes(cities: CityRepository, runs: RunCache, db: Db): Router {
  const router = Router();
  const tOf = (res: Response) => res.locals.t as Translator;
  /** 404 titled in the page's language (errors.ts's notFound() titles it in English). */
  const missing = (res: Response, message: string) => new HttpError(404, tOf(res)('errors.notFound.title'), message);
  const load = (req: Request, res: Response): StoredCity => {
    const city = cities.get(String(req.params.id));
    if (!city) throw missing(res, tOf(res)('errors.notFound.noCity', { id: String(req.params.id) }));
    return city;
  };
  const scenarioOf = (res: Response, city: StoredCity, sid: string): Scenario => {
    const s = city.document.scenarios.find((x) => x.id === sid);
    if (!s) throw missing(res, tOf(res)('scenarios.error.noScenario', { city: city.name, id: sid }));
    return s;
  };
  const problemsIn = (res: Response, problems: Problem[]) => problemsText(problems, res.locals.lang as Lang);
  const base = (city: StoredCity) => `/cities/${encodeURIComponent(city.id)}`;
  const baseline = (city: StoredCity): RunResult | undefined => {
    const o = runs.get(city, null, () => city.document);
    return o.ok ? o.result : undefined;
  };
  /** Version the form was made from: the stored one when the form has none. */
  const versionOf = (req: Request, res: Response): number => {
    const v = text(bodyOf(req), 'version');
    if (!/^\d+$/.test(v)) throw new HttpError(400, tOf(res)('errors.badRequest.title'), tOf(res)('scenarios.error.noVersion'));
    return Number(v);
  };
  const audit = createAuditLog(db);
  /**
   * Validate the whole city with the new scenarios and write it at the version the form was read
   * at, with an audit row per scenario created, changed or deleted (issue: every change records
   * who, when, which record, before and after) — all in one transaction.
   */
  const save = (city: StoredCity, version: number, scenarios: Scenario[], res: Response): SaveOutcome => {
    const doc: CityFile = { ...city.document, scenarios };
    const v = validateCityFile(doc);
    if (!v.ok) return { ok: false, problems: v.problems };
    const userId = (res.locals.user as CurrentUser | null)?.id ?? null;
    try {
      return db.transaction((): SaveOutcome => {
        const stored = cities.replaceDocument(city.id, version, v.city);
        const before = new Map(city.document.scenarios.map((x) => [x.id, x]));
        const after = new Map(v.city.scenarios.map((x) => [x.id, x]));
        for (const id of new Set([...before.keys(), ...after.keys()])) {
          const b = before.get(id) ?? null;
          const a = after.get(id) ?? null;
          if (JSON.stringify(b) === JSON.stringify(a)) continue;
          const action = b === null ? 'create' : a === null ? 'delete' : 'update';
          audit.append({ cityId: city.id, userId, action, collection: 'scenarios', recordId: id, before: b, after: a, cityVersion: stored.version });
        }
        return { ok: true, city: stored };
      })();
    } catch (err) {
      if (err instanceof VersionConflictError) return { ok: false, conflict: true };
      throw err;
    }
  };
  const conflict = (res: Response, city: StoredCity) =>
    res.status(409).render('errors/error', { title: tOf(res)('scenarios.error.conflictTitle'), message: tOf(res)('scenarios.error.conflict', { city: city.name }), detail: null });
  const canEdit = (res: Response) => hasCityRole(res.locals.cityRole as EffectiveRole, 'editor');

  // ---- list
  router.get('/cities/:id/scenarios', requireCityRole('viewer'), (req, res) => {
    const city = load(req, res);
    res.render('scenarios/list', {
      title: res.locals.t('scenarios.page.list', { city: city.name }),
      cityName: city.name,
      links: { city: base(city), new: `${base(city)}/scenarios/new`, compare: `${base(city)}/compare` },
      canEdit: canEdit(res),
      scenarios: city.document.scenarios.map((s) => ({
        id: s.id,
        name: s.name,
        assumptions: s.assumptions || res.locals.t('scenarios.noAssumptions'),
        changes: res.locals.t('scenarios.changeCount', { count: s.changes.length }),
        href: `${base(city)}/scenarios/${encodeURIComponent(s.id)}`,
        compare: `${base(city)}/compare?s=baseline&s=${encodeURIComponent(s.id)}`,
        report: `${base(city)}/report?scenario=${encodeURIComponent(s.id)}`,
      })),
    });
  });

  // ---- new
  const renderNew = (res: Response, city: StoredCity, preset: PresetId | 'blank' | null, values: Record<string, string>, errors: Record<string, string>, problems: Problem[], status = 200) => {
    res.status(status).render('scenarios/new', {
      title: res.locals.t('scenarios.page.new', { city: city.name }),
      cityName: city.name,
      links: { city: base(city), list: `${base(city)}/scenarios`, action: `${base(city)}/scenarios`, self: `${base(city)}/scenarios/new` },
      version: String(city.version),
      choices: presetChoices(res.locals.t).map((c) => ({ ...c, href: `${base(city)}/scenarios/new?preset=${c.id}` })),
      preset,
      form: preset && preset !== 'blank' ? presetFormView(city.document, preset, values, errors, tOf(res)) : null,
      values: { name: values.name ?? '', assumptions: values.assumptions ?? '' },
      errors,
      problems: problemsIn(res, problems),
    });
  };
  const presetParam = (res: Response, raw: unknown): PresetId | 'blank' | null => {
    if (raw === undefined || raw === '') return null;
    if (raw === 'blank') return 'blank';
    if (typeof raw === 'string' && (PRESET_IDS as readonly string[]).includes(raw)) return raw as PresetId;
    throw missing(res, tOf(res)('scenarios.error.noPreset', { id: String(raw) }));
  };

  router.get('/cities/:id/scenarios/new', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const preset = presetParam(res, req.query.preset);
    const values = preset && preset !== 'blank' ? presetFormValues(city.document, presetDefaults(city.document, preset, baseline(city)), tOf(res)) : {};
    renderNew(res, city, preset, values, {}, []);
  });

  router.post('/cities/:id/scenarios', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const body = bodyOf(req);
    const preset = presetParam(res, text(body, 'preset')) ?? 'blank';
    const version = versionOf(req, res);
    const t = tOf(res);
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const name = text(body, 'name');
    const assumptions = text(body, 'assumptions');
    const errors: Record<string, string> = {};
    if (name.length > 200) errors.name = t('validation.maxLength', { max: '200' });
    if (assumptions.length > 2000) errors.assumptions = t('validation.maxLength', { max: '2000' });
    if (preset === 'blank' && name === '') errors.name = t('validation.required');
    let scenario: Scenario;
    const taken = city.document.scenarios.map((s) => s.id);
    if (preset === 'blank') {
      if (Object.keys(errors).length) return renderNew(res, city, preset, values, errors, [], 422);
      scenario = { id: scenarioSlug(name, taken), name, assumptions, changes: [] };
    } else {
      const parsed = parsePresetForm(city.document, preset, body, baseline(city), t);
      if (!parsed.ok || Object.keys(errors).length) return renderNew(res, city, preset, values, { ...errors, ...(parsed.ok ? {} : parsed.errors) }, [], 422);
      // The records the preset adds are named in the page's language too.
      const recordNames = presetRecordNames(city.document, parsed.params, t, res.locals.lang as Lang);
      const built = buildPreset(city.document, { ...parsed.params, ...(recordNames ? { recordNames } : {}), ...(name ? { name, id: scenarioSlug(name, taken) } : {}) });
      if (!built.ok) return renderNew(res, city, preset, values, { [presetFieldToKnob(preset, built.field)]: presetErrorText(built.message, t) }, [], 422);
      // Left blank, the name is the preset's title and the assumptions the preset's sentence, in the page's language (the model writes both in English; its id stays).
      const presetAssumptions = presetAssumptionsText(built.assumptionFacts, city.document, t, res.locals.lang as Lang);
      scenario = { ...built.scenario, ...(name ? {} : { name: t.dynamic(`presets.${preset}.title`) }), assumptions: assumptions || presetAssumptions };
    }
    const saved = save(city, version, [...city.document.scenarios, scenario], res);
    if (!saved.ok) {
      if ('conflict' in saved) return conflict(res, city);
      return renderNew(res, city, preset, values, errors, saved.problems, 422);
    }
    setFlash(req, t('scenarios.flash.created', { name: scenario.name, count: scenario.changes.length }));
    res.redirect(303, `${base(city)}/scenarios/${encodeURIComponent(scenario.id)}`);
  });

  // ---- show
  const renderShow = (req: Request, res: Response, city: StoredCity, scenario: Scenario, opts: { values?: Record<string, string>; errors?: Record<string, string>; problems?: Problem[]; status?: number } = {}) => {
    const q = { ...req.query, ...(opts.values ?? {}) } as Record<string, unknown>;
    const t = tOf(res);
    const { collections, catalogue } = changeCatalogue(city.document, t);
    const collection = typeof q.collection === 'string' && catalogue[q.collection] ? q.collection : '';
    const entry = collection ? catalogue[collection] : undefined;
    const field = entry && typeof q.field === 'string' ? entry.fields.find((f) => f.key === q.field) : undefined;
    const { baseYear, horizonYears } = city.document.settings;
    const self = `${base(city)}/scenarios/${encodeURIComponent(scenario.id)}`;
    const values = opts.values ?? {};
    res.status(opts.status ?? 200).render('scenarios/show', {
      title: `${city.name} — ${scenario.name}`,
      cityName: city.name,
      scenario: { id: scenario.id, name: values.name ?? scenario.name, assumptions: values.assumptions ?? scenario.assumptions, savedName: scenario.name, savedAssumptions: scenario.assumptions || res.locals.t('scenarios.noAssumptions') },
      version: String(city.version),
      canEdit: canEdit(res),
      links: {
        self,
        list: `${base(city)}/scenarios`,
        city: `${base(city)}?scenario=${encodeURIComponent(scenario.id)}`,
        compare: `${base(city)}/compare?s=baseline&s=${encodeURIComponent(scenario.id)}`,
        report: `${base(city)}/report?scenario=${encodeURIComponent(scenario.id)}`,
        clone: `${self}/clone`,
        del: `${self}/delete`,
        addChange: `${self}/changes`,
      },
      changes: changeRows(city.document, scenario.changes, t).map((c) => ({ ...c, deleteAction: `${self}/changes/${c.index}/delete` })),
      changeForm: {
        collections: collections.map((c) => ({ ...c, selected: c.value === collection })),
        collection,
        records: entry ? entry.records.map((r) => ({ ...r, selected: r.id === values.record })) : [],
        fields: entry ? entry.fields.map((f) => ({ key: f.key, label: `${f.label}${f.unit ? ` (${f.unit})` : ''}`, selected: f.key === field?.key })) : [],
        // Numbers are text inputs, read the page language's way (parseChangeForm): a number input refuses "1.250,5".
        field: field ? { key: field.key, label: field.label, unit: field.unit, kind: field.kind, inputType: field.kind === 'enum' || field.kind === 'boolean' ? 'select' : 'text', options: valueChoices(collection, field, t, res.locals.lang as Lang) } : null,
        years: Array.from({ length: horizonYears }, (_, i) => ({ value: String(baseYear + i), selected: String(baseYear + i) === (values.fromYear ?? String(baseYear + 1)) })),
        value: values.value ?? '',
        note: values.note ?? '',
        retire: collection !== '' && collection !== 'settings',
      },
      errors: opts.errors ?? {},
      problems: problemsIn(res, opts.problems ?? []),
    });
  };

  router.get('/cities/:id/scenarios/:sid', requireCityRole('viewer'), (req, res) => {
    const city = load(req, res);
    renderShow(req, res, city, scenarioOf(res, city, String(req.params.sid)));
  });

  // ---- rename / assumptions
  router.post('/cities/:id/scenarios/:sid', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const scenario = scenarioOf(res, city, String(req.params.sid));
    const body = bodyOf(req);
    const version = versionOf(req, res);
    const name = text(body, 'name');
    const assumptions = text(body, 'assumptions');
    const errors: Record<string, string> = {};
    const t = tOf(res);
    if (name === '') errors.name = t('validation.required');
    else if (name.length > 200) errors.name = t('validation.maxLength', { max: '200' });
    if (assumptions.length > 2000) errors.assumptions = t('validation.maxLength', { max: '2000' });
    if (Object.keys(errors).length) return renderShow(req, res, city, scenario, { values: { name, assumptions }, errors, status: 422 });
    const saved = save(city, version, city.document.scenarios.map((s) => (s.id === scenario.id ? { ...s, name, assumptions } : s)), res);
    if (!saved.ok) return 'conflict' in saved ? conflict(res, city) : renderShow(req, res, city, scenario, { values: { name, assumptions }, problems: saved.problems, status: 422 });
    setFlash(req, t('scenarios.flash.saved', { name }));
    res.redirect(303, `${base(city)}/scenarios/${encodeURIComponent(scenario.id)}`);
  });

  router.post('/cities/:id/scenarios/:sid/clone', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const scenario = scenarioOf(res, city, String(req.params.sid));
    const version = versionOf(req, res);
    const t = tOf(res);
    const name = t('scenarios.copyName', { name: scenario.name }).slice(0, 200);
    const copy: Scenario = { ...structuredClone(scenario), id: scenarioSlug(`${scenario.id}-copy`, city.document.scenarios.map((s) => s.id)), name };
    const saved = save(city, version, [...city.document.scenarios, copy], res);
    if (!saved.ok) return 'conflict' in saved ? conflict(res, city) : renderShow(req, res, city, scenario, { problems: saved.problems, status: 422 });
    setFlash(req, t('scenarios.flash.copied', { name }));
    res.redirect(303, `${base(city)}/scenarios/${encodeURIComponent(copy.id)}`);
  });

  router.post('/cities/:id/scenarios/:sid/delete', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const scenario = scenarioOf(res, city, String(req.params.sid));
    const version = versionOf(req, res);
    const saved = save(city, version, city.document.scenarios.filter((s) => s.id !== scenario.id), res);
    if (!saved.ok) return 'conflict' in saved ? conflict(res, city) : renderShow(req, res, city, scenario, { problems: saved.problems, status: 422 });
    setFlash(req, tOf(res)('scenarios.flash.deleted', { name: scenario.name }));
    res.redirect(303, `${base(city)}/scenarios`);
  });

  // ---- changes
  router.post('/cities/:id/scenarios/:sid/changes', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const scenario = scenarioOf(res, city, String(req.params.sid));
    const body = bodyOf(req);
    const version = versionOf(req, res);
    const values = Object.fromEntries(['op', 'fromYear', 'collection', 'record', 'field', 'value', 'note'].map((k) => [k, text(body, k)]));
    const t = tOf(res);
    const parsed = parseChangeForm(city.document, body, t);
    if (!parsed.ok) {
      // op, collection and field are hidden inputs set by the page: wrong ones mean a stale or forged form, not a typo.
      const hidden = (['op', 'collection', 'field'] as const).find((k) => parsed.errors[k] !== undefined);
      if (hidden) throw new HttpError(400, t('errors.badRequest.title'), t('scenarios.error.hiddenField', { field: hidden, problem: parsed.errors[hidden] }));
      return renderShow(req, res, city, scenario, { values, errors: parsed.errors, status: 422 });
    }
    const saved = save(city, version, city.document.scenarios.map((s) => (s.id === scenario.id ? { ...s, changes: [...s.changes, parsed.change] } : s)), res);
    if (!saved.ok) return 'conflict' in saved ? conflict(res, city) : renderShow(req, res, city, scenario, { values, problems: saved.problems, status: 422 });
    setFlash(req, t('scenarios.flash.changeAdded'));
    res.redirect(303, `${base(city)}/scenarios/${encodeURIComponent(scenario.id)}`);
  });

  router.post('/cities/:id/scenarios/:sid/changes/:n/delete', requireCityRole('editor'), (req, res) => {
    const city = load(req, res);
    const scenario = scenarioOf(res, city, String(req.params.sid));
    const n = String(req.params.n);
    if (!/^\d+$/.test(n) || Number(n) >= scenario.changes.length) throw missing(res, tOf(res)('scenarios.error.noChange', { n }));
    const version = versionOf(req, res);
    const saved = save(city, version, city.document.scenarios.map((s) => (s.id === scenario.id ? { ...s, changes: s.changes.filter((_, i) => i !== Number(n)) } : s)), res);
    if (!saved.ok) return 'conflict' in saved ? conflict(res, city) : renderShow(req, res, city, scenario, { problems: saved.problems, status: 422 });
    setFlash(req, tOf(res)('scenarios.flash.changeRemoved'));
    res.redirect(303, `${base(city)}/scenarios/${encodeURIComponent(scenario.id)}`);
  });

  return router;
}
