/**
 * Weighbridge tickets of a city (src/store/weighbridge.ts): what trucks
 * delivered to its landfills, by month, and the files they came from.
 *
 *   GET  /cities/:id/weighbridge                              viewer: tonnes by month and landfill, the imports; editors: the upload form
 *   POST /cities/:id/weighbridge/import                       editor, multipart (file): every row checked, all written in one transaction;
 *                                                             303 with a confirmation, 422 with each problem by line and column
 *   POST /cities/:id/weighbridge/imports/:importId/delete     editor: deletes an import and its tickets; 303, 404
 *
 * The upload is multipart, so its CSRF token rides in the query string
 * (src/web/auth.ts). Files up to MAX_WEIGHBRIDGE_BYTES: a year of a big
 * city's tickets (about 100,000 rows, 8 MB) fits.
 */
import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import type { Lang, Translator } from '../../i18n/index.js';
import type { LocaleFormatter } from '../../reports/locale.js';
import { weighbridgeProblemText } from '../../reports/weighbridge.js';
import type { CityRepository, StoredCity } from '../../store/cities.js';
import type { Db } from '../../store/db.js';
import { createWeighbridgeStore, importWeighbridgeCsv, WEIGHBRIDGE_COLUMNS, type WeighbridgeProblem } from '../../store/weighbridge.js';
import { hasCityRole, requireCityRole, setFlash, type CurrentUser, type EffectiveRole } from '../auth.js';
import { HttpError } from '../errors.js';
import { cityNav } from '../formsPages.js';
import { tOf } from './auth.js';

export const MAX_WEIGHBRIDGE_BYTES = 32 * 1024 * 1024;

export interface WeighbridgeDeps {
  db: Db;
  cities: CityRepository;
}

/** The multipart body's file "file" (name and text); 413 past the limit, 400 when it is not a form upload. */
function readCsvUpload(req: Request, t: Translator): Promise<{ name: string; text: string } | null> {
  const unreadable = () => new HttpError(400, t('weighbridge.badRequest'), t('weighbridge.unreadable'));
  if (!req.is('multipart/form-data')) return Promise.reject(new HttpError(400, t('weighbridge.badRequest'), t('weighbridge.notMultipart')));
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_WEIGHBRIDGE_BYTES, files: 1, fields: 10, fieldSize: 10_000 } });
    } catch {
      reject(unreadable());
      return;
    }
    let file: { name: string; text: string } | null = null;
    let tooLarge = false;
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        if (field === 'file' && !tooLarge) file = { name: info.filename ?? '', text: Buffer.concat(chunks).toString('utf8') };
      });
    });
    bb.on('error', () => reject(unreadable()));
    bb.on('close', () => {
      if (tooLarge) reject(new HttpError(413, t('weighbridge.tooLargeTitle'), t('weighbridge.tooLarge', { mb: String(MAX_WEIGHBRIDGE_BYTES / 1024 / 1024) })));
      else resolve(file);
    });
    req.pipe(bb);
  });
}

const href = (cityId: string, rest = '') => `/cities/${encodeURIComponent(cityId)}${rest}`;

export function weighbridgeRoutes(deps: WeighbridgeDeps): Router {
  const { db, cities } = deps;
  const store = createWeighbridgeStore(db);
  const router = Router();

  const cityOf = (req: Request, res: Response): StoredCity => {
    const city = cities.get(String(req.params.id));
    if (!city) throw new HttpError(404, tOf(res)('errors.notFound.title'), tOf(res)('weighbridge.noCity', { id: String(req.params.id) }));
    return city;
  };

  const render = (res: Response, city: StoredCity, status: number, problems: { list: WeighbridgeProblem[]; count: number; fileName: string } | null) => {
    const fmt = res.locals.fmt as LocaleFormatter;
    const t = tOf(res);
    const canEdit = hasCityRole(res.locals.cityRole as EffectiveRole, 'editor');
    const landfillName = new Map(city.document.landfills.map((l) => [l.id, l.name]));
    const tickets = store.ticketCount(city.id);
    res.status(status).render('weighbridge/index', {
      title: t('weighbridge.title', { city: city.name }),
      cityName: city.name,
      cityHref: href(city.id),
      // The city's Data menu, as on the other data pages, with this page marked.
      cityNav: cityNav(city.id, 'weighbridge', res.locals.lang as Lang),
      summary: tickets === 0 ? t('weighbridge.none') : t('weighbridge.ticketCount', { count: tickets }),
      months: store.monthly(city.id).map((m) => ({
        month: fmt.monthYear(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7))),
        landfill: landfillName.get(m.landfillId) ?? m.landfillId,
        tickets: fmt.integer(m.tickets),
        tonnes: fmt.tonnes(m.netKg / 1000),
      })),
      imports: store.imports(city.id).map((i) => ({
        fileName: i.fileName,
        tickets: fmt.integer(i.ticketCount),
        days: i.firstDay === i.lastDay ? fmt.date(i.firstDay) : `${fmt.date(i.firstDay)} – ${fmt.date(i.lastDay)}`,
        importedAt: fmt.dateTime(i.importedAt, 'UTC'),
        by: i.userName ?? t('weighbridge.commandLine'),
        deleteAction: href(city.id, `/weighbridge/imports/${i.id}/delete`),
      })),
      canEdit,
      uploadAction: `${href(city.id, '/weighbridge/import')}?_csrf=${encodeURIComponent(String(res.locals.csrfToken ?? ''))}`,
      columns: WEIGHBRIDGE_COLUMNS.join(','),
      problems: problems && {
        fileName: problems.fileName,
        heading: t('weighbridge.problemsHeading', {
          file: problems.fileName,
          problems: t('weighbridge.problemCount', { count: problems.count }),
        }),
        more: problems.count > problems.list.length ? t('weighbridge.more', { n: fmt.integer(problems.list.length) }) : null,
        rows: problems.list.map((p) => ({ line: p.line === 0 ? '—' : fmt.integer(p.line), column: p.column ?? '—', message: weighbridgeProblemText(p, res.locals.lang as Lang) })),
      },
    });
  };

  router.get('/cities/:id/weighbridge', requireCityRole('viewer'), (req, res) => {
    render(res, cityOf(req, res), 200, null);
  });

  router.post('/cities/:id/weighbridge/import', requireCityRole('editor'), async (req, res) => {
    const t = tOf(res);
    const city = cityOf(req, res);
    const file = await readCsvUpload(req, t);
    if (!file || file.text.length === 0) {
      const noFile: WeighbridgeProblem = { line: 0, column: null, message: 'no file: choose a CSV file of weighbridge tickets', code: 'noFile', params: {} };
      render(res, city, 422, { list: [noFile], count: 1, fileName: file?.name || t('weighbridge.theFile') });
      return;
    }
    const user = res.locals.user as CurrentUser;
    const outcome = importWeighbridgeCsv(db, { cityId: city.id, userId: user.id, fileName: file.name, text: file.text });
    if (!outcome.ok) {
      render(res, city, 422, { list: outcome.problems, count: outcome.problemCount, fileName: file.name || t('weighbridge.theFile') });
      return;
    }
    const fmt = res.locals.fmt as LocaleFormatter;
    setFlash(req, t('weighbridge.imported', { count: outcome.tickets, file: file.name || t('weighbridge.theFile') }));
    res.redirect(303, href(city.id, '/weighbridge'));
  });

  router.post('/cities/:id/weighbridge/imports/:importId/delete', requireCityRole('editor'), (req, res) => {
    const t = tOf(res);
    const city = cityOf(req, res);
    const raw = String(req.params.importId);
    if (!/^\d{1,15}$/.test(raw) || !store.deleteImport(city.id, Number(raw))) {
      throw new HttpError(404, t('errors.notFound.title'), t('weighbridge.noImport', { city: city.name, id: raw }));
    }
    setFlash(req, t('weighbridge.deleted', { id: raw }));
    res.redirect(303, href(city.id, '/weighbridge'));
  });

  return router;
}
