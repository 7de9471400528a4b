/**
 * The two small report modules the CLI is built on: src/reports/json.ts
 * (results -> JSON with exact decimal strings) and src/reports/format.ts
 * (figures for people). They live with the CLI tests because the CLI is
 * their first user.
 */
import { describe, expect, it } from 'vitest';
import { M } from '../../src/model/money.js';
import { createFormatter, monthYear, plainSpaces } from '../../src/reports/format.js';
import { decimalToString, stringifyJson, toJsonValue } from '../../src/reports/json.js';

describe('toJsonValue', () => {
  it.each([
    ['160493814', '160493814'],
    ['-12.50', '-12.5'],
    ['0.000000000000000000000000000000000001', '0.000000000000000000000000000000000001'],
    ['123456789012345678901234567890123456789', '123456789012345678901234567890123456789'],
    ['-0', '0'],
  ])('writes the Decimal %s as the exact string %s (no exponent, no float)', (input, expected) => {
    expect(decimalToString(M(input))).toBe(expected);
    expect(toJsonValue({ amount: M(input) })).toEqual({ amount: expected });
  });

  it('keeps keys in the order given, drops undefined properties, writes non-finite numbers as null', () => {
    const v = toJsonValue({ z: 1, a: [M('2'), undefined, 'x'], m: undefined, n: Number.NaN, i: Number.POSITIVE_INFINITY, b: false, nil: null });
    expect(v).toEqual({ z: 1, a: ['2', null, 'x'], n: null, i: null, b: false, nil: null });
    expect(Object.keys(v as object)).toEqual(['z', 'a', 'n', 'i', 'b', 'nil']);
  });

  it('refuses values JSON cannot hold faithfully', () => {
    expect(() => toJsonValue({ m: new Map() })).toThrow(/Map or Set/);
    expect(() => toJsonValue({ f: new Float64Array(2) })).toThrow(/typed array/);
    expect(() => toJsonValue({ f: () => 1 })).toThrow(/function/);
  });

  it('stringifyJson: 2-space JSON with a final newline', () => {
    expect(stringifyJson({ a: M('1.10'), b: [1] })).toBe('{\n  "a": "1.1",\n  "b": [\n    1\n  ]\n}\n');
  });
});

describe('format', () => {
  it('formats money at the minor unit of the currency, from the exact decimal', () => {
    expect(plainSpaces(createFormatter('IDR', 0).money(M('1234567.5')))).toBe('IDR 1,234,568');
    expect(createFormatter('CNY', 2).money(M('1234.5'))).toBe('CN¥1,234.50');
    expect(plainSpaces(createFormatter('IDR', 0).money(M('123456789012345678.5')))).toBe('IDR 123,456,789,012,345,678');
  });

  it('monthYear names the month; plainSpaces replaces no-break spaces', () => {
    expect(monthYear(2031, 11)).toBe('November 2031');
    expect(() => monthYear(2031, 13)).toThrow(RangeError);
    expect(plainSpaces('IDR\u00a01,234\u202fx')).toBe('IDR 1,234 x');
  });
});
