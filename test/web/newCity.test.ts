/**
 * A new city: a copy of a city, or six steps from scratch with the draft in
 * the session; the creator becomes city administrator.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { computeCity } from '../../src/model/index.js';
import { createAuditLog } from '../../src/store/audit.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUserRepository } from '../../src/store/users.js';
import { createUser, makePrivate, signIn, type Session } from './auth-helpers.js';
import { appWithFixture, fixtureCity } from './helpers.js';

const PASSWORD = 'long password 1';
let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'planner@x.org', password: PASSWORD });
});

const userId = (email: string) => createUserRepository(db).findByEmail(email)?.id ?? 0;

async function post(s: Session, path: string, fields: Record<string, string>) {
  return s.agent.post(path).type('form').send({ _csrf: await s.csrf('/cities/new'), ...fields });
}

describe('GET /cities/new', () => {
  it('sends a visitor to sign in, and shows a signed-in user both ways to start', async () => {
    await request(app).get('/cities/new').expect(303).expect('Location', '/login?next=%2Fcities%2Fnew');
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    const page = await s.agent.get('/cities/new').expect(200);
    expect(page.text).toContain('<option value="kota-contoh">Kota Contoh (kota-contoh)</option>');
    expect(page.text).toContain('href="/cities/new/scratch"');
  });

  it('offers only the cities the user can read as a source', async () => {
    makePrivate(db, 'kota-contoh');
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    const page = await s.agent.get('/cities/new').expect(200);
    expect(page.text).not.toContain('value="kota-contoh"');
    const res = await post(s, '/cities/new/copy', { source: 'kota-contoh', id: 'kota-dua', name: 'Kota Dua' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('choose a city you can read');
    expect(createCityRepository(db).get('kota-dua')).toBeUndefined();
  });
});

describe('POST /cities/new/copy', () => {
  it('copies the city under a new id and name; the creator is its city administrator', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    const res = await post(s, '/cities/new/copy', { source: 'kota-contoh', id: 'kota-dua', name: 'Kota Dua' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cities/kota-dua');
    const copy = createCityRepository(db).get('kota-dua');
    const original = fixtureCity();
    expect(copy?.document).toEqual({ ...original, city: { ...original.city, id: 'kota-dua', name: 'Kota Dua' } });
    expect(createUserRepository(db).roleFor(userId('planner@x.org'), 'kota-dua')).toBe('cityAdmin');
    expect(createAuditLog(db).listForCity('kota-dua').entries.map((e) => [e.action, e.collection, e.cityVersion])).toEqual([['create', 'city', 1]]);
    const page = await s.agent.get('/cities/kota-dua').expect(200);
    expect(page.text).toContain('Created Kota Dua as a copy of Kota Contoh; you are its city administrator.');
  });

  it('keeps the values and names each bad field (422)', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    const taken = await post(s, '/cities/new/copy', { source: 'kota-contoh', id: 'kota-contoh', name: '<b>Dua</b>' });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('a city &#34;kota-contoh&#34; exists already');
    expect(taken.text).toContain('value="&lt;b&gt;Dua&lt;/b&gt;"');
    const bad = await post(s, '/cities/new/copy', { source: 'kota-contoh', id: 'Kota Dua', name: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="copy-id-error">must be a slug/);
    expect(bad.text).toMatch(/id="copy-name-error">is required/);
    const reserved = await post(s, '/cities/new/copy', { source: 'kota-contoh', id: 'import', name: 'X' });
    expect(reserved.text).toContain('&#34;import&#34; is the name of a page');
    expect(createCityRepository(db).count()).toBe(1);
  });

  it('needs a signed-in user and the CSRF token', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    await s.agent.post('/cities/new/copy').type('form').send({ source: 'kota-contoh', id: 'kota-dua', name: 'X' }).expect(403);
    await request(app).post('/cities/new/copy').type('form').send({ source: 'kota-contoh', id: 'kota-dua', name: 'X' }).expect(403);
  });
});

describe('a city from scratch', () => {
  const basics = { id: 'kota-baru', name: 'Kota Baru', country: 'Indonesia', currency: 'IDR', minorUnit: '0', baseYear: '2024', horizonYears: '10', discountRate: '0.1', incomeThresholdPerDay: '50000' };
  const composition = {
    'fractions.0.id': 'kitchen', 'fractions.0.name': 'Kitchen', 'fractions.0.share': '0.7', 'fractions.0.compostable': 'true',
    'fractions.1.id': 'plastic', 'fractions.1.name': 'Plastic', 'fractions.1.share': '0.3', 'fractions.1.recyclable': 'true',
  };
  const zone = { id: 'pusat', name: 'Pusat', population: '100000', households: '25000', generationKgPerCapDay: '0.5', coverage: '0.8' };
  const transferPoint = { id: 'tps-pusat', name: 'TPS Pusat', storageLimitT: '100', vehicles: '4', shiftsPerDay: '1', roundTripKm: '20' };
  const landfill = { id: 'tpa-baru', name: 'TPA Baru', remainingAirspaceM3: '2000000', densityTPerM3: '0.8', 'cover.method': 'share', 'cover.value': '0.15' };

  async function vehicleForm(s: Session, template: string): Promise<Record<string, string>> {
    const page = await s.agent.get(`/cities/new/scratch/4?template=${template}`).expect(200);
    const values: Record<string, string> = {};
    for (const m of page.text.matchAll(/<input id="[^"]+" name="([^"]+)" type="text" value="([^"]*)"/g)) values[m[1]] = m[2];
    for (const m of page.text.matchAll(/<select id="[^"]+" name="([^"]+)"[^>]*>[\s\S]*?<option value="([^"]*)" selected>/g)) values[m[1]] = m[2];
    return values;
  }

  it('walks six steps, keeping the draft in the session, and creates a city the engine computes', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    await s.agent.get('/cities/new/scratch').expect(303).expect('Location', '/cities/new/scratch/1');
    const step1 = await s.agent.get('/cities/new/scratch/1').expect(200);
    expect(step1.text).toContain('New city, step 1 of 6: Basics');
    expect((await post(s, '/cities/new/scratch/1', basics)).headers.location).toBe('/cities/new/scratch/2');
    // The draft is kept: going back shows what was typed.
    expect((await s.agent.get('/cities/new/scratch/1')).text).toContain('value="Kota Baru"');
    expect((await post(s, '/cities/new/scratch/2', composition)).headers.location).toBe('/cities/new/scratch/3');
    expect((await post(s, '/cities/new/scratch/3', zone)).headers.location).toBe('/cities/new/scratch/4');

    const vehicle = await vehicleForm(s, 'hauled');
    expect(vehicle).toMatchObject({ system: 'hauled', pickupHours: '0.4', atSiteHours: '0.133', offRouteFactor: '0.15', speedClassKmh: '40' });
    const v = await post(s, '/cities/new/scratch/4', { ...vehicle, wagePerDay: '60000', 'capital.unitCost': '400000000', fuelPricePerLitre: '6800' });
    expect(v.headers.location).toBe('/cities/new/scratch/5');
    expect((await post(s, '/cities/new/scratch/5', transferPoint)).headers.location).toBe('/cities/new/scratch/6');
    const done = await post(s, '/cities/new/scratch/6', landfill);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/cities/kota-baru');

    const city = createCityRepository(db).get('kota-baru');
    expect(city?.document.zones[0].routing).toEqual([{ transferPointId: 'tps-pusat', share: 1 }]);
    expect(city?.document.transferPoints[0]).toMatchObject({ vehicleTypeId: 'arm-roll', vehicles: 4, legs: [{ siteId: 'tpa-baru', roundTripKm: 20 }] });
    expect(city?.document.vehicleTypes[0].provenance?.pickupHours).toEqual({ status: 'E', source: 'tchobanoglous1993', note: 'typical value of the textbook template' });
    expect(city?.document.sources.map((x) => x.id)).toEqual(['tchobanoglous1993']);
    expect(computeCity(city?.document).ok).toBe(true);
    expect(createUserRepository(db).roleFor(userId('planner@x.org'), 'kota-baru')).toBe('cityAdmin');
    const page = await s.agent.get('/cities/kota-baru').expect(200);
    expect(page.text).toContain('Created Kota Baru; you are its city administrator.');
    // The draft is gone.
    await s.agent.get('/cities/new/scratch').expect(303).expect('Location', '/cities/new/scratch/1');
  });

  it('re-renders a step with 422, the values kept and each message beside its field', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    const b = await post(s, '/cities/new/scratch/1', { ...basics, id: 'Kota Baru', currency: 'rupiah', discountRate: '0.9', name: '<i>Baru</i>' });
    expect(b.status).toBe(422);
    expect(b.text).toMatch(/id="f-id-error">must be a slug/);
    expect(b.text).toMatch(/id="f-currency-error">must be an ISO 4217 code like IDR/);
    expect(b.text).toMatch(/id="f-discountRate-error">must be &lt;= 0.5/);
    expect(b.text).toContain('value="&lt;i&gt;Baru&lt;/i&gt;"');

    await post(s, '/cities/new/scratch/1', basics);
    const c = await post(s, '/cities/new/scratch/2', { ...composition, 'fractions.1.share': '0.2' });
    expect(c.status).toBe(422);
    expect(c.text).toContain('the shares add up to 0.9, not 1');
    const z = await post(s, '/cities/new/scratch/3', { ...zone, coverage: '1.5', population: 'many' });
    expect(z.status).toBe(422);
    // Numbers are read as the page's language types them (parseLocaleNumber), with its message.
    expect(z.text).toMatch(/id="f-population-error">“many” is not a number: type digits/);
    const t = await post(s, '/cities/new/scratch/5', { ...transferPoint, roundTripKm: '-4' });
    expect(t.status).toBe(422);
    expect(t.text).toMatch(/id="f-roundTripKm-error">must be &gt;= 0/);
    const l = await post(s, '/cities/new/scratch/6', { ...landfill, 'cover.value': '1.5' });
    expect(l.status).toBe(422);
    expect(createCityRepository(db).count()).toBe(1);
  });

  it('asks for the stationary system\'s container volume, and refuses a taken id at the end', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    const vehicle = await vehicleForm(s, 'stationary');
    expect(vehicle).toMatchObject({ system: 'stationary', pickupHours: '0.05', compactionRatio: '2', atSiteHours: '0.1' });
    const missing = await post(s, '/cities/new/scratch/4', { ...vehicle, containerVolumeM3: '', wagePerDay: '1', 'capital.unitCost': '1', fuelPricePerLitre: '1' });
    expect(missing.status).toBe(422);
    expect(missing.text).toMatch(/id="f-containerVolumeM3-error">is required for the stationary container system/);

    await post(s, '/cities/new/scratch/1', { ...basics, id: 'kota-contoh' });
    await post(s, '/cities/new/scratch/2', composition);
    await post(s, '/cities/new/scratch/3', zone);
    await post(s, '/cities/new/scratch/4', { ...vehicle, wagePerDay: '1', 'capital.unitCost': '1', fuelPricePerLitre: '1' });
    await post(s, '/cities/new/scratch/5', transferPoint);
    const end = await post(s, '/cities/new/scratch/6', landfill);
    expect(end.status).toBe(422);
    expect(end.text).toContain('<code>city.id</code>: a city &#34;kota-contoh&#34; exists already: change the id in step 1');
    expect(createCityRepository(db).get('kota-contoh')?.version).toBe(1);
  });

  it('answers 404 for a step that does not exist, and discards a draft on request', async () => {
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    await s.agent.get('/cities/new/scratch/7').expect(404);
    await s.agent.get('/cities/new/scratch/zero').expect(404);
    await post(s, '/cities/new/scratch/1', basics);
    await s.agent.get('/cities/new/scratch').expect(303).expect('Location', '/cities/new/scratch/2');
    await post(s, '/cities/new/scratch/reset', {});
    await s.agent.get('/cities/new/scratch').expect(303).expect('Location', '/cities/new/scratch/1');
  });

  it('needs a signed-in user', async () => {
    await request(app).get('/cities/new/scratch/1').expect(303);
    const s = await signIn(app, 'planner@x.org', PASSWORD);
    await s.agent.post('/cities/new/scratch/1').type('form').send(basics).expect(403);
  });
});
