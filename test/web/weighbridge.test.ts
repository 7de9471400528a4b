/**
 * The weighbridge page over HTTP: tonnes by month and the imports for
 * viewers, the upload for editors (all rows or none, each problem by line
 * and column, escaped), deleting an import, and who may do what.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { createUser, makePrivate, signIn, visitor, type Session } from './auth-helpers.js';
import { appWithFixture, escapeHtml } from './helpers.js';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';
const PAGE = `/cities/${CITY}/weighbridge`;
const HEADER = 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg,net_kg';

let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'viewer@x.org', password: PASSWORD, roles: { [CITY]: 'viewer' } });
  createUser(db, { email: 'editor@x.org', password: PASSWORD, displayName: 'Eda Editor', roles: { [CITY]: 'editor' } });
});

const tickets = () => db.prepare('SELECT count(*) FROM weighbridge_records').pluck().get() as number;

function file(rows: string[]): Buffer {
  return Buffer.from(`${[HEADER, ...rows].join('\n')}\n`);
}

const GOOD = file([
  'WB-1,2024-01-15,L 1234 AB,tps-pasar,tpa-contoh,14230,6110,8120',
  'WB-2,2024-01-20,L 1234 AB,,tpa-contoh,12000,6100,',
  'WB-3,2024-02-03,L 77 CD,tps-sungai,tpa-contoh,9500,6000,3500',
]);

async function upload(s: Session, body: Buffer, name = 'tickets.csv') {
  const token = await s.csrf(PAGE);
  return s.agent.post(`${PAGE}/import?_csrf=${encodeURIComponent(token)}`).attach('file', body, name);
}

describe('GET /cities/:id/weighbridge', () => {
  it('shows anybody the tickets of a public city, without the upload form', async () => {
    const res = await request(app).get(PAGE).expect(200);
    expect(res.text).toContain('<h1>Weighbridge tickets</h1>');
    expect(res.text).toContain('No weighbridge tickets yet.');
    expect(res.text).not.toContain('enctype="multipart/form-data"');
    // The city's Data menu, with this page marked.
    expect(res.text).toContain(`<a href="${PAGE}" aria-current="page">Weighbridge</a>`);
  });

  it('needs the viewer role in a private city', async () => {
    makePrivate(db, CITY);
    const anon = await request(app).get(PAGE);
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
    createUser(db, { email: 'stranger@x.org', password: PASSWORD });
    await (await signIn(app, 'stranger@x.org', PASSWORD)).agent.get(PAGE).expect(403);
    await (await signIn(app, 'viewer@x.org', PASSWORD)).agent.get(PAGE).expect(200);
  });

  it('answers 404 for a city that does not exist', async () => {
    await request(app).get('/cities/nowhere/weighbridge').expect(404);
  });
});

describe('POST /cities/:id/weighbridge/import', () => {
  it('imports every ticket for an editor, then shows them by month with the import', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    const form = await s.agent.get(PAGE).expect(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain(`<code>${HEADER}</code>`);
    const res = await upload(s, GOOD, 'jan-feb.csv');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(PAGE);
    expect(tickets()).toBe(3);
    const page = await s.agent.get(PAGE).expect(200);
    expect(page.text).toContain('Imported 3 weighbridge tickets from jan-feb.csv.');
    expect(page.text).toContain('3 tickets.');
    // January: 8,120 + 5,900 kg = 14.0 t over 2 tickets; February: 3.5 t.
    expect(page.text).toMatch(/January 2024<\/th><td>TPA Contoh<\/td><td class="num">2<\/td><td class="num">14\.0 t<\/td>/);
    expect(page.text).toMatch(/February 2024<\/th><td>TPA Contoh<\/td><td class="num">1<\/td><td class="num">3\.5 t<\/td>/);
    expect(page.text).toContain('<th scope="row">jan-feb.csv</th><td class="num">3</td><td>January 15, 2024 – February 3, 2024</td>');
    expect(page.text).toContain('<td>Eda Editor</td>');
  });

  it('refuses a file with any bad row: 422, each problem by line and column, escaped; nothing written', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    const res = await upload(s, file([
      'WB-1,2024-01-15,L 1234 AB,tps-pasar,tpa-contoh,14230,6110,8120',
      'WB-2,2024-01-15,L 1,,<img src=x onerror=alert(1)>,NaN,6110,',
    ]));
    expect(res.status).toBe(422);
    expect(res.text).toContain('tickets.csv: 2 problems; nothing was imported');
    expect(res.text).toContain(`<tr><td class="num">3</td><td><code>landfill_id</code></td><td>${escapeHtml('the city has no landfill "<img src=x onerror=alert(1)>"')}</td></tr>`);
    expect(res.text).toContain(`<tr><td class="num">3</td><td><code>gross_kg</code></td><td>${escapeHtml('must be a whole number of kg, not "NaN"')}</td></tr>`);
    expect(res.text).not.toContain('<img src=x');
    expect(tickets()).toBe(0);
  });

  it('refuses the same file twice, naming the lines', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    expect((await upload(s, GOOD)).status).toBe(303);
    const res = await upload(s, GOOD);
    expect(res.status).toBe(422);
    expect(res.text).toContain('<tr><td class="num">2</td><td><code>ticket_id</code></td><td>&#34;WB-1&#34; was imported before (import #1)</td></tr>');
    expect(tickets()).toBe(3);
  });

  it('answers 422 without a file and 400 for a form that is not an upload', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    const token = await s.csrf(PAGE);
    const none = await s.agent.post(`${PAGE}/import?_csrf=${token}`).field('other', 'x');
    expect(none.status).toBe(422);
    expect(none.text).toContain('no file: choose a CSV file of weighbridge tickets');
    await s.agent.post(`${PAGE}/import`).type('form').send({ _csrf: token }).expect(400);
  });

  it('is for editors: a viewer gets 403, a visitor 401, nothing written', async () => {
    const viewer = await signIn(app, 'viewer@x.org', PASSWORD);
    expect((await upload(viewer, GOOD)).status).toBe(403);
    const v = await visitor(app);
    const token = await v.csrf('/login');
    expect((await v.agent.post(`${PAGE}/import?_csrf=${token}`).attach('file', GOOD, 'x.csv')).status).toBe(401);
    expect(tickets()).toBe(0);
  });
});

describe('POST /cities/:id/weighbridge/imports/:importId/delete', () => {
  it('deletes an import with its tickets for an editor; 404 for one the city does not have; 403 for a viewer', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    expect((await upload(s, GOOD)).status).toBe(303);
    const viewer = await signIn(app, 'viewer@x.org', PASSWORD);
    await viewer.agent.post(`${PAGE}/imports/1/delete`).type('form').send({ _csrf: await viewer.csrf(PAGE) }).expect(403);
    const token = await s.csrf(PAGE);
    await s.agent.post(`${PAGE}/imports/99/delete`).type('form').send({ _csrf: token }).expect(404);
    await s.agent.post(`${PAGE}/imports/x1/delete`).type('form').send({ _csrf: token }).expect(404);
    expect(tickets()).toBe(3);
    const res = await s.agent.post(`${PAGE}/imports/1/delete`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(tickets()).toBe(0);
    expect((await s.agent.get(PAGE)).text).toContain('Deleted weighbridge import 1 and its tickets.');
  });
});
