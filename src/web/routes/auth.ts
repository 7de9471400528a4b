/**
 * Signing in and out, the first administrator, and one's own account.
 *
 *   GET  /login             the sign-in form (?next=<same-site path>)
 *   POST /login             email + password -> a new session, redirect to next;
 *                           422 "Email or password is wrong"; 429 after too many failures
 *   POST /logout            ends the session, clears the cookie
 *   GET  /setup             the first site administrator's form, only while there is no account (404 after)
 *   POST /setup             creates it and signs it in (409 once an account exists, 422 for bad fields)
 *   GET  /account           one's name, cities and roles, password and language forms
 *   POST /account/password  current + new password twice; signs out the other sessions
 *   POST /account/language  en | id | zh | '' (not used by the pages yet)
 *
 * Failed sign-ins are limited to LOGIN_LIMITS per address and email (and a
 * looser limit per address), counted in memory per app.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import {
  LANGUAGES,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  UsersExistError,
  type Language,
  type ScryptParams,
} from '../../store/users.js';
import {
  endSession,
  issueCsrfToken,
  requireLogin,
  roleLabel,
  safeNextPath,
  setFlash,
  startSession,
  type AuthServices,
  type CurrentUser,
} from '../auth.js';
import { HttpError } from '../errors.js';
import { LANGUAGE_NAMES, translator, type Translator } from '../../i18n/index.js';

/** The English refusal of a sign-in (auth.login.failed), for tests and logs. */
export const LOGIN_FAILED_MESSAGE = translator('en')('auth.login.failed');

/** Failed sign-ins allowed per window: per address + email, and per address for any email. */
export const LOGIN_LIMITS = { windowMs: 15 * 60 * 1000, perEmail: 10, perAddress: 50 };

export type FieldErrors = Record<string, string>;

/** A text field of the posted form, trimmed unless `raw`; '' when absent or repeated. */
export function formField(req: Request, name: string, raw = false): string {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') return '';
  return raw ? value : value.trim();
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The request's translator; English where there is no request (the command line). */
export function tOf(res: Response | undefined): Translator {
  return (res?.locals.t as Translator | undefined) ?? translator('en');
}

export function checkEmail(email: string, errors: FieldErrors, field = 'email', t: Translator = translator('en')): void {
  if (email === '') errors[field] = t('auth.check.emailEmpty');
  else if (email.length > 254 || !EMAIL.test(email)) errors[field] = t('auth.check.emailBad');
}

export function checkDisplayName(name: string, errors: FieldErrors, field = 'displayName', t: Translator = translator('en')): void {
  if (name === '') errors[field] = t('auth.check.nameEmpty');
  else if (name.length > 100) errors[field] = t('auth.check.tooLong', { count: 100 });
}

/** A new password typed twice: at least PASSWORD_MIN_LENGTH characters, both the same. */
export function checkNewPassword(password: string, again: string, errors: FieldErrors, fields = { password: 'password', again: 'password2' }, t: Translator = translator('en')): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) errors[fields.password] = t('auth.check.tooShort', { count: PASSWORD_MIN_LENGTH });
  else if ([...password].length > PASSWORD_MAX_LENGTH) errors[fields.password] = t('auth.check.tooLong', { count: PASSWORD_MAX_LENGTH });
  else if (password !== again) errors[fields.again] = t('auth.check.differ');
}


export interface AuthRouteOptions {
  /** scrypt cost for new passwords (tests pass a cheap one); DEFAULT_SCRYPT otherwise. */
  scrypt?: ScryptParams;
}

function minutesUntil(resetTime: Date | undefined): number {
  if (!resetTime) return Math.ceil(LOGIN_LIMITS.windowMs / 60_000);
  return Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 60_000));
}

export function authRoutes(services: AuthServices, options: AuthRouteOptions = {}): Router {
  const { users, sessions } = services;
  const router = Router();

  const tooMany = (req: Request, res: Response) => {
    const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
    const minutes = minutesUntil(info?.resetTime);
    const t = tOf(res);
    res.status(429).render('auth/message', { title: t('auth.login.tooManyTitle'), message: t('auth.login.tooMany', { count: minutes }) });
  };
  const addressKey = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
  const emailKey = (req: Request) => `${addressKey(req)} ${formField(req, 'email').toLowerCase()}`;
  const perEmail = rateLimit({
    windowMs: LOGIN_LIMITS.windowMs,
    limit: LOGIN_LIMITS.perEmail,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: emailKey,
    handler: tooMany,
  });
  const perAddress = rateLimit({
    windowMs: LOGIN_LIMITS.windowMs,
    limit: LOGIN_LIMITS.perAddress,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: addressKey,
    handler: tooMany,
  });

  const renderLogin = (req: Request, res: Response, status: number, email: string, next: string, error: string | null) => {
    issueCsrfToken(req, res);
    res.status(status).render('auth/login', { title: tOf(res)('auth.login.title'), email, next, error, setupNeeded: users.count() === 0 });
  };

  router.get('/login', (req, res) => {
    const next = safeNextPath(req.query.next ?? '/');
    if (res.locals.user) {
      res.redirect(303, next);
      return;
    }
    renderLogin(req, res, 200, '', next, null);
  });

  router.post('/login', perAddress, perEmail, async (req, res) => {
    const email = formField(req, 'email');
    const password = formField(req, 'password', true);
    const next = safeNextPath(formField(req, 'next') || '/');
    const user = email && password ? await users.authenticate(email, password) : null;
    if (!user) {
      renderLogin(req, res, 422, email, next, tOf(res)('auth.login.failed'));
      return;
    }
    // Signing in proves the person knows the password: their earlier typos no longer count.
    await perEmail.resetKey(emailKey(req));
    await startSession(req, res, user);
    res.redirect(303, next);
  });

  router.post('/logout', async (req, res) => {
    await endSession(req, res);
    res.redirect(303, '/');
  });

  const renderSetup = (req: Request, res: Response, status: number, values: { email: string; displayName: string }, errors: FieldErrors) => {
    issueCsrfToken(req, res);
    res.status(status).render('auth/setup', { title: tOf(res)('auth.setup.title'), values, errors, minLength: PASSWORD_MIN_LENGTH });
  };
  const setupDone = (t: Translator) => new HttpError(404, t('auth.setup.doneTitle'), t('auth.setup.done'));
  const alreadySetUp = (t: Translator) => new HttpError(409, t('auth.setup.alreadyTitle'), t('auth.setup.already'));

  router.get('/setup', (req, res) => {
    if (users.count() > 0) throw setupDone(tOf(res));
    renderSetup(req, res, 200, { email: '', displayName: '' }, {});
  });

  router.post('/setup', async (req, res) => {
    const t = tOf(res);
    if (users.count() > 0) throw alreadySetUp(t);
    const values = { email: formField(req, 'email'), displayName: formField(req, 'displayName') };
    const password = formField(req, 'password', true);
    const errors: FieldErrors = {};
    checkEmail(values.email, errors, 'email', t);
    checkDisplayName(values.displayName, errors, 'displayName', t);
    checkNewPassword(password, formField(req, 'password2', true), errors, undefined, t);
    if (Object.keys(errors).length > 0) {
      renderSetup(req, res, 422, values, errors);
      return;
    }
    let user;
    try {
      user = await users.createFirstAdmin({ ...values, password }, options.scrypt);
    } catch (err) {
      if (err instanceof UsersExistError) throw alreadySetUp(t);
      throw err;
    }
    await startSession(req, res, user);
    setFlash(req, t('auth.setup.welcome', { name: user.displayName }));
    res.redirect(303, '/');
  });

  const renderAccount = (
    req: Request,
    res: Response,
    status: number,
    errors: FieldErrors,
  ) => {
    const t = tOf(res);
    const current = res.locals.user as CurrentUser;
    const user = users.findById(current.id);
    if (!user) throw new HttpError(404, t('auth.account.goneTitle'), t('auth.account.gone'));
    res.status(status).render('auth/account', {
      title: t('auth.account.title'),
      account: { email: user.email, displayName: user.displayName, role: user.siteAdmin ? roleLabel(t, 'siteAdmin') : null },
      memberships: services.users.membershipsOf(user.id).map((m) => ({ href: `/cities/${encodeURIComponent(m.cityId)}`, cityName: m.cityName, role: roleLabel(t, m.role) })),
      languages: [
        { value: '', label: t('auth.account.notChosen'), selected: user.language === null },
        ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], selected: user.language === l })),
      ],
      errors,
      minLength: PASSWORD_MIN_LENGTH,
    });
  };

  router.get('/account', requireLogin, (req, res) => {
    renderAccount(req, res, 200, {});
  });

  router.post('/account/password', requireLogin, async (req, res) => {
    const t = tOf(res);
    const current = res.locals.user as CurrentUser;
    const errors: FieldErrors = {};
    const password = formField(req, 'password', true);
    if (!(await users.checkPassword(current.id, formField(req, 'current', true)))) errors.current = t('auth.account.wrongPassword');
    checkNewPassword(password, formField(req, 'password2', true), errors, undefined, t);
    if (Object.keys(errors).length > 0) {
      renderAccount(req, res, 422, errors);
      return;
    }
    await users.setPassword(current.id, password, options.scrypt);
    const user = users.findById(current.id);
    if (!user) throw new HttpError(404, t('auth.account.goneTitle'), t('auth.account.gone'));
    // Whoever knew the old password is signed out; this browser gets a new session.
    sessions.destroyForUser(user.id);
    await startSession(req, res, user);
    setFlash(req, t('auth.account.passwordChanged'));
    res.redirect(303, '/account');
  });

  router.post('/account/language', requireLogin, (req, res) => {
    const current = res.locals.user as CurrentUser;
    const value = formField(req, 'language');
    if (value !== '' && !(LANGUAGES as readonly string[]).includes(value)) {
      renderAccount(req, res, 422, { language: tOf(res)('auth.account.chooseLanguage') });
      return;
    }
    users.setLanguage(current.id, value === '' ? null : (value as Language));
    setFlash(req, translator((value || res.locals.lang || 'en') as Language)('auth.account.languageSaved'));
    res.redirect(303, '/account');
  });

  return router;
}
