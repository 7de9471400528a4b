/**
 * The languages WastePlan speaks, and how a language is picked from what a
 * browser or a shell says. Pure: no I/O.
 *
 * 'en' English, 'id' Bahasa Indonesia (Intl locale id-ID), 'zh' Simplified
 * Chinese (Intl locale zh-CN). Every message catalog in locales/ has exactly
 * these three languages; English is the fallback.
 *
 * Example: languageFromAcceptLanguage('zh-TW,zh;q=0.9,en;q=0.8') -> 'zh'
 *          languageFromPosixLocale('id_ID.UTF-8')               -> 'id'
 */

export const LANGUAGES = ['en', 'id', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Lang = 'en';

/** The Intl (BCP 47) locale of each language: number, date and plural rules. */
export const INTL_LOCALE: Record<Lang, string> = { en: 'en', id: 'id-ID', zh: 'zh-CN' };

/** Each language's name in itself, for the language switch. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', id: 'Bahasa Indonesia', zh: '中文' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** 'id', 'id-ID', 'in' (the old code), 'zh-Hans-CN', 'zh_CN', 'en-GB' -> the language; anything else -> null. */
export function languageOfTag(tag: string): Lang | null {
  const primary = tag.trim().toLowerCase().split(/[-_.@]/)[0];
  if (primary === 'in') return 'id';
  return isLang(primary) ? primary : null;
}

/**
 * The best of our languages in an Accept-Language header (RFC 9110 12.5.4):
 * highest q first, ties in header order; q=0 means "not this one".
 */
export function languageFromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find((m) => m !== null);
      const weight = q ? Number(q[1]) : 1;
      return { lang: languageOfTag(tag), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r): r is { lang: Lang; weight: number; index: number } => r.lang !== null && r.weight > 0);
  ranges.sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges[0]?.lang ?? null;
}

/**
 * The language of a POSIX shell: LC_ALL, then LC_MESSAGES, then LANG, as
 * gettext reads them ('id_ID.UTF-8' -> 'id'); 'C', 'POSIX' or unset -> null.
 */
export function languageFromPosixLocale(env: Readonly<Record<string, string | undefined>>): Lang | null {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name]?.trim();
    if (value) return languageOfTag(value);
  }
  return null;
}
