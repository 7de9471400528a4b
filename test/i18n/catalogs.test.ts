/**
 * The message catalogs (locales/*.json) are complete: every key of the
 * English catalog is in Indonesian and Chinese and no other key is, with the
 * same {placeholders}, the plural forms each language needs, no empty
 * message, and no message left in English by mistake.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, flattenCatalog, isPluralMessage, placeholdersOf, RAW_CATALOGS } from '../../src/i18n/catalogs.js';
import { INTL_LOCALE, LANGUAGES, type Lang } from '../../src/i18n/index.js';

/** Messages that are rightly the same in every language: names, symbols, syntax. */
const SAME_IN_EVERY_LANGUAGE = new Set(['app.name', 'app.pageTitle', 'units.tonnes', 'cli.validate.ok', 'cli.validate.problems', 'auth.roles.editor', 'transfer.csv', 'transfer.xlsx']); // auth.roles.editor: Indonesian says "editor" too (docs/glossary.id.md); file formats keep their names

const OTHERS = LANGUAGES.filter((l): l is Exclude<Lang, 'en'> => l !== 'en');
const english = catalogOf('en');

function texts(message: unknown): string[] {
  return typeof message === 'string' ? [message] : Object.values(message as Record<string, string>);
}

describe('message catalogs', () => {
  it('are well-formed: nested objects of messages or plural forms', () => {
    for (const lang of LANGUAGES) expect(() => flattenCatalog(RAW_CATALOGS[lang]), lang).not.toThrow();
    expect(english.size).toBeGreaterThan(50);
  });

  it.each(OTHERS)('%s has exactly the English keys', (lang) => {
    const keys = [...catalogOf(lang).keys()].sort();
    const missing = [...english.keys()].filter((k) => !catalogOf(lang).has(k));
    const extra = keys.filter((k) => !english.has(k));
    expect(missing, `keys missing in ${lang}`).toEqual([]);
    expect(extra, `keys in ${lang} that English does not have`).toEqual([]);
  });

  it.each(OTHERS)('%s uses the same placeholders as English in every message', (lang) => {
    const wrong: string[] = [];
    for (const [key, message] of catalogOf(lang)) {
      const en = english.get(key);
      if (en === undefined) continue;
      if (placeholdersOf(message).join() !== placeholdersOf(en).join()) wrong.push(`${key}: {${placeholdersOf(message).join('} {')}} vs {${placeholdersOf(en).join('} {')}}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(LANGUAGES)('%s gives plural forms where English does, with exactly its own categories and a {count}', (lang) => {
    const categories = new Intl.PluralRules(INTL_LOCALE[lang]).resolvedOptions().pluralCategories.slice().sort();
    for (const [key, en] of english) {
      const message = catalogOf(lang).get(key);
      expect(isPluralMessage(message), `${lang} ${key} plural iff English is`).toBe(isPluralMessage(en));
      if (!isPluralMessage(message)) continue;
      expect(Object.keys(message).sort(), `${lang} ${key} categories`).toEqual(categories);
      expect(placeholdersOf(message), `${lang} ${key}`).toContain('count');
    }
  });

  it.each(LANGUAGES)('%s has no empty message and no stray whitespace', (lang) => {
    for (const [key, message] of catalogOf(lang)) {
      for (const text of texts(message)) {
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(/^\s|\s$/.test(text.replace(/^ \(/, '(')), `${lang} ${key} starts or ends with whitespace`).toBe(false);
      }
    }
  });

  it.each(OTHERS)('%s translates every message (identical to English only where listed)', (lang) => {
    const untranslated = [...catalogOf(lang)].filter(([key, m]) => !SAME_IN_EVERY_LANGUAGE.has(key) && JSON.stringify(texts(m)) === JSON.stringify(texts(english.get(key)))).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('Chinese messages are written in Chinese (Han characters) unless listed as the same everywhere', () => {
    for (const [key, message] of catalogOf('zh')) {
      if (SAME_IN_EVERY_LANGUAGE.has(key)) continue;
      for (const text of texts(message)) expect(/\p{Script=Han}/u.test(text), `zh ${key}: ${text}`).toBe(true);
    }
  });
});
