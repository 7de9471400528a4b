import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { M } from '../../src/model/money.js';
import type { TransferPointYear } from '../../src/model/results.js';
import {
  cityHref,
  createFormatter,
  overallPickupRate,
  toCityPage,
  toScriptJson,
  WARNINGS_SHOWN,
  worstPickupPoints,
} from '../../src/reports/cityPage.js';
import { VIEWS_DIR } from '../../src/web/paths.js';
import { fixtureCity, fixtureRun } from './helpers.js';

const nbsp = (s: string) => s.replace(/ /g, '\u00a0');

describe('formatting for people', () => {
  const idr = createFormatter('IDR', 0);
  const cny = createFormatter('CNY', 2);

  it.each([
    [idr, '1234567.5', nbsp('IDR 1,234,568')],
    [idr, '1234566.5', nbsp('IDR 1,234,566')], // half-even, like the engine books
    [idr, '12345678901234567', nbsp('IDR 12,345,678,901,234,567')], // beyond 2^53: no float in between
    [idr, '-1500000000', nbsp('-IDR 1,500,000,000')],
    [idr, '-0', nbsp('IDR 0')],
    [cny, '1234.5', 'CN¥1,234.50'],
    [cny, '0.005', 'CN¥0.00'],
    [cny, '0.015', 'CN¥0.02'],
  ])('money %#: %s', (fmt, amount, expected) => {
    expect(fmt.money(M(amount))).toBe(expected);
  });

  it('prints table amounts without the currency', () => {
    expect(idr.amount(M('-1500000000'))).toBe('-1,500,000,000');
    expect(cny.amount(M('1234.5'))).toBe('1,234.50');
    expect(idr.amount(null)).toBe('—');
  });

  it('prints a missing amount as a dash', () => {
    expect(idr.money(null)).toBe('—');
    expect(idr.percent(null)).toBe('—');
    expect(idr.percent(Number.NaN)).toBe('—');
    expect(idr.years(null)).toBe('—');
  });

  it.each([
    [0, '0 t'],
    [0.004, '0.00 t'],
    [5.678, '5.7 t'],
    [99.94, '99.9 t'],
    [1234.4, '1,234 t'],
    [-0.0001, '0.00 t'],
  ])('tonnes %s -> %s', (t, expected) => {
    expect(idr.tonnes(t)).toBe(expected);
  });

  it('prints t/day, percentages, counts and years', () => {
    expect(idr.tonnesPerDay(1402.347)).toBe('1,402 t/day');
    expect(idr.percent(0.6194)).toBe('61.9%');
    expect(idr.percent(1)).toBe('100.0%');
    expect(idr.count(2874699.6)).toBe('2,874,700');
    expect(idr.years(4.94)).toBe('4.9 years');
  });
});

describe('JSON for a script element', () => {
  it('cannot close the element and parses back to the same value', () => {
    const value = { name: '</script><!-- & \u2028 \u2029 >' };
    const json = toScriptJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

function point(name: string, pickupRate: number, inflowT = 100, hauledT = inflowT * pickupRate): TransferPointYear {
  return {
    id: name.toLowerCase(),
    name,
    inflowT,
    pickedT: 0,
    haulCapacityTPerDay: 1,
    hauledT,
    overflowT: 0,
    backlogEndT: 0,
    maxBacklogT: 0,
    pickupRate,
    vehiclesAssigned: 1,
    vehiclesNeeded: 1,
    legs: [],
  };
}

describe('transfer point figures', () => {
  it('lists the ten lowest pick-up rates, worst first', () => {
    const points = Array.from({ length: 12 }, (_, i) => point(`P${String(i).padStart(2, '0')}`, ((i * 7) % 12) / 12));
    const worst = worstPickupPoints(points);
    expect(worst).toHaveLength(10);
    expect(worst.map((p) => p.pickupRate)).toEqual([...points.map((p) => p.pickupRate)].sort((a, b) => a - b).slice(0, 10));
  });

  it('weighs the overall pick-up rate by tonnes delivered', () => {
    expect(overallPickupRate([point('A', 1, 300), point('B', 0, 100)])).toBe(0.75);
    expect(overallPickupRate([])).toBeNull();
  });
});

describe('city page view model', () => {
  it('links the baseline and every scenario, marking the one shown', () => {
    const view = toCityPage({ city: fixtureCity(), run: fixtureRun('more-trucks') });
    expect(view.scenarios.map((s) => [s.name, s.href, s.current])).toEqual([
      ['Baseline', '/cities/kota-contoh', false],
      ['More trucks & a second shift', '/cities/kota-contoh?scenario=more-trucks', true],
    ]);
    expect(view.title).toBe('Kota Contoh — Scenario: More trucks & a second shift');
  });

  it('keeps a picked year in the scenario links', () => {
    const view = toCityPage({ city: fixtureCity(), run: fixtureRun(), year: 2030 });
    expect(view.year).toBe('2030');
    expect(view.scenarios[1].href).toBe(cityHref('kota-contoh', 'more-trucks', 2030));
    expect(view.scenarios[1].href).toBe('/cities/kota-contoh?scenario=more-trucks&year=2030');
    expect(() => toCityPage({ city: fixtureCity(), run: fixtureRun(), year: 2099 })).toThrow(RangeError);
  });

  it('shows the first warnings and folds the rest away', () => {
    const run = fixtureRun();
    const many = { ...run, warnings: Array.from({ length: WARNINGS_SHOWN + 3 }, (_, i) => `warning ${i}`) };
    const view = toCityPage({ city: fixtureCity(), run: many });
    expect(view.warnings).toHaveLength(WARNINGS_SHOWN);
    expect(view.moreWarnings).toEqual(['warning 8', 'warning 9', 'warning 10']);
  });
});

describe('templates', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
  }

  it('print raw (<%-) only through include, except the one JSON data partial', () => {
    for (const file of files(VIEWS_DIR).filter((f) => f.endsWith('.ejs'))) {
      const raw = readFileSync(file, 'utf8').match(/<%-\s*[^%]*/g) ?? [];
      for (const tag of raw) {
        const allowed = /^<%-\s*include\(/.test(tag) || (relative(VIEWS_DIR, file) === join('partials', 'json-data.ejs') && /^<%-\s*json\s*$/.test(tag));
        expect(allowed, `${relative(VIEWS_DIR, file)}: ${tag}`).toBe(true);
      }
    }
  });
});
