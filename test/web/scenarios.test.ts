/**
 * Scenario pages (src/web/routes/scenarios.ts) with supertest: reading as
 * anybody (public city), writing as an editor with CSRF; 401/403/404/409/422;
 * every write validated and stored whole, or nothing written.
 */
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/store/audit.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUser, csrfFrom, makePrivate, signIn, visitor, type SignedIn } from './auth-helpers.js';
import { appWithFixture, escapeHtml } from './helpers.js';

const CITY = '/cities/kota-contoh';
const PW = 'long password 1';

let app: ReturnType<typeof appWithFixture>['app'];
let db: Db;
let editor: SignedIn;

function stored() {
  const c = createCityRepository(db).get('kota-contoh');
  if (!c) throw new Error('no city');
  return c;
}

async function formOf(path: string): Promise<{ csrf: string; version: string }> {
  const page = await editor.agent.get(path).expect(200);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1];
  if (!version) throw new Error(`no version field on ${path}`);
  return { csrf: csrfFrom(page.text), version };
}

beforeEach(async () => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'ed@x.org', password: PW, roles: { 'kota-contoh': 'editor' } });
  createUser(db, { email: 'vi@x.org', password: PW, roles: { 'kota-contoh': 'viewer' } });
  editor = await signIn(app, 'ed@x.org', PW);
});

describe('reading', () => {
  it('lists the scenarios with their assumptions, to anybody (public city)', async () => {
    const res = await request(app).get(`${CITY}/scenarios`).expect(200);
    expect(res.text).toContain('More trucks &amp; a second shift');
    expect(res.text).toContain(escapeHtml('Two more arm-roll trucks at TPS Sungai and a second shift at TPS Jauh from 2026.'));
    expect(res.text).not.toContain('id="new-scenario"');
  });

  it('shows the changes in year order, each readable, with the value before and after', async () => {
    const res = await request(app).get(`${CITY}/scenarios/more-trucks`).expect(200);
    expect(res.text).toContain('From 2026: transfer point TPS Sungai — vehicles 1 → 3');
    expect(res.text).toContain(escapeHtml('From 2026: transfer point TPS Jauh <far> — shifts 1 → 2'));
    expect(res.text).not.toContain('Add a change');
  });

  it('404 for an unknown city or scenario; a private city asks a visitor to sign in', async () => {
    await request(app).get('/cities/atlantis/scenarios').expect(404);
    await request(app).get(`${CITY}/scenarios/nope`).expect(404);
    makePrivate(db, 'kota-contoh');
    const res = await request(app).get(`${CITY}/scenarios`).expect(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('who may write', () => {
  it('the new-scenario page: a visitor is sent to sign in, a viewer gets 403, an editor the presets', async () => {
    await request(app).get(`${CITY}/scenarios/new`).expect(303);
    const viewer = await signIn(app, 'vi@x.org', PW);
    await viewer.agent.get(`${CITY}/scenarios/new`).expect(403);
    const res = await editor.agent.get(`${CITY}/scenarios/new`).expect(200);
    expect(res.text).toContain('Composting programme for kitchen waste');
    expect(res.text).toContain('Integrate scavengers into formal jobs');
  });

  it('POST without a CSRF token is 403; a visitor with a token is 401; a viewer 403', async () => {
    await editor.agent.post(`${CITY}/scenarios`).type('form').send({ preset: 'blank', name: 'X', version: '1' }).expect(403);
    const v = await visitor(app);
    const token = await v.csrf();
    await v.agent.post(`${CITY}/scenarios`).type('form').send({ _csrf: token, preset: 'blank', name: 'X', version: '1' }).expect(401);
    const viewer = await signIn(app, 'vi@x.org', PW);
    const t2 = await viewer.csrf();
    await viewer.agent.post(`${CITY}/scenarios`).type('form').send({ _csrf: t2, preset: 'blank', name: 'X', version: '1' }).expect(403);
    expect(stored().document.scenarios).toHaveLength(1);
  });
});

describe('creating', () => {
  it('a blank scenario: stored, redirected to its page with a confirmation; names are escaped', async () => {
    const { csrf, version } = await formOf(`${CITY}/scenarios/new?preset=blank`);
    const res = await editor.agent.post(`${CITY}/scenarios`).type('form').send({ _csrf: csrf, version, preset: 'blank', name: 'Plan <b>B</b>', assumptions: 'Nothing yet & more.' }).expect(303);
    expect(res.headers.location).toBe(`${CITY}/scenarios/plan-b-b-b`);
    const page = await editor.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('Plan &lt;b&gt;B&lt;/b&gt;');
    expect(page.text).toContain('Scenario &#34;Plan &lt;b&gt;B&lt;/b&gt;&#34; created with 0 changes.');
    expect(stored().document.scenarios.map((s) => s.id)).toEqual(['more-trucks', 'plan-b-b-b']);
    expect(stored().version).toBe(Number(version) + 1);
  });

  it('a preset with a bad knob: 422, the message beside the field, the values kept, nothing written', async () => {
    const { csrf, version } = await formOf(`${CITY}/scenarios/new?preset=outsourcing`);
    const res = await editor.agent.post(`${CITY}/scenarios`).type('form').send({ _csrf: csrf, version, preset: 'outsourcing', fromYear: '2026', share: '1.5', pricePerT: '95.000' }).expect(422);
    expect(res.text).toContain('id="knob-share-error">must be a share between 0 and 1</span>');
    expect(res.text).toContain(`id="knob-pricePerT-error">${escapeHtml('“95.000” can be read two ways: as a whole number with a thousands separator, or as a number with decimals. Write 95,000 for the whole number or 95 for the number with decimals.')}</span>`);
    expect(res.text).toContain('value="95.000"');
    expect(stored().version).toBe(Number(version));
  });

  it('a preset error found by the preset names its field: a threshold no point exceeds', async () => {
    const { csrf, version } = await formOf(`${CITY}/scenarios/new?preset=moreHaul`);
    const res = await editor.agent
      .post(`${CITY}/scenarios`)
      .type('form')
      .send({ _csrf: csrf, version, preset: 'moreHaul', fromYear: '2026', thresholdKm: '500', means: 'vehicles', extraVehiclesPerPoint: '1', shiftsPerDay: '2', stationName: '', stationExtraVehicles: '0', stationStorageLimitT: '10', stationRoundTripKm: '10', stationCapitalUnitCost: '0', stationOmPerYear: '0' })
      .expect(422);
    expect(res.text).toContain('id="knob-thresholdKm-error">no transfer point is more than 500 km (round trip) from its landfill</span>');
  });

  it('"more trucks for far points" from the preset form: the far point gets a vehicle, the assumptions say so', async () => {
    const page = await editor.agent.get(`${CITY}/scenarios/new?preset=moreHaul`).expect(200);
    const field = (name: string) => new RegExp(`name="${name.replace('.', '\\.')}" type="[a-z]+" step="[a-z0-9]+" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
    const form = { _csrf: csrfFrom(page.text), version: String(stored().version), preset: 'moreHaul', fromYear: '2025', thresholdKm: '40', means: 'vehicles', extraVehiclesPerPoint: '1', shiftsPerDay: field('shiftsPerDay'), stationName: '', stationExtraVehicles: field('stationExtraVehicles'), stationStorageLimitT: field('stationStorageLimitT'), stationRoundTripKm: field('stationRoundTripKm'), stationCapitalUnitCost: field('stationCapitalUnitCost'), stationOmPerYear: field('stationOmPerYear') };
    const res = await editor.agent.post(`${CITY}/scenarios`).type('form').send(form).expect(303);
    const s = stored().document.scenarios.at(-1);
    expect(res.headers.location).toBe(`${CITY}/scenarios/${s?.id}`);
    expect(s?.changes).toEqual([{ op: 'set', fromYear: 2025, path: 'transferPoints/tps-jauh/vehicles', value: 1.5 }]);
    expect(s?.assumptions).toBe('From 2025 the 1 transfer points more than 40 km (round trip) from their landfill get 1 more vehicle each (1 in all, each with its crew).');
  });
});

describe('editing', () => {
  it('adds a set-change chosen from the field registry, typed by the field', async () => {
    const form = await editor.agent.get(`${CITY}/scenarios/more-trucks?collection=transferPoints&field=vehicles`).expect(200);
    expect(form.text).toContain('id="change-value" name="value" type="text"');
    const version = String(stored().version);
    const res = await editor.agent.post(`${CITY}/scenarios/more-trucks/changes`).type('form').send({ _csrf: csrfFrom(form.text), version, op: 'set', collection: 'transferPoints', field: 'vehicles', record: 'tps-pasar', fromYear: '2027', value: '4' }).expect(303);
    expect(res.headers.location).toBe(`${CITY}/scenarios/more-trucks`);
    expect(stored().document.scenarios[0].changes.at(-1)).toEqual({ op: 'set', fromYear: 2027, path: 'transferPoints/tps-pasar/vehicles', value: 4 });
    const page = await editor.agent.get(`${CITY}/scenarios/more-trucks`).expect(200);
    expect(page.text).toContain('From 2027: transfer point TPS Pasar — vehicles 2 → 4');
  });

  it('a value of the wrong kind is 422 beside the value; one that makes the city invalid is 422 with the problem; nothing written', async () => {
    const form = await editor.agent.get(`${CITY}/scenarios/more-trucks?collection=transferPoints&field=vehicles`).expect(200);
    const version = String(stored().version);
    const bad = await editor.agent.post(`${CITY}/scenarios/more-trucks/changes`).type('form').send({ _csrf: csrfFrom(form.text), version, op: 'set', collection: 'transferPoints', field: 'vehicles', record: 'tps-pasar', fromYear: '2027', value: 'four' }).expect(422);
    expect(bad.text).toContain(`id="change-value-error">${escapeHtml('“four” is not a number: type digits, for example 1,250,000.5.')}</span>`);
    const invalid = await editor.agent.post(`${CITY}/scenarios/more-trucks/changes`).type('form').send({ _csrf: csrfFrom(form.text), version, op: 'set', collection: 'transferPoints', field: 'vehicles', record: 'tps-pasar', fromYear: '2027', value: '-1' }).expect(422);
    expect(invalid.text).toContain('scenarios[0].changes[2]');
    expect(invalid.text).toContain('must be &gt;= 0');
    expect(String(stored().version)).toBe(version);
  });

  it('retires a record only when nothing refers to it (else 422)', async () => {
    const form = await editor.agent.get(`${CITY}/scenarios/more-trucks?collection=transferPoints`).expect(200);
    const version = String(stored().version);
    const res = await editor.agent.post(`${CITY}/scenarios/more-trucks/changes`).type('form').send({ _csrf: csrfFrom(form.text), version, op: 'retire', collection: 'transferPoints', record: 'tps-jauh', fromYear: '2027' }).expect(422);
    expect(res.text).toContain('unknown transfer point');
  });

  it('removes a change, renames (422 on an empty name), clones and deletes', async () => {
    let { csrf, version } = await formOf(`${CITY}/scenarios/more-trucks`);
    await editor.agent.post(`${CITY}/scenarios/more-trucks/changes/0/delete`).type('form').send({ _csrf: csrf, version }).expect(303);
    expect(stored().document.scenarios[0].changes).toHaveLength(1);
    await editor.agent.post(`${CITY}/scenarios/more-trucks/changes/9/delete`).type('form').send({ _csrf: csrf, version: String(stored().version) }).expect(404);

    ({ csrf, version } = await formOf(`${CITY}/scenarios/more-trucks`));
    const empty = await editor.agent.post(`${CITY}/scenarios/more-trucks`).type('form').send({ _csrf: csrf, version, name: '', assumptions: 'kept text' }).expect(422);
    expect(empty.text).toContain('kept text');
    await editor.agent.post(`${CITY}/scenarios/more-trucks`).type('form').send({ _csrf: csrf, version, name: 'Second shift only', assumptions: 'A second shift at TPS Jauh.' }).expect(303);
    expect(stored().document.scenarios[0]).toMatchObject({ id: 'more-trucks', name: 'Second shift only', assumptions: 'A second shift at TPS Jauh.' });

    ({ csrf, version } = await formOf(`${CITY}/scenarios/more-trucks`));
    const clone = await editor.agent.post(`${CITY}/scenarios/more-trucks/clone`).type('form').send({ _csrf: csrf, version }).expect(303);
    expect(clone.headers.location).toBe(`${CITY}/scenarios/more-trucks-copy`);
    expect(stored().document.scenarios[1]).toMatchObject({ id: 'more-trucks-copy', name: 'Second shift only (copy)', changes: stored().document.scenarios[0].changes });

    ({ csrf, version } = await formOf(`${CITY}/scenarios/more-trucks-copy`));
    await editor.agent.post(`${CITY}/scenarios/more-trucks-copy/delete`).type('form').send({ _csrf: csrf, version }).expect(303);
    expect(stored().document.scenarios.map((s) => s.id)).toEqual(['more-trucks']);
  });

  it('records every scenario write in the audit trail: who, which scenario, before and after; the history page shows it', async () => {
    let { csrf, version } = await formOf(`${CITY}/scenarios/more-trucks`);
    await editor.agent.post(`${CITY}/scenarios/more-trucks`).type('form').send({ _csrf: csrf, version, name: 'Renamed', assumptions: 'Audited.' }).expect(303);
    ({ csrf, version } = await formOf(`${CITY}/scenarios/more-trucks`));
    await editor.agent.post(`${CITY}/scenarios/more-trucks/clone`).type('form').send({ _csrf: csrf, version }).expect(303);
    ({ csrf, version } = await formOf(`${CITY}/scenarios/more-trucks-copy`));
    await editor.agent.post(`${CITY}/scenarios/more-trucks-copy/delete`).type('form').send({ _csrf: csrf, version }).expect(303);
    const rows = createAuditLog(db).listForCity('kota-contoh').entries.filter((e) => e.collection === 'scenarios').reverse();
    expect(rows.map((e) => [e.action, e.recordId])).toEqual([
      ['update', 'more-trucks'],
      ['create', 'more-trucks-copy'],
      ['delete', 'more-trucks-copy'],
    ]);
    expect(rows[0]).toMatchObject({ userEmail: 'ed@x.org', before: { name: 'More trucks & a second shift' }, after: { name: 'Renamed', assumptions: 'Audited.' } });
    expect(rows[0].cityVersion).toBe(2);
    expect(rows[2]).toMatchObject({ before: { id: 'more-trucks-copy' }, after: null });
    const history = await editor.agent.get(`${CITY}/history`).expect(200);
    expect(history.text).toContain('3 changes, newest first');
    // Each entry names its scenario, linked while it exists, and lists what changed.
    expect(history.text).toMatch(/deleted scenario [^<]* \(more-trucks-copy\)/);
    expect(history.text).toMatch(/changed <a href="\/cities\/kota-contoh\/scenarios\/more-trucks">scenario Renamed \(more-trucks\)<\/a>/);
    expect(history.text).toMatch(/<tr><th scope="row">Assumptions<\/th><td>[^<]*<\/td><td>Audited\.<\/td><\/tr>/);
  });

  it('a form made from an older version of the city is refused with 409, nothing written', async () => {
    const { csrf, version } = await formOf(`${CITY}/scenarios/more-trucks`);
    await editor.agent.post(`${CITY}/scenarios/more-trucks`).type('form').send({ _csrf: csrf, version, name: 'First', assumptions: '' }).expect(303);
    const res = await editor.agent.post(`${CITY}/scenarios/more-trucks`).type('form').send({ _csrf: csrf, version, name: 'Second', assumptions: '' }).expect(409);
    expect(res.text).toContain('changed by someone else');
    expect(stored().document.scenarios[0].name).toBe('First');
  });
});
