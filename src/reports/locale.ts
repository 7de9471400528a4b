/// <reference lib="es2023.intl" />
/**
 * Numbers, money, dates and units for people, per language, and the reverse:
 * reading a number as a person types it in that language. Pure (Intl only).
 *
 * Formatting goes through Intl with the language's locale (en, id-ID, zh-CN).
 * Money is formatted from its exact decimal string (Intl.NumberFormat v3
 * takes a string and keeps every digit), rounded half-even at the currency's
 * minor unit from the city settings (IDR 0, CNY 2) as the engine books it,
 * never through a float. Other figures round half away from zero, as
 * src/reports/cityPage.ts does, so English pages read the same as before.
 * Tonnes and t/day take their unit words from the catalogs (units.*): Intl
 * has no tonne.
 *
 * Parsing (parseLocaleNumber) returns the canonical decimal STRING ("1250.5"),
 * so an amount goes straight into M() without a float. Indonesian writes
 * 1.250.000,5 (point groups thousands, comma marks decimals); English and
 * Chinese write 1,250,000.5. Anything that could be read two ways is refused
 * with a message in the language that says what to type instead.
 *
 * Example: localeFormatter('id').money('1234567.5', 'IDR', 0)  -> "Rp 1.234.568" (no-break space)
 *          localeFormatter('zh').money('1234.567', 'CNY', 2)   -> "¥1,234.57"
 *          localeFormatter('zh').tonnesPerDay(1402.3)          -> "1,402 吨/日"
 *          parseLocaleNumber('1.250,5', 'id')                  -> { ok: true, value: '1250.5' }
 *          parseLocaleNumber('1.25', 'id')                     -> { ok: false, code: 'decimalSeparator', message: '… gunakan koma: 1,25.' }
 */
import type { Decimal } from 'decimal.js';
import { INTL_LOCALE, translator, type Lang } from '../i18n/index.js';

/** Placeholder for a figure that does not exist (no tonnes, no households). */
export const NOT_AVAILABLE = '—';

/** Money input: a Decimal, or its canonical decimal string ("-1234.5"). */
export type MoneyValue = Decimal | string;

/** The formatter of one currency, for a city's pages: the shape of src/reports/format.ts's Formatter. */
export interface CurrencyFormatter {
  /** With the currency: "Rp 1.234.568", "¥1,234.50", "IDR 1,234,568". */
  money(amount: MoneyValue | null): string;
  /** Without the currency, under a header that names it: "1.234.568", "1,234.50". */
  amount(amount: MoneyValue | null): string;
  count(n: number): string;
  tonnes(t: number): string;
  tonnesPerDay(tPerDay: number): string;
  percent(share: number | null): string;
  years(y: number | null): string;
}

export interface LocaleFormatter {
  readonly lang: Lang;
  /** The Intl locale: 'en', 'id-ID', 'zh-CN'. */
  readonly locale: string;
  /** Whole number with the language's grouping: 1234567.8 -> "1.234.568" (id). */
  integer(n: number): string;
  /** Fixed decimals from a number or an exact decimal string: decimal('1250.5', 2) -> "1.250,50" (id). */
  decimal(value: number | string, digits: number): string;
  /** A share as a percentage, 1 decimal by default: 0.1234 -> "12,3%" (id), "12.3%" (en, zh). */
  percent(share: number | null, digits?: number): string;
  /** Tonnes: whole from 100 t, 1 decimal from 1 t, 2 below. */
  tonnes(t: number): string;
  tonnesPerDay(tPerDay: number): string;
  /** "12.3 years" / "12,3 tahun" / "12.3 年" (1 decimal). */
  years(y: number | null): string;
  /** Money with its currency at `minorUnit` decimals (from the city settings). */
  money(amount: MoneyValue | null, currency: string, minorUnit: number): string;
  /** Money without the currency. */
  amount(amount: MoneyValue | null, minorUnit: number): string;
  /** A year as people write it, never grouped: 2031 -> "2031". */
  year(y: number): string;
  /** Month name, 1-12: 11 -> "November" / "November" / "十一月". */
  monthName(month: number): string;
  /** 2031, 11 -> "November 2031" / "November 2031" / "2031年11月". */
  monthYear(year: number, month: number): string;
  /** A calendar date ("2031-11-05" or a Date, read in UTC): "5 November 2031" / "2031年11月5日". */
  date(value: string | Date): string;
  /** A moment in a time zone (IANA name): "5 Nov 2031, 14.30" (id). */
  dateTime(value: string | Date, timeZone: string): string;
  /** The formatter of one currency (for view models written against format.ts's Formatter). */
  forCurrency(currency: string, minorUnit: number): CurrencyFormatter;
  /** parseLocaleNumber in this language. */
  parseNumber(text: string, options?: ParseNumberOptions): ParsedNumber;
}

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** The exact decimal string of a money value; refuses anything else (a float here is a bug). */
function decimalString(value: MoneyValue): Intl.StringNumericLiteral {
  const s = typeof value === 'string' ? value : value.toFixed();
  if (!DECIMAL_STRING.test(s)) throw new TypeError(`money must be a decimal string like "-1234.5", not ${JSON.stringify(s)}`);
  return s as Intl.StringNumericLiteral;
}

function checkMinorUnit(minorUnit: number): void {
  if (!Number.isInteger(minorUnit) || minorUnit < 0 || minorUnit > 4) throw new RangeError(`minor unit must be 0-4, not ${minorUnit}`);
}

/** Decimals for a tonnage: whole tonnes from 100 t, one decimal from 1 t, two below (as the city page). */
function tonneDecimals(t: number): number {
  const a = Math.abs(t);
  return a >= 100 || a === 0 ? 0 : a >= 1 ? 1 : 2;
}

function isoDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) throw new RangeError(`not a date: ${JSON.stringify(value)}`);
  return value.length > 10 ? new Date(value) : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function createLocaleFormatter(lang: Lang): LocaleFormatter {
  const locale = INTL_LOCALE[lang];
  const t = translator(lang);
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, options: Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, { signDisplay: 'negative', ...options });
      cache.set(key, f);
    }
    return f;
  };
  const fixed = (digits: number) => nf(`fixed${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const integer = (n: number) => nf('integer', { maximumFractionDigits: 0 }).format(n);
  const tonnesNumber = (t: number) => fixed(tonneDecimals(t)).format(t);
  const percent = (share: number | null, digits = 1) =>
    share === null || !Number.isFinite(share)
      ? NOT_AVAILABLE
      : nf(`percent${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
  const years = (y: number | null) => (y === null || !Number.isFinite(y) ? NOT_AVAILABLE : t('units.years', { value: fixed(1).format(y) }));
  const money = (amount: MoneyValue | null, currency: string, minorUnit: number) => {
    if (amount === null) return NOT_AVAILABLE;
    checkMinorUnit(minorUnit);
    return nf(`money:${currency}:${minorUnit}`, {
      style: 'currency',
      currency,
      minimumFractionDigits: minorUnit,
      maximumFractionDigits: minorUnit,
      roundingMode: 'halfEven',
    }).format(decimalString(amount));
  };
  const amount = (value: MoneyValue | null, minorUnit: number) => {
    if (value === null) return NOT_AVAILABLE;
    checkMinorUnit(minorUnit);
    return nf(`amount:${minorUnit}`, { minimumFractionDigits: minorUnit, maximumFractionDigits: minorUnit, roundingMode: 'halfEven' }).format(decimalString(value));
  };
  const monthYearFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const checkMonth = (month: number) => {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1-12, not ${month}`);
  };
  const self: LocaleFormatter = {
    lang,
    locale,
    integer,
    decimal: (value, digits) => fixed(digits).format(typeof value === 'string' ? decimalString(value) : value),
    percent,
    tonnes: (tonnes) => t('units.tonnes', { value: tonnesNumber(tonnes) }),
    tonnesPerDay: (tPerDay) => t('units.tonnesPerDay', { value: tonnesNumber(tPerDay) }),
    years,
    money,
    amount,
    year: (y) => String(y),
    monthName: (month) => {
      checkMonth(month);
      return monthFormat.format(new Date(Date.UTC(2000, month - 1, 1)));
    },
    monthYear: (year, month) => {
      checkMonth(month);
      return monthYearFormat.format(new Date(Date.UTC(year, month - 1, 1)));
    },
    date: (value) => dateFormat.format(isoDate(value)),
    dateTime: (value, timeZone) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(isoDate(value)),
    forCurrency: (currency, minorUnit) => {
      checkMinorUnit(minorUnit);
      return {
        money: (a) => money(a, currency, minorUnit),
        amount: (a) => amount(a, minorUnit),
        count: integer,
        tonnes: self.tonnes,
        tonnesPerDay: self.tonnesPerDay,
        percent: (share) => percent(share),
        years,
      };
    },
    parseNumber: (text, options) => parseLocaleNumber(text, lang, options),
  };
  return self;
}

const formatters = new Map<Lang, LocaleFormatter>();

/** The formatters of a language (one per language, shared). */
export function localeFormatter(lang: Lang): LocaleFormatter {
  let f = formatters.get(lang);
  if (!f) {
    f = createLocaleFormatter(lang);
    formatters.set(lang, f);
  }
  return f;
}

// ---------------------------------------------------------------- parsing

/** How each language writes a number: the decimal mark and the thousands separator. */
export const SEPARATORS: Record<Lang, { decimal: ',' | '.'; group: ',' | '.' }> = {
  en: { decimal: '.', group: ',' },
  id: { decimal: ',', group: '.' },
  zh: { decimal: '.', group: ',' },
};

/** Why a text was not taken as a number; each has a message in numberInput.*. */
export type NumberRefusal =
  | 'empty'
  | 'notANumber'
  | 'spaces'
  | 'sign'
  | 'parentheses'
  | 'negative'
  | 'currencyNotExpected'
  | 'wrongCurrency'
  | 'twoDecimalSeparators'
  | 'nothingAfterDecimal'
  | 'decimalSeparator'
  | 'grouping'
  | 'swapped'
  | 'ambiguous';

export type ParsedNumber =
  | { ok: true; /** Canonical decimal string: no grouping, '.' for decimals, no leading or trailing zeros ("1250.5", "-0.25", "0"). */ value: string }
  | { ok: false; code: NumberRefusal; message: string };

export interface ParseNumberOptions {
  /** The field is an amount in this currency (ISO code): its symbol or code may be typed ("Rp 1.250", "¥12.5", "12.5 元"). Without it a currency is refused. */
  currency?: string;
  /** Refuse negative numbers (default: allowed). */
  allowNegative?: boolean;
}

/** Currency symbols and codes people type, by ISO code; matched without case. */
const CURRENCY_MARKS: Record<string, readonly string[]> = {
  IDR: ['rp.', 'rp', 'idr'],
  CNY: ['cn¥', 'cny', 'rmb', '¥', '元'],
};

/** Full-width digits and marks (Chinese input methods) and the Unicode minus, to ASCII. */
function toAscii(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/\uff0e/g, '.')
    .replace(/[\uff0c]/g, ',')
    .replace(/[\uff0d\u2212]/g, '-')
    .replace(/\uff0b/g, '+')
    .replace(/[\uffe5]/g, '¥')
    .replace(/[\uff08]/g, '(')
    .replace(/[\uff09]/g, ')')
    .replace(/\u3000/g, ' ');
}

/** Strips a currency mark at the start or end; which currency it was, or null. */
function stripCurrency(s: string): { rest: string; currency: string | null } {
  const lower = s.toLowerCase();
  // Longest marks first, so "cn¥" wins over "¥" and "rp." over "rp".
  const marks = Object.entries(CURRENCY_MARKS)
    .flatMap(([code, list]) => list.map((mark) => ({ code, mark })))
    .sort((a, b) => b.mark.length - a.mark.length);
  for (const { code, mark } of marks) {
    if (lower.startsWith(mark)) return { rest: s.slice(mark.length).trim(), currency: code };
    if (lower.endsWith(mark)) return { rest: s.slice(0, s.length - mark.length).trim(), currency: code };
  }
  return { rest: s, currency: null };
}

/** The decimal string written the language's way, for suggestions: "1250.5" -> "1.250,5" (id). */
function written(value: string, lang: Lang): string {
  const negative = value.startsWith('-');
  const [int, frac] = (negative ? value.slice(1) : value).split('.');
  const { decimal, group } = SEPARATORS[lang];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '-' : ''}${grouped}${frac ? decimal + frac : ''}`;
}

/**
 * A canonical decimal string ("1250.5", "1.125") as a form shows it in `lang`,
 * so that parseLocaleNumber reads it back to the same value: grouped
 * ("1.250,5" id), and three decimals after a non-zero whole part of up to three
 * digits get a fourth ("1,1250" id, "1.1250" en), which is not ambiguous.
 *
 * Example: numberForInput('1250.5', 'id') -> "1.250,5";  numberForInput('1.125', 'en') -> "1.1250"
 */
export function numberForInput(value: string, lang: Lang): string {
  if (!DECIMAL_STRING.test(value)) return value;
  const out = written(value, lang);
  return /^-?[1-9]\d{0,2}\.\d{3}$/.test(value) ? `${out}0` : out;
}

function canonical(negative: boolean, intDigits: string, fracDigits: string): string {
  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const frac = fracDigits.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

type CoreOutcome = { ok: true; int: string; frac: string } | { ok: false; code: NumberRefusal; suggestion?: string };

/** Digits and separators only ("1.250,5"), read with one language's separators. */
function readCore(core: string, decimal: string, group: string): CoreOutcome {
  const pieces = core.split(decimal);
  if (pieces.length > 2) return { ok: false, code: 'twoDecimalSeparators' };
  const [intPart, fracPart] = pieces;
  if (fracPart !== undefined) {
    if (fracPart.includes(group)) return { ok: false, code: 'swapped' };
    if (fracPart === '') return { ok: false, code: 'nothingAfterDecimal', suggestion: intPart || '0' };
  }
  let int = intPart;
  if (intPart.includes(group)) {
    const groups = intPart.split(group);
    // A grouped number starts with 1-9 ("0.250" is no thousand in Indonesian).
    const wellGrouped = /^[1-9]\d{0,2}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
    if (!wellGrouped) {
      // One separator not followed by exactly three digits (or after a zero), and no decimal
      // mark: the other language's decimal mark ("1.25", "0.250" in Indonesian). Say which mark to use.
      const zeroInt = /^0*$/.test(groups[0]);
      if (fracPart === undefined && groups.length === 2 && /^\d*$/.test(groups[0]) && /^\d+$/.test(groups[1]) && (groups[1].length !== 3 || zeroInt)) {
        return { ok: false, code: 'decimalSeparator', suggestion: `${groups[0] || '0'}${decimal}${groups[1]}` };
      }
      return { ok: false, code: 'grouping' };
    }
    int = groups.join('');
  }
  return { ok: true, int, frac: fracPart ?? '' };
}

/**
 * Reads a number as typed in `lang`. Accepts the language's grouping
 * ("1.250.000" id, "1,250,000" en/zh) or none, one decimal mark, a leading
 * sign, full-width digits, and with options.currency that currency's symbol
 * or code. Refuses, with a message in `lang`: a thousands separator not
 * followed by three digits ("1.25" in id is not 125 nor 1.25: use 1,25), a
 * lone decimal mark followed by three digits after a non-zero whole part
 * ("1,250" in id, "1.250" in en/zh: thousands in the other convention), the
 * other language's notation ("1,250.5" in id), two decimal marks, a decimal
 * mark with nothing after it, spaces inside the number, a trailing or
 * doubled sign, accounting parentheses, exponents, another currency.
 *
 * Example: parseLocaleNumber('Rp 1.250.000', 'id', { currency: 'IDR' }) -> { ok: true, value: '1250000' }
 *          parseLocaleNumber('１２３', 'zh')                              -> { ok: true, value: '123' }
 *          parseLocaleNumber('1,25', 'en')  -> { ok: false, code: 'decimalSeparator', message: '… use a point: 1.25.' }
 */
export function parseLocaleNumber(text: string, lang: Lang, options: ParseNumberOptions = {}): ParsedNumber {
  const t = translator(lang);
  const { decimal, group } = SEPARATORS[lang];
  const shown = text.trim();
  const refuse = (code: NumberRefusal, params: Record<string, string> = {}): ParsedNumber => ({
    ok: false,
    code,
    message: t.dynamic(code === 'ambiguous' ? 'validation.ambiguousNumber' : `numberInput.${code}`, { text: shown, example: written('1250000.5', lang), ...params }),
  });

  let s = toAscii(text).trim();
  if (s === '') return refuse('empty');

  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    const inner = parseLocaleNumber(paren[1], lang, { ...options, allowNegative: true });
    return inner.ok && !inner.value.startsWith('-') ? refuse('parentheses', { suggestion: `-${paren[1].trim()}` }) : refuse('notANumber');
  }

  // A sign may stand before or after the currency mark: "-Rp 1.250", "Rp -1.250".
  let negative = false;
  let signs = 0;
  const takeSign = () => {
    const m = /^([+-])\s*/.exec(s);
    if (m) {
      signs++;
      negative = m[1] === '-';
      s = s.slice(m[0].length);
    }
  };
  takeSign();
  const { rest, currency } = stripCurrency(s);
  s = rest;
  takeSign();
  if (currency !== null) {
    if (options.currency === undefined) return refuse('currencyNotExpected');
    if (currency !== options.currency.toUpperCase()) return refuse('wrongCurrency', { found: currency, expected: options.currency.toUpperCase() });
  }
  if (signs > 1 || /[+-]/.test(s)) {
    const digits = s.replace(/[+\-\s]/g, '');
    return /^[\d.,]+$/.test(digits) && signs <= 1 ? refuse('sign', { suggestion: `-${digits}` }) : refuse('notANumber');
  }
  if (/\s/.test(s)) {
    const joined = s.replace(/\s+/g, '');
    return /^[\d.,]+$/.test(joined) && readCore(joined, decimal, group).ok
      ? refuse('spaces', { suggestion: `${negative ? '-' : ''}${joined}` })
      : refuse('notANumber');
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return refuse('notANumber');

  // One decimal mark followed by exactly three digits after a non-zero whole part
  // ("1,250" in Indonesian, "1.250" in English): the other convention reads it as
  // thousands. Refuse, telling how to write each reading.
  const lone = /^(\d{1,3})([.,])(\d{3})$/.exec(s);
  if (lone && lone[2] === decimal && /[1-9]/.test(lone[1])) {
    const sign = negative ? '-' : '';
    const fraction = canonical(false, lone[1], lone[3]);
    // "1.255" as a fraction needs a fourth digit to stop looking like thousands: 1,2550.
    const decimalWritten = written(fraction, lang) + (/\.\d{3}$/.test(fraction) ? '0' : '');
    return refuse('ambiguous', { thousands: sign + written(`${lone[1]}${lone[3]}`.replace(/^0+/, ''), lang), decimal: sign + decimalWritten });
  }

  const read = readCore(s, decimal, group);
  if (!read.ok) {
    // Written the other way round ("1,250.5" in Indonesian, "1.250,5" in English)?
    // Only when both marks appear or one repeats, so a lone "1,250" is never re-read.
    const other = readCore(s, group, decimal);
    const suspicious = (s.includes('.') && s.includes(',')) || read.code === 'twoDecimalSeparators';
    if (other.ok && suspicious) {
      return refuse('swapped', { suggestion: written(canonical(negative, other.int, other.frac), lang) });
    }
    if (read.code === 'swapped') return refuse('grouping');
    const sign = negative ? '-' : '';
    return refuse(read.code, read.suggestion === undefined ? {} : { suggestion: sign + read.suggestion });
  }
  const value = canonical(negative, read.int, read.frac);
  if (options.allowNegative === false && value.startsWith('-')) return refuse('negative');
  return { ok: true, value };
}
