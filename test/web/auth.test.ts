/**
 * Signing in and out, sessions, CSRF on every state-changing route, roles per
 * city, first-start setup and the account page, through HTTP.
 */
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { configFromEnv, ConfigError, startServer } from '../../src/server.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUserRepository, FAST_SCRYPT_FOR_TESTS } from '../../src/store/users.js';
import { createApp } from '../../src/web/app.js';
import { CSRF_FAILED_MESSAGE, safeNextPath, SESSION_COOKIE } from '../../src/web/auth.js';
import { LOGIN_FAILED_MESSAGE, LOGIN_LIMITS } from '../../src/web/routes/auth.js';
import { FIXTURE_CITIES_DIR, tempDir } from '../store/helpers.js';
import { createUser, csrfFrom, makePrivate, signIn, visitor } from './auth-helpers.js';
import { appWithFixture, escapeHtml, fixtureCity } from './helpers.js';

const PASSWORD = 'a long password';

/** The fixture app (kota-contoh, public) with a cheap scrypt for passwords set through the pages. */
function app() {
  return appWithFixture({ scrypt: FAST_SCRYPT_FOR_TESTS });
}

/** A second, private city "kota-lain" (new cities are private). */
function addPrivateCity(db: Db, id = 'kota-lain', name = 'Kota Lain'): void {
  const city = fixtureCity();
  city.city.id = id;
  city.city.name = name;
  createCityRepository(db).insert(city);
}

function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
}

async function postLogin(appInstance: Express, email: string, password: string, extra: Record<string, string> = {}) {
  const v = await visitor(appInstance);
  const token = await v.csrf('/login');
  return v.agent.post('/login').type('form').send({ _csrf: token, email, password, ...extra });
}

describe('signing in', () => {
  it('shows a form with a CSRF token and no cookie for a visitor who only reads', async () => {
    const { app: a } = app();
    const home = await request(a).get('/').expect(200);
    expect(sessionCookie(home)).toBeUndefined();
    expect(home.text).toContain('<a href="/login">Sign in</a>');
    const page = await request(a).get('/login').expect(200);
    expect(csrfFrom(page.text)).toMatch(/^[0-9a-f]{256}$/);
    expect(page.text).toContain('name="email"');
    expect(page.text).toContain('type="password"');
  });

  it('with the right password: a new session id, a cookie HttpOnly and SameSite=Lax, redirect to next, "Signed in as"', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD, displayName: 'Ana <Planner>' });
    const agent = request.agent(a);
    const page = await agent.get('/login?next=/cities/kota-contoh').expect(200);
    const before = sessionCookie(page);
    expect(page.text).toContain('name="next" value="/cities/kota-contoh"');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: 'ANA@example.org', password: PASSWORD, next: '/cities/kota-contoh' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cities/kota-contoh');
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after?.split(';')[0]).not.toBe(before?.split(';')[0]);
    expect(after).toMatch(/; HttpOnly/);
    expect(after).toMatch(/; SameSite=Lax/);
    expect(after).toMatch(/; Path=\//);
    expect(after).not.toMatch(/; Secure/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(after ?? '')?.[1] ?? '');
    expect(expires - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(`Signed in as <a href="/account">${escapeHtml('Ana <Planner>')}</a>`);
    expect(home.text).toContain('action="/logout"');
  });

  it('with a wrong password, an unknown email or a disabled account: 422 and the same message, email kept', async () => {
    const { app: a, db } = app();
    const u = createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const wrong = await postLogin(a, 'ana@example.org', 'not the password');
    const unknown = await postLogin(a, 'nobody@example.org', PASSWORD);
    createUserRepository(db).setDisabled(u.id, true);
    const disabled = await postLogin(a, 'ana@example.org', PASSWORD);
    for (const res of [wrong, unknown, disabled]) {
      expect(res.status).toBe(422);
      expect(res.text).toContain(LOGIN_FAILED_MESSAGE);
      expect(sessionCookie(res)?.includes('userId')).toBeFalsy();
    }
    expect(wrong.text).toContain('value="ana@example.org"');
    expect(unknown.text).toContain('value="nobody@example.org"');
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.text)).toBe(strip(unknown.text));
    const missing = await postLogin(a, '', '');
    expect(missing.status).toBe(422);
  });

  it('escapes what was typed when showing the form again', async () => {
    const { app: a } = app();
    const res = await postLogin(a, '"><script>alert(1)</script>', 'x');
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain(escapeHtml('"><script>alert(1)</script>'));
  });

  it.each([
    ['/cities/kota-contoh?year=2030', '/cities/kota-contoh?year=2030'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/ok\r\nSet-Cookie: x=1', '/'],
    ['', '/'],
  ])('goes only to a same-site path after signing in: next=%j -> %s', async (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const res = await postLogin(a, 'ana@example.org', PASSWORD, { next });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(expected);
  });

  it('sends a signed-in visitor of /login on to next', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const { agent } = await signIn(a, 'ana@example.org', PASSWORD);
    const res = await agent.get('/login?next=/account').expect(303);
    expect(res.headers.location).toBe('/account');
  });
});

describe('failed sign-ins are rate limited', () => {
  it(`refuses the ${LOGIN_LIMITS.perEmail + 1}th failure for one email with 429 for ${LOGIN_LIMITS.windowMs / 60000} minutes, even with the right password`, async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    createUser(db, { email: 'bo@example.org', password: PASSWORD });
    const v = await visitor(a);
    const token = await v.csrf('/login');
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: `wrong ${i}` }).expect(422);
    }
    const limited = await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many sign-in attempts; try again in 15 minutes.');
    // Another account from the same address is not locked out by it.
    const other = await v.agent.post('/login').type('form').send({ _csrf: token, email: 'bo@example.org', password: PASSWORD });
    expect(other.status).toBe(303);
  });

  it('forgets earlier typos once the right password is given', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const v = await visitor(a);
    let token = await v.csrf('/login');
    for (let i = 0; i < LOGIN_LIMITS.perEmail - 1; i++) {
      await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: 'wrong' }).expect(422);
    }
    await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: PASSWORD }).expect(303);
    token = await v.csrf('/account');
    await v.agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    token = await v.csrf('/login');
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: 'wrong' }).expect(422);
    }
    await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: 'wrong' }).expect(429);
  });

  it(`limits one address to ${LOGIN_LIMITS.perAddress} failures over all emails`, async () => {
    const { app: a, db } = app();
    const emails = Array.from({ length: Math.ceil(LOGIN_LIMITS.perAddress / LOGIN_LIMITS.perEmail) + 1 }, (_, i) => `u${i}@example.org`);
    for (const email of emails) createUser(db, { email, password: PASSWORD });
    const v = await visitor(a);
    const token = await v.csrf('/login');
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      const email = emails[Math.floor(i / LOGIN_LIMITS.perEmail)];
      await v.agent.post('/login').type('form').send({ _csrf: token, email, password: 'wrong' }).expect(422);
    }
    await v.agent.post('/login').type('form').send({ _csrf: token, email: emails.at(-1), password: PASSWORD }).expect(429);
  });

  it('keeps the count per app, so a new app starts afresh', async () => {
    const first = app();
    createUser(first.db, { email: 'ana@example.org', password: PASSWORD });
    const v = await visitor(first.app);
    const token = await v.csrf('/login');
    for (let i = 0; i <= LOGIN_LIMITS.perEmail; i++) await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: 'x' });
    await v.agent.post('/login').type('form').send({ _csrf: token, email: 'ana@example.org', password: 'x' }).expect(429);
    const second = app();
    createUser(second.db, { email: 'ana@example.org', password: PASSWORD });
    expect((await postLogin(second.app, 'ana@example.org', 'x')).status).toBe(422);
  });
});

describe('signing out', () => {
  it('ends the session: the old cookie no longer signs anybody in', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const { agent, csrf, cookie } = await signIn(a, 'ana@example.org', PASSWORD);
    const account = await agent.get('/account').expect(200);
    expect(account.text).toContain('ana@example.org');
    // The same cookie works without the agent, until signing out.
    await request(a).get('/account').set('Cookie', cookie).expect(200);

    const token = await csrf();
    const out = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/');
    expect(sessionCookie(out)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(db.prepare("SELECT count(*) FROM sessions WHERE json_extract(data, '$.userId') IS NOT NULL").pluck().get()).toBe(0);

    const replay = await request(a).get('/account').set('Cookie', cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2Faccount');
    const home = await request(a).get('/').set('Cookie', cookie).expect(200);
    expect(home.text).not.toContain('Signed in as');
  });

  it('signs a disabled account out on its next request', async () => {
    const { app: a, db } = app();
    const u = createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const { agent } = await signIn(a, 'ana@example.org', PASSWORD);
    await agent.get('/account').expect(200);
    createUserRepository(db).setDisabled(u.id, true);
    await agent.get('/account').expect(303);
  });
});

describe('the session cookie', () => {
  it('is Secure with cookieSecure, behind a proxy that says https', async () => {
    const { app: a, db } = appWithFixture({ cookieSecure: true, scrypt: FAST_SCRYPT_FOR_TESTS });
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const agent = request.agent(a);
    const page = await agent.get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(sessionCookie(page)).toMatch(/; Secure/);
    expect(sessionCookie(page)).toMatch(/; HttpOnly/);
    expect(sessionCookie(page)).toMatch(/; SameSite=Lax/);
    // Over plain HTTP no Secure cookie is sent at all, so nobody is signed in over it.
    const plain = await request(a).get('/login').expect(200);
    expect(sessionCookie(plain)).toBeUndefined();
  });

  it('is signed with the given secret: a cookie from another secret is not accepted', async () => {
    const one = appWithFixture({ sessionSecret: 'one secret', scrypt: FAST_SCRYPT_FOR_TESTS });
    createUser(one.db, { email: 'ana@example.org', password: PASSWORD });
    const { cookie } = await signIn(one.app, 'ana@example.org', PASSWORD);
    const other = createApp({ db: one.db, sessionSecret: 'another secret', log: () => {} });
    await request(other).get('/account').set('Cookie', cookie).expect(303);
    await request(one.app).get('/account').set('Cookie', cookie).expect(200);
  });

  it('without SESSION_SECRET is signed with a secret generated once and kept in app_meta', async () => {
    const { db } = app();
    const secret = db.prepare("SELECT value FROM app_meta WHERE key = 'session_secret'").pluck().get() as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    createApp({ db, log: () => {} });
    expect(db.prepare("SELECT value FROM app_meta WHERE key = 'session_secret'").pluck().get()).toBe(secret);
  });
});

/** Every route of the app answering `method`s that change state, from the router stacks. */
function stateChangingRoutes(appInstance: Express): Array<{ method: string; path: string }> {
  const found: Array<{ method: string; path: string }> = [];
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path)) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on && ['post', 'put', 'patch', 'delete', '_all'].includes(method)) found.push({ method: method.toUpperCase(), path });
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((appInstance as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** A concrete URL for a route path: :id -> the fixture city, :userId -> a user, any other param -> "1". */
function concretePath(path: string, ids: { cityId: string; userId: number }): string {
  return path
    .replace(/\{[^}]*\}/g, '') // optional parts of Express 5 paths
    .replace(/:id\b/g, ids.cityId)
    .replace(/:userId\b/g, String(ids.userId))
    .replace(/:\w+/g, '1')
    .replace(/\*\w+/g, 'x');
}

describe('CSRF', () => {
  /** Routes that may change state without a token: none. */
  const EXCEPTIONS: string[] = [];

  it('every POST, PUT, PATCH and DELETE route of the app answers 403 without a token, and with a wrong one', async () => {
    const { app: a, db } = app();
    const admin = createUser(db, { email: 'root@example.org', password: PASSWORD, siteAdmin: true });
    const routes = stateChangingRoutes(a);
    // The routes of this issue are among them (others' routes are found the same way).
    for (const path of ['/login', '/logout', '/setup', '/account/password', '/account/language', '/admin/users', '/admin/users/:userId', '/cities/:id/members']) {
      expect(routes.map((r) => r.path), path).toContain(path);
    }
    const { agent } = await signIn(a, 'root@example.org', PASSWORD);
    const sessionsBefore = db.prepare('SELECT count(*) FROM users').pluck().get();
    for (const { method, path } of routes) {
      if (EXCEPTIONS.includes(`${method} ${path}`)) continue;
      const url = concretePath(path, { cityId: 'kota-contoh', userId: admin.id });
      const verb = (method === '_ALL' ? 'post' : method.toLowerCase()) as 'post' | 'put' | 'patch' | 'delete';
      const without = await agent[verb](url).type('form').send({ email: 'x@example.org', action: 'add', role: 'viewer' });
      expect(without.status, `${method} ${path} without a token`).toBe(403);
      expect(without.text, `${method} ${path}`).toContain(escapeHtml(CSRF_FAILED_MESSAGE));
      const wrong = await agent[verb](url).type('form').send({ _csrf: 'f'.repeat(256), email: 'x@example.org' });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(403);
      const header = await agent[verb](url).set('x-csrf-token', 'f'.repeat(256)).send({});
      expect(header.status, `${method} ${path} with a wrong header token`).toBe(403);
    }
    // Still signed in, nothing created.
    await agent.get('/account').expect(200);
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(sessionsBefore);
  });

  it('refuses a token from another session', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    createUser(db, { email: 'bo@example.org', password: PASSWORD });
    const ana = await signIn(a, 'ana@example.org', PASSWORD);
    const bo = await signIn(a, 'bo@example.org', PASSWORD);
    const boToken = await bo.csrf();
    await ana.csrf(); // ana has a token of her own
    const res = await ana.agent.post('/account/language').type('form').send({ _csrf: boToken, language: 'id' });
    expect(res.status).toBe(403);
  });

  it('accepts the token in the x-csrf-token header, and in the query string for a multipart upload only', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const { agent, csrf } = await signIn(a, 'ana@example.org', PASSWORD);
    const token = await csrf();
    await agent.post('/account/language').set('x-csrf-token', token).type('form').send({ language: 'id' }).expect(303);
    expect(createUserRepository(db).findByEmail('ana@example.org')?.language).toBe('id');
    await agent.post(`/account/language?_csrf=${token}`).type('form').send({ language: 'zh' }).expect(403);
    await agent.post(`/account/language?_csrf=${token}`).field('language', 'zh').expect(303); // multipart
    await agent.post('/account/language').field('language', 'zh').field('_csrf', token).expect(403); // multipart body is not read here
  });

  it('answers a form posted after the session expired with the "form has expired" page', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const { agent, csrf } = await signIn(a, 'ana@example.org', PASSWORD);
    const token = await csrf();
    db.prepare('DELETE FROM sessions').run();
    const res = await agent.post('/account/language').type('form').send({ _csrf: token, language: 'id' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your form has expired or was not sent from WastePlan; reload the page and try again.');
  });
});

describe('roles per city', () => {
  function world() {
    const { app: a, db } = app();
    addPrivateCity(db, 'kota-lain', 'Kota Lain');
    createUser(db, { email: 'root@example.org', password: PASSWORD, siteAdmin: true });
    createUser(db, { email: 'viewer@example.org', password: PASSWORD, roles: { 'kota-lain': 'viewer' } });
    createUser(db, { email: 'editor@example.org', password: PASSWORD, roles: { 'kota-contoh': 'editor' } });
    createUser(db, { email: 'admin@example.org', password: PASSWORD, roles: { 'kota-lain': 'cityAdmin' } });
    return { a, db };
  }

  it('anybody reads a public city; a private one sends a visitor to sign in (401 for a non-page request)', async () => {
    const { a } = world();
    await request(a).get('/cities/kota-contoh').expect(200);
    const page = await request(a).get('/cities/kota-lain?year=2030');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent('/cities/kota-lain?year=2030')}`);
    const json = await request(a).get('/cities/kota-lain').set('Accept', 'application/json');
    expect(json.status).toBe(401);
    const v = await visitor(a);
    const token = await v.csrf();
    const posted = await v.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'add', email: 'x@example.org', role: 'viewer' });
    expect(posted.status).toBe(401);
    expect(posted.text).toContain('Sign in needed');
  });

  it('an editor of one city gets 403 on a private city they have no role in, naming the role needed', async () => {
    const { a } = world();
    const { agent } = await signIn(a, 'editor@example.org', PASSWORD);
    await agent.get('/cities/kota-contoh').expect(200);
    const res = await agent.get('/cities/kota-lain').expect(403);
    expect(res.text).toContain('This needs the <strong>viewer</strong> role in Kota Lain');
    await agent.get('/cities/kota-lain/members').expect(403);
  });

  it('a viewer reads their private city but cannot manage its members', async () => {
    const { a } = world();
    const { agent, csrf } = await signIn(a, 'viewer@example.org', PASSWORD);
    await agent.get('/cities/kota-lain').expect(200);
    const page = await agent.get('/cities/kota-lain/members').expect(403);
    expect(page.text).toContain('This needs the <strong>city administrator</strong> role in Kota Lain; you are a viewer there.');
    const token = await csrf();
    const res = await agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'add', email: 'editor@example.org', role: 'editor' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('city administrator');
  });

  it('the home page lists the cities each person may read; a site admin sees all', async () => {
    const { a } = world();
    const anon = await request(a).get('/').expect(200);
    expect(anon.text).toContain('href="/cities/kota-contoh"');
    expect(anon.text).not.toContain('Kota Lain');
    expect(anon.text).toContain('1 more city is private');
    const editor = await signIn(a, 'editor@example.org', PASSWORD);
    expect((await editor.agent.get('/').expect(200)).text).not.toContain('href="/cities/kota-lain"');
    const viewer = await signIn(a, 'viewer@example.org', PASSWORD);
    const viewerHome = (await viewer.agent.get('/').expect(200)).text;
    expect(viewerHome).toContain('href="/cities/kota-lain"');
    expect(viewerHome).toContain('href="/cities/kota-contoh"');
    const root = await signIn(a, 'root@example.org', PASSWORD);
    const rootHome = (await root.agent.get('/').expect(200)).text;
    expect(rootHome).toContain('href="/cities/kota-lain"');
    expect(rootHome).not.toContain('private');
    await root.agent.get('/cities/kota-lain').expect(200);
    await root.agent.get('/cities/kota-lain/members').expect(200);
  });

  it('an unknown city is 404 for everybody', async () => {
    const { a } = world();
    await request(a).get('/cities/nowhere').expect(404);
    const { agent } = await signIn(a, 'root@example.org', PASSWORD);
    await agent.get('/cities/nowhere/members').expect(404);
  });
});

describe('first start', () => {
  it('with no account: a banner on the home page, /setup creates the site administrator and signs them in', async () => {
    const { app: a, db } = app();
    const home = await request(a).get('/').expect(200);
    expect(home.text).toContain('<a href="/setup">Create the administrator</a>');
    const v = await visitor(a);
    const token = await v.csrf('/setup');
    const bad = await v.agent.post('/setup').type('form').send({ _csrf: token, email: 'not an email', displayName: '', password: 'short', password2: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter an email address like name@example.org.');
    expect(bad.text).toContain('Enter the name other people will see.');
    expect(bad.text).toContain('Use at least 10 characters.');
    expect(bad.text).toContain('value="not an email"');
    expect(bad.text).not.toContain('value="short"');
    const mismatch = await v.agent.post('/setup').type('form').send({ _csrf: token, email: 'root@example.org', displayName: 'Root', password: PASSWORD, password2: `${PASSWORD}!` });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('The two passwords differ');
    expect(createUserRepository(db).count()).toBe(0);

    const ok = await v.agent.post('/setup').type('form').send({ _csrf: token, email: 'root@example.org', displayName: 'Root', password: PASSWORD, password2: PASSWORD });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const after = await v.agent.get('/').expect(200);
    expect(after.text).toContain('Signed in as <a href="/account">Root</a>');
    expect(after.text).toContain('you are the site administrator');
    expect(after.text).not.toContain('href="/setup"');
    expect(createUserRepository(db).findByEmail('root@example.org')?.siteAdmin).toBe(true);
  });

  it('once an account exists: GET /setup is 404 and POST /setup is 409', async () => {
    const { app: a, db } = app();
    const v = await visitor(a);
    const token = await v.csrf('/setup');
    createUser(db, { email: 'first@example.org', password: PASSWORD });
    await v.agent.get('/setup').expect(404);
    const res = await v.agent.post('/setup').type('form').send({ _csrf: token, email: 'late@example.org', displayName: 'Late', password: PASSWORD, password2: PASSWORD });
    expect(res.status).toBe(409);
    expect(createUserRepository(db).findByEmail('late@example.org')).toBeUndefined();
  });

  it('reads WASTEPLAN_ADMIN_EMAIL, _PASSWORD and _NAME, and refuses half or bad settings', () => {
    expect(configFromEnv({}).admin).toBeUndefined();
    expect(configFromEnv({ WASTEPLAN_ADMIN_EMAIL: 'root@example.org', WASTEPLAN_ADMIN_PASSWORD: PASSWORD }).admin).toEqual({
      email: 'root@example.org',
      password: PASSWORD,
      displayName: 'Administrator',
    });
    expect(configFromEnv({ WASTEPLAN_ADMIN_EMAIL: 'r@example.org', WASTEPLAN_ADMIN_PASSWORD: PASSWORD, WASTEPLAN_ADMIN_NAME: 'Rita' }).admin?.displayName).toBe('Rita');
    expect(() => configFromEnv({ WASTEPLAN_ADMIN_EMAIL: 'root@example.org' })).toThrow(/WASTEPLAN_ADMIN_PASSWORD: is missing/);
    expect(() => configFromEnv({ WASTEPLAN_ADMIN_EMAIL: 'root@example.org', WASTEPLAN_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    expect(() => configFromEnv({ WASTEPLAN_ADMIN_EMAIL: 'nope', WASTEPLAN_ADMIN_PASSWORD: PASSWORD })).toThrow(/WASTEPLAN_ADMIN_EMAIL/);
  });

  it('reads SESSION_SECRET and COOKIE_SECURE', () => {
    expect(configFromEnv({})).toMatchObject({ sessionSecret: undefined, cookieSecure: false });
    expect(configFromEnv({ SESSION_SECRET: 's3cret', COOKIE_SECURE: '1' })).toMatchObject({ sessionSecret: 's3cret', cookieSecure: true });
    expect(() => configFromEnv({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE must be 1 or 0/);
  });

  it('creates the administrator from the environment on a start without accounts, and only then', async () => {
    const databasePath = join(tempDir('env-admin'), 'wasteplan.db');
    const base = { port: 0, host: '127.0.0.1', databasePath, examplesDir: FIXTURE_CITIES_DIR, exposeErrors: false, scrypt: FAST_SCRYPT_FOR_TESTS };
    const lines: string[] = [];
    const first = await startServer({ ...base, admin: { email: 'root@example.org', password: PASSWORD, displayName: 'Root' } }, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('created the site administrator root@example.org');
    const page = await fetch(`${first.url}/login`);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const login = await fetch(`${first.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), email: 'root@example.org', password: PASSWORD }).toString(),
    });
    expect(login.status).toBe(303);
    await first.close();

    const second = await startServer({ ...base, admin: { email: 'other@example.org', password: PASSWORD, displayName: 'Other' } }, () => {});
    expect(createUserRepository(second.db).list().map((u) => u.email)).toEqual(['root@example.org']);
    await second.close();
  });
});

describe('your account', () => {
  it('needs signing in', async () => {
    const { app: a } = app();
    const res = await request(a).get('/account').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Faccount');
  });

  it('lists your cities and roles', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD, roles: { 'kota-contoh': 'editor' } });
    const { agent } = await signIn(a, 'ana@example.org', PASSWORD);
    const page = await agent.get('/account').expect(200);
    expect(page.text).toContain('<a href="/cities/kota-contoh">Kota Contoh</a>: editor');
  });

  it('changes your password after checking the current one, and signs out your other sessions', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const here = await signIn(a, 'ana@example.org', PASSWORD);
    const elsewhere = await signIn(a, 'ana@example.org', PASSWORD);
    let token = await here.csrf();
    const wrong = await here.agent.post('/account/password').type('form').send({ _csrf: token, current: 'not it', password: 'a new long password', password2: 'a new long password' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('This is not your current password.');
    const short = await here.agent.post('/account/password').type('form').send({ _csrf: token, current: PASSWORD, password: 'short', password2: 'short' });
    expect(short.status).toBe(422);
    const ok = await here.agent.post('/account/password').type('form').send({ _csrf: token, current: PASSWORD, password: 'a new long password', password2: 'a new long password' });
    expect(ok.status).toBe(303);
    const page = await here.agent.get('/account').expect(200);
    expect(page.text).toContain('Your password is changed.');
    await elsewhere.agent.get('/account').expect(303);
    expect((await postLogin(a, 'ana@example.org', PASSWORD)).status).toBe(422);
    expect((await postLogin(a, 'ana@example.org', 'a new long password')).status).toBe(303);
    token = await here.csrf();
    expect(token).toMatch(/^[0-9a-f]+$/);
  });

  it('keeps a language preference (en, id, zh or none) and refuses others with 422', async () => {
    const { app: a, db } = app();
    createUser(db, { email: 'ana@example.org', password: PASSWORD });
    const { agent, csrf } = await signIn(a, 'ana@example.org', PASSWORD);
    const token = await csrf();
    await agent.post('/account/language').type('form').send({ _csrf: token, language: 'id' }).expect(303);
    expect((await agent.get('/account')).text).toContain('<option value="id" selected>');
    const bad = await agent.post('/account/language').type('form').send({ _csrf: token, language: 'fr' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Pilih salah satu bahasa dalam daftar.'); // the pages are in the chosen language now
    await agent.post('/account/language').type('form').send({ _csrf: token, language: '' }).expect(303);
    expect(createUserRepository(db).findByEmail('ana@example.org')?.language).toBeNull();
  });
});

describe('the account pages', () => {
  it("send helmet's headers (CSP without inline script or style, no framing) and carry no inline script", async () => {
    const { app: a, db } = app();
    const setup = await request(a).get('/setup').expect(200);
    createUser(db, { email: 'root@example.org', password: PASSWORD, siteAdmin: true });
    const pages = [setup];
    const root = await signIn(a, 'root@example.org', PASSWORD);
    for (const path of ['/login', '/account', '/admin/users', '/admin/users/1', '/cities/kota-contoh/members']) {
      pages.push(await (path === '/login' ? request(a).get(path) : root.agent.get(path)).expect(200));
    }
    pages.push(await request(a).get('/account').set('Accept', 'application/json').expect(401));
    for (const res of pages) {
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      for (const tag of res.text.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/ src="\/|type="application\/json"/);
      expect(res.text).not.toMatch(/ style="/);
    }
  });
});
