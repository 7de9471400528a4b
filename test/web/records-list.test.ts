/**
 * Long lists: Surabaya's 190 transfer points, 50 a page, searched by id or
 * name, sorted by any shown column, with the query kept in every link. Read
 * in English (the language cookie): Surabaya otherwise opens in Indonesian
 * (test/i18n/records.test.ts reads these pages in Indonesian and Chinese).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findReferrers } from '../../src/reports/fields.js';
import { createCityRepository } from '../../src/store/cities.js';
import { recordHash } from '../../src/store/cityEdits.js';
import type { Db } from '../../src/store/db.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { createApp } from '../../src/web/app.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { LANGUAGE_COOKIE } from '../../src/web/i18n.js';
import { freshDb } from '../store/helpers.js';
import { createUser, signIn } from './auth-helpers.js';

interface Tp {
  id: string;
  name: string;
  vehicles: number;
  legs: Array<{ siteId: string; roundTripKm: number }>;
}

const points = (JSON.parse(readFileSync(join(EXAMPLES_DIR, 'surabaya.city.json'), 'utf8')) as { transferPoints: Tp[] }).transferPoints;
const LIST = '/cities/surabaya/transferPoints';
let app: Express;
let db: Db;

beforeAll(() => {
  db = freshDb();
  seedDemoCities(db, EXAMPLES_DIR);
  app = createApp({ db, log: () => {} });
});

/** The names in the rows of a list page, in order. */
function rowNames(html: string): string[] {
  return [...html.matchAll(/<tr><th scope="row"><a href="[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);
}

/** A GET in English. */
const getEn = (url: string) => request(app).get(url).set('Cookie', `${LANGUAGE_COOKIE}=en`);

const byName = (a: Tp, b: Tp) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);

describe('the transfer point list of Surabaya', () => {
  it('has 190 points, 50 a page by name, and four pages', async () => {
    expect(points).toHaveLength(190);
    const sorted = [...points].sort(byName).map((p) => p.name);
    const p1 = await getEn(LIST).expect(200);
    expect(p1.text).toContain('1–50 of 190 transfer points');
    expect(rowNames(p1.text)).toEqual(sorted.slice(0, 50));
    expect(p1.text).toContain(`<a href="${LIST}?sort=name&amp;dir=asc&amp;page=4">4</a>`);
    const p4 = await getEn(`${LIST}?sort=name&dir=asc&page=4`).expect(200);
    expect(p4.text).toContain('151–190 of 190 transfer points');
    expect(rowNames(p4.text)).toEqual(sorted.slice(150));
    expect(p4.text).toContain(`href="${LIST}?sort=name&amp;dir=asc&amp;page=3" rel="prev"`);
    expect(p4.text).not.toContain('rel="next"');
    // A page past the end shows the last one.
    const p9 = await getEn(`${LIST}?page=9`).expect(200);
    expect(p9.text).toContain('151–190 of 190 transfer points');
  });

  it('sorts by the haul to the landfill, farthest first, and by vehicles', async () => {
    const res = await getEn(`${LIST}?sort=legs&dir=desc`).expect(200);
    const far = [...points].sort((a, b) => b.legs.at(-1)!.roundTripKm - a.legs.at(-1)!.roundTripKm);
    expect(rowNames(res.text)[0]).toBe(far[0].name);
    expect(rowNames(res.text).slice(0, 5)).toEqual(far.slice(0, 5).map((p) => p.name));
    expect(res.text).toContain('aria-sort="descending"');
    // Clicking the sorted header again turns the order.
    expect(res.text).toContain(`href="${LIST}?sort=legs&amp;dir=asc"`);
    const asc = await getEn(`${LIST}?sort=legs&dir=asc`).expect(200);
    const nearest = Math.min(...points.map((p) => p.legs.at(-1)!.roundTripKm));
    expect(points.find((p) => p.name === rowNames(asc.text)[0])?.legs.at(-1)?.roundTripKm).toBe(nearest);
    const veh = await getEn(`${LIST}?sort=vehicles&dir=desc`).expect(200);
    const mostVehicles = Math.max(...points.map((p) => p.vehicles));
    expect(points.find((p) => p.name === rowNames(veh.text)[0])?.vehicles).toBe(mostVehicles);
  });

  it('searches id and name in any case, keeping the search in sort and page links', async () => {
    const res = await getEn(`${LIST}?q=TEGALSARI&sort=legs&dir=desc`).expect(200);
    const expected = points.filter((p) => p.id.includes('tegalsari') || p.name.toLowerCase().includes('tegalsari'));
    expect(expected.length).toBeGreaterThan(1);
    expect(res.text).toContain(`1–${expected.length} of ${expected.length} transfer points matching “TEGALSARI” (of 190)`);
    expect(rowNames(res.text).sort()).toEqual(expected.map((p) => p.name).sort());
    expect(res.text).toContain(`href="${LIST}?q=TEGALSARI&amp;sort=name&amp;dir=asc"`);
    expect(res.text).toContain('<input id="q" name="q" type="search" value="TEGALSARI">');
    const none = await getEn(`${LIST}?q=nowhere`).expect(200);
    expect(none.text).toContain('No transfer points match “nowhere”.');
  });

  it('ignores an unknown sort column or a bad page', async () => {
    const res = await getEn(`${LIST}?sort=__proto__&dir=sideways&page=-1`).expect(200);
    expect(res.text).toContain('1–50 of 190 transfer points');
    expect(rowNames(res.text)[0]).toBe([...points].sort(byName)[0].name);
  });

  it('escapes the search as typed', async () => {
    const res = await getEn(`${LIST}?q=${encodeURIComponent('<b>"x"</b>')}`).expect(200);
    expect(res.text).not.toContain('<b>"x"</b>');
    expect(res.text).toContain('value="&lt;b&gt;&#34;x&#34;&lt;/b&gt;"');
  });

  it('a landfill every point hauls to is not deleted: the first referrers listed, the rest folded', async () => {
    createUser(db, { email: 'ed@x.org', password: 'long password 1', roles: { surabaya: 'editor' } });
    const s = await signIn(app, 'ed@x.org', 'long password 1');
    const city = createCityRepository(db).get('surabaya');
    if (!city) throw new Error('no surabaya');
    const referrers = findReferrers(city.document, 'landfills', 'benowo');
    expect(referrers.length).toBeGreaterThan(190);
    const page = await s.agent.get('/cities/surabaya/landfills/benowo?lang=en').expect(200);
    expect(page.text).toContain(`<summary>and ${referrers.length - 10} more</summary>`);
    const csrf = await s.csrf('/cities/surabaya/landfills');
    const res = await s.agent.post('/cities/surabaya/landfills/benowo/delete').type('form').send({ _csrf: csrf, _baseHash: recordHash(city.document.landfills[0]) }).expect(409);
    expect(res.text).toContain(`<li>${referrers[0].message}</li>`);
    expect(res.text).toContain(`<summary>and ${referrers.length - 10} more</summary>`);
    expect((res.text.match(/<li>/g) ?? []).length).toBeGreaterThanOrEqual(referrers.length);
    expect(createCityRepository(db).get('surabaya')?.version).toBe(1);
  });
});
