/**
 * Import and export: the whole city as its JSON city file, and each table
 * (a collection, or the fractions) as CSV and XLSX. Every import shows a
 * preview first (what will change, every problem by row and column or by
 * path) and writes nothing until it is confirmed; the confirmation re-reads
 * the upload kept on the server (src/web/uploads.ts) and writes all of it or
 * nothing, in one transaction with its audit rows.
 *
 *   GET  /cities/:id/tables                        viewer: downloads; editor: table uploads; city admin: city file upload
 *   GET  /cities/:id/export.json                   viewer: the city file (attachment)
 *   GET  /cities/:id/tables/<table>.csv|.xlsx       viewer: one table (attachment)
 *   POST /cities/:id/tables/:table/import           editor, multipart (file, deleteMissing): preview, 200 or 422
 *   POST /cities/:id/tables/:table/import/confirm   editor (token): 303 to the tables page; 409 the city changed; 410 expired
 *   GET  /cities/import                             signed in: upload a city file
 *   POST /cities/import                             signed in, multipart (file): preview, 200 or 422
 *   POST /cities/import/confirm                     signed in (token): 303 to the city; 409; 410
 *
 * A city file whose id is taken replaces that city, for its city
 * administrators only; anyone signed in may import a new city and becomes
 * its city administrator. Uploads are multipart, so their CSRF token comes in
 * the query string (src/web/auth.ts).
 */
import { Router, type Request, type Response } from 'express';
import { validateCityFile } from '../../model/index.js';
import type { Lang, Translator } from '../../i18n/index.js';
import type { LocaleFormatter } from '../../reports/locale.js';
import { problemsText } from '../../reports/problemText.js';
import type { Problem } from '../../model/results.js';
import {
  isTableName,
  planTableImport,
  readCsv,
  readRefusalText,
  readXlsx,
  TABLES,
  tableCsv,
  tableTitle,
  tableXlsx,
  toCityImportView,
  toTableImportView,
  type ReadOutcome,
  type TableImportPlan,
  type TableName,
} from '../../reports/tables.js';
import { createAuditLog } from '../../store/audit.js';
import { CityExistsError, VersionConflictError, type CityRepository, type StoredCity } from '../../store/cities.js';
import type { Db } from '../../store/db.js';
import { importCityDocument } from '../../store/importCity.js';
import { authServicesOf, effectiveCityRole, hasCityRole, requireCityRole, requireLogin, setFlash, type CurrentUser } from '../auth.js';
import { HttpError } from '../errors.js';
import { tOf } from './auth.js';
import { createPendingImports, readUpload, type PendingImport, type PendingImports } from '../uploads.js';

/** Ids a new city may not take: they are pages under /cities/. */
export const RESERVED_CITY_IDS = ['new', 'import'] as const;

const href = (cityId: string, rest = '') => `/cities/${encodeURIComponent(cityId)}${rest}`;

function userOf(res: Response): CurrentUser {
  const user = res.locals.user as CurrentUser | null;
  if (!user) throw new Error('route needs requireLogin or requireCityRole');
  return user;
}

/** Reads a table upload by its file name: .xlsx as a workbook, anything else as CSV text. */
async function readTableFile(name: string, data: Buffer): Promise<ReadOutcome> {
  if (/\.xlsx$/i.test(name)) return readXlsx(data);
  return readCsv(data.toString('utf8'));
}

function langOf(res: Response): Lang {
  return (res.locals.lang ?? 'en') as Lang;
}

/** A 404 in the page's language. */
function notFoundIn(t: Translator, message: string): HttpError {
  return new HttpError(404, t('errors.notFound.title'), message);
}

/** A city file upload as a document, or the problem that stops reading it (worded in `t`'s language; the parser's detail is JSON.parse's English). */
function readCityFile(data: Buffer, t: Translator): { ok: true; document: unknown } | { ok: false; problems: Problem[] } {
  try {
    return { ok: true, document: JSON.parse(data.toString('utf8').replace(/^\uFEFF/, '')) };
  } catch (err) {
    return { ok: false, problems: [{ path: '(file)', message: t('transfer.notJson', { detail: err instanceof Error ? err.message : String(err) }) }] };
  }
}

export interface TransferDeps {
  db: Db;
  cities: CityRepository;
  /** Uploads waiting for confirmation; one per app by default. */
  pending?: PendingImports;
}

export function transferRoutes(deps: TransferDeps): Router {
  const { db, cities } = deps;
  const pending = deps.pending ?? createPendingImports();
  const audit = createAuditLog(db);
  const router = Router();

  const cityOf = (req: Request, res: Response): StoredCity => {
    const city = cities.get(String(req.params.id));
    if (!city) throw notFoundIn(tOf(res), tOf(res)('transfer.noCity', { id: String(req.params.id) }));
    return city;
  };

  const tableOf = (req: Request, res: Response): TableName => {
    const table = String(req.params.table);
    if (!isTableName(table)) throw notFoundIn(tOf(res), tOf(res)('transfer.noTable', { table, tables: TABLES.join(', ') }));
    return table;
  };

  // ------------------------------------------------------------ exports

  router.get('/cities/:id/tables', requireCityRole('viewer'), (req, res) => {
    const city = cityOf(req, res);
    const lang = langOf(res);
    const fmt = res.locals.fmt as LocaleFormatter;
    const role = res.locals.cityRole as Parameters<typeof hasCityRole>[0];
    res.render('transfer/tables', {
      title: tOf(res)('transfer.pageTitle', { city: city.name }),
      cityId: city.id,
      cityName: city.name,
      cityHref: href(city.id),
      exportHref: href(city.id, '/export.json'),
      weighbridgeHref: href(city.id, '/weighbridge'),
      tables: TABLES.map((t) => ({
        name: t,
        title: tableTitle(t, lang),
        count: fmt.integer((t === 'fractions' ? city.document.fractions : city.document[t]).length),
        csvHref: href(city.id, `/tables/${t}.csv`),
        xlsxHref: href(city.id, `/tables/${t}.xlsx`),
        importAction: `${href(city.id, `/tables/${t}/import`)}?_csrf=${encodeURIComponent(String(res.locals.csrfToken ?? ''))}`,
      })),
      canImport: hasCityRole(role, 'editor'),
      canReplace: hasCityRole(role, 'cityAdmin'),
      cityImportAction: `/cities/import?_csrf=${encodeURIComponent(String(res.locals.csrfToken ?? ''))}`,
    });
  });

  router.get('/cities/:id/export.json', requireCityRole('viewer'), (req, res) => {
    const city = cityOf(req, res);
    res.attachment(`${city.id}.city.json`);
    res.type('application/json').send(`${JSON.stringify(city.document, null, 2)}\n`);
  });

  router.get('/cities/:id/tables/:file', requireCityRole('viewer'), async (req, res) => {
    const city = cityOf(req, res);
    const m = /^([A-Za-z]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    if (!m || !isTableName(m[1])) throw notFoundIn(tOf(res), tOf(res)('transfer.noTableFile', { file: String(req.params.file), href: href(city.id, '/tables') }));
    const table = m[1];
    const name = `${city.id}.${table}.${m[2]}`;
    res.attachment(name);
    if (m[2] === 'csv') {
      res.type('text/csv; charset=utf-8').send(tableCsv(city.document, table));
      return;
    }
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await tableXlsx(city.document, table));
  });

  // ------------------------------------------------------------ table imports

  const renderTablePreview = (res: Response, city: StoredCity, plan: TableImportPlan, token: string | null, fileName: string, deleteMissing: boolean, status?: number) => {
    const lang = langOf(res);
    res.status(status ?? (plan.ok ? 200 : 422)).render('transfer/table-preview', {
      title: tOf(res)('transfer.previewTitle', { city: city.name, table: tableTitle(plan.table, lang) }),
      cityName: city.name,
      cityHref: href(city.id),
      tablesHref: href(city.id, '/tables'),
      fileName,
      deleteMissing,
      view: toTableImportView(plan, lang),
      confirmAction: href(city.id, `/tables/${plan.table}/import/confirm`),
      token,
    });
  };

  const renderUnreadable = (res: Response, city: StoredCity | null, status: number, heading: string, message: string) => {
    res.status(status).render('transfer/refused', {
      title: heading,
      heading,
      message,
      backHref: city ? href(city.id, '/tables') : '/cities/import',
    });
  };

  router.post('/cities/:id/tables/:table/import', requireCityRole('editor'), async (req, res) => {
    const city = cityOf(req, res);
    const table = tableOf(req, res);
    const upload = await readUpload(req, tOf(res));
    if (!upload.file || upload.file.data.length === 0) {
      renderUnreadable(res, city, 422, tOf(res)('transfer.noFile'), tOf(res)('transfer.chooseTable'));
      return;
    }
    const read = await readTableFile(upload.file.name, upload.file.data);
    if (!read.ok) {
      renderUnreadable(res, city, 422, tOf(res)('transfer.unreadable'), readRefusalText(read, langOf(res)));
      return;
    }
    const deleteMissing = upload.fields.deleteMissing === '1' || upload.fields.deleteMissing === 'on';
    const plan = planTableImport(city.document, table, read.table, { deleteMissing });
    const token = plan.ok
      ? pending.put({ userId: userOf(res).id, kind: 'table', cityId: city.id, version: city.version, table, deleteMissing, fileName: upload.file.name, data: upload.file.data })
      : null;
    renderTablePreview(res, city, plan, token, upload.file.name, deleteMissing);
  });

  router.post('/cities/:id/tables/:table/import/confirm', requireCityRole('editor'), async (req, res) => {
    const t = tOf(res);
    const fmt = res.locals.fmt as LocaleFormatter;
    const city = cityOf(req, res);
    const table = tableOf(req, res);
    const user = userOf(res);
    const upload = pending.take(String((req.body as Record<string, unknown> | undefined)?.token ?? ''), user.id);
    if (!upload || upload.kind !== 'table' || upload.cityId !== city.id || upload.table !== table) {
      renderUnreadable(res, city, 410, tOf(res)('transfer.expired'), tOf(res)('transfer.expiredText'));
      return;
    }
    const read = await readTableFile(upload.fileName, upload.data);
    if (!read.ok) throw new Error(`a confirmed upload no longer reads: ${read.message}`);
    const outcome = writeTableImport(db, cities, audit, upload, table, read.table, user.id, t);
    if (outcome.kind === 'conflict') {
      renderUnreadable(res, city, 409, t('transfer.changed'), t('transfer.changedText', { city: city.name, version: String(outcome.version) }));
      return;
    }
    if (outcome.kind === 'problems') {
      renderTablePreview(res, city, outcome.plan, null, upload.fileName, upload.deleteMissing);
      return;
    }
    const c = outcome.plan.counts;
    setFlash(
      req,
      t('transfer.tableImported', {
        table: tableTitle(table, langOf(res)),
        file: upload.fileName,
        added: fmt.integer(c.added),
        changed: fmt.integer(c.changed),
        removed: fmt.integer(c.removed),
        unchanged: fmt.integer(c.unchanged),
      }),
    );
    res.redirect(303, href(city.id, '/tables'));
  });

  // ------------------------------------------------------------ whole-city imports

  router.get('/cities/import', requireLogin, (_req, res) => {
    res.render('transfer/city-import', {
      title: tOf(res)('transfer.importCity'),
      action: `/cities/import?_csrf=${encodeURIComponent(String(res.locals.csrfToken ?? ''))}`,
    });
  });

  /** Why this person may not store `document`: a reserved id, or an existing city they do not administer. */
  const cityImportRefusal = (req: Request, user: CurrentUser, cityId: string, t: Translator): Problem | null => {
    if ((RESERVED_CITY_IDS as readonly string[]).includes(cityId)) {
      return { path: 'city.id', message: t('transfer.reservedId', { id: cityId }) };
    }
    const access = authServicesOf(req).access.lookup(cityId);
    if (access && !hasCityRole(effectiveCityRole(authServicesOf(req), user, cityId, access.isPublic), 'cityAdmin')) {
      return { path: 'city.id', message: t('transfer.notCityAdmin', { id: cityId }) };
    }
    return null;
  };

  router.post('/cities/import', requireLogin, async (req, res) => {
    const user = userOf(res);
    const upload = await readUpload(req, tOf(res));
    if (!upload.file || upload.file.data.length === 0) {
      renderUnreadable(res, null, 422, tOf(res)('transfer.noFile'), tOf(res)('transfer.chooseCityFile'));
      return;
    }
    const read = readCityFile(upload.file.data, tOf(res));
    const validated = read.ok ? validateCityFile(read.document) : read;
    const refusal = validated.ok ? cityImportRefusal(req, user, validated.city.city.id, tOf(res)) : null;
    if (!validated.ok || refusal) {
      const problems = validated.ok ? [refusal as Problem] : validated.problems;
      res.status(422).render('transfer/city-preview', {
        title: tOf(res)('transfer.problemsTitle'),
        fileName: upload.file.name,
        problems: problemsText(problems, langOf(res)),
        problemCount: tOf(res)('transfer.problemCount', { count: problems.length }),
        view: null,
        token: null,
      });
      return;
    }
    const existing = cities.get(validated.city.city.id) ?? null;
    const token = pending.put({
      userId: user.id, kind: 'city', cityId: existing?.id ?? null, version: existing?.version ?? null, table: null, deleteMissing: false,
      fileName: upload.file.name, data: upload.file.data,
    });
    res.render('transfer/city-preview', {
      title: tOf(res)('transfer.importTitle', { name: validated.city.city.name }),
      fileName: upload.file.name,
      problems: [],
      problemCount: '',
      view: toCityImportView(existing?.document ?? null, validated.city, langOf(res)),
      token,
    });
  });

  router.post('/cities/import/confirm', requireLogin, (req, res) => {
    const user = userOf(res);
    const upload = pending.take(String((req.body as Record<string, unknown> | undefined)?.token ?? ''), user.id);
    if (!upload || upload.kind !== 'city') {
      renderUnreadable(res, null, 410, tOf(res)('transfer.expired'), tOf(res)('transfer.expiredText'));
      return;
    }
    const read = readCityFile(upload.data, tOf(res));
    const validated = read.ok ? validateCityFile(read.document) : null;
    if (!validated?.ok) throw new Error('a confirmed city file no longer validates');
    const refusal = cityImportRefusal(req, user, validated.city.city.id, tOf(res));
    if (refusal) throw new HttpError(403, tOf(res)('transfer.notAllowed'), refusal.message);
    const outcome = writeCityImport(db, cities, audit, req, upload, validated.city, user.id, tOf(res));
    if (outcome.kind === 'conflict') {
      renderUnreadable(res, null, 409, tOf(res)('transfer.changed'), outcome.message);
      return;
    }
    setFlash(req, tOf(res)(outcome.created ? 'transfer.importedNew' : 'transfer.replaced', { name: validated.city.city.name, file: upload.fileName }));
    res.redirect(303, href(validated.city.city.id));
  });

  return router;
}

type TableWrite =
  | { kind: 'ok'; plan: TableImportPlan }
  | { kind: 'problems'; plan: TableImportPlan }
  | { kind: 'conflict'; version: number };

/** Re-plans the upload on the city as stored now and writes it with one audit row per record changed; all or nothing. */
function writeTableImport(
  db: Db,
  cities: CityRepository,
  audit: ReturnType<typeof createAuditLog>,
  upload: PendingImport,
  table: TableName,
  file: Parameters<typeof planTableImport>[2],
  userId: number,
  t: Translator,
): TableWrite {
  const cityId = upload.cityId ?? '';
  return db.transaction((): TableWrite => {
    const stored = cities.get(cityId);
    if (!stored) throw notFoundIn(t, t('transfer.noCity', { id: cityId }));
    if (stored.version !== upload.version) return { kind: 'conflict', version: stored.version };
    const plan = planTableImport(stored.document, table, file, { deleteMissing: upload.deleteMissing });
    if (!plan.ok || !plan.city) return { kind: 'problems', plan };
    if (plan.counts.added + plan.counts.changed + plan.counts.removed === 0) return { kind: 'ok', plan };
    const saved = cities.replaceDocument(cityId, stored.version, plan.city);
    const entry = { cityId, userId, action: 'import' as const, cityVersion: saved.version };
    if (table === 'fractions') {
      audit.append({ ...entry, collection: 'fractions', recordId: null, before: stored.document.fractions, after: saved.document.fractions });
      return { kind: 'ok', plan };
    }
    const before = new Map(stored.document[table].map((r) => [r.id, r as unknown]));
    const after = new Map(saved.document[table].map((r) => [r.id, r as unknown]));
    for (const row of plan.rows) {
      if (row.status === 'added' || row.status === 'changed') {
        audit.append({ ...entry, collection: table, recordId: row.id, before: before.get(row.id) ?? null, after: after.get(row.id) ?? null });
      }
    }
    for (const r of plan.removed) audit.append({ ...entry, collection: table, recordId: r.id, before: before.get(r.id) ?? null, after: null });
    return { kind: 'ok', plan };
  }).immediate();
}

/** Creates (with the importer as city administrator) or replaces the city, with its audit row; all or nothing. */
function writeCityImport(
  db: Db,
  cities: CityRepository,
  audit: ReturnType<typeof createAuditLog>,
  req: Request,
  upload: PendingImport,
  city: Parameters<typeof importCityDocument>[2],
  userId: number,
  t: Translator,
): { kind: 'ok'; created: boolean } | { kind: 'conflict'; message: string } {
  const users = authServicesOf(req).users;
  const replacing = upload.cityId !== null;
  try {
    return db.transaction(() => {
      const before = replacing ? (cities.get(upload.cityId ?? '')?.document ?? null) : null;
      const outcome = importCityDocument(cities, db, city, replacing ? { mode: 'replace', expectedVersion: upload.version ?? 0 } : { mode: 'create' });
      if (!outcome.ok) {
        throw outcome.reason === 'exists' ? new CityExistsError(String((city as { city: { id: string } }).city.id)) : new VersionConflictError(upload.cityId ?? '', upload.version ?? 0, -1);
      }
      if (outcome.created) users.setRole(userId, outcome.city.id, 'cityAdmin');
      audit.append({
        cityId: outcome.city.id, userId, action: 'import', collection: 'city', recordId: outcome.city.id,
        before, after: outcome.city.document, cityVersion: outcome.city.version,
      });
      return { kind: 'ok' as const, created: outcome.created };
    }).immediate();
  } catch (err) {
    if (err instanceof CityExistsError) return { kind: 'conflict', message: t('transfer.createdMeanwhile', { id: err.cityId }) };
    if (err instanceof VersionConflictError) return { kind: 'conflict', message: t('transfer.changedMeanwhile') };
    throw err;
  }
}

