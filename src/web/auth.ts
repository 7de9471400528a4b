/**
 * Who is asking, and may they: sessions, the signed-in user, CSRF tokens and
 * the role checks every router uses.
 *
 * sessionMiddleware(deps) goes after the static files and before every route
 * (src/web/app.ts). For each request it
 *   - parses urlencoded form bodies (flat: `extended: false`, so repeated
 *     names give arrays; up to 1 MB), so routers find `req.body` ready;
 *   - loads the session (express-session on the SQLite `sessions` table;
 *     cookie `wasteplan.sid`, HttpOnly, SameSite=Lax, Secure with
 *     cookieSecure, 8 hours idle);
 *   - sets res.locals.user ({ id, email, displayName, siteAdmin } or null),
 *     res.locals.csrfToken, res.locals.cityRole (null until
 *     requireCityRole runs), res.locals.flash (a confirmation left by the
 *     previous POST, or null) and res.locals.signInHref;
 *   - refuses every POST, PUT, PATCH and DELETE whose CSRF token does not
 *     match the session's with 403 (CSRF_FAILED_MESSAGE). The token is read
 *     from the body field `_csrf` or the header `x-csrf-token`; for
 *     multipart/form-data (file uploads, parsed later by the route) also from
 *     the query string: `action="/x?_csrf=<%= csrfToken %>"`.
 *
 * A visitor who is not signed in and has no session yet gets csrfToken ''
 * (so that reading a public page writes no session row); pages that show such
 * a visitor a form (sign-in, setup) call issueCsrfToken(req, res) first.
 *
 * Example (a router):
 *   router.get('/cities/:id/edit', requireCityRole('editor'), handler)
 *   router.post('/cities/:id/edit', requireCityRole('editor'), (req, res) => {
 *     ...; setFlash(req, 'Saved.'); res.redirect(303, `/cities/${id}`);
 *   })
 */
import { randomBytes } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import type { Db } from '../store/db.js';
import { SqliteSessionStore } from '../store/sessions.js';
import { createCityAccess, createUserRepository, roleRank, type CityAccess, type CityRole, type User, type UserRepository } from '../store/users.js';
import { HttpError } from './errors.js';
import { translator, type Translator } from '../i18n/index.js';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user; absent for a visitor. */
    userId?: number;
    /** A confirmation to show on the next page (POST/redirect/GET). */
    flash?: string;
  }
}

export const SESSION_COOKIE = 'wasteplan.sid';
/** Signed out after 8 hours without a request: a working day. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const CSRF_FAILED_MESSAGE = 'Your form has expired or was not sent from WastePlan; reload the page and try again.';
/** app_meta key of the generated session secret (used when SESSION_SECRET is not set). */
export const SESSION_SECRET_KEY = 'session_secret';

/** What every view gets as `user`. */
export interface CurrentUser {
  id: number;
  email: string;
  displayName: string;
  siteAdmin: boolean;
}

/** A user's rights in one city: a city role, 'siteAdmin' (everything), or null (none). */
export type EffectiveRole = CityRole | 'siteAdmin' | null;

export interface AuthServices {
  users: UserRepository;
  access: CityAccess;
  sessions: SqliteSessionStore;
}

export function createAuthServices(db: Db): AuthServices {
  return { users: createUserRepository(db), access: createCityAccess(db), sessions: new SqliteSessionStore(db) };
}

export interface SessionDeps {
  db: Db;
  /** Made from db when omitted; pass the app's own so routes share the session store. */
  services?: AuthServices;
  /** Signs the session cookie; when omitted, one is generated once and kept in app_meta. */
  sessionSecret?: string;
  /** Mark the cookie Secure (served over TLS, usually behind a proxy: set `trust proxy` too). */
  cookieSecure?: boolean;
}

/** Human names of the roles, as pages say them. */
export const ROLE_LABELS: Record<CityRole | 'siteAdmin', string> = {
  viewer: 'viewer',
  editor: 'editor',
  cityAdmin: 'city administrator',
  siteAdmin: 'site administrator',
};

/** The secret from app_meta, generated (48 random bytes) on the first call for this database. */
export function storedSessionSecret(db: Db): string {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?');
  const existing = read.get(SESSION_SECRET_KEY);
  if (existing) return existing.value;
  const at = new Date().toISOString();
  db.prepare('INSERT INTO app_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run(
    SESSION_SECRET_KEY,
    randomBytes(48).toString('base64url'),
    at,
  );
  const stored = read.get(SESSION_SECRET_KEY);
  if (!stored) throw new Error('session secret was not stored');
  return stored.value;
}

/** The services and cookie settings of the request's app, set by sessionMiddleware. */
const contexts = new WeakMap<Request, { services: AuthServices; cookieSecure: boolean }>();

function contextOf(req: Request): { services: AuthServices; cookieSecure: boolean } {
  const context = contexts.get(req);
  if (!context) throw new Error('sessionMiddleware must run before this handler (src/web/app.ts)');
  return context;
}

function servicesOf(req: Request): AuthServices {
  return contextOf(req).services;
}

const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody: unknown = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    if (typeof fromHeader === 'string') return fromHeader;
    // The body of an upload is read by the route, after this check.
    if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
    return undefined;
  },
});

/** The session's CSRF token, created when there is none; also sets res.locals.csrfToken. */
export function issueCsrfToken(req: Request, res: Response): string {
  const token = csrf.generateToken(req);
  res.locals.csrfToken = token;
  return token;
}

/** A same-site path to go to after signing in; '/' for anything else (other sites, `//host`, `/\host`, junk). */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters and backslashes can turn a path into another host in some browsers.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  return next;
}

/** Leaves `message` for the next page the visitor sees. */
export function setFlash(req: Request, message: string): void {
  req.session.flash = message;
}

function toCurrentUser(user: User): CurrentUser {
  return { id: user.id, email: user.email, displayName: user.displayName, siteAdmin: user.siteAdmin };
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionMiddleware(deps: SessionDeps): Router {
  const services = deps.services ?? createAuthServices(deps.db);
  const secure = deps.cookieSecure ?? false;
  const router = Router();

  router.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 20_000 }));
  router.use(
    session({
      name: SESSION_COOKIE,
      secret: deps.sessionSecret ?? storedSessionSecret(deps.db),
      store: services.sessions,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_IDLE_MS, path: '/' },
    }),
  );

  router.use((req: Request, res: Response, next: NextFunction) => {
    contexts.set(req, { services, cookieSecure: secure });
    let user: User | undefined;
    if (typeof req.session.userId === 'number') {
      user = services.users.findById(req.session.userId);
      // A disabled or deleted account is signed out on its next request.
      if (!user || user.disabled) {
        delete req.session.userId;
        user = undefined;
      }
    }
    res.locals.user = user ? toCurrentUser(user) : null;
    res.locals.cityRole = null;
    res.locals.csrfToken = req.session.csrfToken ?? (user ? csrf.generateToken(req) : '');
    res.locals.flash = null;
    if (req.session.flash !== undefined) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    res.locals.signInHref = signInHref(req);

    if (UNSAFE_METHODS.has(req.method) && !csrf.isRequestValid(req)) {
      next(new HttpError(403, 'Form expired', CSRF_FAILED_MESSAGE));
      return;
    }
    next();
  });
  return router;
}

function signInHref(req: Request): string {
  const here = req.method === 'GET' ? safeNextPath(req.originalUrl) : '/';
  return here === '/' || here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/** Not signed in: a page read in a browser goes to the sign-in form, anything else gets 401. */
function askToSignIn(req: Request, res: Response): void {
  if ((req.method === 'GET' || req.method === 'HEAD') && req.accepts('html')) {
    res.redirect(303, signInHref(req));
    return;
  }
  const t = translatorOf(res);
  res.status(401).render('auth/401', { title: t('auth.needed.title'), signInHref: '/login' });
}

/** The request's translator (English before the language middleware ran). */
function translatorOf(res: Response): Translator {
  return (res.locals.t as Translator | undefined) ?? translator('en');
}

/** A role's name in the page's language: "city administrator", "administrator kota", "城市管理员". */
export function roleLabel(t: Translator, role: string): string {
  return role in ROLE_LABELS ? t(`auth.roles.${role as CityRole | 'siteAdmin'}`) : role;
}

function forbid(res: Response, need: string, have: string | null, where: string | null): void {
  const t = translatorOf(res);
  const params = { need: roleLabel(t, need), have: have === null ? '' : roleLabel(t, have), where: where ?? '' };
  res.status(403).render('auth/403', {
    title: t('auth.forbidden.title'),
    sentence: t.parts(where === null ? 'auth.forbidden.need' : have === null ? 'auth.forbidden.needIn' : 'auth.forbidden.needInHave', params),
    ask: where === null ? t('auth.forbidden.askSite') : t('auth.forbidden.askCity', { where }),
  });
}

export const requireLogin: RequestHandler = (req, res, next) => {
  if (res.locals.user) {
    next();
    return;
  }
  askToSignIn(req, res);
};

export const requireSiteAdmin: RequestHandler = (req, res, next) => {
  const user = res.locals.user as CurrentUser | null;
  if (!user) {
    askToSignIn(req, res);
    return;
  }
  if (user.siteAdmin) {
    next();
    return;
  }
  forbid(res, 'siteAdmin', null, null);
};

/** The user's rights in a city that exists: site admin, their membership, or viewer of a public city. */
export function effectiveCityRole(services: AuthServices, user: CurrentUser | null, cityId: string, cityIsPublic: boolean): EffectiveRole {
  if (user?.siteAdmin) return 'siteAdmin';
  const member = user ? services.users.roleFor(user.id, cityId) : null;
  if (member) return member;
  return cityIsPublic ? 'viewer' : null;
}

/** True when `role` may do what `min` may. */
export function hasCityRole(role: EffectiveRole, min: CityRole): boolean {
  if (role === null) return false;
  return role === 'siteAdmin' || roleRank(role) >= roleRank(min);
}

/**
 * Lets the request through when the user has at least `min` in the city
 * `req.params.id` (site admins always; anybody is a viewer of a public city)
 * and sets res.locals.cityRole. Otherwise: 404 for an unknown city, the
 * sign-in form (or 401) when not signed in, 403 naming the role needed.
 */
export function requireCityRole(min: CityRole): RequestHandler {
  return (req, res, next) => {
    const services = servicesOf(req);
    const cityId = req.params.id;
    if (typeof cityId !== 'string') throw new Error('requireCityRole needs a route with :id');
    const city = services.access.lookup(cityId);
    if (!city) {
      const t = translatorOf(res);
      next(new HttpError(404, t('errors.notFound.title'), t('errors.notFound.noCity', { id: cityId })));
      return;
    }
    const user = res.locals.user as CurrentUser | null;
    const role = effectiveCityRole(services, user, cityId, city.isPublic);
    res.locals.cityRole = role;
    if (hasCityRole(role, min)) {
      next();
      return;
    }
    if (!user) {
      askToSignIn(req, res);
      return;
    }
    forbid(res, min, role, city.name);
  };
}

/** The cities the current user may read (site admins: every one). For lists such as the home page. */
export function readableCityIds(req: Request, res: Response): Set<string> | 'all' {
  const user = res.locals.user as CurrentUser | null;
  if (user?.siteAdmin) return 'all';
  return servicesOf(req).access.readableCityIds(user?.id ?? null);
}

/** True while there is no account at all: pages then point to /setup. */
export function setupNeeded(req: Request): boolean {
  return servicesOf(req).users.count() === 0;
}

/** Signs the request's visitor in as `user`: a new session id (no fixation), a new CSRF token. */
export async function startSession(req: Request, res: Response, user: User): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = user.id;
  res.locals.user = toCurrentUser(user);
  issueCsrfToken(req, res);
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Signs out: deletes the session row and tells the browser to drop the cookie. */
export async function endSession(req: Request, res: Response): Promise<void> {
  const { cookieSecure } = contextOf(req);
  await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
  res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure });
  res.locals.user = null;
}

export { servicesOf as authServicesOf };
