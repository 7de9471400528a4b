/**
 * The report page, its PDF and its tables (src/web/routes/report.ts) with
 * supertest; the golden HTML of the Surabaya baseline report (the print date
 * normalised). Regenerate with UPDATE_GOLDEN=1 npx vitest run test/web/report.test.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toCostReport } from '../../src/reports/costReport.js';
import { tableToCsv } from '../../src/reports/reportTables.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { createApp } from '../../src/web/app.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { chromiumAvailable } from '../../src/web/pdf.js';
import { freshDb } from '../store/helpers.js';
import { createUser, makePrivate, signIn } from './auth-helpers.js';
import { appWithFixture, escapeHtml, fixtureCity, fixtureRun } from './helpers.js';

const CITY = '/cities/kota-contoh';
const GOLDEN = join(import.meta.dirname, 'golden');

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('report page', () => {
  it('shows the view model\'s figures and tables for a scenario and a year', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/report?scenario=more-trucks&year=2027`).expect(200);
    const view = toCostReport({ city: fixtureCity(), run: fixtureRun('more-trucks'), period: { kind: 'year', year: 2027 } });
    for (const f of view.figures) expect(res.text).toContain(`<span class="figure-value">${escapeHtml(f.value)}</span>`);
    for (const t of view.tables) expect(res.text).toContain(`<caption>${escapeHtml(t.title)}</caption>`);
    expect(res.text).toContain(escapeHtml(view.scenario?.assumptions ?? 'x'));
    expect(res.text).toContain(`href="${CITY}/report.pdf?scenario=more-trucks&amp;year=2027"`);
    expect(res.text).toContain('<link rel="stylesheet" href="/public/css/print.css" media="print">');
  });

  it('the horizon: present values', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/report?year=horizon`).expect(200);
    expect(res.text).toContain('Amounts are present values of 2024–2033 at 8.0% a year');
  });

  it('400 for a year outside the horizon, 404 for an unknown scenario or city', async () => {
    const { app } = appWithFixture();
    await request(app).get(`${CITY}/report?year=2050`).expect(400);
    await request(app).get(`${CITY}/report?year=20x4`).expect(400);
    await request(app).get(`${CITY}/report?scenario=atlantis`).expect(404);
    await request(app).get('/cities/atlantis/report').expect(404);
  });

  it('a private city: visitor sent to sign in (page, PDF, tables), non-member 403', async () => {
    const { app, db } = appWithFixture();
    makePrivate(db, 'kota-contoh');
    createUser(db, { email: 'out@x.org', password: 'long password 1' });
    await request(app).get(`${CITY}/report`).expect(303);
    await request(app).get(`${CITY}/report/tables/payer-matrix.csv`).set('Accept', 'text/csv').expect(401);
    const out = await signIn(app, 'out@x.org', 'long password 1');
    await out.agent.get(`${CITY}/report`).expect(403);
    await out.agent.get(`${CITY}/report.pdf`).expect(403);
  });
});

describe('report tables', () => {
  it('one table as CSV: the same bytes as the view model\'s table', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/report/tables/payer-matrix.csv?year=2025`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kota-contoh-baseline-2025-payer-matrix.csv"');
    const view = toCostReport({ city: fixtureCity(), run: fixtureRun(), period: { kind: 'year', year: 2025 } });
    expect(res.text).toBe(tableToCsv(view.matrix));
  });

  it('every table as one XLSX workbook', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/report/tables/all.xlsx?year=horizon`).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['payer-matrix', 'cost-categories', 'unit-costs', 'revenues', 'cost-recovery', 'informal-sector-2024', 'informal-sector-2033', 'assumptions', 'sources']);
  });

  it('unknown tables and extensions are 404', async () => {
    const { app } = appWithFixture();
    await request(app).get(`${CITY}/report/tables/nope.csv`).expect(404);
    await request(app).get(`${CITY}/report/tables/payer-matrix.pdf`).expect(404);
  });
});

describe('report PDF', () => {
  it.runIf(chromiumAvailable())('is an A4 PDF printed by Chromium', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/report.pdf?year=2025`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 is 595 x 842 points.
    expect(pdf.toString('latin1')).toMatch(/MediaBox \[0 0 59[56](\.\d+)? 84[12](\.\d+)?\]/);
  }, 30_000);
});

describe('golden HTML of the Surabaya baseline report', () => {
  it('is test/web/golden/report.surabaya.html (print date normalised)', async () => {
    const db = freshDb();
    seedDemoCities(db, EXAMPLES_DIR);
    const app = createApp({ db, log: () => {} });
    // In English (Surabaya otherwise opens in Indonesian, its default language).
    const res = await request(app).get('/cities/surabaya/report?lang=en').expect(200);
    const html = res.text.replace(/printed \d{4}-\d{2}-\d{2}/g, 'printed YYYY-MM-DD');
    const file = join(GOLDEN, 'report.surabaya.html');
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, html, 'utf8');
      return;
    }
    if (!existsSync(file)) throw new Error(`no golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/web/report.test.ts`);
    expect(html).toBe(readFileSync(file, 'utf8'));
  });
});
