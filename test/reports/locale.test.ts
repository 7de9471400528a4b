/**
 * Numbers, money, dates and units per language (src/reports/locale.ts), and
 * reading numbers as people type them. Expected strings are what Node 20's
 * ICU prints, checked by hand against CLDR conventions: Indonesian groups
 * thousands with "." and writes decimals with ",", Rupiah as "Rp" with no
 * minor unit; Chinese writes "1,234.57" and the yuan as "¥". Intl separates a
 * currency sign and digits with a no-break space (NBSP below).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { M } from '../../src/model/money.js';
import { createFormatter } from '../../src/reports/format.js';
import { localeFormatter, NOT_AVAILABLE, parseLocaleNumber, type NumberRefusal } from '../../src/reports/locale.js';
import type { Lang } from '../../src/i18n/index.js';

const NBSP = '\u00a0';

describe('money, from the exact decimal string', () => {
  it.each<[Lang, string, string, number, string]>([
    // lang, amount, currency, minor unit, printed
    ['id', '1234567.5', 'IDR', 0, `Rp${NBSP}1.234.568`], // half-even: ...67.5 -> ...68
    ['id', '1234568.5', 'IDR', 0, `Rp${NBSP}1.234.568`], // half-even: ...68.5 -> ...68
    ['id', '-1234567', 'IDR', 0, `-Rp${NBSP}1.234.567`],
    ['id', '12345678901234567890.4', 'IDR', 0, `Rp${NBSP}12.345.678.901.234.567.890`], // 20 digits: no float in between
    ['id', '1234.5', 'CNY', 2, 'CN¥1.234,50'],
    ['zh', '1234.565', 'CNY', 2, '¥1,234.56'], // half-even at the second decimal
    ['zh', '1234.567', 'CNY', 2, '¥1,234.57'],
    ['zh', '-0.001', 'CNY', 2, '¥0.00'], // no "-0"
    ['zh', '1234567', 'IDR', 0, `IDR${NBSP}1,234,567`],
    ['en', '1234567.5', 'IDR', 0, `IDR${NBSP}1,234,568`],
    ['en', '1234.5', 'CNY', 2, 'CN¥1,234.50'],
    ['en', '9007199254740993.25', 'CNY', 2, 'CN¥9,007,199,254,740,993.25'], // 2^53 + 1: a float would print ...992
  ])('%s: %s %s (minor unit %d) -> %s', (lang, amount, currency, minorUnit, printed) => {
    expect(localeFormatter(lang).money(amount, currency, minorUnit)).toBe(printed);
    expect(localeFormatter(lang).money(M(amount), currency, minorUnit)).toBe(printed);
  });

  it.each<[Lang, string, number, string]>([
    ['id', '1234567.5', 0, '1.234.568'],
    ['id', '1234.5', 2, '1.234,50'],
    ['zh', '1234.5', 2, '1,234.50'],
    ['en', '-1234.5', 2, '-1,234.50'],
  ])('%s: amount %s at %d decimals -> %s', (lang, amount, minorUnit, printed) => {
    expect(localeFormatter(lang).amount(amount, minorUnit)).toBe(printed);
  });

  it('refuses a float or a malformed string instead of guessing', () => {
    const f = localeFormatter('id');
    expect(() => f.money('1e5', 'IDR', 0)).toThrow(TypeError);
    expect(() => f.money('1.234,5', 'IDR', 0)).toThrow(TypeError);
    expect(() => f.money('1234', 'IDR', 7)).toThrow(RangeError);
    expect(f.money(null, 'IDR', 0)).toBe(NOT_AVAILABLE);
  });

  it('in English, prints exactly what the city page formatter (format.ts) prints', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom(0, 2), (cents, minorUnit) => {
        const amount = `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;
        const currency = minorUnit === 0 ? 'IDR' : 'CNY';
        const ours = localeFormatter('en').forCurrency(currency, minorUnit);
        const theirs = createFormatter(currency, minorUnit);
        expect(ours.money(amount)).toBe(theirs.money(M(amount)));
        expect(ours.amount(amount)).toBe(theirs.amount(M(amount)));
      }),
      { numRuns: 200 },
    );
    const ours = localeFormatter('en').forCurrency('IDR', 0);
    const theirs = createFormatter('IDR', 0);
    for (const x of [0, 0.004, 0.5, 1, 12.345, 99.9, 100, 1402.347, 1234567.8]) {
      expect(ours.tonnes(x)).toBe(theirs.tonnes(x));
      expect(ours.tonnesPerDay(x)).toBe(theirs.tonnesPerDay(x));
      expect(ours.count(x)).toBe(theirs.count(x));
      expect(ours.percent(x / 1e6)).toBe(theirs.percent(x / 1e6));
      expect(ours.years(x)).toBe(theirs.years(x));
    }
  });
});

describe('numbers, percentages, tonnes, dates', () => {
  it.each<[Lang, string[]]>([
    ['en', ['1,234,568', '1,250.50', '12.3%', '-5.0%', '1,402 t/day', '12.3 t', '0.46 t', '12.3 years', '2031', 'November 2031', 'January', 'November 5, 2031']],
    ['id', ['1.234.568', '1.250,50', '12,3%', '-5,0%', '1.402 t/hari', '12,3 t', '0,46 t', '12,3 tahun', '2031', 'November 2031', 'Januari', '5 November 2031']],
    ['zh', ['1,234,568', '1,250.50', '12.3%', '-5.0%', '1,402 吨/日', '12.3 吨', '0.46 吨', '12.3 年', '2031', '2031年11月', '一月', '2031年11月5日']],
  ])('%s', (lang, expected) => {
    const f = localeFormatter(lang);
    expect([
      f.integer(1234567.5),
      f.decimal('1250.5', 2),
      f.percent(0.1234),
      f.percent(-0.05),
      f.tonnesPerDay(1402.347),
      f.tonnes(12.34),
      f.tonnes(0.456),
      f.years(12.34),
      f.year(2031),
      f.monthYear(2031, 11),
      f.monthName(1),
      f.date('2031-11-05'),
    ]).toEqual(expected);
  });

  it('shows a moment in the city’s time zone', () => {
    expect(localeFormatter('id').dateTime('2031-11-05T07:30:00Z', 'Asia/Jakarta')).toBe('5 Nov 2031, 14.30');
    expect(localeFormatter('zh').dateTime('2031-11-05T07:30:00Z', 'Asia/Shanghai')).toBe('2031年11月5日 15:30');
  });

  it('prints a dash for what does not exist, and refuses month 13', () => {
    const f = localeFormatter('zh');
    expect(f.percent(null)).toBe(NOT_AVAILABLE);
    expect(f.percent(Number.NaN)).toBe(NOT_AVAILABLE);
    expect(f.years(null)).toBe(NOT_AVAILABLE);
    expect(() => f.monthYear(2031, 13)).toThrow(RangeError);
  });
});

describe('parseLocaleNumber: accepted', () => {
  it.each<[Lang, string, string, { currency?: string }?]>([
    // Indonesian: "." groups thousands, "," marks decimals
    ['id', '1.250,5', '1250.5'],
    ['id', '1250,5', '1250.5'],
    ['id', '1.250', '1250'],
    ['id', '1.250.000', '1250000'],
    ['id', '0,125', '0.125'], // three decimals after a zero: no thousands reading
    ['id', '1234,567', '1234.567'], // four whole digits: no thousands reading either
    ['id', '1,2500', '1.25'],
    ['id', ',5', '0.5'],
    ['id', '  -1.250,50 ', '-1250.5'],
    ['id', '+7', '7'],
    ['id', 'Rp 1.250.000', '1250000', { currency: 'IDR' }],
    ['id', 'Rp.1.250.000', '1250000', { currency: 'IDR' }],
    ['id', 'Rp\u00a01.234.568', '1234568', { currency: 'IDR' }], // what the formatter prints
    ['id', '-Rp 1.250', '-1250', { currency: 'IDR' }],
    ['id', 'Rp -1.250', '-1250', { currency: 'IDR' }],
    ['id', '1.250 IDR', '1250', { currency: 'IDR' }],
    // English: "," groups thousands, "." marks decimals
    ['en', '1,250', '1250'],
    ['en', '1,250.5', '1250.5'],
    ['en', '1250.50', '1250.5'],
    ['en', '0.25', '0.25'],
    ['en', '0.250', '0.25'],
    ['en', '007', '7'],
    ['en', '-0', '0'],
    ['en', '12345678901234567890.123456789', '12345678901234567890.123456789'],
    // Chinese: as English, plus full-width digits and marks from an input method
    ['zh', '1,250.5', '1250.5'],
    ['zh', '１２３', '123'],
    ['zh', '１，２５０．５', '1250.5'],
    ['zh', '－１２', '-12'],
    ['zh', '¥1,234.57', '1234.57', { currency: 'CNY' }],
    ['zh', '￥12.5', '12.5', { currency: 'CNY' }],
    ['zh', '12.5 元', '12.5', { currency: 'CNY' }],
    ['zh', 'CNY 12.50', '12.5', { currency: 'CNY' }],
  ])('%s %j -> %s', (lang, text, value, options) => {
    expect(parseLocaleNumber(text, lang, options)).toEqual({ ok: true, value });
  });

  it('reads back what the formatter prints, in every language', () => {
    fc.assert(
      fc.property(fc.constantFrom<Lang>('en', 'id', 'zh'), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (lang, cents) => {
        const abs = cents < 0n ? -cents : cents;
        const exact = `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
        const canonical = M(exact).toFixed();
        expect(parseLocaleNumber(localeFormatter(lang).amount(exact, 2), lang)).toEqual({ ok: true, value: canonical });
        expect(parseLocaleNumber(localeFormatter(lang).money(exact, 'CNY', 2), lang, { currency: 'CNY' })).toEqual({ ok: true, value: canonical });
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseLocaleNumber: refused, with a message in the language', () => {
  it.each<[Lang, string, NumberRefusal, string, { currency?: string; allowNegative?: boolean }?]>([
    // The brief's cases: a thousands separator not followed by exactly three digits
    ['id', '1.25', 'decimalSeparator', '“1.25” ambigu: titik memisahkan ribuan, per tiga angka. Untuk desimal dalam bahasa Indonesia, gunakan koma: 1,25.'],
    ['en', '1,25', 'decimalSeparator', '“1,25” is ambiguous: a comma separates thousands, in groups of three digits. For decimals, use a point: 1.25.'],
    ['zh', '1,25', 'decimalSeparator', '“1,25”有歧义：逗号用于分隔千位，每三位一组。小数请用小数点：1.25。'],
    ['id', '1.2500', 'decimalSeparator', '“1.2500” ambigu: titik memisahkan ribuan, per tiga angka. Untuk desimal dalam bahasa Indonesia, gunakan koma: 1,2500.'],
    ['id', '.5', 'decimalSeparator', '“.5” ambigu: titik memisahkan ribuan, per tiga angka. Untuk desimal dalam bahasa Indonesia, gunakan koma: 0,5.'],
    ['id', '-1.5', 'decimalSeparator', '“-1.5” ambigu: titik memisahkan ribuan, per tiga angka. Untuk desimal dalam bahasa Indonesia, gunakan koma: -1,5.'],
    // One decimal mark and exactly three digits after a non-zero whole part: thousands in the other convention
    ['id', '1,250', 'ambiguous', '“1,250” bisa dibaca dua cara: sebagai bilangan bulat dengan pemisah ribuan, atau sebagai bilangan desimal. Tulis 1.250 untuk bilangan bulat atau 1,25 untuk bilangan desimal.'],
    ['en', '1.250', 'ambiguous', '“1.250” can be read two ways: as a whole number with a thousands separator, or as a number with decimals. Write 1,250 for the whole number or 1.25 for the number with decimals.'],
    ['zh', '1.250', 'ambiguous', '“1.250”有两种读法：带千位分隔符的整数，或带小数的数。表示整数请写 1,250，表示小数请写 1.25。'],
    ['id', '-12,255', 'ambiguous', '“-12,255” bisa dibaca dua cara: sebagai bilangan bulat dengan pemisah ribuan, atau sebagai bilangan desimal. Tulis -12.255 untuk bilangan bulat atau -12,2550 untuk bilangan desimal.'],
    ['en', '1.000', 'ambiguous', '“1.000” can be read two ways: as a whole number with a thousands separator, or as a number with decimals. Write 1,000 for the whole number or 1 for the number with decimals.'],
    ['id', '0.250', 'decimalSeparator', '“0.250” ambigu: titik memisahkan ribuan, per tiga angka. Untuk desimal dalam bahasa Indonesia, gunakan koma: 0,250.'],
    // The other language's notation
    ['id', '1,250.5', 'swapped', '“1,250.5” tertulis terbalik: dalam bahasa Indonesia titik memisahkan ribuan dan koma menandai desimal. Tulis 1.250,5.'],
    ['id', '1,250,000', 'swapped', '“1,250,000” tertulis terbalik: dalam bahasa Indonesia titik memisahkan ribuan dan koma menandai desimal. Tulis 1.250.000.'],
    ['en', '1.250,5', 'swapped', '“1.250,5” is written the other way round: here a comma separates thousands and a point marks decimals. Write 1,250.5.'],
    ['en', '1.250.000', 'swapped', '“1.250.000” is written the other way round: here a comma separates thousands and a point marks decimals. Write 1,250,000.'],
    // Misplaced separators
    ['id', '12.50.000', 'grouping', '“12.50.000” ambigu: pisahkan ribuan per tiga angka (misalnya 1.250.000,5) atau tulis tanpa pemisah.'],
    ['en', '1250,000', 'grouping', '“1250,000” is ambiguous: separate thousands in groups of three digits (for example 1,250,000.5) or leave the separators out.'],
    ['en', '1,250,', 'grouping', '“1,250,” is ambiguous: separate thousands in groups of three digits (for example 1,250,000.5) or leave the separators out.'],
    ['en', '1.2.3', 'twoDecimalSeparators', '“1.2.3” has more than one decimal point.'],
    ['id', '1,2,3', 'twoDecimalSeparators', '“1,2,3” memiliki lebih dari satu koma desimal.'],
    ['id', '1250,', 'nothingAfterDecimal', 'Tidak ada angka setelah koma desimal dalam “1250,”: tulis 1250.'],
    ['en', '1,250.', 'nothingAfterDecimal', 'Nothing follows the decimal point in “1,250.”: write 1,250.'],
    // Signs, spaces, brackets, letters
    ['en', '5-', 'sign', 'Put the minus sign before the number: -5.'],
    ['en', '--5', 'notANumber', '“--5” is not a number: type digits, for example 1,250,000.5.'],
    ['id', '(1.250)', 'parentheses', 'Tulis angka negatif dengan tanda minus: -1.250.'],
    ['en', '1 250', 'spaces', 'Leave out the spaces: 1250.'],
    ['zh', '1 250', 'spaces', '请去掉空格：1250。'],
    ['en', '1e5', 'notANumber', '“1e5” is not a number: type digits, for example 1,250,000.5.'],
    ['en', '12%', 'notANumber', '“12%” is not a number: type digits, for example 1,250,000.5.'],
    ['zh', '1.5万', 'notANumber', '“1.5万”不是数字：请输入数字，例如 1,250,000.5。'],
    ['en', '', 'empty', 'Enter a number.'],
    ['id', '   ', 'empty', 'Masukkan angka.'],
    ['en', '-5', 'negative', 'Enter a number of 0 or more.', { allowNegative: false }],
    // Currencies: only where the field is an amount, and only its own
    ['id', 'Rp 1.250', 'currencyNotExpected', 'Masukkan angka tanpa mata uang.'],
    ['id', '¥12', 'wrongCurrency', 'Jumlah ini dalam CNY; masukkan dalam IDR.', { currency: 'IDR' }],
    ['zh', 'Rp 1,250', 'wrongCurrency', '该金额的货币是 IDR；请以 CNY 输入。', { currency: 'CNY' }],
    ['en', '$12', 'notANumber', '“$12” is not a number: type digits, for example 1,250,000.5.', { currency: 'CNY' }],
  ])('%s %j -> %s', (lang, text, code, message, options) => {
    expect(parseLocaleNumber(text, lang, options)).toEqual({ ok: false, code, message });
  });

  it('never reads a number two ways: whatever is accepted in Indonesian and in English means the same', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{1,7}([.,][0-9]{1,4}){0,3}$/), (text) => {
        const id = parseLocaleNumber(text, 'id');
        const en = parseLocaleNumber(text, 'en');
        if (id.ok && en.ok) expect(id.value).toBe(en.value);
      }),
      { numRuns: 500 },
    );
  });
});
