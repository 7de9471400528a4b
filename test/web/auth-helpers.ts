/**
 * Accounts in tests: make users, sign them in through the real form, and
 * read CSRF tokens off pages.
 *
 *   const { app, db } = appWithFixture();               // kota-contoh, public
 *   createUser(db, { email: 'ed@x.org', password: 'long password 1', roles: { 'kota-contoh': 'editor' } });
 *   const { agent, csrf } = await signIn(app, 'ed@x.org', 'long password 1');
 *   await agent.post('/cities/kota-contoh/...').type('form').send({ _csrf: await csrf(), ... }).expect(303);
 *
 * Passwords are hashed with a cheap scrypt cost (FAST_SCRYPT_FOR_TESTS) so
 * tests stay fast; signing in checks them exactly as in production.
 */
import type { Express } from 'express';
import request from 'supertest';
import type { Db } from '../../src/store/db.js';
import { SESSION_COOKIE } from '../../src/web/auth.js';
import {
  createCityAccess,
  createUserRepository,
  FAST_SCRYPT_FOR_TESTS,
  hashPasswordSync,
  type CityRole,
  type User,
} from '../../src/store/users.js';

export type Agent = ReturnType<typeof request.agent>;

export interface TestUserInput {
  email: string;
  password: string;
  displayName?: string;
  siteAdmin?: boolean;
  /** City id -> role. */
  roles?: Record<string, CityRole>;
}

/** Inserts a user (and their roles) straight into the store; synchronous, so `await` is optional. */
export function createUser(db: Db, input: TestUserInput): User {
  const users = createUserRepository(db);
  const user = users.createWithHash({
    email: input.email,
    displayName: input.displayName ?? input.email.split('@')[0],
    siteAdmin: input.siteAdmin ?? false,
    passwordHash: hashPasswordSync(input.password, FAST_SCRYPT_FOR_TESTS),
  });
  for (const [cityId, role] of Object.entries(input.roles ?? {})) users.setRole(user.id, cityId, role);
  return user;
}

/** Makes a city private (only members and site admins may read it). */
export function makePrivate(db: Db, cityId: string): void {
  if (!createCityAccess(db).setPublic(cityId, false)) throw new Error(`no city ${cityId}`);
}

/** The value of the first hidden `_csrf` input of a page; throws when the page has none. */
export function csrfFrom(html: string): string {
  const m = /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(html);
  if (!m) throw new Error(`no _csrf field on the page:\n${html.slice(0, 500)}`);
  return m[1];
}

export interface Session {
  /** A supertest agent that keeps the session cookie. */
  agent: Agent;
  /**
   * GETs `path` with the agent and returns the page's CSRF token. Await it
   * BEFORE starting the request that uses it: `agent.post(url).send({ _csrf: await csrf() })`
   * builds the POST (and picks its cookies) before the GET has run.
   */
  csrf(path?: string): Promise<string>;
}

export interface SignedIn extends Session {
  /** The session cookie as a Cookie header value ("wasteplan.sid=..."), to replay without the agent. */
  cookie: string;
}

function sessionOf(agent: Agent, defaultPath: string): Session {
  return {
    agent,
    async csrf(path = defaultPath) {
      const res = await agent.get(path);
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}, not 200; cannot read a CSRF token from it`);
      return csrfFrom(res.text);
    },
  };
}

/** Signs in through GET/POST /login; throws unless the sign-in succeeds (303). */
export async function signIn(app: Express, email: string, password: string): Promise<SignedIn> {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password, next: '/' });
  if (res.status !== 303) throw new Error(`signing in as ${email} answered ${res.status}, not 303`);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`signing in as ${email} set no ${SESSION_COOKIE} cookie`);
  return { ...sessionOf(agent, '/account'), cookie: cookie.split(';')[0] };
}

/** A visitor who is not signed in but has a session (from the sign-in page), so it can post forms. */
export async function visitor(app: Express): Promise<Session> {
  const agent = request.agent(app);
  return sessionOf(agent, '/login');
}
