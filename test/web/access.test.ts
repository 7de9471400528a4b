/**
 * Each role gets exactly its rights on every route.
 *
 * The routes come from the app's router stack (test/web/crawl.ts), so a route
 * added later is covered without editing this file, and one that RULES does
 * not classify fails the test until it is classified. Each route is asked by
 * six people: a visitor, a viewer, an editor and a city administrator of
 * city A, an editor of city B only, and a site administrator, with A public
 * and again with A private. The expected answer follows from the rule:
 *
 *   public     anybody
 *   login      anybody signed in
 *   read       viewer of the city (anybody when the city is public)
 *   edit       editor of the city
 *   cityAdmin  city administrator of the city
 *   siteAdmin  site administrators only
 *
 * Refused: a visitor reading a page is sent to /login?next=<the page> (303),
 * a visitor posting gets 401, a signed-in person without the role 403.
 * Allowed: a GET answers 200 unless STATUS_WHEN_ALLOWED says otherwise (with
 * its reason); a POST (sent with a valid CSRF token and an empty form) gets
 * past the role check: it is answered, but not with 401, 403, a sign-in
 * redirect or a 5xx. Site administrators may do everything.
 *
 * Also here: the session cookie's flags through the real server configuration
 * (COOKIE_SECURE), signing out ending the session for good, and the sign-in
 * limit not being escaped by a made-up X-Forwarded-For.
 */
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';

// Before the app is imported: PDF routes answer 503 at once instead of starting Chromium 20 times.
process.env.CHROMIUM_PATH = '/nonexistent/chromium';
const { COLLECTIONS } = await import('../../src/model/cityFile.js');
const { createCityRepository } = await import('../../src/store/cities.js');
const { applyEdit, recordHash } = await import('../../src/store/cityEdits.js');
const { FAST_SCRYPT_FOR_TESTS } = await import('../../src/store/users.js');
const { importWeighbridgeCsv } = await import('../../src/store/weighbridge.js');
const { configFromEnv, startServer } = await import('../../src/server.js');
const { appWithFixture, fixtureCity } = await import('./helpers.js');
const { createUser, makePrivate, signIn, visitor } = await import('./auth-helpers.js');
const { appRoutes } = await import('./crawl.js');
const { LOGIN_LIMITS } = await import('../../src/web/routes/auth.js');

type Level = 'public' | 'login' | 'read' | 'edit' | 'cityAdmin' | 'siteAdmin';

const A = 'kota-contoh';
const B = 'kota-lain';
const PASSWORD = 'long password 1';

/** Every route and who may use it. Collections (src/model/cityFile.ts COLLECTIONS) all have the same eight routes. */
const RULES: Record<string, Level> = {
  'GET /healthz': 'public',
  'GET /': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'public',
  'GET /setup': 'public',
  'POST /setup': 'public',
  'GET /account': 'login',
  'POST /account/password': 'login',
  'POST /account/language': 'login',
  'GET /admin/users': 'siteAdmin',
  'POST /admin/users': 'siteAdmin',
  'GET /admin/users/:userId': 'siteAdmin',
  'POST /admin/users/:userId': 'siteAdmin',
  'GET /admin/backup': 'siteAdmin',
  'GET /cities/new': 'login',
  'POST /cities/new/copy': 'login',
  'GET /cities/new/scratch': 'login',
  'POST /cities/new/scratch/reset': 'login',
  'GET /cities/new/scratch/:step': 'login',
  'POST /cities/new/scratch/:step': 'login',
  'GET /cities/import': 'login',
  'POST /cities/import': 'login',
  'POST /cities/import/confirm': 'login',
  'GET /cities/:id': 'read',
  'GET /cities/:id/members': 'cityAdmin',
  'POST /cities/:id/members': 'cityAdmin',
  'GET /cities/:id/scenarios': 'read',
  'GET /cities/:id/scenarios/new': 'edit',
  'POST /cities/:id/scenarios': 'edit',
  'GET /cities/:id/scenarios/:sid': 'read',
  'POST /cities/:id/scenarios/:sid': 'edit',
  'POST /cities/:id/scenarios/:sid/clone': 'edit',
  'POST /cities/:id/scenarios/:sid/delete': 'edit',
  'POST /cities/:id/scenarios/:sid/changes': 'edit',
  'POST /cities/:id/scenarios/:sid/changes/:n/delete': 'edit',
  'GET /cities/:id/compare': 'read',
  'GET /cities/:id/report': 'read',
  'GET /cities/:id/report.pdf': 'read',
  'GET /cities/:id/report/tables/:file': 'read',
  'GET /cities/:id/tables': 'read',
  'GET /cities/:id/export.json': 'read',
  'GET /cities/:id/tables/:file': 'read',
  'POST /cities/:id/tables/:table/import': 'edit',
  'POST /cities/:id/tables/:table/import/confirm': 'edit',
  'GET /cities/:id/history': 'read',
  'POST /cities/:id/history/:auditId/restore': 'cityAdmin',
  'GET /cities/:id/settings': 'read',
  'POST /cities/:id/settings': 'edit',
  'GET /cities/:id/composition': 'read',
  'POST /cities/:id/composition': 'edit',
  'GET /cities/:id/seasonal': 'read',
  'POST /cities/:id/seasonal': 'edit',
  'GET /cities/:id/weighbridge': 'read',
  'POST /cities/:id/weighbridge/import': 'edit',
  'POST /cities/:id/weighbridge/imports/:importId/delete': 'edit',
  ...Object.fromEntries(
    COLLECTIONS.flatMap((c) => [
      [`GET /cities/:id/${c}`, 'read'],
      [`GET /cities/:id/${c}/new`, 'edit'],
      [`POST /cities/:id/${c}`, 'edit'],
      [`GET /cities/:id/${c}/:recordId`, 'read'],
      [`GET /cities/:id/${c}/:recordId/edit`, 'edit'],
      [`POST /cities/:id/${c}/:recordId`, 'edit'],
      [`POST /cities/:id/${c}/:recordId/delete`, 'edit'],
      [`GET /cities/:id/${c}/:recordId/history`, 'read'],
    ]),
  ),
};

type Role = 'visitor' | 'viewer' | 'editor' | 'cityAdmin' | 'editorOfB' | 'siteAdmin';
const ROLES: Role[] = ['visitor', 'viewer', 'editor', 'cityAdmin', 'editorOfB', 'siteAdmin'];

function allowed(level: Level, role: Role, aPublic: boolean): boolean {
  switch (level) {
    case 'public':
      return true;
    case 'login':
      return role !== 'visitor';
    case 'read':
      return aPublic || ['viewer', 'editor', 'cityAdmin', 'siteAdmin'].includes(role);
    case 'edit':
      return ['editor', 'cityAdmin', 'siteAdmin'].includes(role);
    case 'cityAdmin':
      return ['cityAdmin', 'siteAdmin'].includes(role);
    case 'siteAdmin':
      return role === 'siteAdmin';
  }
}

interface World {
  app: Express;
  recordIds: Record<string, string | null>;
  scenarioId: string;
  auditId: number;
  importId: number;
  siteAdminId: number;
}

/** City A (the fixture) with an edit in its history and a weighbridge import; city B private; one account per role. */
function world(aPublic: boolean): World {
  const { app, db } = appWithFixture({ scrypt: FAST_SCRYPT_FOR_TESTS });
  const other = fixtureCity();
  other.city.id = B;
  other.city.name = 'Kota Lain';
  createCityRepository(db).insert(other);
  if (!aPublic) makePrivate(db, A);
  createUser(db, { email: 'viewer@x.org', password: PASSWORD, roles: { [A]: 'viewer' } });
  createUser(db, { email: 'editor@x.org', password: PASSWORD, roles: { [A]: 'editor' } });
  createUser(db, { email: 'cityadmin@x.org', password: PASSWORD, roles: { [A]: 'cityAdmin' } });
  createUser(db, { email: 'editorb@x.org', password: PASSWORD, roles: { [B]: 'editor' } });
  const admin = createUser(db, { email: 'root@x.org', password: PASSWORD, siteAdmin: true });
  const city = createCityRepository(db).get(A)!;
  const zone = city.document.zones[0];
  const edit = applyEdit(db, { cityId: A, userId: admin.id, action: 'update', collection: 'zones', recordId: zone.id, after: { ...zone, name: `${zone.name} Raya` }, baseRecordHash: recordHash(zone) });
  if (edit.kind !== 'ok' || !edit.audit) throw new Error('the fixture edit failed');
  const tickets = importWeighbridgeCsv(db, { cityId: A, userId: admin.id, fileName: 'a.csv', text: 'ticket_id,date,vehicle,landfill_id,gross_kg,tare_kg\nT1,2024-01-01,L 1,tpa-contoh,9000,5000\n' });
  if (!tickets.ok) throw new Error('the fixture import failed');
  const doc = createCityRepository(db).get(A)!.document;
  const recordIds = Object.fromEntries(COLLECTIONS.map((c) => [c, (doc[c] as Array<{ id: string }>)[0]?.id ?? null]));
  return { app, recordIds, scenarioId: doc.scenarios[0].id, auditId: edit.audit.id, importId: tickets.importId, siteAdminId: admin.id };
}

const EMAILS: Record<Exclude<Role, 'visitor'>, string> = {
  viewer: 'viewer@x.org',
  editor: 'editor@x.org',
  cityAdmin: 'cityadmin@x.org',
  editorOfB: 'editorb@x.org',
  siteAdmin: 'root@x.org',
};

/** A concrete URL for a route: a real record, scenario, change, file... of city A; a route with a parameter not listed here fails. */
function concrete(path: string, w: World): string {
  const collection = /^\/cities\/:id\/([A-Za-z]+)\/:recordId/.exec(path)?.[1];
  return path.replace(/:([A-Za-z]+)/g, (_all, name: string) => {
    switch (name) {
      case 'id':
        return A;
      case 'recordId':
        return w.recordIds[collection ?? ''] ?? 'none';
      case 'sid':
        return w.scenarioId;
      case 'n':
        return '0';
      case 'userId':
        return String(w.siteAdminId);
      case 'auditId':
        return String(w.auditId);
      case 'importId':
        return String(w.importId);
      case 'step':
        return '1';
      case 'table':
        return 'zones';
      case 'file':
        return path.startsWith('/cities/:id/report/') ? 'all.xlsx' : 'zones.csv';
      default:
        throw new Error(`route ${path}: no value for :${name}; add one to concrete() in test/web/access.test.ts`);
    }
  });
}

/** What an allowed GET answers when it is not 200, and why. */
function statusWhenAllowed(path: string, role: Role, w: World): number {
  if (path === '/setup') return 404; // an account exists: setup is over
  if (path === '/login' && role !== 'visitor') return 303; // signed in: on to next
  if (path === '/cities/new/scratch') return 303; // to the next step of the draft
  if (path === '/cities/:id/report.pdf') return 503; // Chromium is hidden from this test
  const collection = /^\/cities\/:id\/([A-Za-z]+)\/:recordId/.exec(path)?.[1];
  if (collection && w.recordIds[collection] === null) return 404; // the fixture has no such record: found missing after the role check
  return 200;
}

async function sessionOf(app: Express, role: Role) {
  return role === 'visitor' ? visitor(app) : signIn(app, EMAILS[role], PASSWORD);
}

describe('roles on every route', () => {
  it('classifies every route of the app (a new route must be added to RULES)', () => {
    const w = world(true);
    const routes = appRoutes(w.app).filter((r) => r.method === 'GET' || r.method === 'POST');
    const unclassified = routes.map((r) => `${r.method} ${r.path}`).filter((k) => !(k in RULES));
    expect(unclassified).toEqual([]);
    const others = appRoutes(w.app).filter((r) => r.method !== 'GET' && r.method !== 'POST');
    expect(others, 'only GET and POST routes are expected').toEqual([]);
    const gone = Object.keys(RULES).filter((k) => !routes.some((r) => `${r.method} ${r.path}` === k));
    expect(gone, 'RULES lists routes the app no longer has').toEqual([]);
  });

  for (const aPublic of [true, false]) {
    it(`gives each role exactly its rights, city A ${aPublic ? 'public' : 'private'}`, async () => {
      const w = world(aPublic);
      const routes = appRoutes(w.app).filter((r) => (r.method === 'GET' || r.method === 'POST') && `${r.method} ${r.path}` in RULES);
      // Sign-out last: it ends the session the other requests use.
      routes.sort((x, y) => Number(x.path === '/logout') - Number(y.path === '/logout'));
      const wrong: string[] = [];
      for (const role of ROLES) {
        const s = await sessionOf(w.app, role);
        const token = await s.csrf(role === 'visitor' ? '/login' : '/account');
        for (const r of routes) {
          const level = RULES[`${r.method} ${r.path}`];
          const url = concrete(r.path, w);
          const res = r.method === 'GET' ? await s.agent.get(url) : await s.agent.post(url).type('form').send({ _csrf: token });
          const may = allowed(level, role, aPublic);
          const where = `${role} ${r.method} ${url} (${level}, A ${aPublic ? 'public' : 'private'}): ${res.status}${res.headers.location ? ` -> ${res.headers.location}` : ''}`;
          if (res.status >= 500 && !(may && r.method === 'GET' && res.status === statusWhenAllowed(r.path, role, w))) {
            wrong.push(`${where}: a server error`);
          } else if (may) {
            if (r.method === 'GET') {
              const expected = statusWhenAllowed(r.path, role, w);
              if (res.status !== expected) wrong.push(`${where}: expected ${expected}`);
            } else if (res.status === 401 || res.status === 403 || String(res.headers.location ?? '').startsWith('/login')) {
              wrong.push(`${where}: refused, but the role may`);
            }
          } else if (role === 'visitor') {
            const expected = r.method === 'GET' ? `303 -> /login?next=${encodeURIComponent(url)}` : '401';
            const got = r.method === 'GET' ? `${res.status} -> ${res.headers.location}` : String(res.status);
            if (got !== expected) wrong.push(`${where}: expected ${expected}`);
          } else if (res.status !== 403) {
            wrong.push(`${where}: expected 403`);
          }
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);
  }

  it('answers 404 for a city that does not exist on every city route, whoever asks', async () => {
    const w = world(true);
    const routes = appRoutes(w.app).filter((r) => r.path.startsWith('/cities/:id'));
    for (const role of ['visitor', 'siteAdmin'] as const) {
      const s = await sessionOf(w.app, role);
      const token = await s.csrf(role === 'visitor' ? '/login' : '/account');
      for (const r of routes) {
        const url = concrete(r.path, w).replace(`/cities/${A}`, '/cities/nowhere');
        const res = r.method === 'GET' ? await s.agent.get(url) : await s.agent.post(url).type('form').send({ _csrf: token });
        expect(res.status, `${role} ${r.method} ${url}`).toBe(404);
      }
    }
  });
});

describe('the session cookie through the server configuration', () => {
  async function cookieFrom(env: NodeJS.ProcessEnv, headers: Record<string, string>): Promise<string | undefined> {
    const config = { ...configFromEnv({ ...env, PORT: '0', DATABASE_PATH: ':memory:' }), scrypt: FAST_SCRYPT_FOR_TESTS };
    const server = await startServer(config, () => {});
    try {
      const res = await fetch(`${server.url}/login`, { headers });
      return res.headers.getSetCookie().find((c) => c.startsWith('wasteplan.sid='));
    } finally {
      await server.close();
    }
  }

  it('is HttpOnly and SameSite=Lax, Secure with COOKIE_SECURE=1 behind a TLS proxy, and never sent over plain HTTP then', async () => {
    const plain = await cookieFrom({}, {});
    expect(plain).toMatch(/; HttpOnly/);
    expect(plain).toMatch(/; SameSite=Lax/);
    expect(plain).not.toMatch(/; Secure/);
    const tls = await cookieFrom({ COOKIE_SECURE: '1' }, { 'X-Forwarded-Proto': 'https' });
    expect(tls).toMatch(/; Secure/);
    expect(tls).toMatch(/; HttpOnly/);
    expect(tls).toMatch(/; SameSite=Lax/);
    expect(await cookieFrom({ COOKIE_SECURE: '1' }, {})).toBeUndefined();
  });
});

describe('signing out', () => {
  it('ends the session for good: the old cookie and token change nothing afterwards', async () => {
    const w = world(true);
    const { agent, cookie, csrf } = await signIn(w.app, 'editor@x.org', PASSWORD);
    const token = await csrf(`/cities/${A}/scenarios`);
    await agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    const replay = await request(w.app).post(`/cities/${A}/scenarios`).set('Cookie', cookie).type('form').send({ _csrf: token, name: 'After sign-out' });
    expect(replay.status).toBe(403);
    const page = await request(w.app).get(`/cities/${A}/scenarios`).set('Cookie', cookie);
    expect(page.text).not.toContain('After sign-out');
    expect((await request(w.app).get('/account').set('Cookie', cookie)).status).toBe(303);
  });
});

describe('the sign-in limit', () => {
  it('counts per address, and a made-up X-Forwarded-For does not get round it (no proxy is trusted without COOKIE_SECURE)', async () => {
    const { app, db } = appWithFixture({ scrypt: FAST_SCRYPT_FOR_TESTS });
    createUser(db, { email: 'ana@x.org', password: PASSWORD });
    const v = await visitor(app);
    const token = await v.csrf('/login');
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perEmail; i++) {
      const res = await v.agent.post('/login').set('X-Forwarded-For', `203.0.113.${i}`).type('form').send({ _csrf: token, email: 'ana@x.org', password: `wrong ${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(LOGIN_LIMITS.perEmail).fill(422), 429]);
    // Even the right password waits now.
    const right = await v.agent.post('/login').set('X-Forwarded-For', '198.51.100.7').type('form').send({ _csrf: token, email: 'ana@x.org', password: PASSWORD });
    expect(right.status).toBe(429);
  });
});
