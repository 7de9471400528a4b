/**
 * The message catalogs (locales/<lang>.json): nested objects by page or area,
 * leaves are messages. A message is a string with {name} placeholders, or an
 * object of plural forms keyed by Intl.PluralRules categories ("one",
 * "other", ...; "other" always), chosen by the `count` parameter.
 *
 * English is the reference: its keys are the typed MessageKey union, and a
 * test (test/i18n/catalogs.test.ts) checks that Indonesian and Chinese have
 * exactly the same keys and placeholders.
 *
 * Example: en.json {"home": {"scenarioCount": {"one": "{count} scenario", "other": "{count} scenarios"}}}
 *          -> MessageKey 'home.scenarioCount'; flattenCatalog(en).get('home.scenarioCount') -> the plural forms
 */
import en from '../../locales/en.json' with { type: 'json' };
import id from '../../locales/id.json' with { type: 'json' };
import zh from '../../locales/zh.json' with { type: 'json' };
import type { Lang } from './languages.js';

export type PluralCategory = Intl.LDMLPluralRule;
export const PLURAL_CATEGORIES: readonly PluralCategory[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** Plural forms of one message; "other" is required in every language. */
export type PluralMessage = { other: string } & Partial<Record<PluralCategory, string>>;
export type Message = string | PluralMessage;

type EnglishCatalog = typeof en;

/** Dotted paths to the messages of a catalog: 'app.nav.cities', 'home.scenarioCount'. */
type MessagePaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K}`
    : T[K] extends { other: string }
      ? `${Prefix}${K}`
      : MessagePaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key, from the English catalog: a typo is a type error. */
export type MessageKey = MessagePaths<EnglishCatalog>;

export const RAW_CATALOGS: Readonly<Record<Lang, unknown>> = { en, id, zh };

export function isPluralMessage(value: unknown): value is PluralMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.includes('other') &&
    keys.every((k) => (PLURAL_CATEGORIES as readonly string[]).includes(k) && typeof (value as Record<string, unknown>)[k] === 'string')
  );
}

/**
 * The messages of a catalog by dotted key. Throws on anything that is neither
 * a message nor a nested object (a number, an array, a plural object without
 * "other"), naming the key: a catalog is code and must be well-formed.
 */
export function flattenCatalog(catalog: unknown, prefix = ''): Map<string, Message> {
  const out = new Map<string, Message>();
  if (typeof catalog !== 'object' || catalog === null || Array.isArray(catalog)) {
    throw new TypeError(`catalog ${prefix || '(root)'} must be an object`);
  }
  for (const [k, v] of Object.entries(catalog)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string' || isPluralMessage(v)) {
      out.set(key, v);
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      if (Object.keys(v).some((c) => (PLURAL_CATEGORIES as readonly string[]).includes(c))) {
        throw new TypeError(`catalog key ${key}: plural forms need "other" and only the categories ${PLURAL_CATEGORIES.join(', ')}`);
      }
      for (const [ck, cv] of flattenCatalog(v, key)) out.set(ck, cv);
    } else {
      throw new TypeError(`catalog key ${key}: a message must be a string or plural forms, not ${JSON.stringify(v)}`);
    }
  }
  return out;
}

/** The placeholders of a message ({name} -> "name"), over all its plural forms, sorted. */
export function placeholdersOf(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string');
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names].sort();
}

/** {name}: letters, digits and underscore. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const flattened = new Map<Lang, Map<string, Message>>();

/** The flattened catalog of a language (computed once). */
export function catalogOf(lang: Lang): Map<string, Message> {
  let map = flattened.get(lang);
  if (!map) {
    map = flattenCatalog(RAW_CATALOGS[lang]);
    flattened.set(lang, map);
  }
  return map;
}
