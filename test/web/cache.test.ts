/**
 * Results and pages are cached, and a change is never shown stale.
 *
 * The oracle: a page from the app with its caches must be exactly the page a
 * new app without any cache renders from the database as it is now. Each
 * test reads a page (filling the caches), changes something in one of the
 * ways the app allows (the store, a form POST, a scenario change, another
 * process, a weighbridge import, making the city private, deleting and
 * recreating the city), and reads it again.
 *
 * Scenarios live inside the city document, so the city's version covers
 * them: a scenario change bumps the version like any other edit.
 */
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { computeCity } from '../../src/model/index.js';
import { createCityRepository } from '../../src/store/cities.js';
import { applyEdit, recordHash } from '../../src/store/cityEdits.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { FAST_SCRYPT_FOR_TESTS } from '../../src/store/users.js';
import { importWeighbridgeCsv } from '../../src/store/weighbridge.js';
import { createApp } from '../../src/web/app.js';
import { createPageCache, type PageCache } from '../../src/web/pageCache.js';
import { createRunCache, type RunCache } from '../../src/web/runs.js';
import { FIXTURE_CITIES_DIR, fixtureCity, freshDb, tempDir } from '../store/helpers.js';
import { createUser, makePrivate, signIn } from './auth-helpers.js';
import { formValues, parseForms } from './crawl.js';

const CITY = '/cities/kota-contoh';
const PASSWORD = 'long password 1';

interface Cached {
  app: Express;
  db: Db;
  runs: RunCache;
  pages: PageCache;
}

function cachedApp(db: Db = seeded()): Cached {
  const runs = createRunCache(computeCity);
  const pages = createPageCache(db);
  return { db, runs, pages, app: createApp({ db, runs, pages, log: () => {}, scrypt: FAST_SCRYPT_FOR_TESTS, sessionSecret: 'cache test' }) };
}

function seeded(): Db {
  const db = freshDb();
  seedDemoCities(db, FIXTURE_CITIES_DIR);
  return db;
}

/** The page as an app without caches renders it from the database now. */
async function uncached(db: Db, path: string): Promise<string> {
  const fresh = createApp({ db, log: () => {}, sessionSecret: 'cache test' });
  return (await request(fresh).get(path).set('Accept-Language', 'en')).text;
}

/** A page without its per-session parts (form tokens), to compare two sessions' pages. */
function strip(html: string): string {
  return html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""').replace(/data-csrf="[^"]*"/g, '');
}

async function get(app: Express, path: string): Promise<request.Response> {
  return request(app).get(path).set('Accept-Language', 'en');
}

/** The fixture's first zone with another population, written through the store as the record form would. */
function editPopulation(db: Db, population: number): void {
  const zone = createCityRepository(db).get('kota-contoh')?.document.zones[0];
  if (!zone) throw new Error('no zone');
  const out = applyEdit(db, { cityId: 'kota-contoh', userId: null, action: 'update', collection: 'zones', recordId: zone.id, after: { ...zone, population }, baseRecordHash: recordHash(zone) });
  expect(out.kind).toBe('ok');
}

describe('the caches', () => {
  it('compute a city once per version and scenario, and render a visitor\'s page once per database state', async () => {
    const { app, runs, pages } = cachedApp();
    const first = await get(app, CITY);
    expect(first.status).toBe(200);
    expect(runs.stats).toEqual({ hits: 0, misses: 1 });
    expect(pages.stats).toMatchObject({ hits: 0, misses: 1, entries: 1 });
    const second = await get(app, CITY);
    expect(second.text).toBe(first.text);
    expect(pages.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(runs.stats).toEqual({ hits: 0, misses: 1 }); // the page did not even ask
    await get(app, `${CITY}?scenario=more-trucks`);
    await get(app, '/');
    expect(runs.stats).toEqual({ hits: 1, misses: 2 }); // the home page reused the baseline run
    expect(pages.stats).toMatchObject({ hits: 1, misses: 3, entries: 3 });
  });

  it('answer a hit as the page itself was answered: same headers and entity tag, 304 to a conditional request, no body to HEAD', async () => {
    const { app, db, pages } = cachedApp();
    const first = await get(app, CITY);
    const second = await get(app, CITY);
    expect(pages.stats).toMatchObject({ hits: 1, misses: 1 });
    const fresh = await request(createApp({ db, log: () => {}, sessionSecret: 'cache test' })).get(CITY).set('Accept-Language', 'en');
    for (const h of ['content-type', 'content-length', 'etag', 'content-language', 'vary', 'content-security-policy']) {
      expect(second.headers[h], h).toBe(first.headers[h]);
      expect(second.headers[h], h).toBe(fresh.headers[h]);
    }
    expect(second.headers.etag).toMatch(/^W\/"/);
    const conditional = await request(app).get(CITY).set('Accept-Language', 'en').set('If-None-Match', String(second.headers.etag));
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe('');
    expect(pages.stats).toMatchObject({ hits: 2 });
    const head = await request(app).head(CITY).set('Accept-Language', 'en');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    expect(head.text ?? '').toBe('');
    // Another page's tag does not match.
    const other = await request(app).get(CITY).set('Accept-Language', 'en').set('If-None-Match', 'W/"1-abc"');
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
  });

  it('make a signed-in official\'s dashboard, comparison and report view once per city version, and show a change at once', async () => {
    const { app, db, runs } = cachedApp();
    createUser(db, { email: 'vi@x.org', password: PASSWORD, displayName: 'Vi Viewer' });
    const vi = await signIn(app, 'vi@x.org', PASSWORD);
    const paths = [CITY, `${CITY}/compare?s=baseline&s=more-trucks`, `${CITY}/report`];
    const first: string[] = [];
    for (const p of paths) first.push((await vi.agent.get(p).set('Accept-Language', 'en').expect(200)).text);
    expect(runs.viewStats).toMatchObject({ hits: 0, misses: 3 });
    for (const [i, p] of paths.entries()) expect((await vi.agent.get(p).set('Accept-Language', 'en').expect(200)).text).toBe(first[i]);
    expect(runs.viewStats).toMatchObject({ hits: 3, misses: 3 });
    editPopulation(db, 60_000);
    for (const p of paths) {
      const after = (await vi.agent.get(p).set('Accept-Language', 'en').expect(200)).text;
      expect(after).not.toBe(first[paths.indexOf(p)]);
      // The same page as a fresh app (no caches at all) renders for the same person now.
      const fresh = createApp({ db, log: () => {}, sessionSecret: 'cache test', scrypt: FAST_SCRYPT_FOR_TESTS });
      const again = await signIn(fresh, 'vi@x.org', PASSWORD);
      const expected = (await again.agent.get(p).set('Accept-Language', 'en').expect(200)).text;
      expect(strip(after)).toBe(strip(expected));
    }
    expect(runs.viewStats).toMatchObject({ hits: 3, misses: 6 });
  });

  it('show a change made through the store at once: dashboard and home page', async () => {
    const { app, db, runs } = cachedApp();
    await get(app, CITY);
    const home = await get(app, '/');
    expect(home.text).toContain('<td class="num">80,000</td>'); // 50,000 + 30,000 people in the base year
    editPopulation(db, 60_000);
    const after = await get(app, CITY);
    expect(after.text).toBe(await uncached(db, CITY));
    const homeAfter = await get(app, '/');
    expect(homeAfter.text).toContain('<td class="num">90,000</td>');
    expect(homeAfter.text).toBe(await uncached(db, '/'));
    expect(runs.stats.misses).toBe(2);
  });

  it('show a change an editor posts through the record form to a visitor reading the dashboard', async () => {
    const { app, db } = cachedApp();
    createUser(db, { email: 'ed@x.org', password: PASSWORD, roles: { 'kota-contoh': 'editor' } });
    const before = await get(app, CITY);
    const ed = await signIn(app, 'ed@x.org', PASSWORD);
    const formPage = await ed.agent.get(`${CITY}/zones/utara/edit`).expect(200);
    const form = parseForms(formPage.text).find((f) => f.method === 'post' && f.action === `${CITY}/zones/utara`);
    expect(form, 'the zone form').toBeDefined();
    const values = formValues(form!);
    expect(values.population).toBe('50,000');
    const saved = await ed.agent.post(`${CITY}/zones/utara`).type('form').send({ ...values, population: '65000' });
    expect(saved.status).toBe(303);
    const after = await get(app, CITY);
    expect(after.text).not.toBe(before.text);
    expect(after.text).toBe(await uncached(db, CITY));
    expect((await get(app, '/')).text).toContain('<td class="num">95,000</td>');
  });

  it('show a changed scenario: the city version covers the scenarios inside it', async () => {
    const { app, db } = cachedApp();
    const path = `${CITY}?scenario=more-trucks`;
    const before = await get(app, path);
    const repo = createCityRepository(db);
    const city = repo.get('kota-contoh')!;
    const doc = structuredClone(city.document);
    const change = doc.scenarios[0].changes[0] as { value: number };
    change.value = 6; // six trucks at TPS Sungai instead of three
    repo.replaceDocument('kota-contoh', city.version, doc);
    const after = await get(app, path);
    expect(after.text).not.toBe(before.text);
    expect(after.text).toBe(await uncached(db, path));
  });

  it('show what another process committed (the command line) to the database file', async () => {
    const dir = tempDir('cache-other-process');
    const file = join(dir, 'wasteplan.db');
    const db = openDatabase(file);
    migrate(db);
    seedDemoCities(db, FIXTURE_CITIES_DIR);
    const { app } = cachedApp(db);
    const before = await get(app, '/');
    const other = openDatabase(file);
    const city = createCityRepository(other).get('kota-contoh')!;
    const doc = structuredClone(city.document);
    doc.zones[0].population = 70_000;
    createCityRepository(other).replaceDocument('kota-contoh', city.version, doc);
    other.close();
    const after = await get(app, '/');
    expect(after.text).not.toBe(before.text);
    expect(after.text).toContain('<td class="num">100,000</td>');
    db.close();
  });

  it('show weighbridge tickets imported after the page was cached (they do not change the city version)', async () => {
    const { app, db } = cachedApp();
    const path = `${CITY}/weighbridge`;
    expect((await get(app, path)).text).toContain('No weighbridge tickets yet.');
    const text = 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg\nT1,2024-05-01,L 1,tps-pasar,tpa-contoh,9000,5000\n';
    expect(importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'may.csv', text }).ok).toBe(true);
    const after = await get(app, path);
    expect(after.text).toContain('1 ticket.');
    expect(after.text).toBe(await uncached(db, path));
  });

  it('stop serving a city made private, and a city deleted and made again under the same id at version 1', async () => {
    const { app, db } = cachedApp();
    expect((await get(app, CITY)).status).toBe(200);
    makePrivate(db, 'kota-contoh');
    const res = await get(app, CITY);
    expect(res.status).toBe(303);

    const { app: app2, db: db2 } = cachedApp();
    const first = await get(app2, CITY);
    const repo = createCityRepository(db2);
    repo.delete('kota-contoh');
    const again = fixtureCity();
    again.zones[0].population = 51_000;
    await new Promise((r) => setTimeout(r, 5)); // a later updated_at than the deleted city's
    repo.insert(again);
    db2.prepare("UPDATE cities SET public = 1 WHERE id = 'kota-contoh'").run();
    expect(repo.get('kota-contoh')?.version).toBe(1);
    const second = await get(app2, CITY);
    expect(second.text).not.toBe(first.text);
    expect(second.text).toBe(await uncached(db2, CITY));
    // The run cache alone (no page cache in front): a version-1 result of the old city is not reused.
    const runs = createRunCache(computeCity);
    const oldOutcome = runs.get({ id: 'x', version: 1, updatedAt: '2026-01-01T00:00:00.000Z' }, null, () => fixtureCity());
    const newOutcome = runs.get({ id: 'x', version: 1, updatedAt: '2026-01-02T00:00:00.000Z' }, null, () => again);
    expect(newOutcome).not.toBe(oldOutcome);
    expect(runs.stats).toEqual({ hits: 0, misses: 2 });
  });

  it('never keep a page for a signed-in person, or one with a form token, and keep each language apart', async () => {
    const { app, db, pages } = cachedApp();
    createUser(db, { email: 'vi@x.org', password: PASSWORD, displayName: 'Vi Viewer' });
    const vi = await signIn(app, 'vi@x.org', PASSWORD);
    const before = pages.stats;
    const signedIn = await vi.agent.get(CITY).expect(200);
    expect(signedIn.text).toContain('Vi Viewer');
    await vi.agent.get(CITY).expect(200);
    expect(pages.stats.entries).toBe(before.entries);
    expect(pages.stats.hits).toBe(before.hits);
    // The sign-in page carries a CSRF token (and starts a session): never kept.
    await get(app, '/login');
    await get(app, '/login');
    expect(pages.stats.hits).toBe(before.hits);
    // A visitor does not get the signed-in person's page, and gets each language's own.
    const visitor = await get(app, CITY);
    expect(visitor.text).not.toContain('Vi Viewer');
    const id = await request(app).get(CITY).set('Accept-Language', 'id');
    expect(id.text).toMatch(/<html lang="id"/);
    expect((await get(app, CITY)).text).toMatch(/<html lang="en"/);
  });
});
