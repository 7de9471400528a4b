/// <reference lib="es2023.intl" />
/**
 * translator(lang) -> t(key, params?): the message of `key` in `lang` with
 * its {placeholders} filled in. Deterministic and synchronous; no i18next,
 * because we need little (three languages, {name} interpolation, plural
 * forms by Intl.PluralRules) and want typed keys.
 *
 * - Parameters: strings are inserted as they are; numbers are written in the
 *   language's digits with grouping only from five digits ('min2': 2031 stays
 *   "2031", 12500 becomes "12,500" / "12.500"). Pass years, ids and figures
 *   formatted by src/reports/locale.ts as strings.
 * - Plural forms: a message that is an object of categories is chosen by the
 *   number `count` (Intl.PluralRules of the language): en one/other, id and
 *   zh other only.
 * - A key missing in a language, a plural message without `count` or a
 *   placeholder without its parameter: in tests (vitest sets VITEST) it
 *   throws MissingMessageError; at runtime it logs a warning once and falls
 *   back to the English message (or the key itself if English lacks it too).
 *   configureMissingMessages() changes this.
 *
 * Example: translator('id')('home.scenarioCount', { count: 2 }) -> "2 skenario"
 *          translator('en')('home.scenarioCount', { count: 1 }) -> "1 scenario"
 *          translator('zh')('errors.notFound.noPage', { path: '/x' }) -> "不存在页面 /x。"
 */
import { catalogOf, isPluralMessage, type Message, type MessageKey } from './catalogs.js';
import { DEFAULT_LANGUAGE, INTL_LOCALE, type Lang } from './languages.js';

export type MessageParams = Readonly<Record<string, string | number>>;

/** A piece of a message: literal text, or the value of a placeholder (so a view can wrap it in <code>). */
export interface MessagePart {
  text: string;
  /** The placeholder's name when this part is a parameter's value; null for literal text. */
  param: string | null;
}

export interface Translator {
  (key: MessageKey, params?: MessageParams): string;
  readonly lang: Lang;
  /** The Intl locale: 'en', 'id-ID', 'zh-CN'. */
  readonly locale: string;
  /** For keys built at run time ('errors.status.' + code); same checks as t. */
  dynamic(key: string, params?: MessageParams): string;
  /** The message split at its placeholders: [{text:'Import one with ', param:null}, {text:'npm …', param:'command'}, ...]. */
  parts(key: MessageKey, params?: MessageParams): MessagePart[];
  /** Whether `key` has a message in this language. */
  has(key: string): boolean;
}

export class MissingMessageError extends Error {
  override name = 'MissingMessageError';
}

export type MissingMode = 'throw' | 'warn';

interface MissingConfig {
  mode: MissingMode;
  warn: (line: string) => void;
}

const config: MissingConfig = {
  mode: typeof process !== 'undefined' && process.env?.VITEST ? 'throw' : 'warn',
  warn: (line) => console.warn(line),
};
const warned = new Set<string>();

/** How a missing message is reported: 'throw' (the default under vitest) or 'warn' (log once, English instead). */
export function configureMissingMessages(options: Partial<MissingConfig>): void {
  Object.assign(config, options);
  warned.clear();
}

function reportMissing(problem: string): void {
  if (config.mode === 'throw') throw new MissingMessageError(problem);
  if (warned.has(problem)) return;
  warned.add(problem);
  config.warn(`i18n: ${problem}`);
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();
const pluralRules = new Map<Lang, Intl.PluralRules>();

function numberFormat(lang: Lang): Intl.NumberFormat {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[lang], { useGrouping: 'min2', maximumFractionDigits: 20 });
    numberFormats.set(lang, f);
  }
  return f;
}

function pluralRule(lang: Lang): Intl.PluralRules {
  let r = pluralRules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(INTL_LOCALE[lang]);
    pluralRules.set(lang, r);
  }
  return r;
}

/** The message of `key` in `lang`, else English with a report, else null (also reported). */
function lookup(lang: Lang, key: string): { message: Message; lang: Lang } | null {
  const own = catalogOf(lang).get(key);
  if (own !== undefined) return { message: own, lang };
  reportMissing(`no message "${key}" in ${lang}`);
  if (lang !== DEFAULT_LANGUAGE) {
    const english = catalogOf(DEFAULT_LANGUAGE).get(key);
    if (english !== undefined) return { message: english, lang: DEFAULT_LANGUAGE };
  }
  return null;
}

function chooseForm(message: Message, lang: Lang, key: string, params: MessageParams | undefined): string {
  if (!isPluralMessage(message)) return message;
  const count = params?.count;
  if (typeof count !== 'number') {
    reportMissing(`message "${key}" has plural forms and needs a number "count"`);
    return message.other;
  }
  return message[pluralRule(lang).select(count)] ?? message.other;
}

function split(template: string, lang: Lang, key: string, params: MessageParams | undefined): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: template.slice(last, at), param: null });
    const name = m[1];
    const value = params?.[name];
    if (value === undefined) {
      reportMissing(`message "${key}" needs the parameter "${name}"`);
      parts.push({ text: m[0], param: name });
    } else {
      parts.push({ text: typeof value === 'number' ? numberFormat(lang).format(value) : value, param: name });
    }
    last = at + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last), param: null });
  return parts;
}

function partsOf(lang: Lang, key: string, params: MessageParams | undefined): MessagePart[] {
  const found = lookup(lang, key);
  if (!found) return [{ text: key, param: null }];
  return split(chooseForm(found.message, found.lang, key, params), found.lang, key, params);
}

const translators = new Map<Lang, Translator>();

/** The translator of a language (one per language, shared). */
export function translator(lang: Lang): Translator {
  const cached = translators.get(lang);
  if (cached) return cached;
  const text = (key: string, params?: MessageParams) =>
    partsOf(lang, key, params)
      .map((p) => p.text)
      .join('');
  const t = Object.assign((key: MessageKey, params?: MessageParams) => text(key, params), {
    lang,
    locale: INTL_LOCALE[lang],
    dynamic: text,
    parts: (key: MessageKey, params?: MessageParams) => partsOf(lang, key, params),
    has: (key: string) => catalogOf(lang).has(key),
  });
  translators.set(lang, t);
  return t;
}
