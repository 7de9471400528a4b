/**
 * Data entry: every input of a city, record by record, with its audit trail.
 * For each collection C (zones, primarySystems, vehicleTypes, transferPoints,
 * facilities, landfills, scavengerGroups, integration, industrialStreams,
 * costLines, fees):
 *
 *   GET  /cities/:id/C                        list: ?q= search over id and name, ?sort=<column>&dir=asc|desc, ?page= (50 a page)
 *   GET  /cities/:id/C/new                    form for a new record (editor)
 *   POST /cities/:id/C                        create (editor)
 *   GET  /cities/:id/C/:recordId              the record, every value with its unit and provenance
 *   GET  /cities/:id/C/:recordId/edit         form (editor); carries _baseHash, the hash of the record shown
 *   POST /cities/:id/C/:recordId              update (editor)
 *   POST /cities/:id/C/:recordId/delete       delete (editor); refused (409) while anything refers to it
 *   GET  /cities/:id/C/:recordId/history      the record's changes
 *
 *   GET|POST /cities/:id/settings             settings (viewers read, editors get the form)
 *   GET|POST /cities/:id/composition          fractions and their shares (sum 1)
 *   GET|POST /cities/:id/seasonal             12 monthly factors (day-weighted mean 1; "normalise" divides by the mean)
 *   GET  /cities/:id/history                  the city's changes, newest first, 50 a page
 *   POST /cities/:id/history/:auditId/restore re-apply the value before (which=before) or after (which=after) a change (city administrator)
 *
 * Every save goes through applyEdit (src/store/cityEdits.ts): the whole city
 * is validated by the engine and written with its audit row in one
 * transaction. Invalid input: 422, the form again with the typed values and a
 * message beside each field. Someone saved the record since the form was
 * shown: 409 with both versions. Success: 303 to the record with a confirmation.
 */
import { Router, type Request, type Response } from 'express';
import { COLLECTIONS, type CityFile, type CollectionName } from '../../model/cityFile.js';
import { seasonalMean } from '../../model/formulas.js';
import type { Problem } from '../../model/results.js';
import { translator, type Lang, type Translator } from '../../i18n/index.js';
import { problemsText, problemText } from '../../reports/problemText.js';
import {
  collectionNames,
  kindAndName,
  findFractionReferrers,
  findReferrers,
  formToProvenance,
  formToRecord,
  numberText,
  provenanceToForm,
  recordToForm,
  type FieldCollection,
  type ProvenanceMap,
} from '../../reports/fields.js';
import { createAuditLog, type AuditEntry } from '../../store/audit.js';
import type { CityRepository, StoredCity } from '../../store/cities.js';
import { applyEdit, findRecord, recordHash, stableJson, type EditCollection, type EditOutcome, type EditRequest } from '../../store/cityEdits.js';
import type { Db } from '../../store/db.js';
import { hasCityRole, requireCityRole, setFlash, type CurrentUser, type EffectiveRole } from '../auth.js';
import { HttpError } from '../errors.js';
import {
  assignProblems,
  cityHref,
  errorLinks,
  formSections,
  inputNames,
  recordHref,
  recordName,
  recordTitle,
  showSections,
  sourceViews,
  type CityContext,
  type FormSection,
} from '../forms.js';
import { cityNav, compareRecords, historyEntryView, listView, parseListQuery, PER_PAGE } from '../formsPages.js';

export interface RecordRouteDeps {
  db: Db;
  cities: CityRepository;
}

type Body = Record<string, unknown>;
type AnyRecord = Record<string, unknown> & { id: string; provenance?: ProvenanceMap };

/** The form body as strings by name (the first when a name was posted twice). */
function bodyValues(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

/** The posted fields to carry into a "save mine over theirs" form (not the token or the old hash). */
function hiddenFields(body: Body): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, v] of Object.entries(body)) {
    if (name === '_csrf' || name === '_baseHash') continue;
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') out.push({ name, value: x });
  }
  return out;
}

/** A record as JSON without the undefined fields formToRecord leaves for empty inputs. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function bodyOf(req: Request): Body {
  return (req.body ?? {}) as Body;
}

function baseHashOf(body: Body): string {
  const v = body._baseHash;
  return typeof v === 'string' ? v : '';
}

function userIdOf(res: Response): number | null {
  return (res.locals.user as CurrentUser | null)?.id ?? null;
}

/** How this request's forms are read: numbers as its language types them, the city's currency symbol allowed. */
function readOf(res: Response, city: StoredCity): { lang: Lang; currency: string } {
  return { lang: langOf(res), currency: city.document.settings.currency };
}

function langOf(res: Response): Lang {
  return (res.locals.lang ?? 'en') as Lang;
}

function tOf(res: Response): Translator {
  return translator(langOf(res));
}

/** A 404 in the page's language. */
function notFoundIn(res: Response, message: string): HttpError {
  return new HttpError(404, tOf(res)('errors.notFound.title'), message);
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function roleOf(res: Response): EffectiveRole {
  return (res.locals.cityRole ?? null) as EffectiveRole;
}

/** Items shown before a long list folds ("and 180 more"). */
const SHOWN_BEFORE_FOLD = 10;

/** A long list as the first few and the rest (shown folded). */
function foldList<T>(items: readonly T[], t: Translator): { shown: T[]; more: T[]; moreLabel: string; count: number } {
  const shown = items.slice(0, SHOWN_BEFORE_FOLD);
  const more = items.slice(SHOWN_BEFORE_FOLD);
  return { shown, more, moreLabel: t('records.andMore', { count: more.length }), count: items.length };
}

/** "51–100 of 120 changes, newest first"; "3 changes, newest first" without paging. */
function historySummary(shown: number, p: { page: number; total: number } | null, t: Translator): string {
  const total = p ? p.total : shown;
  if (total === 0) return t('history.none');
  if (!p || total <= PER_PAGE) return t('history.summary', { count: total });
  const first = (p.page - 1) * PER_PAGE + 1;
  return t('history.summaryPaged', { first, last: first + shown - 1, count: total });
}

export function recordRoutes(deps: RecordRouteDeps): Router {
  const { db, cities } = deps;
  const audit = createAuditLog(db);
  const router = Router();

  const loadCity = (req: Request, res: Response): StoredCity => {
    const id = req.params.id as string;
    const city = cities.get(id);
    if (!city) throw notFoundIn(res, tOf(res)('errors.notFound.noCity', { id }));
    return city;
  };

  const ctxOf = (city: StoredCity, res: Response): CityContext => ({ cityId: city.id, doc: city.document, lang: langOf(res) });

  /** What every data page gets: title, breadcrumb, the Data menu, and what the user may do. */
  const pageBase = (res: Response, city: StoredCity, current: string | null, title: string, crumbs: Array<{ label: string; href: string | null }>) => ({
    title,
    cityId: city.id,
    cityName: city.name,
    cityHref: cityHref(city.id),
    cityNav: cityNav(city.id, current, langOf(res)),
    crumbs,
    canEdit: hasCityRole(roleOf(res), 'editor'),
    canRestore: hasCityRole(roleOf(res), 'cityAdmin'),
  });

  /** The city page gets the Data menu too (views/cities/show.ejs includes the partial). */
  router.get('/cities/:id', (req, res, next) => {
    res.locals.cityNav = cityNav(req.params.id as string, null, langOf(res));
    next();
  });

  // -------------------------------------------------------------------------
  // Outcomes shared by every form

  interface ConflictPage {
    city: StoredCity;
    collection: EditCollection;
    what: string;
    current: unknown;
    currentHash: string;
    submitted: unknown;
    keepHref: string;
    resubmitAction: string;
    hidden: Array<{ name: string; value: string }>;
    navCurrent: string | null;
  }

  const renderConflict = (res: Response, p: ConflictPage) => {
    res.status(409).render('records/conflict', {
      ...pageBase(res, p.city, p.navCurrent, tOf(res)('records.conflictTitle', { what: p.what }), [{ label: p.what, href: p.keepHref }]),
      what: p.what,
      deletedByThem: p.current === null,
      deletingMine: p.submitted === null,
      rows: compareRecords(p.collection, p.current, p.submitted, p.city.document, langOf(res)),
      keepHref: p.keepHref,
      resubmit: { action: p.resubmitAction, baseHash: p.currentHash, fields: p.hidden },
    });
  };

  // -------------------------------------------------------------------------
  // Collections

  for (const collection of COLLECTIONS) {
    /** The collection's names in the page's language ("landfill" / "TPA" / "填埋场"). */
    const labelsOf = (res: Response) => collectionNames(collection, langOf(res));
    /** The collection's title in the page's language ("Landfills", "TPA", "填埋场"). */
    const collectionTitle = (res: Response) => translator(langOf(res))(`records.collections.${collection}`);
    const listPath = `/cities/:id/${collection}`;
    const recordPath = `${listPath}/:recordId`;

    /** "Surabaya has no landfill "x"." */
    const noRecord = (res: Response, city: StoredCity, rid: string) => notFoundIn(res, tOf(res)('records.noRecord', { city: city.name, what: labelsOf(res).singular, id: rid }));

    const loadRecord = (req: Request, res: Response, city: StoredCity): AnyRecord => {
      const rid = req.params.recordId as string;
      const rec = (city.document[collection] as unknown as AnyRecord[]).find((r) => r.id === rid);
      if (!rec) throw noRecord(res, city, rid);
      return rec;
    };

    const listHrefOf = (city: StoredCity) => `${cityHref(city.id)}/${collection}`;

    interface FormPage {
      city: StoredCity;
      record: AnyRecord | null;
      values: Record<string, string>;
      errors: Record<string, string>;
      topErrors: string[];
      baseHash: string;
    }

    const renderForm = (res: Response, status: number, p: FormPage) => {
      const isNew = p.record === null;
      const t = tOf(res);
      const labels = labelsOf(res);
      const sections = formSections(collection, p.values, p.errors, ctxOf(p.city, res), {
        isNew,
        provenance: p.record?.provenance,
        provenanceEditable: !isNew,
      });
      const title = isNew ? t('records.new', { singular: labels.singular }) : t('records.editTitle', { record: kindAndName(labels.singular, recordName(collection, p.record as AnyRecord)) });
      const crumbs = [{ label: collectionTitle(res), href: listHrefOf(p.city) }];
      if (p.record) crumbs.push({ label: recordName(collection, p.record), href: recordHref(p.city.id, collection, p.record.id) });
      res.status(status).render('records/form', {
        ...pageBase(res, p.city, collection, title, crumbs),
        heading: title,
        recordId: p.record?.id ?? null,
        action: isNew ? listHrefOf(p.city) : recordHref(p.city.id, collection, p.record?.id as string),
        cancelHref: isNew ? listHrefOf(p.city) : recordHref(p.city.id, collection, p.record?.id as string),
        submitLabel: isNew ? t('records.create', { singular: labels.singular }) : t('records.save'),
        baseHash: p.baseHash,
        sections,
        topErrors: p.topErrors,
        errorLinks: errorLinks(sections, langOf(res)),
        errorCount: Object.keys(p.errors).length + p.topErrors.length,
        sources: sourceViews(p.city.document, sections.map((s) => s.provenance)),
      });
    };

    /** 422 with the engine's problems placed beside the inputs. */
    const renderProblems = (res: Response, city: StoredCity, record: AnyRecord | null, body: Body, problems: Problem[], prefix: string, rowMap: Record<string, number[]>) => {
      const values = bodyValues(body);
      const sections = formSections(collection, values, {}, ctxOf(city, res), { isNew: record === null, provenance: record?.provenance, provenanceEditable: record !== null });
      const { fieldErrors, topErrors } = assignProblems(problemsText(problems, langOf(res)), prefix, rowMap, inputNames(sections), new Set(sections.map((s) => s.key)));
      renderForm(res, 422, { city, record, values, errors: fieldErrors, topErrors, baseHash: baseHashOf(body) });
    };

    router.get(listPath, requireCityRole('viewer'), (req, res) => {
      const city = loadCity(req, res);
      const query = parseListQuery(collection, req.query as Record<string, unknown>);
      const canEdit = hasCityRole(roleOf(res), 'editor');
      res.render('records/list', {
        ...pageBase(res, city, collection, `${collectionTitle(res)}: ${city.name}`, [{ label: collectionTitle(res), href: null }]),
        heading: collectionTitle(res),
        singular: labelsOf(res).singular,
        listHref: listHrefOf(city),
        newHref: canEdit ? `${listHrefOf(city)}/new` : null,
        list: listView(collection, city.document, city.id, query, langOf(res)),
      });
    });

    router.get(`${listPath}/new`, requireCityRole('editor'), (req, res) => {
      const city = loadCity(req, res);
      renderForm(res, 200, { city, record: null, values: {}, errors: {}, topErrors: [], baseHash: recordHash(null) });
    });

    router.post(listPath, requireCityRole('editor'), (req, res) => {
      const city = loadCity(req, res);
      const body = bodyOf(req);
      const parsed = formToRecord(collection, body, readOf(res, city));
      if (!parsed.ok) {
        renderForm(res, 422, { city, record: null, values: bodyValues(body), errors: parsed.fieldErrors, topErrors: [], baseHash: recordHash(null) });
        return;
      }
      const after = plain(parsed.value) as AnyRecord;
      const outcome = applyEdit(db, { cityId: city.id, userId: userIdOf(res), action: 'create', collection, recordId: after.id, after, baseRecordHash: recordHash(null) });
      if (outcome.kind === 'problems') {
        renderProblems(res, city, null, body, outcome.problems, `${outcome.recordPath}.`, parsed.rowMap);
        return;
      }
      if (outcome.kind !== 'ok') throw notFoundIn(res, tOf(res)('errors.notFound.noCity', { id: city.id }));
      setFlash(req, tOf(res)('records.created', { record: kindAndName(labelsOf(res).singular, recordName(collection, outcome.record as AnyRecord)) }));
      res.redirect(303, recordHref(city.id, collection, after.id));
    });

    router.get(recordPath, requireCityRole('viewer'), (req, res) => {
      const city = loadCity(req, res);
      const record = loadRecord(req, res, city);
      const sections = showSections(collection, record, ctxOf(city, res), record.provenance);
      const base = recordHref(city.id, collection, record.id);
      const heading = recordTitle(collection, record, langOf(res));
      res.render('records/show', {
        ...pageBase(res, city, collection, `${heading}: ${city.name}`, [
          { label: collectionTitle(res), href: listHrefOf(city) },
          { label: recordName(collection, record), href: null },
        ]),
        heading,
        recordId: record.id,
        sections,
        sources: sourceViews(city.document, sections.map((s) => s.provenance)),
        referrers: foldList(
          findReferrers(city.document, collection, record.id, langOf(res)).map((r) => ({
            text: r.message,
            href: r.collection === 'settings' ? `${cityHref(city.id)}/settings` : recordHref(city.id, r.collection, r.recordId as string),
          })),
          tOf(res),
        ),
        editHref: `${base}/edit`,
        deleteAction: `${base}/delete`,
        historyHref: `${base}/history`,
        baseHash: recordHash(record),
      });
    });

    router.get(`${recordPath}/edit`, requireCityRole('editor'), (req, res) => {
      const city = loadCity(req, res);
      const record = loadRecord(req, res, city);
      const values = { ...recordToForm(collection, record, langOf(res)), ...provenanceToForm(collection, record.provenance) };
      renderForm(res, 200, { city, record, values, errors: {}, topErrors: [], baseHash: recordHash(record) });
    });

    router.post(recordPath, requireCityRole('editor'), (req, res) => {
      const city = loadCity(req, res);
      const rid = req.params.recordId as string;
      const current = (city.document[collection] as unknown as AnyRecord[]).find((r) => r.id === rid) ?? null;
      const body = bodyOf(req);
      const parsed = formToRecord(collection, body, { id: rid, ...readOf(res, city) });
      const prov = formToProvenance(collection, body, current?.provenance, langOf(res));
      const shown = current ?? ({ id: rid } as AnyRecord);
      if (!parsed.ok || !prov.ok) {
        const errors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(prov.ok ? {} : prov.fieldErrors) };
        renderForm(res, 422, { city, record: shown, values: bodyValues(body), errors, topErrors: [], baseHash: baseHashOf(body) });
        return;
      }
      const after = plain({ ...parsed.value, provenance: prov.value }) as AnyRecord;
      const outcome = applyEdit(db, { cityId: city.id, userId: userIdOf(res), action: 'update', collection, recordId: rid, after, baseRecordHash: baseHashOf(body) });
      switch (outcome.kind) {
        case 'problems':
          renderProblems(res, city, shown, body, outcome.problems, `${outcome.recordPath}.`, parsed.rowMap);
          return;
        case 'conflict':
          renderConflict(res, {
            city,
            collection,
            what: kindAndName(labelsOf(res).singular, recordName(collection, shown)),
            current: outcome.current,
            currentHash: outcome.currentHash,
            submitted: outcome.submitted,
            keepHref: current ? recordHref(city.id, collection, rid) : listHrefOf(city),
            resubmitAction: recordHref(city.id, collection, rid),
            hidden: hiddenFields(body),
            navCurrent: collection,
          });
          return;
        case 'notFound':
          throw noRecord(res, city, rid);
        case 'ok':
          setFlash(req, outcome.unchanged ? tOf(res)('records.nothingToSave') : tOf(res)('records.saved', { record: kindAndName(labelsOf(res).singular, recordName(collection, after)) }));
          res.redirect(303, recordHref(city.id, collection, rid));
      }
    });

    router.post(`${recordPath}/delete`, requireCityRole('editor'), (req, res) => {
      const city = loadCity(req, res);
      const record = loadRecord(req, res, city);
      const body = bodyOf(req);
      const name = recordName(collection, record);
      const t = tOf(res);
      const labels = labelsOf(res);
      const refuse = (reasons: string[]) =>
        res.status(409).render('records/refused', {
          ...pageBase(res, city, collection, t('records.notDeletedTitle', { record: kindAndName(labels.singular, name) }), [
            { label: collectionTitle(res), href: listHrefOf(city) },
            { label: name, href: recordHref(city.id, collection, record.id) },
          ]),
          heading: t('records.notDeleted', { title: recordTitle(collection, record, langOf(res)) }),
          reason: t('records.stillReferred'),
          reasons: foldList(reasons, t),
          backHref: recordHref(city.id, collection, record.id),
        });
      const referrers = findReferrers(city.document, collection, record.id, langOf(res));
      if (referrers.length > 0) {
        refuse(referrers.map((r) => r.message));
        return;
      }
      const outcome = applyEdit(db, { cityId: city.id, userId: userIdOf(res), action: 'delete', collection, recordId: record.id, after: null, baseRecordHash: baseHashOf(body) });
      switch (outcome.kind) {
        case 'problems':
          refuse(outcome.problems.map((p) => `${p.path}: ${problemText(p.message, langOf(res))}`));
          return;
        case 'conflict':
          renderConflict(res, {
            city,
            collection,
            what: kindAndName(labels.singular, name),
            current: outcome.current,
            currentHash: outcome.currentHash,
            submitted: null,
            keepHref: recordHref(city.id, collection, record.id),
            resubmitAction: `${recordHref(city.id, collection, record.id)}/delete`,
            hidden: [],
            navCurrent: collection,
          });
          return;
        case 'notFound':
          throw noRecord(res, city, record.id);
        case 'ok':
          setFlash(req, t('records.deleted', { record: kindAndName(labels.singular, name) }));
          res.redirect(303, listHrefOf(city));
      }
    });

    router.get(`${recordPath}/history`, requireCityRole('viewer'), (req, res) => {
      const city = loadCity(req, res);
      const rid = req.params.recordId as string;
      const record = (city.document[collection] as unknown as AnyRecord[]).find((r) => r.id === rid) ?? null;
      const entries = audit.listForRecord(city.id, collection, rid);
      if (!record && entries.length === 0) throw noRecord(res, city, rid);
      const name = record ? recordName(collection, record) : rid;
      renderHistory(req, res, city, entries, {
        heading: tOf(res)('history.ofRecord', { record: kindAndName(labelsOf(res).singular, name) }),
        crumbs: [
          { label: collectionTitle(res), href: listHrefOf(city) },
          { label: name, href: record ? recordHref(city.id, collection, rid) : null },
          { label: tOf(res)('records.nav.history'), href: null },
        ],
        navCurrent: collection,
        paging: null,
      });
    });
  }

  // -------------------------------------------------------------------------
  // History and restore

  interface HistoryOptions {
    heading: string;
    crumbs: Array<{ label: string; href: string | null }>;
    navCurrent: string;
    paging: { page: number; pageCount: number; total: number } | null;
  }

  const currentOf = (doc: CityFile) => (e: AuditEntry) => {
    const record = findRecord(doc, e.collection as EditCollection, e.recordId).record;
    return { hash: recordHash(record), json: stableJson(record) };
  };

  const renderHistory = (_req: Request, res: Response, city: StoredCity, entries: AuditEntry[], o: HistoryOptions) => {
    const canRestore = hasCityRole(roleOf(res), 'cityAdmin');
    const base = `${cityHref(city.id)}/history`;
    const p = o.paging;
    res.render('history/list', {
      ...pageBase(res, city, o.navCurrent, `${o.heading}: ${city.name}`, o.crumbs),
      heading: o.heading,
      entries: entries.map((e) => historyEntryView(e, city.document, city.id, { canRestore, current: currentOf(city.document) }, langOf(res))),
      summary: historySummary(entries.length, p, tOf(res)),
      prevHref: p && p.page > 1 ? `${base}?page=${p.page - 1}` : null,
      nextHref: p && p.page < p.pageCount ? `${base}?page=${p.page + 1}` : null,
    });
  };

  router.get('/cities/:id/history', requireCityRole('viewer'), (req, res) => {
    const city = loadCity(req, res);
    const raw = req.query.page;
    const page = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
    const result = audit.listForCity(city.id, { page, perPage: PER_PAGE });
    const history = tOf(res)('records.nav.history');
    renderHistory(req, res, city, result.entries, {
      heading: history,
      crumbs: [{ label: history, href: null }],
      navCurrent: 'history',
      paging: { page, pageCount: Math.max(1, Math.ceil(result.total / PER_PAGE)), total: result.total },
    });
  });

  router.post('/cities/:id/history/:auditId/restore', requireCityRole('cityAdmin'), (req, res) => {
    const city = loadCity(req, res);
    const t = tOf(res);
    const rawId = req.params.auditId as string;
    const entry = /^\d{1,15}$/.test(rawId) ? audit.get(city.id, Number(rawId)) : undefined;
    if (!entry) throw notFoundIn(res, t('history.noChange', { city: city.name, id: rawId }));
    const body = bodyOf(req);
    const which = body.which;
    if (which !== 'before' && which !== 'after') throw new HttpError(400, t('errors.badRequest.title'), t('history.badWhich'));
    const collection = entry.collection;
    const isScenario = collection === 'scenarios';
    // A scenario is restored like a record: by its id, the whole city validated.
    const isRecord = (COLLECTIONS as readonly string[]).includes(collection) || isScenario;
    if (!isRecord && collection !== 'settings' && collection !== 'fractions') {
      throw new HttpError(422, t('history.cannotRestoreTitle'), t('history.cannotRestoreHere', { id: String(entry.id), collection }));
    }
    const target = which === 'before' ? entry.before : entry.after;
    const shownRecord = (entry.after ?? entry.before) as AnyRecord;
    const what = isScenario
      ? t('history.scenario.the', { name: String((shownRecord as { name?: unknown }).name ?? entry.recordId) })
      : isRecord
        ? kindAndName(collectionNames(collection as CollectionName, langOf(res)).singular, recordName(collection as CollectionName, shownRecord))
        : collection === 'settings'
          ? t('records.theSettings')
          : t('records.theComposition');
    if (target === null && !isRecord) throw new HttpError(422, t('history.cannotRestoreTitle'), t('history.cannotDelete', { what: capitalised(what) }));
    const request: EditRequest = {
      cityId: city.id,
      userId: userIdOf(res),
      action: 'restore',
      collection: collection as EditCollection,
      recordId: entry.recordId,
      after: target,
      baseRecordHash: baseHashOf(body),
    };
    const outcome: EditOutcome = applyEdit(db, request);
    const back = `${cityHref(city.id)}/history`;
    switch (outcome.kind) {
      case 'problems':
        res.status(422).render('records/refused', {
          ...pageBase(res, city, 'history', t('history.notRestoredTitle', { what }), [{ label: t('records.nav.history'), href: back }]),
          heading: t('history.notRestored', { what: capitalised(what) }),
          reason: t(which === 'before' ? 'history.invalidBefore' : 'history.invalidAfter', { id: String(entry.id) }),
          reasons: foldList(outcome.problems.map((p) => `${p.path}: ${problemText(p.message, langOf(res))}`), t),
          backHref: back,
        });
        return;
      case 'conflict':
        renderConflict(res, {
          city,
          collection: collection as EditCollection,
          what,
          current: outcome.current,
          currentHash: outcome.currentHash,
          submitted: outcome.submitted,
          keepHref: back,
          resubmitAction: `${back}/${entry.id}/restore`,
          hidden: [{ name: 'which', value: which }],
          navCurrent: 'history',
        });
        return;
      case 'notFound':
        setFlash(req, t('history.alreadyDeleted', { what }));
        res.redirect(303, back);
        return;
      case 'ok':
        setFlash(
          req,
          outcome.unchanged
            ? t('history.alreadyThat', { what })
            : t(which === 'before' ? 'history.restoredBefore' : 'history.restoredAfter', { what, id: String(entry.id) }),
        );
        res.redirect(303, back);
    }
  });

  // -------------------------------------------------------------------------
  // Settings, composition, seasonal factors: one form each on the settings record or the fractions

  interface CityFormPage {
    city: StoredCity;
    page: 'settings' | 'composition' | 'seasonal';
    values: Record<string, string>;
    errors: Record<string, string>;
    topErrors: string[];
    baseHash: string;
    notice?: string | null;
  }

  /** Each city-wide page: its registry, and its title, intro and confirmation (records.nav.*, settings.intro.*, settings.saved.*). */
  const CITY_FORMS = {
    settings: { registry: 'settings' as FieldCollection, title: 'records.nav.settings', intro: 'settings.intro.settings', saved: 'settings.saved.settings' },
    composition: { registry: 'composition' as FieldCollection, title: 'records.nav.composition', intro: 'settings.intro.composition', saved: 'settings.saved.composition' },
    seasonal: { registry: 'seasonal' as FieldCollection, title: 'records.nav.seasonal', intro: 'settings.intro.seasonal', saved: 'settings.saved.seasonal' },
  } as const;

  const cityFormRecord = (city: StoredCity, page: CityFormPage['page']): Record<string, unknown> =>
    page === 'composition' ? { fractions: city.document.fractions } : (city.document.settings as unknown as Record<string, unknown>);

  const renderCityForm = (res: Response, status: number, p: CityFormPage) => {
    const def = CITY_FORMS[p.page];
    const t = tOf(res);
    const lang = langOf(res);
    const title = t(def.title);
    const canEdit = hasCityRole(roleOf(res), 'editor');
    const ctx = ctxOf(p.city, res);
    const settingsProv = p.city.document.settings.provenance as ProvenanceMap | undefined;
    const formSectionsOf = (): FormSection[] => formSections(def.registry, p.values, p.errors, ctx, { isNew: false, provenance: settingsProv, provenanceEditable: p.page !== 'composition' });
    const sections = canEdit ? formSectionsOf() : [];
    const shown = canEdit ? [] : showSections(def.registry, cityFormRecord(p.city, p.page), ctx, settingsProv);
    const factors = p.city.document.settings.seasonalFactors;
    res.status(status).render('settings/form', {
      ...pageBase(res, p.city, p.page, `${title}: ${p.city.name}`, [{ label: title, href: null }]),
      heading: title,
      intro: t(def.intro),
      action: `${cityHref(p.city.id)}/${p.page}`,
      baseHash: p.baseHash,
      sections,
      shown,
      topErrors: p.topErrors,
      errorLinks: errorLinks(sections, lang),
      errorCount: Object.keys(p.errors).length + p.topErrors.length,
      sources: sourceViews(p.city.document, [...sections.map((s) => s.provenance), ...shown.map((s) => s.provenance)]),
      normalise:
        p.page === 'seasonal'
          ? { checked: p.values.normalise === 'on', mean: factors ? t('settings.savedMean', { mean: numberText(Math.round(seasonalMean(factors) * 1e6) / 1e6, lang) }) : t('settings.noFactors') }
          : null,
      notice: p.notice ?? null,
    });
  };

  const cityFormValues = (city: StoredCity, page: CityFormPage['page'], lang: Lang): Record<string, string> => {
    const def = CITY_FORMS[page];
    const values = recordToForm(def.registry, cityFormRecord(city, page), lang);
    if (page === 'composition') return values;
    return { ...values, ...provenanceToForm(def.registry, city.document.settings.provenance as ProvenanceMap | undefined) };
  };

  const baseHashOfPage = (city: StoredCity, page: CityFormPage['page']) => recordHash(page === 'composition' ? city.document.fractions : city.document.settings);

  for (const page of ['settings', 'composition', 'seasonal'] as const) {
    const path = `/cities/:id/${page}`;
    router.get(path, requireCityRole('viewer'), (req, res) => {
      const city = loadCity(req, res);
      renderCityForm(res, 200, { city, page, values: cityFormValues(city, page, langOf(res)), errors: {}, topErrors: [], baseHash: baseHashOfPage(city, page) });
    });

    router.post(path, requireCityRole('editor'), (req, res) => {
      const city = loadCity(req, res);
      const t = tOf(res);
      const lang = langOf(res);
      const body = bodyOf(req);
      const values = bodyValues(body);
      const def = CITY_FORMS[page];
      const settings = city.document.settings;
      const again = (status: number, errors: Record<string, string>, topErrors: string[]) =>
        renderCityForm(res, status, { city, page, values, errors, topErrors, baseHash: baseHashOf(body) });

      const parsed = formToRecord(def.registry, body, readOf(res, city));
      const prov = page === 'composition' ? ({ ok: true, value: undefined } as const) : formToProvenance(def.registry, body, settings.provenance as ProvenanceMap | undefined, lang);
      if (!parsed.ok || !prov.ok) {
        again(422, { ...(parsed.ok ? {} : parsed.fieldErrors), ...(prov.ok ? {} : prov.fieldErrors) }, []);
        return;
      }

      let after: unknown;
      let collection: EditCollection = 'settings';
      let note = '';
      if (page === 'composition') {
        collection = 'fractions';
        after = parsed.value.fractions;
        const kept = new Set((after as Array<{ id?: string }>).map((f) => f.id));
        const stillUsed = city.document.fractions
          .filter((f) => !kept.has(f.id))
          .flatMap((f) => findFractionReferrers(city.document, f.id, lang).map((r) => t('settings.fractionInUse', { name: f.name, id: f.id, reason: r.message })));
        if (stillUsed.length > 0) {
          again(422, {}, stillUsed);
          return;
        }
      } else if (page === 'seasonal') {
        let factors = parsed.value.seasonalFactors as number[] | undefined;
        if (factors && (values.normalise === 'on' || values.normalise === 'true')) {
          const mean = seasonalMean(factors);
          if (mean <= 0) {
            again(422, { seasonalFactors: t('settings.cannotNormalise') }, []);
            return;
          }
          // Six decimals keep the mean within the engine's 1e-6 of 1.
          factors = factors.map((f) => Math.round((f / mean) * 1e6) / 1e6);
          note = ` ${t('settings.normalised', { mean: numberText(Math.round(mean * 1e6) / 1e6, lang) })}`;
        }
        after = plain({ ...settings, seasonalFactors: factors, provenance: prov.value });
      } else {
        after = plain({ ...parsed.value, seasonalFactors: settings.seasonalFactors, provenance: prov.value });
      }

      const outcome = applyEdit(db, { cityId: city.id, userId: userIdOf(res), action: 'settings', collection, recordId: null, after, baseRecordHash: baseHashOf(body) });
      switch (outcome.kind) {
        case 'problems': {
          const sections = formSections(def.registry, values, {}, ctxOf(city, res), { isNew: false, provenance: settings.provenance as ProvenanceMap | undefined, provenanceEditable: page !== 'composition' });
          const prefix = page === 'composition' ? '' : 'settings.';
          const { fieldErrors, topErrors } = assignProblems(problemsText(outcome.problems, langOf(res)), prefix, parsed.rowMap, inputNames(sections), new Set(sections.map((s) => s.key)));
          again(422, fieldErrors, topErrors);
          return;
        }
        case 'conflict':
          renderConflict(res, {
            city,
            collection,
            what: page === 'composition' ? t('records.theComposition') : t('records.theSettings'),
            current: outcome.current,
            currentHash: outcome.currentHash,
            submitted: outcome.submitted,
            keepHref: `${cityHref(city.id)}/${page}`,
            resubmitAction: `${cityHref(city.id)}/${page}`,
            hidden: hiddenFields(body),
            navCurrent: page,
          });
          return;
        case 'notFound':
          throw notFoundIn(res, t('errors.notFound.noCity', { id: city.id }));
        case 'ok':
          setFlash(req, outcome.unchanged ? t('records.nothingToSave') : `${t(def.saved)}${note}`);
          res.redirect(303, `${cityHref(city.id)}/${page}`);
      }
    });
  }

  return router;
}
