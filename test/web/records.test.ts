/**
 * Data entry over HTTP: every collection's list, record, form, create, edit,
 * delete and history; settings, composition and seasonal factors; the city's
 * history and restore; who may do what; 422 with the typed values kept and
 * the message beside the field; 409 for a record changed since its form was
 * shown and for a delete while others refer to the record; escaping.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { COLLECTIONS, type CollectionName } from '../../src/model/cityFile.js';
import { nameKey, provenanceToForm, recordToForm, type ProvenanceMap } from '../../src/reports/fields.js';
import { createAuditLog } from '../../src/store/audit.js';
import { createCityRepository } from '../../src/store/cities.js';
import { recordHash } from '../../src/store/cityEdits.js';
import type { Db } from '../../src/store/db.js';
import { CSRF_FAILED_MESSAGE } from '../../src/web/auth.js';
import { createUser, makePrivate, signIn, visitor, type SignedIn } from './auth-helpers.js';
import { appWithFixture, escapeHtml } from './helpers.js';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';
const BASE = `/cities/${CITY}`;

let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'viewer@x.org', password: PASSWORD, displayName: 'Vera Viewer', roles: { [CITY]: 'viewer' } });
  createUser(db, { email: 'editor@x.org', password: PASSWORD, displayName: 'Eddy Editor', roles: { [CITY]: 'editor' } });
  createUser(db, { email: 'editor2@x.org', password: PASSWORD, displayName: 'Edna Editor', roles: { [CITY]: 'editor' } });
  createUser(db, { email: 'admin@x.org', password: PASSWORD, displayName: 'Ada Admin', roles: { [CITY]: 'cityAdmin' } });
});

const doc = () => {
  const c = createCityRepository(db).get(CITY);
  if (!c) throw new Error('fixture city missing');
  return c.document;
};
const recordOf = (c: CollectionName, id: string) => (doc()[c] as unknown as Array<Record<string, unknown> & { id: string }>).find((r) => r.id === id);
const version = () => createCityRepository(db).get(CITY)?.version;
const audit = () => createAuditLog(db);

const editor = () => signIn(app, 'editor@x.org', PASSWORD);
const admin = () => signIn(app, 'admin@x.org', PASSWORD);

/** The value of a hidden input on a page. */
function hidden(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!m) throw new Error(`no hidden ${name} on the page:\n${html.slice(0, 300)}`);
  return unescapeHtml(m[1]);
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Every hidden input of the first form posting to `action`. */
function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[unescapeHtml(m[1])] = unescapeHtml(m[2]);
  return out;
}

/** The text of the error paragraph of an input (by its form name), or null. */
function errorBeside(html: string, name: string): string | null {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const m = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html);
  return m ? unescapeHtml(m[1]) : null;
}

/** What the edit form of a record posts when nothing is changed, plus its tokens. */
async function editBody(s: SignedIn, c: CollectionName, id: string): Promise<Record<string, string>> {
  const page = await s.agent.get(`${BASE}/${c}/${id}/edit`).expect(200);
  const rec = recordOf(c, id) as Record<string, unknown>;
  return {
    ...recordToForm(c, rec),
    ...provenanceToForm(c, rec.provenance as ProvenanceMap | undefined),
    _csrf: hidden(page.text, '_csrf'),
    _baseHash: hidden(page.text, '_baseHash'),
  };
}

/** A new, valid record of each collection, as its form posts it. */
function newRecordBody(c: CollectionName): Record<string, string> {
  const id = `new-${c.toLowerCase()}`;
  if (c === 'integration') return { id, name: 'Hiring scavengers', groupId: 'pemulung-tpa', hired: '5', wagePerDay: '60000', daysPerYear: '300' };
  if (c === 'industrialStreams') return { id, name: 'Coal slag', tonnesPerYear: '1000', utilisationRate: '0.5', netRevenuePerTUtilised: '-2500' };
  const first = (doc()[c] as unknown as Array<Record<string, unknown>>)[0];
  return { ...recordToForm(c, first), id };
}

describe('data pages: reading', () => {
  it('lists every collection for anybody (public city), with a New button only for editors', async () => {
    for (const c of COLLECTIONS) {
      const res = await request(app).get(`${BASE}/${c}`).expect(200);
      expect(res.text).toContain('<h1>');
      expect(res.text).not.toContain(`href="${BASE}/${c}/new"`);
    }
    const s = await editor();
    const res = await s.agent.get(`${BASE}/transferPoints`).expect(200);
    expect(res.text).toContain(`href="${BASE}/transferPoints/new"`);
    expect(res.text).toContain('3 transfer points');
  });

  it('shows a record: each value with its unit, sourced or estimate, and the source', async () => {
    const res = await request(app).get(`${BASE}/transferPoints/tps-jauh`).expect(200);
    expect(res.text).toContain(escapeHtml('Transfer point TPS Jauh <far>'));
    const legs = res.text.slice(res.text.indexOf('data-field="legs"'), res.text.indexOf('data-field="capital"'));
    expect(legs).toContain('TPA Contoh (tpa-contoh)');
    expect(legs).toContain('<th scope="col">Round trip <span class="unit">km</span></th>');
    expect(legs).toContain('<td>60</td>');
    expect(legs).toContain('prov-estimate');
    const storage = res.text.slice(res.text.indexOf('data-field="storageLimitT"'), res.text.indexOf('data-field="vehicleTypeId"'));
    expect(storage).toContain('Storage limit <span class="unit">t</span>');
    expect(storage).toContain('<span class="value">10</span>');
    expect(res.text).toContain('Used by');
    expect(res.text).toContain('zone Selatan (zones/selatan) routes 100% of its waste here');
    // No edit or delete for a visitor.
    expect(res.text).not.toContain(`${BASE}/transferPoints/tps-jauh/edit`);
    expect(res.text).not.toContain('/delete');
  });

  it('marks sourced values and lists their citation', async () => {
    const rec = recordOf('landfills', 'tpa-contoh') as Record<string, unknown>;
    const s = await editor();
    const body = await editBody(s, 'landfills', 'tpa-contoh');
    await s.agent.post(`${BASE}/landfills/tpa-contoh`).type('form').send({ ...body, '_prov.remainingAirspaceM3.status': 'S', '_prov.remainingAirspaceM3.source': 'made-up' }).expect(303);
    const res = await request(app).get(`${BASE}/landfills/tpa-contoh`).expect(200);
    const field = res.text.slice(res.text.indexOf('data-field="remainingAirspaceM3"'), res.text.indexOf('data-field="densityTPerM3"'));
    expect(field).toContain('<span class="prov prov-sourced">sourced</span>');
    expect(field).toContain('href="#source-made-up">made-up</a>');
    expect(res.text).toContain('id="source-made-up"');
    expect(recordOf('landfills', 'tpa-contoh')?.provenance).toEqual({ ...(rec.provenance as object), remainingAirspaceM3: { status: 'S', source: 'made-up' } });
  });

  it('answers 404 for an unknown city, collection record or record history', async () => {
    await request(app).get('/cities/atlantis/zones').expect(404);
    await request(app).get(`${BASE}/zones/nowhere`).expect(404);
    await request(app).get(`${BASE}/zones/nowhere/history`).expect(404);
    const s = await editor();
    await s.agent.get(`${BASE}/zones/nowhere/edit`).expect(404);
    const csrf = await s.csrf(`${BASE}/zones`);
    await s.agent.post(`${BASE}/zones/nowhere/delete`).type('form').send({ _csrf: csrf }).expect(404);
  });

  it('puts the Data menu on the city page', async () => {
    const res = await request(app).get(BASE).expect(200);
    expect(res.text).toContain('<nav class="city-nav" aria-label="Data of the city">');
    for (const path of ['zones', 'transferPoints', 'fees', 'settings', 'composition', 'seasonal', 'history']) expect(res.text).toContain(`href="${BASE}/${path}"`);
  });
});

describe('who may do what', () => {
  it('a visitor is sent to sign in for a form, and gets 401 posting one', async () => {
    const res = await request(app).get(`${BASE}/zones/utara/edit`).expect(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`${BASE}/zones/utara/edit`)}`);
    const v = await visitor(app);
    const csrf = await v.csrf();
    await v.agent.post(`${BASE}/zones`).type('form').send({ _csrf: csrf, ...newRecordBody('zones') }).expect(401);
    await v.agent.post(`${BASE}/settings`).type('form').send({ _csrf: csrf }).expect(401);
  });

  it('a viewer may read but not edit (403), nor restore', async () => {
    const s = await signIn(app, 'viewer@x.org', PASSWORD);
    await s.agent.get(`${BASE}/zones/utara`).expect(200);
    await s.agent.get(`${BASE}/zones/new`).expect(403);
    await s.agent.get(`${BASE}/zones/utara/edit`).expect(403);
    const csrf = await s.csrf(`${BASE}/zones`);
    await s.agent.post(`${BASE}/zones`).type('form').send({ _csrf: csrf, ...newRecordBody('zones') }).expect(403);
    await s.agent.post(`${BASE}/zones/utara/delete`).type('form').send({ _csrf: csrf }).expect(403);
    await s.agent.post(`${BASE}/settings`).type('form').send({ _csrf: csrf }).expect(403);
    await s.agent.post(`${BASE}/history/1/restore`).type('form').send({ _csrf: csrf, which: 'before' }).expect(403);
    const settings = await s.agent.get(`${BASE}/settings`).expect(200);
    expect(settings.text).not.toContain('<form class="record-form"');
    expect(settings.text).toContain('Discount rate');
    expect(version()).toBe(1);
  });

  it('an editor may not restore (403)', async () => {
    const s = await editor();
    const csrf = await s.csrf(`${BASE}/history`);
    await s.agent.post(`${BASE}/history/1/restore`).type('form').send({ _csrf: csrf, which: 'before' }).expect(403);
  });

  it('a private city is read only by its members', async () => {
    makePrivate(db, CITY);
    await request(app).get(`${BASE}/zones`).expect(303);
    createUser(db, { email: 'other@x.org', password: PASSWORD });
    const other = await signIn(app, 'other@x.org', PASSWORD);
    await other.agent.get(`${BASE}/zones`).expect(403);
    const s = await editor();
    await s.agent.get(`${BASE}/zones`).expect(200);
  });

  it('refuses a post without the CSRF token (403) and writes nothing', async () => {
    const s = await editor();
    const body = await editBody(s, 'fees', 'retribusi');
    const { _csrf, ...rest } = body;
    const res = await s.agent.post(`${BASE}/fees/retribusi`).type('form').send({ ...rest, amount: '1' }).expect(403);
    expect(res.text).toContain(escapeHtml(CSRF_FAILED_MESSAGE));
    await s.agent.post(`${BASE}/fees/retribusi`).type('form').send({ ...rest, amount: '1', _csrf: 'not-the-token' }).expect(403);
    expect(recordOf('fees', 'retribusi')?.amount).toBe('10000');
    expect(version()).toBe(1);
  });
});

describe('create, edit and delete every collection, with the audit trail', () => {
  it.each([...COLLECTIONS])('%s', async (c) => {
    const s = await editor();
    const newForm = await s.agent.get(`${BASE}/${c}/new`).expect(200);
    const body = newRecordBody(c);
    const id = body.id;
    const created = await s.agent.post(`${BASE}/${c}`).type('form').send({ ...body, _csrf: hidden(newForm.text, '_csrf'), _baseHash: hidden(newForm.text, '_baseHash') });
    expect(created.status, created.text.slice(0, 3000)).toBe(303);
    expect(created.headers.location).toBe(`${BASE}/${c}/${id}`);
    const shown = await s.agent.get(created.headers.location).expect(200);
    expect(shown.text).toContain('<p class="flash" role="status">Created ');
    const afterCreate = recordOf(c, id);
    expect(afterCreate?.id).toBe(id);

    const nk = nameKey(c);
    const edit = await editBody(s, c, id);
    const updated = await s.agent.post(`${BASE}/${c}/${id}`).type('form').send({ ...edit, [nk]: 'Renamed record' });
    expect(updated.status, updated.text.slice(0, 3000)).toBe(303);
    expect(recordOf(c, id)?.[nk]).toBe('Renamed record');

    const page = await s.agent.get(`${BASE}/${c}/${id}`).expect(200);
    const deleted = await s.agent.post(`${BASE}/${c}/${id}/delete`).type('form').send({ _csrf: hidden(page.text, '_csrf'), _baseHash: hidden(page.text, '_baseHash') });
    expect(deleted.status, deleted.text.slice(0, 3000)).toBe(303);
    expect(deleted.headers.location).toBe(`${BASE}/${c}`);
    expect(recordOf(c, id)).toBeUndefined();
    expect(version()).toBe(4);

    const trail = audit().listForRecord(CITY, c, id);
    expect(trail.map((e) => [e.action, e.userName, e.cityVersion])).toEqual([
      ['delete', 'Eddy Editor', 4],
      ['update', 'Eddy Editor', 3],
      ['create', 'Eddy Editor', 2],
    ]);
    expect(trail[2].before).toBeNull();
    expect(trail[2].after).toEqual(afterCreate);
    expect(trail[1].before).toEqual(afterCreate);
    expect(trail[1].after).toEqual({ ...afterCreate, [nk]: 'Renamed record' });
    expect(trail[0].before).toEqual({ ...afterCreate, [nk]: 'Renamed record' });
    expect(trail[0].after).toBeNull();

    const history = await s.agent.get(`${BASE}/${c}/${id}/history`).expect(200);
    expect(history.text).toContain('3 changes, newest first');
    expect(history.text).toContain('Renamed record');
  });

  it('saving unchanged values writes nothing and says so', async () => {
    const s = await editor();
    const body = await editBody(s, 'zones', 'utara');
    const res = await s.agent.post(`${BASE}/zones/utara`).type('form').send(body).expect(303);
    const page = await s.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Nothing to save: the values are the same.');
    expect(version()).toBe(1);
  });

  it('adds and removes rows: a new leg in an empty row, a cleared row removed', async () => {
    const s = await editor();
    const body = await editBody(s, 'transferPoints', 'tps-pasar');
    const before = recordOf('transferPoints', 'tps-pasar') as unknown as { legs: Array<{ siteId: string; roundTripKm: number }> };
    expect(before.legs.map((l) => l.siteId)).toEqual(['kompos-contoh', 'tpa-contoh']);
    // Remove the composting leg (clear row 0) and keep the landfill.
    const res = await s.agent.post(`${BASE}/transferPoints/tps-pasar`).type('form').send({ ...body, 'legs.0.siteId': '', 'legs.0.roundTripKm': '' });
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
    expect(recordOf('transferPoints', 'tps-pasar')?.legs).toEqual([{ siteId: 'tpa-contoh', roundTripKm: before.legs[1].roundTripKm }]);
    // Put it back before the landfill in the first empty row (form rows 0 and 1 sort by position).
    const again = await editBody(s, 'transferPoints', 'tps-pasar');
    const res2 = await s.agent.post(`${BASE}/transferPoints/tps-pasar`).type('form').send({
      ...again,
      'legs.0.siteId': 'kompos-contoh', 'legs.0.roundTripKm': '9',
      'legs.1.siteId': 'tpa-contoh', 'legs.1.roundTripKm': '21',
    });
    expect(res2.status, res2.text.slice(0, 2000)).toBe(303);
    expect(recordOf('transferPoints', 'tps-pasar')?.legs).toEqual([{ siteId: 'kompos-contoh', roundTripKm: 9 }, { siteId: 'tpa-contoh', roundTripKm: 21 }]);
  });
});

describe('invalid input: 422, the typed values kept, the message beside the field', () => {
  it('a number that is not one', async () => {
    const s = await editor();
    const body = await editBody(s, 'transferPoints', 'tps-jauh');
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...body, vehicles: '1,5', storageLimitT: '12.5' }).expect(422);
    expect(res.text).toMatch(/<input type="text" id="f-vehicles" name="vehicles" value="1,5"/);
    expect(res.text).toMatch(/<input type="text" id="f-storageLimitT" name="storageLimitT" value="12.5"/);
    expect(errorBeside(res.text, 'vehicles')).toBe('“1,5” is ambiguous: a comma separates thousands, in groups of three digits. For decimals, use a point: 1.5.');
    expect(errorBeside(res.text, 'storageLimitT')).toBeNull();
    expect(res.text).toContain('aria-invalid="true" aria-describedby="f-vehicles-error"');
    expect(res.text).toContain('Not saved: check the fields marked below');
    expect(version()).toBe(1);
  });

  it('a value the engine refuses, in a row the person typed after a blank one', async () => {
    const s = await editor();
    const body = await editBody(s, 'transferPoints', 'tps-jauh');
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({
      ...body,
      'legs.0.siteId': '', 'legs.0.roundTripKm': '',
      'legs.2.siteId': 'tpa-contoh', 'legs.2.roundTripKm': '-3',
    }).expect(422);
    expect(errorBeside(res.text, 'legs.2.roundTripKm')).toBe('must be >= 0');
    expect(res.text).toMatch(/id="f-legs-2-roundTripKm" name="legs.2.roundTripKm" value="-3"/);
    expect(recordOf('transferPoints', 'tps-jauh')?.legs).toEqual([{ siteId: 'tpa-contoh', roundTripKm: 60 }]);
  });

  it('a money amount with separators, a missing required field on a new record, a taken id', async () => {
    const s = await editor();
    const form = await s.agent.get(`${BASE}/fees/new`).expect(200);
    const csrf = hidden(form.text, '_csrf');
    const res = await s.agent.post(`${BASE}/fees`).type('form').send({ _csrf: csrf, id: 'iuran', name: '', payer: 'households', stage: 'primaryCollection', basis: 'perHouseholdMonth', amount: '5.000,00' }).expect(422);
    expect(errorBeside(res.text, 'amount')).toBe('“5.000,00” is written the other way round: here a comma separates thousands and a point marks decimals. Write 5,000.');
    expect(errorBeside(res.text, 'name')).toBe('is required');
    expect(res.text).toMatch(/name="amount" value="5.000,00"/);
    const taken = await s.agent.post(`${BASE}/fees`).type('form').send({ _csrf: csrf, id: 'retribusi', name: 'Again', payer: 'households', stage: 'primaryCollection', basis: 'perHouseholdMonth', amount: '5000' }).expect(422);
    expect(errorBeside(taken.text, 'id')).toBe('duplicates fees[0] ("retribusi")');
    const slug = await s.agent.post(`${BASE}/fees`).type('form').send({ _csrf: csrf, id: 'Not A Slug', name: 'X', payer: 'households', stage: 'primaryCollection', basis: 'perHouseholdMonth', amount: '5000' }).expect(422);
    expect(errorBeside(slug.text, 'id')).toMatch(/^must be a slug/);
    expect(doc().fees).toHaveLength(1);
  });

  it('routing shares that do not sum to 1: the message beside the table, with the sum', async () => {
    const s = await editor();
    const body = await editBody(s, 'zones', 'utara');
    const res = await s.agent.post(`${BASE}/zones/utara`).type('form').send({ ...body, 'routing.0.share': '0.5' }).expect(422);
    expect(res.text).toContain('<p class="field-error" id="f-routing-section-error" role="alert">shares must sum to 1 (they sum to 0.9)</p>');
  });

  it('a change that breaks another record is listed at the top with its path', async () => {
    const s = await editor();
    const page = await s.agent.get(`${BASE}/settings`).expect(200);
    const values = { ...recordToForm('settings', doc().settings as never), ...provenanceToForm('settings', doc().settings.provenance as ProvenanceMap) };
    const res = await s.agent.post(`${BASE}/settings`).type('form').send({ ...values, baseYear: '2030', _csrf: hidden(page.text, '_csrf'), _baseHash: hidden(page.text, '_baseHash') }).expect(422);
    expect(res.text).toContain('<li>scenarios[0].changes[0].fromYear: must lie in the horizon 2030-2039</li>');
    expect(res.text).toMatch(/name="baseYear" value="2030"/);
  });
});

describe('two people editing one record', () => {
  it('the second save gets 409 with both versions; "save mine" then succeeds', async () => {
    const a = await editor();
    const b = await signIn(app, 'editor2@x.org', PASSWORD);
    const formA = await editBody(a, 'transferPoints', 'tps-jauh');
    const formB = await editBody(b, 'transferPoints', 'tps-jauh');
    await a.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...formA, vehicles: '2' }).expect(303);
    const res = await b.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...formB, vehicles: '3', storageLimitT: '20' }).expect(409);
    expect(res.text).toContain(escapeHtml('Someone else changed transfer point TPS Jauh <far>'));
    expect(res.text).toMatch(/<tr class="differs"><th scope="row"><span class="differs-mark" title="differs">≠<\/span> Vehicles<\/th><td>2 vehicles<\/td><td>3 vehicles<\/td><\/tr>/);
    expect(res.text).toMatch(/<tr class="differs"><th scope="row"><span class="differs-mark" title="differs">≠<\/span> Storage limit<\/th><td>10 t<\/td><td>20 t<\/td><\/tr>/);
    expect(res.text).toMatch(/<tr><th scope="row">Name<\/th><td>TPS Jauh &lt;far&gt;<\/td><td>TPS Jauh &lt;far&gt;<\/td><\/tr>/);
    expect(res.text).toContain(`<a class="button secondary" href="${BASE}/transferPoints/tps-jauh">Keep theirs</a>`);
    expect(recordOf('transferPoints', 'tps-jauh')?.vehicles).toBe(2);

    const fields = formFields(res.text, `${BASE}/transferPoints/tps-jauh`);
    expect(fields._baseHash).toBe(recordHash(recordOf('transferPoints', 'tps-jauh')));
    expect(fields.vehicles).toBe('3');
    await b.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send(fields).expect(303);
    expect(recordOf('transferPoints', 'tps-jauh')).toMatchObject({ vehicles: 3, storageLimitT: 20 });
    expect(audit().listForRecord(CITY, 'transferPoints', 'tps-jauh').map((e) => [e.userName, (e.after as { vehicles: number }).vehicles])).toEqual([
      ['Edna Editor', 3],
      ['Eddy Editor', 2],
    ]);
  });

  it('a delete after someone else\'s save is a conflict too; "delete it anyway" deletes', async () => {
    const s = await editor();
    const page = await s.agent.get(`${BASE}/fees/retribusi`).expect(200);
    const b = await signIn(app, 'editor2@x.org', PASSWORD);
    const form = await editBody(b, 'fees', 'retribusi');
    await b.agent.post(`${BASE}/fees/retribusi`).type('form').send({ ...form, amount: '12000' }).expect(303);
    const res = await s.agent.post(`${BASE}/fees/retribusi/delete`).type('form').send({ _csrf: hidden(page.text, '_csrf'), _baseHash: hidden(page.text, '_baseHash') }).expect(409);
    expect(res.text).toContain('Delete it anyway');
    expect(recordOf('fees', 'retribusi')?.amount).toBe('12000');
    await s.agent.post(`${BASE}/fees/retribusi/delete`).type('form').send(formFields(res.text, `${BASE}/fees/retribusi/delete`)).expect(303);
    expect(recordOf('fees', 'retribusi')).toBeUndefined();
  });
});

describe('delete while referred to', () => {
  it('refuses with 409 naming each referrer, and writes nothing', async () => {
    const s = await editor();
    const csrf = await s.csrf(`${BASE}/transferPoints/tps-jauh`);
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh/delete`).type('form').send({ _csrf: csrf, _baseHash: recordHash(recordOf('transferPoints', 'tps-jauh')) }).expect(409);
    expect(res.text).toContain('<li>zone Selatan (zones/selatan) routes 100% of its waste here</li>');
    const lf = await s.agent.post(`${BASE}/landfills/tpa-contoh/delete`).type('form').send({ _csrf: csrf, _baseHash: recordHash(recordOf('landfills', 'tpa-contoh')) }).expect(409);
    expect(lf.text).toContain(escapeHtml('transfer point TPS Jauh <far> (transferPoints/tps-jauh) hauls here (leg 1, 60 km round trip)'));
    expect(lf.text).toContain('settings: the landfill fallback order lists it (position 1)');
    const vt = await s.agent.post(`${BASE}/vehicleTypes/arm-roll/delete`).type('form').send({ _csrf: csrf, _baseHash: recordHash(recordOf('vehicleTypes', 'arm-roll')) }).expect(409);
    expect(vt.text).toMatch(/uses this vehicle type/);
    expect(version()).toBe(1);
    expect(audit().listForCity(CITY).total).toBe(0);
  });

  it('the record page offers no delete button while it is used', async () => {
    const s = await editor();
    const used = await s.agent.get(`${BASE}/transferPoints/tps-jauh`).expect(200);
    expect(used.text).toContain('It cannot be deleted while the inputs above use it.');
    const free = await s.agent.get(`${BASE}/fees/retribusi`).expect(200);
    expect(free.text).toContain(`action="${BASE}/fees/retribusi/delete"`);
  });
});

describe('settings, composition, seasonal factors', () => {
  async function cityForm(s: SignedIn, page: string) {
    const res = await s.agent.get(`${BASE}/${page}`).expect(200);
    return { _csrf: hidden(res.text, '_csrf'), _baseHash: hidden(res.text, '_baseHash') };
  }

  it('saves a setting with its provenance kept, audited as a settings change', async () => {
    const s = await editor();
    const before = doc().settings;
    const values = { ...recordToForm('settings', before as never), ...provenanceToForm('settings', before.provenance as ProvenanceMap) };
    const res = await s.agent.post(`${BASE}/settings`).type('form').send({ ...values, ...(await cityForm(s, 'settings')), discountRate: '0.05' }).expect(303);
    expect(res.headers.location).toBe(`${BASE}/settings`);
    expect(doc().settings).toEqual({ ...before, discountRate: 0.05 });
    const [e] = audit().listForCity(CITY).entries;
    expect(e).toMatchObject({ action: 'settings', collection: 'settings', recordId: null, before: { discountRate: 0.08 }, after: { discountRate: 0.05 } });
    const page = await s.agent.get(`${BASE}/settings`).expect(200);
    expect(page.text).toContain('Saved the settings.');
    expect(page.text).toMatch(/name="discountRate" value="0.05"/);
  });

  it('composition: shares that do not sum to 1 are refused with the sum', async () => {
    const s = await editor();
    const values = recordToForm('composition', { fractions: doc().fractions });
    expect(values['fractions.0.share']).toBe('0.6');
    const res = await s.agent.post(`${BASE}/composition`).type('form').send({ ...values, ...(await cityForm(s, 'composition')), 'fractions.0.share': '0.7' }).expect(422);
    expect(res.text).toContain('<p class="field-error" id="f-fractions-section-error" role="alert">shares must sum to 1 (they sum to 1.1)</p>');
    expect(res.text).toMatch(/name="fractions.0.share" value="0.7"/);
  });

  it('composition: a fraction still used cannot be removed; a new one can be added', async () => {
    const s = await editor();
    const fr = doc().fractions;
    const values = recordToForm('composition', { fractions: fr });
    const last = fr.length - 1;
    const usedId = fr[0].id;
    const removed = await s.agent.post(`${BASE}/composition`).type('form').send({ ...values, ...(await cityForm(s, 'composition')), 'fractions.0.id': '', 'fractions.0.name': '', 'fractions.0.share': '' }).expect(422);
    expect(removed.text).toMatch(new RegExp(`Fraction [^<]* \\(${usedId}\\) cannot be removed: `));
    // Split the last fraction's share with a new one.
    const share = fr[last].share;
    const added = await s.agent.post(`${BASE}/composition`).type('form').send({
      ...values,
      ...(await cityForm(s, 'composition')),
      [`fractions.${last}.share`]: String(share / 2),
      [`fractions.${last + 1}.id`]: 'textile',
      [`fractions.${last + 1}.name`]: 'Textiles',
      [`fractions.${last + 1}.share`]: String(share / 2),
      [`fractions.${last + 1}.recyclable`]: 'true',
    });
    expect(added.status, added.text.slice(0, 2000)).toBe(303);
    expect(doc().fractions.at(-1)).toEqual({ id: 'textile', name: 'Textiles', share: share / 2, recyclable: true, compostable: false });
    expect(audit().listForCity(CITY).entries[0]).toMatchObject({ collection: 'fractions', action: 'settings' });
  });

  it('seasonal factors: a mean other than 1 is refused; "normalise" divides by the mean and says so', async () => {
    const s = await editor();
    const twelve = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`seasonalFactors.${i}`, i < 6 ? '2.2' : '1.8']));
    const refused = await s.agent.post(`${BASE}/seasonal`).type('form').send({ ...twelve, ...(await cityForm(s, 'seasonal')) }).expect(422);
    expect(refused.text).toMatch(/day-weighted mean must be 1 \(it is 1\.99\d*\)/);
    const res = await s.agent.post(`${BASE}/seasonal`).type('form').send({ ...twelve, ...(await cityForm(s, 'seasonal')), normalise: 'on' }).expect(303);
    const factors = doc().settings.seasonalFactors as number[];
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const mean = (2.2 * 181 + 1.8 * 184) / 365;
    expect(factors[0]).toBeCloseTo(2.2 / mean, 6);
    expect(factors[11]).toBeCloseTo(1.8 / mean, 6);
    expect(Math.abs(factors.reduce((a, f, m) => a + f * days[m], 0) / 365 - 1)).toBeLessThan(1e-6);
    const page = await s.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain(`Saved the seasonal factors. Normalised: divided by their day-weighted mean ${Math.round(mean * 1e6) / 1e6}.`);
    // All empty: no seasonality.
    const empty = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`seasonalFactors.${i}`, '']));
    await s.agent.post(`${BASE}/seasonal`).type('form').send({ ...empty, ...(await cityForm(s, 'seasonal')) }).expect(303);
    expect(doc().settings.seasonalFactors).toBeUndefined();
  });

  it('a settings form opened before another save is a conflict', async () => {
    const a = await editor();
    const tokens = await cityForm(a, 'settings');
    const b = await signIn(app, 'editor2@x.org', PASSWORD);
    const values = { ...recordToForm('settings', doc().settings as never), ...provenanceToForm('settings', doc().settings.provenance as ProvenanceMap) };
    await b.agent.post(`${BASE}/settings`).type('form').send({ ...values, ...(await cityForm(b, 'settings')), discountRate: '0.06' }).expect(303);
    const res = await a.agent.post(`${BASE}/settings`).type('form').send({ ...values, ...tokens, discountRate: '0.07' }).expect(409);
    expect(res.text).toMatch(/Discount rate<\/th><td>0.06 \/yr<\/td><td>0.07 \/yr<\/td>/);
  });
});

describe('history and restore', () => {
  async function changeFee(s: SignedIn, amount: string) {
    const body = await editBody(s, 'fees', 'retribusi');
    await s.agent.post(`${BASE}/fees/retribusi`).type('form').send({ ...body, amount }).expect(303);
  }

  it('shows who changed what, when, before and after', async () => {
    const s = await editor();
    await changeFee(s, '12000');
    const res = await request(app).get(`${BASE}/history`).expect(200);
    expect(res.text).toContain('1 change, newest first');
    expect(res.text).toMatch(/<strong>Eddy Editor<\/strong> changed <a href="\/cities\/kota-contoh\/fees\/retribusi">fee Household waste fee \(retribusi\)<\/a>/);
    expect(res.text).toMatch(/<tr><th scope="row">Amount<\/th><td>10,000 IDR per basis<\/td><td>12,000 IDR per basis<\/td><\/tr>/);
    expect(res.text).not.toContain('Restore the value');
  });

  it('a city administrator restores the value before a change, as a new audited change', async () => {
    const s = await editor();
    await changeFee(s, '12000');
    await changeFee(s, '15000');
    const a = await admin();
    const page = await a.agent.get(`${BASE}/history`).expect(200);
    const first = audit().listForCity(CITY).entries.at(-1);
    const action = `${BASE}/history/${first?.id}/restore`;
    const fields = formFields(page.text, action);
    const res = await a.agent.post(action).type('form').send({ ...fields, which: 'before' }).expect(303);
    expect(res.headers.location).toBe(`${BASE}/history`);
    expect(recordOf('fees', 'retribusi')?.amount).toBe('10000');
    const [latest] = audit().listForCity(CITY).entries;
    expect(latest).toMatchObject({ action: 'restore', userName: 'Ada Admin', collection: 'fees', recordId: 'retribusi', before: { amount: '15000' }, after: { amount: '10000' } });
    const after = await a.agent.get(`${BASE}/history`).expect(200);
    expect(after.text).toContain(`Restored fee Household waste fee to the value before change ${first?.id}.`);
  });

  it('restores a deleted record; a stale page gets the conflict page', async () => {
    const s = await editor();
    const page = await s.agent.get(`${BASE}/fees/retribusi`).expect(200);
    await s.agent.post(`${BASE}/fees/retribusi/delete`).type('form').send({ _csrf: hidden(page.text, '_csrf'), _baseHash: hidden(page.text, '_baseHash') }).expect(303);
    const a = await admin();
    const history = await a.agent.get(`${BASE}/history`).expect(200);
    const [del] = audit().listForCity(CITY).entries;
    const action = `${BASE}/history/${del.id}/restore`;
    const fields = formFields(history.text, action);
    await a.agent.post(action).type('form').send({ ...fields, which: 'before' }).expect(303);
    expect(recordOf('fees', 'retribusi')).toEqual(del.before);
    // The same (now stale) button again: the fee exists now, so it is a conflict.
    const stale = await a.agent.post(action).type('form').send({ ...fields, which: 'before' }).expect(409);
    expect(stale.text).toContain('Someone else changed fee Household waste fee');
  });

  it('restores a scenario: its name and changes as before a change, and a deleted scenario as it was', async () => {
    const s = await editor();
    const sc = doc().scenarios.find((x) => x.id === 'more-trucks');
    expect(sc).toBeDefined();
    const page = await s.agent.get(`${BASE}/scenarios/more-trucks`).expect(200);
    const v = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    await s.agent.post(`${BASE}/scenarios/more-trucks`).type('form').send({ _csrf: hidden(page.text, '_csrf'), version: v, name: 'Renamed <i>', assumptions: 'new words' }).expect(303);
    expect(doc().scenarios.find((x) => x.id === 'more-trucks')?.name).toBe('Renamed <i>');
    const [renamed] = audit().listForCity(CITY).entries;
    expect(renamed).toMatchObject({ collection: 'scenarios', recordId: 'more-trucks', action: 'update' });

    const a = await admin();
    const history = await a.agent.get(`${BASE}/history`).expect(200);
    // The entry names the scenario, shows what changed, and offers the restore buttons.
    expect(history.text).toContain('scenario Renamed &lt;i&gt; (more-trucks)');
    expect(history.text).toMatch(/<tr><th scope="row">Name<\/th><td>[^<]*<\/td><td>Renamed &lt;i&gt;<\/td><\/tr>/);
    const action = `${BASE}/history/${renamed.id}/restore`;
    const fields = formFields(history.text, action);
    await a.agent.post(action).type('form').send({ ...fields, which: 'before' }).expect(303);
    expect(doc().scenarios.find((x) => x.id === 'more-trucks')).toEqual(sc);
    const [restored] = audit().listForCity(CITY).entries;
    expect(restored).toMatchObject({ action: 'restore', collection: 'scenarios', recordId: 'more-trucks', userName: 'Ada Admin' });

    // Deleted, then restored as it was before the delete.
    const page2 = await s.agent.get(`${BASE}/scenarios/more-trucks`).expect(200);
    const v2 = /name="version" value="(\d+)"/.exec(page2.text)?.[1] ?? '';
    await s.agent.post(`${BASE}/scenarios/more-trucks/delete`).type('form').send({ _csrf: hidden(page2.text, '_csrf'), version: v2 }).expect(303);
    expect(doc().scenarios.some((x) => x.id === 'more-trucks')).toBe(false);
    const [deleted] = audit().listForCity(CITY).entries;
    const history2 = await a.agent.get(`${BASE}/history`).expect(200);
    const action2 = `${BASE}/history/${deleted.id}/restore`;
    await a.agent.post(action2).type('form').send({ ...formFields(history2.text, action2), which: 'before' }).expect(303);
    expect(doc().scenarios.find((x) => x.id === 'more-trucks')).toEqual(sc);
    // An editor may not (403).
    const csrf = await s.csrf(`${BASE}/history`);
    await s.agent.post(action2).type('form').send({ _csrf: csrf, which: 'after' }).expect(403);
  });

  it('refuses a restore the city would not accept (422), an unknown change (404) and no which (400)', async () => {
    const s = await editor();
    const form = await s.agent.get(`${BASE}/fees/new`).expect(200);
    await s.agent.post(`${BASE}/fees`).type('form').send({ _csrf: hidden(form.text, '_csrf'), id: 'iuran', name: 'Iuran', payer: 'households', stage: 'primaryCollection', basis: 'perHouseholdMonth', amount: '5000' }).expect(303);
    const [created] = audit().listForCity(CITY).entries;
    // A zone routed to a new transfer point; then the point is "restored" to before its creation (deleted) while used.
    const a = await admin();
    const csrf = await a.csrf(`${BASE}/history`);
    await a.agent.post(`${BASE}/history/99999/restore`).type('form').send({ _csrf: csrf, which: 'before' }).expect(404);
    await a.agent.post(`${BASE}/history/${created.id}/restore`).type('form').send({ _csrf: csrf, _baseHash: recordHash(recordOf('fees', 'iuran')) }).expect(400);
    const tpForm = await s.agent.get(`${BASE}/transferPoints/new`).expect(200);
    const tp = { ...recordToForm('transferPoints', recordOf('transferPoints', 'tps-jauh') as never), id: 'tps-baru', name: 'TPS Baru' };
    await s.agent.post(`${BASE}/transferPoints`).type('form').send({ ...tp, _csrf: hidden(tpForm.text, '_csrf') }).expect(303);
    const [tpCreated] = audit().listForCity(CITY).entries;
    const zone = await editBody(s, 'zones', 'selatan');
    await s.agent.post(`${BASE}/zones/selatan`).type('form').send({ ...zone, 'routing.0.share': '0.5', 'routing.1.transferPointId': 'tps-baru', 'routing.1.share': '0.5' }).expect(303);
    const res = await a.agent.post(`${BASE}/history/${tpCreated.id}/restore`).type('form').send({ _csrf: csrf, which: 'before', _baseHash: recordHash(recordOf('transferPoints', 'tps-baru')) }).expect(422);
    expect(res.text).toContain('zones[1].routing[1].transferPointId: unknown transfer point &#34;tps-baru&#34;');
    expect(recordOf('transferPoints', 'tps-baru')).toBeDefined();
  });

  it('pages the city history 50 at a time, newest first', async () => {
    const log = audit();
    for (let i = 1; i <= 60; i++) {
      log.append({ cityId: CITY, userId: null, action: 'update', collection: 'fees', recordId: 'retribusi', before: { id: 'retribusi', amount: String(i) }, after: { id: 'retribusi', amount: String(i + 1) }, cityVersion: 1 });
    }
    const p1 = await request(app).get(`${BASE}/history`).expect(200);
    expect(p1.text).toContain('1–50 of 60 changes, newest first');
    expect((p1.text.match(/class="history-entry"/g) ?? []).length).toBe(50);
    expect(p1.text).toContain(`href="${BASE}/history?page=2" rel="next"`);
    const p2 = await request(app).get(`${BASE}/history?page=2`).expect(200);
    expect(p2.text).toContain('51–60 of 60 changes, newest first');
    expect(p2.text).toContain('without an account');
    expect(p2.text).toMatch(/<td>1 IDR per basis<\/td><td>2 IDR per basis<\/td>/);
  });
});

describe('escaping', () => {
  it('a hostile name shows as text on every page', async () => {
    const hostile = '<script>alert(1)</script>';
    const s = await editor();
    const form = await s.agent.get(`${BASE}/landfills/new`).expect(200);
    await s.agent.post(`${BASE}/landfills`).type('form').send({ _csrf: hidden(form.text, '_csrf'), id: 'tpa-x', name: hostile, remainingAirspaceM3: '1000' }).expect(303);
    for (const path of [`${BASE}/landfills`, `${BASE}/landfills/tpa-x`, `${BASE}/landfills/tpa-x/edit`, `${BASE}/landfills/tpa-x/history`, `${BASE}/history`, `${BASE}/settings`]) {
      const res = await s.agent.get(path).expect(200);
      expect(res.text, path).not.toContain(hostile);
      if (!path.endsWith('/settings')) expect(res.text, path).toContain(escapeHtml(hostile));
    }
    // In a 422 form and a conflict page too.
    const body = await editBody(s, 'landfills', 'tpa-x');
    const bad = await s.agent.post(`${BASE}/landfills/tpa-x`).type('form').send({ ...body, remainingAirspaceM3: 'x', name: `${hostile}2` }).expect(422);
    expect(bad.text).not.toContain(hostile);
    expect(bad.text).toContain(escapeHtml(`${hostile}2`));
    await s.agent.post(`${BASE}/landfills/tpa-x`).type('form').send({ ...body, omPerT: '1' }).expect(303);
    const conflict = await s.agent.post(`${BASE}/landfills/tpa-x`).type('form').send({ ...body, name: `${hostile}3` }).expect(409);
    expect(conflict.text).not.toContain(hostile);
    expect(conflict.text).toContain(escapeHtml(`${hostile}3`));
  });
});
