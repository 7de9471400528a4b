/**
 * The language of each request, and what every view gets for it.
 *
 * languageMiddleware(deps) goes right after sessionMiddleware (it reads the
 * session and the signed-in user) and before the routes. It picks the first
 * of:
 *   1. ?lang=en|id|zh in the URL (the language switch). It is remembered: in
 *      the session and the user's profile (users.language) when signed in,
 *      and in a cookie (wasteplan.lang, a year) either way, so a visitor's
 *      choice survives signing in, which starts a new session;
 *   2. the session's language;
 *   3. the signed-in user's language (users.language);
 *   4. the cookie;
 *   5. the city's default language (cities.default_language): for a
 *      signed-in user, the default shared by all the cities they are a member
 *      of; otherwise, or when those differ, the default of the city in the
 *      path (/cities/<id>...);
 *   6. the browser's Accept-Language;
 *   7. English.
 *
 * It sets, for every view: res.locals.lang ('en'|'id'|'zh'), res.locals.t
 * (translator), res.locals.fmt (src/reports/locale.ts formatters),
 * res.locals.htmlLang (<html lang>) and res.locals.languageLinks (the switch:
 * this URL with ?lang= replaced, other parameters kept); plus the
 * Content-Language header and Vary: Accept-Language, Cookie.
 *
 * Error pages may be rendered before this middleware ran (a CSRF refusal in
 * sessionMiddleware): ensureLanguage(req, res) sets the same locals from the
 * URL, the session, the cookie and Accept-Language alone.
 *
 * Example: GET /cities/surabaya, nobody signed in, no cookie -> 'id'
 *          GET /?lang=zh -> 'zh', cookie wasteplan.lang=zh; then GET / -> 'zh'
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEFAULT_LANGUAGE, isLang, LANGUAGE_NAMES, LANGUAGES, languageFromAcceptLanguage, translator, type Lang } from '../i18n/index.js';
import { localeFormatter } from '../reports/locale.js';
import { createCityLanguageStore } from '../store/cityLanguage.js';
import type { Db } from '../store/db.js';
import { createUserRepository } from '../store/users.js';

declare module 'express-session' {
  interface SessionData {
    /** The language chosen in this session (?lang=). */
    lang?: Lang;
  }
}

export const LANGUAGE_COOKIE = 'wasteplan.lang';
/** A year: a language is a lasting preference, not a session's. */
const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

/** <html lang>: BCP 47, with the region for Chinese so browsers pick Simplified Chinese glyphs. */
export const HTML_LANG: Record<Lang, string> = { en: 'en', id: 'id', zh: 'zh-CN' };

export interface LanguageLink {
  lang: Lang;
  htmlLang: string;
  /** The language's name in itself: "English", "Bahasa Indonesia", "中文". */
  name: string;
  href: string;
  current: boolean;
}

export interface LanguageDeps {
  db: Db;
  /** Whether the cookie is Secure (served over TLS). */
  cookieSecure?: boolean;
}

/** ?lang= when it is one of ours. */
function queryLanguage(req: Request): Lang | null {
  const value = req.query.lang;
  return isLang(value) ? value : null;
}

function cookieLanguage(req: Request): Lang | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === LANGUAGE_COOKIE) {
      const lang = value.join('=').trim();
      return isLang(lang) ? lang : null;
    }
  }
  return null;
}

/** The city a path is about: /cities/<id> and anything below it. */
export function cityOfPath(path: string): string | null {
  const m = /^\/cities\/([a-z0-9][a-z0-9-]*)(?:\/|$)/.exec(path);
  return m ? m[1] : null;
}

/** The language switch: this URL with ?lang= set to each language, other parameters kept in order. */
export function languageLinks(originalUrl: string, current: Lang): LanguageLink[] {
  const url = new URL(originalUrl, 'http://localhost');
  return LANGUAGES.map((lang) => {
    const params = new URLSearchParams(url.search);
    params.set('lang', lang);
    return { lang, htmlLang: HTML_LANG[lang], name: LANGUAGE_NAMES[lang], href: `${url.pathname}?${params.toString()}`, current: lang === current };
  });
}

/** Sets the language's locals and headers on the response. */
export function useLanguage(req: Request, res: Response, lang: Lang): void {
  res.locals.lang = lang;
  res.locals.t = translator(lang);
  res.locals.fmt = localeFormatter(lang);
  res.locals.htmlLang = HTML_LANG[lang];
  res.locals.languageLinks = languageLinks(req.originalUrl, lang);
  res.setHeader('Content-Language', HTML_LANG[lang]);
  res.vary('Accept-Language');
  res.vary('Cookie');
}

/** For error pages: the language from what needs no database (URL, session, cookie, Accept-Language), when the middleware has not run. */
export function ensureLanguage(req: Request, res: Response): Lang {
  if (isLang(res.locals.lang) && typeof res.locals.t === 'function') return res.locals.lang;
  const session = req.session as (typeof req.session & { lang?: Lang }) | undefined;
  const lang =
    queryLanguage(req) ??
    (isLang(session?.lang) ? session.lang : null) ??
    cookieLanguage(req) ??
    languageFromAcceptLanguage(req.headers['accept-language']) ??
    DEFAULT_LANGUAGE;
  useLanguage(req, res, lang);
  return lang;
}

/**
 * Remembers a language chosen on this device: in the cookie, and in the
 * session when asked (signed-in users; a visitor gets no session row for a
 * language). null forgets both. For a page that saves the user's language
 * (POST /account/language): call it too, or the session's older choice wins.
 */
export function rememberLanguage(req: Request, res: Response, lang: Lang | null, options: { secure?: boolean; inSession?: boolean } = {}): void {
  const session = req.session as (typeof req.session & { lang?: Lang }) | undefined;
  if (session && (options.inSession ?? true)) {
    if (lang) session.lang = lang;
    else delete session.lang;
  }
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure: options.secure ?? false, path: '/' };
  if (lang === null) {
    if (cookieLanguage(req) !== null) res.clearCookie(LANGUAGE_COOKIE, cookie);
  } else if (cookieLanguage(req) !== lang) {
    res.cookie(LANGUAGE_COOKIE, lang, { ...cookie, maxAge: LANGUAGE_COOKIE_MAX_AGE_MS });
  }
}

export function languageMiddleware(deps: LanguageDeps): RequestHandler {
  const cityLanguages = createCityLanguageStore(deps.db);
  const users = createUserRepository(deps.db);
  const secure = deps.cookieSecure ?? false;

  return (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as { id: number } | null | undefined;
    const session = req.session as (typeof req.session & { lang?: Lang }) | undefined;
    const chosen = queryLanguage(req);

    if (chosen) {
      if (user) users.setLanguage(user.id, chosen);
      rememberLanguage(req, res, chosen, { secure, inSession: Boolean(user) });
    }

    const cityDefault = (): Lang | null => {
      if (user) {
        const mine = users.membershipsOf(user.id).map((m) => m.cityId);
        const shared = cityLanguages.commonDefault(mine);
        if (shared) return shared;
      }
      const city = cityOfPath(req.path);
      return city ? cityLanguages.defaultFor(city) : null;
    };

    // In order; each tier is asked only when the ones before have no answer.
    const tiers: Array<() => Lang | null> = [
      () => chosen,
      () => (isLang(session?.lang) ? session.lang : null),
      () => (user ? (users.findById(user.id)?.language ?? null) : null),
      () => cookieLanguage(req),
      cityDefault,
      () => languageFromAcceptLanguage(req.headers['accept-language']),
    ];
    let lang: Lang = DEFAULT_LANGUAGE;
    for (const tier of tiers) {
      const found = tier();
      if (found) {
        lang = found;
        break;
      }
    }
    useLanguage(req, res, lang);
    next();
  };
}
