/**
 * Import and export over HTTP: downloads of the city file and each table,
 * table and city-file uploads with their previews, confirmations that write
 * all or nothing, and who may do what.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, tableCsv } from '../../src/reports/tables.js';
import { createAuditLog } from '../../src/store/audit.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUserRepository } from '../../src/store/users.js';
import { createUser, makePrivate, signIn, visitor, type Session } from './auth-helpers.js';
import { appWithFixture, fixtureCity } from './helpers.js';
import type { Express } from 'express';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';

let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'viewer@x.org', password: PASSWORD, roles: { [CITY]: 'viewer' } });
  createUser(db, { email: 'editor@x.org', password: PASSWORD, roles: { [CITY]: 'editor' } });
  createUser(db, { email: 'admin@x.org', password: PASSWORD, roles: { [CITY]: 'cityAdmin' } });
  createUser(db, { email: 'other@x.org', password: PASSWORD });
});

const stored = () => {
  const c = createCityRepository(db).get(CITY);
  if (!c) throw new Error('fixture city missing');
  return c;
};

/** The fixture's transfer points as CSV, with `edit` applied to its lines (0 is the header). */
function transferPointsCsv(edit: (lines: string[][]) => void = () => {}): Buffer {
  const csv = tableCsv(stored().document, 'transferPoints');
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
  edit(lines);
  return Buffer.from(lines.map((l) => l.join(',')).join('\r\n'));
}

/** Column index of a header in the CSV above (headers have no commas). */
function col(header: string): number {
  return tableCsv(stored().document, 'transferPoints').replace(/^\uFEFF/, '').split('\r\n')[0].split(',').indexOf(header);
}

async function upload(s: Session, path: string, file: Buffer, name: string, fields: Record<string, string> = {}) {
  const token = await s.csrf(`/cities/${CITY}`);
  let req = s.agent.post(`${path}?_csrf=${encodeURIComponent(token)}`).attach('file', file, name);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

const tokenOf = (html: string) => /<input type="hidden" name="token" value="([^"]+)">/.exec(html)?.[1];

describe('exports', () => {
  it('downloads the city file as an attachment, exactly the stored document', async () => {
    const res = await request(app).get(`/cities/${CITY}/export.json`).expect(200).expect('Content-Type', /application\/json/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename=${CITY}.city.json`);
    expect(JSON.parse(res.text)).toEqual(stored().document);
  });

  it('downloads each table as CSV and as XLSX', async () => {
    const csv = await request(app).get(`/cities/${CITY}/tables/transferPoints.csv`).expect(200).expect('Content-Type', /text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename=${CITY}.transferPoints.csv`);
    expect(csv.text).toBe(tableCsv(stored().document, 'transferPoints'));

    const xlsx = await request(app).get(`/cities/${CITY}/tables/fractions.xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Id');
    expect(sheet.getRow(2).getCell(1).value).toBe(fixtureCity().fractions[0].id);
    expect(sheet.getRow(2).getCell(3).value).toBe(fixtureCity().fractions[0].share);
  });

  it('answers 404 for an unknown table, format or city', async () => {
    await request(app).get(`/cities/${CITY}/tables/bins.csv`).expect(404);
    await request(app).get(`/cities/${CITY}/tables/zones.pdf`).expect(404);
    await request(app).get('/cities/atlantis/export.json').expect(404);
    await request(app).get('/cities/atlantis/tables/zones.csv').expect(404);
  });

  it('keeps a private city to its members', async () => {
    makePrivate(db, CITY);
    await request(app).get(`/cities/${CITY}/export.json`).expect(303).expect('Location', /^\/login/);
    const other = await signIn(app, 'other@x.org', PASSWORD);
    await other.agent.get(`/cities/${CITY}/tables/zones.csv`).expect(403);
    const viewer = await signIn(app, 'viewer@x.org', PASSWORD);
    await viewer.agent.get(`/cities/${CITY}/tables/zones.csv`).expect(200);
  });

  it('lists the tables; upload forms only for editors', async () => {
    const anon = await request(app).get(`/cities/${CITY}/tables`).expect(200);
    expect(anon.text).toContain(`href="/cities/${CITY}/tables/transferPoints.xlsx"`);
    expect(anon.text).not.toContain('enctype="multipart/form-data"');
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const page = await editor.agent.get(`/cities/${CITY}/tables`).expect(200);
    expect(page.text).toMatch(new RegExp(`action="/cities/${CITY}/tables/zones/import\\?_csrf=[^"]+" enctype="multipart/form-data"`));
    expect(page.text).not.toContain('Replace Kota Contoh with a city file');
  });
});

describe('table import', () => {
  it('previews an import with one bad row: names its line and column, offers no confirmation, saves nothing', async () => {
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const before = stored();
    const legs = col('Legs [Site:Round trip km; ...]');
    const file = transferPointsCsv((lines) => {
      lines[1][col('Vehicles (vehicles)')] = '7'; // a good change on line 2
      lines[3][legs] = 'tpa-contoh:-24'; // the bad row: line 4
    });
    const res = await upload(editor, `/cities/${CITY}/tables/transferPoints/import`, file, 'tps.csv');
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/<tr data-line="4" class="refused">[\s\S]*?<strong>Legs \[Site:Round trip km; \.\.\.\]<\/strong>: legs\[0\]\.roundTripKm: must be &gt;= 0/);
    expect(res.text).toContain('Nothing can be saved: 1 problem');
    expect(tokenOf(res.text)).toBeUndefined();
    expect(res.text).not.toContain('Confirm the import');
    const after = stored();
    expect(after.version).toBe(before.version);
    expect(canonicalJson(after.document)).toBe(canonicalJson(before.document));
  });

  it('previews a good import, then writes it on confirmation with a new version and audit rows', async () => {
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const before = stored();
    const file = transferPointsCsv((lines) => {
      lines[1][col('Vehicles (vehicles)')] = '7';
    });
    const preview = await upload(editor, `/cities/${CITY}/tables/transferPoints/import`, file, 'tps.csv').then((r) => r);
    expect(preview.status).toBe(200);
    expect(preview.text).toMatch(/data-count="changed"><dt>Changed<\/dt><dd><span class="figure-value">1</);
    expect(preview.text).toMatch(/data-count="unchanged"><dt>Unchanged<\/dt><dd><span class="figure-value">2</);
    const token = tokenOf(preview.text);
    expect(token).toBeDefined();
    expect(stored().version).toBe(before.version); // the preview writes nothing

    const confirm = await editor.agent.post(`/cities/${CITY}/tables/transferPoints/import/confirm`).type('form')
      .send({ _csrf: await editor.csrf(`/cities/${CITY}`), token }).expect(303);
    expect(confirm.headers.location).toBe(`/cities/${CITY}/tables`);
    const after = stored();
    expect(after.version).toBe(before.version + 1);
    expect(after.document.transferPoints[0]).toEqual({ ...before.document.transferPoints[0], vehicles: 7 });
    expect(after.document.transferPoints.slice(1)).toEqual(before.document.transferPoints.slice(1));
    const audit = createAuditLog(db).listForCity(CITY);
    expect(audit.entries.map((e) => [e.action, e.collection, e.recordId, e.cityVersion])).toEqual([['import', 'transferPoints', 'tps-pasar', after.version]]);
    const page = await editor.agent.get(`/cities/${CITY}/tables`).expect(200);
    expect(page.text).toContain('Imported Transfer points from tps.csv: 0 new, 1 changed, 0 removed, 2 unchanged.');

    // The token is spent.
    await editor.agent.post(`/cities/${CITY}/tables/transferPoints/import/confirm`).type('form')
      .send({ _csrf: await editor.csrf(`/cities/${CITY}`), token }).expect(410);
  });

  it('reads an edited XLSX download and deletes rows not in the file when asked', async () => {
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const download = await editor.agent.get(`/cities/${CITY}/tables/costLines.xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.getRow(2).getCell(header.indexOf('Amount (IDR/yr)')).value = '123456789';
    sheet.addRow(['new-line', 'New line', 'administration', 'overhead', '1000']);
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await upload(editor, `/cities/${CITY}/tables/costLines/import`, edited, 'lines.xlsx', { deleteMissing: '1' });
    expect(preview.status).toBe(200);
    expect(preview.text).toMatch(/data-count="added"><dt>New<\/dt><dd><span class="figure-value">1</);
    await editor.agent.post(`/cities/${CITY}/tables/costLines/import/confirm`).type('form')
      .send({ _csrf: await editor.csrf(`/cities/${CITY}`), token: tokenOf(preview.text) }).expect(303);
    const lines = stored().document.costLines;
    expect(lines.map((l) => [l.id, l.amountPerYear])).toEqual([[fixtureCity().costLines[0].id, '123456789'], ['new-line', '1000']]);
  });

  it('refuses the confirmation when the city changed after the preview (409), writing nothing', async () => {
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const preview = await upload(editor, `/cities/${CITY}/tables/transferPoints/import`, transferPointsCsv((l) => { l[1][col('Vehicles (vehicles)')] = '7'; }), 'tps.csv');
    const meanwhile = stored();
    createCityRepository(db).replaceDocument(CITY, meanwhile.version, { ...meanwhile.document, city: { ...meanwhile.document.city, description: 'edited meanwhile' } });
    const res = await editor.agent.post(`/cities/${CITY}/tables/transferPoints/import/confirm`).type('form')
      .send({ _csrf: await editor.csrf(`/cities/${CITY}`), token: tokenOf(preview.text) });
    expect(res.status).toBe(409);
    expect(stored().version).toBe(meanwhile.version + 1);
    expect(stored().document.transferPoints[0].vehicles).toBe(fixtureCity().transferPoints[0].vehicles);
  });

  it('keeps an upload to the person who made it', async () => {
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const preview = await upload(editor, `/cities/${CITY}/tables/transferPoints/import`, transferPointsCsv((l) => { l[1][col('Vehicles (vehicles)')] = '7'; }), 'tps.csv');
    createUser(db, { email: 'editor2@x.org', password: PASSWORD, roles: { [CITY]: 'editor' } });
    const other = await signIn(app, 'editor2@x.org', PASSWORD);
    await other.agent.post(`/cities/${CITY}/tables/transferPoints/import/confirm`).type('form')
      .send({ _csrf: await other.csrf(`/cities/${CITY}`), token: tokenOf(preview.text) }).expect(410);
  });

  it('needs an editor: 401 signed out, 403 for a viewer, 403 without the CSRF token, 404 for an unknown table', async () => {
    const anon = await visitor(app);
    const token = await anon.csrf('/login');
    await anon.agent.post(`/cities/${CITY}/tables/zones/import?_csrf=${encodeURIComponent(token)}`).attach('file', Buffer.from('id\n'), 'z.csv').expect(401);
    const viewer = await signIn(app, 'viewer@x.org', PASSWORD);
    const res = await upload(viewer, `/cities/${CITY}/tables/zones/import`, Buffer.from('id\n'), 'z.csv');
    expect(res.status).toBe(403);
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    await editor.agent.post(`/cities/${CITY}/tables/zones/import`).attach('file', Buffer.from('id\n'), 'z.csv').expect(403);
    await editor.agent.post(`/cities/${CITY}/tables/zones/import/confirm`).type('form').send({ token: 'x' }).expect(403);
    expect((await upload(editor, `/cities/${CITY}/tables/bins/import`, Buffer.from('id\n'), 'z.csv')).status).toBe(404);
    expect((await upload(editor, '/cities/atlantis/tables/zones/import', Buffer.from('id\n'), 'z.csv')).status).toBe(404);
  });

  it('says so for an empty upload, a file that is not a table, and one over 5 MB', async () => {
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const none = await upload(editor, `/cities/${CITY}/tables/zones/import`, Buffer.alloc(0), 'z.csv');
    expect(none.status).toBe(422);
    const junk = await upload(editor, `/cities/${CITY}/tables/zones/import`, Buffer.from('PK\u0003\u0004 not really'), 'z.xlsx');
    expect(junk.status).toBe(422);
    expect(junk.text).toContain('not a readable XLSX workbook');
    const big = await upload(editor, `/cities/${CITY}/tables/zones/import`, Buffer.alloc(5 * 1024 * 1024 + 1, 'a'), 'z.csv');
    expect(big.status).toBe(413);
    expect(stored().version).toBe(1);
  });
});

describe('city file import', () => {
  const cityFile = (edit: (c: ReturnType<typeof fixtureCity>) => void = () => {}) => {
    const c = fixtureCity();
    edit(c);
    return Buffer.from(JSON.stringify(c));
  };

  it('shows the upload form to a signed-in user and sends others to sign in', async () => {
    await request(app).get('/cities/import').expect(303).expect('Location', '/login?next=%2Fcities%2Fimport');
    const other = await signIn(app, 'other@x.org', PASSWORD);
    const page = await other.agent.get('/cities/import').expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
  });

  it('lists the problems of a file by path and saves nothing', async () => {
    const other = await signIn(app, 'other@x.org', PASSWORD);
    const bad = cityFile((c) => {
      c.city.id = 'kota-baru';
      c.transferPoints[1].legs[0].roundTripKm = -5;
      c.landfills[0].densityTPerM3 = 0;
    });
    const res = await upload(other, '/cities/import', bad, 'bad.city.json');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<li><code>transferPoints[1].legs[0].roundTripKm</code>: must be &gt;= 0</li>');
    expect(res.text).toContain('<li><code>landfills[0].densityTPerM3</code>: must be &gt; 0</li>');
    expect(res.text).toContain('The file cannot be imported: 2 problems');
    expect(createCityRepository(db).get('kota-baru')).toBeUndefined();

    const notJson = await upload(other, '/cities/import', Buffer.from('{"fileVersion": 1,'), 'x.json');
    expect(notJson.status).toBe(422);
    expect(notJson.text).toMatch(/<code>\(file\)<\/code>: is not JSON/);
  });

  it('imports a new city after the preview; the importer becomes its city administrator', async () => {
    const other = await signIn(app, 'other@x.org', PASSWORD);
    const file = cityFile((c) => {
      c.city.id = 'kota-baru';
      c.city.name = 'Kota Baru';
    });
    const preview = await upload(other, '/cities/import', file, 'baru.city.json');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('A new city <strong>Kota Baru</strong>');
    expect(createCityRepository(db).get('kota-baru')).toBeUndefined();
    const res = await other.agent.post('/cities/import/confirm').type('form')
      .send({ _csrf: await other.csrf('/cities/import'), token: tokenOf(preview.text) }).expect(303);
    expect(res.headers.location).toBe('/cities/kota-baru');
    const created = createCityRepository(db).get('kota-baru');
    expect(created?.version).toBe(1);
    expect(created?.document.transferPoints).toEqual(fixtureCity().transferPoints);
    const me = createUserRepository(db).findByEmail('other@x.org');
    expect(createUserRepository(db).roleFor(me?.id ?? 0, 'kota-baru')).toBe('cityAdmin');
    expect(createAuditLog(db).listForCity('kota-baru').entries.map((e) => [e.action, e.collection, e.before])).toEqual([['import', 'city', null]]);
    await other.agent.get('/cities/kota-baru').expect(200);
  });

  it('replaces a city only for its city administrators, with a summary of what changes', async () => {
    const file = cityFile((c) => {
      c.transferPoints[0].vehicles = 9;
      c.fees = [];
    });
    const editor = await signIn(app, 'editor@x.org', PASSWORD);
    const refused = await upload(editor, '/cities/import', file, 'k.city.json');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('a city &#34;kota-contoh&#34; exists and you are not its city administrator');

    const admin = await signIn(app, 'admin@x.org', PASSWORD);
    const preview = await upload(admin, '/cities/import', file, 'k.city.json');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Replaces the stored city');
    expect(preview.text).toMatch(/<th scope="row">Transfer points<\/th><td class="num">3<\/td><td class="num">3<\/td><td>—<\/td><td>—<\/td><td>tps-pasar<\/td>/);
    expect(preview.text).toMatch(/<th scope="row">Fees<\/th><td class="num">1<\/td><td class="num">0<\/td><td>—<\/td><td>retribusi<\/td>/);
    await admin.agent.post('/cities/import/confirm').type('form')
      .send({ _csrf: await admin.csrf('/cities/import'), token: tokenOf(preview.text) }).expect(303);
    expect(stored().version).toBe(2);
    expect(stored().document.fees).toEqual([]);
  });

  it('refuses an id that is a page name', async () => {
    const other = await signIn(app, 'other@x.org', PASSWORD);
    const res = await upload(other, '/cities/import', cityFile((c) => { c.city.id = 'new'; }), 'n.json');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<code>city.id</code>: &#34;new&#34; is the name of a page');
  });

  it('needs a signed-in user and the CSRF token', async () => {
    const anon = await visitor(app);
    const token = await anon.csrf('/login');
    await anon.agent.post(`/cities/import?_csrf=${encodeURIComponent(token)}`).attach('file', cityFile(), 'k.json').expect(401);
    const other = await signIn(app, 'other@x.org', PASSWORD);
    await other.agent.post('/cities/import').attach('file', cityFile(), 'k.json').expect(403);
    await other.agent.post('/cities/import/confirm').type('form').send({ token: 'x' }).expect(403);
    await other.agent.post('/cities/import/confirm').type('form').send({ _csrf: await other.csrf('/cities/import'), token: 'x' }).expect(410);
  });
});

describe('uploads waiting for confirmation', () => {
  it('are given once, to their owner, within 30 minutes', async () => {
    const { createPendingImports, PENDING_TTL_MS } = await import('../../src/web/uploads.js');
    let t = 0;
    const pending = createPendingImports(() => t);
    const upload = { userId: 1, kind: 'table' as const, cityId: 'c', version: 1, table: 'zones', deleteMissing: false, fileName: 'z.csv', data: Buffer.from('id\n') };
    const a = pending.put(upload);
    expect(pending.take(a, 2)).toBeUndefined();
    expect(pending.take(a, 1)).toEqual(upload);
    expect(pending.take(a, 1)).toBeUndefined();
    const b = pending.put(upload);
    t = PENDING_TTL_MS + 1;
    expect(pending.take(b, 1)).toBeUndefined();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
