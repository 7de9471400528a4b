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
  ROLE_LABELS,
  safeNextPath,
  setFlash,
  startSession,
  type AuthServices,
  type CurrentUser,
} from '../auth.js';
import { HttpError } from '../errors.js';

export const LOGIN_FAILED_MESSAGE = 'Email or password is wrong.';

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

export function checkEmail(email: string, errors: FieldErrors, field = 'email'): void {
  if (email === '') errors[field] = 'Enter an email address.';
  else if (email.length > 254 || !EMAIL.test(email)) errors[field] = 'Enter an email address like name@example.org.';
}

export function checkDisplayName(name: string, errors: FieldErrors, field = 'displayName'): void {
  if (name === '') errors[field] = 'Enter the name other people will see.';
  else if (name.length > 100) errors[field] = 'Use at most 100 characters.';
}

/** A new password typed twice: at least PASSWORD_MIN_LENGTH characters, both the same. */
export function checkNewPassword(password: string, again: string, errors: FieldErrors, fields = { password: 'password', again: 'password2' }): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) errors[fields.password] = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  else if ([...password].length > PASSWORD_MAX_LENGTH) errors[fields.password] = `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  else if (password !== again) errors[fields.again] = 'The two passwords differ; type the same password twice.';
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', id: 'Bahasa Indonesia', zh: '中文' };

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
    res.status(429).render('auth/message', {
      title: 'Too many sign-in attempts',
      message: `Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    });
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
    res.status(status).render('auth/login', { title: 'Sign in', email, next, error, setupNeeded: users.count() === 0 });
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
      renderLogin(req, res, 422, email, next, LOGIN_FAILED_MESSAGE);
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
    res.status(status).render('auth/setup', { title: 'Create the administrator', values, errors, minLength: PASSWORD_MIN_LENGTH });
  };
  const setupDone = () =>
    new HttpError(404, 'Not found', 'WastePlan already has an administrator, so there is nothing to set up. Sign in, or ask a site administrator for an account.');

  router.get('/setup', (req, res) => {
    if (users.count() > 0) throw setupDone();
    renderSetup(req, res, 200, { email: '', displayName: '' }, {});
  });

  router.post('/setup', async (req, res) => {
    if (users.count() > 0) throw new HttpError(409, 'Already set up', 'WastePlan already has an administrator; sign in instead.');
    const values = { email: formField(req, 'email'), displayName: formField(req, 'displayName') };
    const password = formField(req, 'password', true);
    const errors: FieldErrors = {};
    checkEmail(values.email, errors);
    checkDisplayName(values.displayName, errors);
    checkNewPassword(password, formField(req, 'password2', true), errors);
    if (Object.keys(errors).length > 0) {
      renderSetup(req, res, 422, values, errors);
      return;
    }
    let user;
    try {
      user = await users.createFirstAdmin({ ...values, password }, options.scrypt);
    } catch (err) {
      if (err instanceof UsersExistError) throw new HttpError(409, 'Already set up', 'WastePlan already has an administrator; sign in instead.');
      throw err;
    }
    await startSession(req, res, user);
    setFlash(req, `Welcome, ${user.displayName}: you are the site administrator. Create accounts under Accounts.`);
    res.redirect(303, '/');
  });

  const renderAccount = (
    req: Request,
    res: Response,
    status: number,
    errors: FieldErrors,
  ) => {
    const current = res.locals.user as CurrentUser;
    const user = users.findById(current.id);
    if (!user) throw new HttpError(404, 'Not found', 'Your account no longer exists.');
    res.status(status).render('auth/account', {
      title: 'Your account',
      account: { email: user.email, displayName: user.displayName, role: user.siteAdmin ? ROLE_LABELS.siteAdmin : null },
      memberships: services.users.membershipsOf(user.id).map((m) => ({ href: `/cities/${encodeURIComponent(m.cityId)}`, cityName: m.cityName, role: ROLE_LABELS[m.role] })),
      languages: [
        { value: '', label: 'Not chosen', selected: user.language === null },
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
    const current = res.locals.user as CurrentUser;
    const errors: FieldErrors = {};
    const password = formField(req, 'password', true);
    if (!(await users.checkPassword(current.id, formField(req, 'current', true)))) errors.current = 'This is not your current password.';
    checkNewPassword(password, formField(req, 'password2', true), errors);
    if (Object.keys(errors).length > 0) {
      renderAccount(req, res, 422, errors);
      return;
    }
    await users.setPassword(current.id, password, options.scrypt);
    const user = users.findById(current.id);
    if (!user) throw new HttpError(404, 'Not found', 'Your account no longer exists.');
    // Whoever knew the old password is signed out; this browser gets a new session.
    sessions.destroyForUser(user.id);
    await startSession(req, res, user);
    setFlash(req, 'Your password is changed. Any other place you were signed in is signed out.');
    res.redirect(303, '/account');
  });

  router.post('/account/language', requireLogin, (req, res) => {
    const current = res.locals.user as CurrentUser;
    const value = formField(req, 'language');
    if (value !== '' && !(LANGUAGES as readonly string[]).includes(value)) {
      renderAccount(req, res, 422, { language: 'Choose one of the languages in the list.' });
      return;
    }
    users.setLanguage(current.id, value === '' ? null : (value as Language));
    setFlash(req, 'Your language preference is saved.');
    res.redirect(303, '/account');
  });

  return router;
}
