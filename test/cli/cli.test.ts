/**
 * The wasteplan CLI (src/cli/main.ts), run in-process through main(argv, io)
 * with writers that collect stdout and stderr; one smoke test spawns
 * `npx tsx src/cli/main.ts` as a user would.
 *
 * Expected figures come from computeCity and the shared formatter, not from
 * numbers typed here: these tests check that the report prints what the
 * engine computed, in the right place. The engine's own figures are checked
 * in test/model.
 *
 * Golden files: test/cli/golden/<name>.txt hold the exact `compute` output
 * for the fixtures in test/cli/fixtures (and examples/surabaya.city.json once
 * it exists). After an intended change to the report or the engine, look at
 * the diff, then regenerate with
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/cli
 *
 * and commit the new golden files with the change.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeCity, validateCityFile, type RunResult } from '../../src/model/index.js';
import type { CityFile } from '../../src/model/cityFile.js';
import { DAYS_PER_YEAR } from '../../src/model/formulas.js';
import { main } from '../../src/cli/main.js';
import { overallPickupRate, PAYER_LABELS, STAGE_LABELS } from '../../src/reports/cityPage.js';
import { createFormatter, monthYear, plainSpaces } from '../../src/reports/format.js';
import { createCityRepository } from '../../src/store/cities.js';
import { openDatabase } from '../../src/store/db.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures');
const GOLDEN = join(ROOT, 'test', 'cli', 'golden');
const KOTA = join(FIXTURES, 'kota-kecil.city.json');
const XIAO = join(FIXTURES, 'xiao-cheng.city.json');
const INVALID = join(FIXTURES, 'invalid.city.json');
const NOT_JSON = join(FIXTURES, 'not-json.city.json');
const SURABAYA = join(ROOT, 'examples', 'surabaya.city.json');

interface Ran {
  code: number;
  out: string;
  err: string;
}

function run(...argv: string[]): Ran {
  let out = '';
  let err = '';
  const code = main(argv, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: {},
  });
  return { code, out, err };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function computed(file: string, scenarioId: string | null = null): { city: CityFile; run: RunResult } {
  const input = readJson(file);
  const v = validateCityFile(input);
  if (!v.ok) throw new Error(`fixture ${file} is invalid: ${JSON.stringify(v.problems)}`);
  const outcome = computeCity(input, { scenarioId });
  if (!outcome.ok) throw new Error(`fixture ${file} does not compute: ${JSON.stringify(outcome.problems)}`);
  return { city: v.city, run: outcome.result };
}

/** The formatter the report uses, with the plain spaces of plain text. */
function formatterFor(r: RunResult) {
  const f = createFormatter(r.currency, r.minorUnit);
  return {
    money: (d: Decimal | null) => plainSpaces(f.money(d)),
    amount: (d: Decimal | null) => f.amount(d),
    perDay: (t: number) => plainSpaces(f.tonnesPerDay(t / DAYS_PER_YEAR)),
    tonnes: (t: number) => plainSpaces(f.tonnes(t)),
    percent: (s: number | null) => plainSpaces(f.percent(s)),
    years: (y: number | null) => plainSpaces(f.years(y)),
    count: (n: number) => f.count(n),
  };
}

/** The lines of the report section titled `title` (up to the next blank line). */
function sectionOf(report: string, title: string): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  expect(start, `section "${title}" in the report`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The cells of the row whose first cell is `first`: columns are separated by two or more spaces. */
function rowOf(lines: string[], first: string): string[] {
  const row = lines.find((l) => l.trimStart().startsWith(`${first}  `));
  expect(row, `row "${first}"`).toBeDefined();
  return (row ?? '').trim().split(/\s{2,}/);
}

describe('wasteplan help and usage', () => {
  it('prints the usage for help and for no arguments, exit 0', () => {
    for (const argv of [[], ['help'], ['--help'], ['compute', '--help']]) {
      const r = run(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: npm run wasteplan -- <command>');
      for (const c of ['compute <file>', 'validate <file>', 'import <file>', 'export <cityId>']) expect(r.out).toContain(c);
      expect(r.err).toBe('');
    }
  });

  it('refuses an unknown command with the usage, exit 2', () => {
    const r = run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
    expect(r.err).toContain('Usage:');
    expect(r.out).toBe('');
  });

  it.each([
    [['compute'], 'compute needs exactly one city file'],
    [['compute', KOTA, XIAO], 'compute needs exactly one city file'],
    [['compute', KOTA, '--colour'], "Unknown option '--colour'"],
    [['compute', KOTA, '--year', '25'], '--year must be a year like 2030'],
    [['compute', KOTA, '--json', '--year', '2026'], '--year is for the text report'],
    [['validate'], 'validate needs exactly one city file'],
    [['import', KOTA, '--db'], "Option '--db <value>' argument missing"],
    [['export'], 'export needs exactly one city id'],
  ])('refuses the command line %j, exit 2', (argv, message) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('Usage:');
  });
});

describe('wasteplan compute (text report)', () => {
  const { city, run: result } = computed(KOTA);
  const fmt = formatterFor(result);
  const report = run('compute', KOTA);

  it('exits 0 with the report on stdout and nothing on stderr', () => {
    expect(report.code).toBe(0);
    expect(report.err).toBe('');
    expect(report.out).toContain(`${city.city.name} (${city.city.id}), ${city.city.country}`);
    expect(report.out).toContain('Run: baseline');
  });

  it('puts every warning first, loudly', () => {
    expect(result.warnings.length).toBeGreaterThan(0);
    const lines = report.out.split('\n');
    expect(lines[0]).toBe(`!! ${result.warnings.length} WARNINGS !!`);
    result.warnings.forEach((w, i) => expect(lines[i + 1]).toBe(`!! ${plainSpaces(w)}`));
  });

  it('prints one line per year: generation, collected, pick-up rate, landfilled, uncollected, net cost, cost per tonne', () => {
    const lines = sectionOf(report.out, 'Years');
    expect(lines.length).toBe(2 + result.years.length);
    for (const y of result.years) {
      expect(rowOf(lines, String(y.year))).toEqual([
        String(y.year),
        fmt.perDay(y.mass.generated),
        fmt.perDay(y.collectedT),
        fmt.percent(overallPickupRate(y.transferPoints)),
        fmt.perDay(y.mass.landfilled),
        fmt.perDay(y.mass.uncollected),
        fmt.amount(y.netCost),
        fmt.amount(y.costPerTonneCollected),
      ]);
    }
  });

  it('prints the NPV and the levelised cost of the horizon', () => {
    expect(report.out).toMatch(new RegExp(`NPV of net cost, 2025–2032 +${escape(fmt.money(result.npvNetCost))}\n`));
    expect(report.out).toMatch(new RegExp(`Levelised cost per tonne +${escape(fmt.money(result.levelisedCostPerTonne))}\n`));
  });

  it('prints each landfill with its depletion month and remaining life', () => {
    const lines = sectionOf(report.out, 'Landfills');
    const last = result.years[result.years.length - 1];
    for (const life of result.landfillLife) {
      const cells = rowOf(lines, life.name);
      expect(cells[1]).toBe(fmt.tonnes(life.capacityT));
      expect(cells[2]).toBe(life.depletionYear !== null && life.depletionMonth !== null ? monthYear(life.depletionYear, life.depletionMonth) : `not full by ${last.year}`);
      expect(cells[3]).toBe(`${fmt.years(life.remainingLifeYears)}${life.extrapolated ? ' (extrapolated)' : ''}`);
    }
    const keputih = result.landfillLife.find((l) => l.id === 'tpa-keputih');
    expect(keputih?.depletionYear).not.toBeNull();
  });

  it('prints the stage cost table of the base year, each stage with its cost per tonne, and the total', () => {
    const base = result.years[0];
    const lines = sectionOf(report.out, `Costs by stage, ${base.year}`);
    let shown = 0;
    for (const s of base.stages) {
      if (s.tonnes === 0 && s.directCost.isZero() && s.revenue.isZero() && s.netCost.isZero() && s.overheadAllocated.isZero()) continue;
      shown++;
      expect(rowOf(lines, STAGE_LABELS[s.stage])).toEqual([
        STAGE_LABELS[s.stage],
        fmt.tonnes(s.tonnes),
        fmt.amount(s.directCost),
        fmt.amount(s.overheadAllocated),
        fmt.amount(s.revenue),
        fmt.amount(s.netCost),
        fmt.amount(s.costPerTonne),
      ]);
    }
    expect(shown).toBeGreaterThanOrEqual(5);
    const total = rowOf(lines, 'All stages (per tonne collected)');
    expect(total.slice(-2)).toEqual([fmt.amount(base.netCost), fmt.amount(base.costPerTonneCollected)]);
    expect(lines[0]).toContain('Net cost, IDR');
  });

  it('prints who pays: cost-recovery ratio, budget subsidy, full-cost fee per household-month, each payer', () => {
    const p = result.years[0].payers;
    const lines = sectionOf(report.out, 'Who pays, 2025');
    expect(rowOf(lines, 'Cost recovery ratio (fees / cost)')[1]).toBe(fmt.percent(p.costRecoveryRatio));
    expect(rowOf(lines, 'City budget subsidy')[1]).toBe(fmt.money(p.budgetSubsidy));
    expect(rowOf(lines, 'Full-cost fee per household per month')[1]).toBe(fmt.money(p.fullCostFeePerHouseholdMonth));
    const all = report.out.split('\n');
    const payerLines = all.slice(all.findIndex((l) => l.startsWith('  Payer ')));
    expect(rowOf(payerLines, PAYER_LABELS.households)[1]).toBe(fmt.amount(p.byPayer.households));
    expect(rowOf(payerLines, PAYER_LABELS.higherGovernment)[1]).toBe(fmt.amount(p.byPayer.higherGovernment));
  });

  it('lists the 10 transfer points with the lowest pick-up rate, worst first', () => {
    const base = result.years[0];
    expect(base.transferPoints.length).toBe(12);
    const lines = sectionOf(report.out, 'Transfer points with the lowest pick-up rate, 2025 (10 of 12)');
    const expected = [...base.transferPoints].sort((a, b) => a.pickupRate - b.pickupRate || a.name.localeCompare(b.name)).slice(0, 10);
    const rows = lines.slice(2).map((l) => l.trim().split(/\s{2,}/));
    expect(rows.map((r) => r[0])).toEqual(expected.map((t) => t.name));
    expect(rows.map((r) => r[1])).toEqual(expected.map((t) => fmt.percent(t.pickupRate)));
    expect(rows[0][5]).toBe(fmt.tonnes(expected[0].overflowT));
  });

  it('prints each scavenger group: headcount, income per picker-day, pickers below the threshold', () => {
    const lines = sectionOf(report.out, `Scavengers, 2025 (income threshold ${fmt.money(new Decimal(city.settings.incomeThresholdPerDay))} a day)`);
    for (const g of result.years[0].scavengers) {
      const cells = rowOf(lines, g.name);
      expect(cells[2]).toBe(fmt.count(g.headcount));
      expect(cells[4]).toBe(fmt.amount(g.incomePerPickerDay));
      expect(cells[5]).toBe(fmt.count(g.belowThreshold));
    }
  });

  it('--year moves the detailed sections to that year', () => {
    const r = run('compute', KOTA, '--year', '2030');
    expect(r.code).toBe(0);
    const y = result.years.find((x) => x.year === 2030);
    if (!y) throw new Error('2030 is in the horizon');
    expect(r.out).toContain('report year 2030');
    const lines = sectionOf(r.out, 'Costs by stage, 2030');
    expect(rowOf(lines, 'All stages (per tonne collected)').slice(-2)).toEqual([fmt.amount(y.netCost), fmt.amount(y.costPerTonneCollected)]);
    expect(r.out).toContain('Who pays, 2030');
    expect(r.out).toContain('Scavengers, 2030');
  });

  it('--year outside the horizon is refused, exit 1', () => {
    const r = run('compute', KOTA, '--year', '2040');
    expect(r.code).toBe(1);
    expect(r.err).toBe('year 2040 is outside the horizon 2025–2032\n');
    expect(r.out).toBe('');
  });

  it('--scenario runs the scenario and names it', () => {
    const sc = computed(KOTA, 'more-trucks').run;
    const f = formatterFor(sc);
    const r = run('compute', KOTA, '--scenario', 'more-trucks');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Run: scenario More trucks for far points (more-trucks)');
    expect(r.out).toContain('Assumptions: One more arm-roll truck');
    const y = sc.years[3];
    expect(rowOf(sectionOf(r.out, 'Years'), String(y.year))[3]).toBe(f.percent(overallPickupRate(y.transferPoints)));
    // The scenario changes the figures: more trucks pick up more.
    expect(overallPickupRate(y.transferPoints)).toBeGreaterThan(overallPickupRate(result.years[3].transferPoints) ?? 1);
  });

  it('an unknown scenario is refused with the known ones listed, exit 1', () => {
    const r = run('compute', KOTA, '--scenario', 'moon-base');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('no scenario "moon-base"');
    expect(r.err).toContain('  more-trucks  More trucks for far points\n');
    expect(r.err).toContain('  compost-programme  Composting programme\n');
    expect(run('compute', XIAO, '--scenario', 'x').err).toContain('This city file has no scenarios');
  });

  it('formats money at the currency minor unit (CNY: 2 decimals)', () => {
    const x = computed(XIAO).run;
    const r = run('compute', XIAO);
    expect(r.code).toBe(0);
    expect(rowOf(sectionOf(r.out, 'Years'), '2024')[6]).toBe(formatterFor(x).amount(x.years[0].netCost));
    expect(x.years[0].netCost.decimalPlaces()).toBeLessThanOrEqual(2);
    expect(rowOf(sectionOf(r.out, 'Years'), '2024')[6]).toMatch(/^[\d,]+\.\d\d$/);
    expect(r.out).toContain('Net cost, CNY');
    expect(r.out).toMatch(/NPV of net cost, 2024–2028 +CN¥[\d,]+\.\d\d\n/);
    expect(r.out).not.toContain('!!');
  });
});

describe('wasteplan compute --json', () => {
  const { run: result } = computed(KOTA);

  /** Every value of the parsed JSON equals the engine's: Decimals as their exact strings, numbers exactly. */
  function expectSame(parsed: unknown, value: unknown, path: string): void {
    if (Decimal.isDecimal(value)) {
      expect(parsed, path).toBe(value.toFixed());
      expect(new Decimal(parsed as string).eq(value), path).toBe(true);
    } else if (Array.isArray(value)) {
      expect(Array.isArray(parsed), path).toBe(true);
      expect((parsed as unknown[]).length, path).toBe(value.length);
      value.forEach((v, i) => expectSame((parsed as unknown[])[i], v, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      const defined = Object.entries(value).filter(([, v]) => v !== undefined);
      expect(Object.keys(parsed as object), path).toEqual(defined.map(([k]) => k));
      for (const [k, v] of defined) expectSame((parsed as Record<string, unknown>)[k], v, `${path}.${k}`);
    } else {
      expect(parsed, path).toBe(value);
    }
  }

  it('prints the complete result, every Decimal as its exact string, keys in the engine order', () => {
    const r = run('compute', KOTA, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const parsed = JSON.parse(r.out) as Record<string, unknown>;
    expectSame(parsed, result, '$');
    const years = parsed.years as Array<Record<string, unknown>>;
    expect(years).toHaveLength(8);
    expect(typeof years[0].netCost).toBe('string');
    expect(years[0].netCost).toBe(result.years[0].netCost.toFixed());
    expect((years[0].mass as Record<string, unknown>).generated).toBe(result.years[0].mass.generated);
  });

  it('is the same bytes on every run', () => {
    expect(run('compute', KOTA, '--json', '--scenario', 'compost-programme').out).toBe(run('compute', KOTA, '--scenario', 'compost-programme', '--json').out);
  });
});

describe('invalid and unreadable files', () => {
  const expectedLines = ['zones[0].coverage: must be <= 1', 'transferPoints[0].legs[0].roundTripKm: must be >= 0'];

  it.each(['compute', 'validate'])('%s prints every problem as "path: message" on stderr, exit 1', (command) => {
    const r = run(command, INVALID);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toContain('invalid.city.json: 2 problems');
    expect(lines.slice(1).sort()).toEqual([...expectedLines].sort());
    // The same problems the engine reports, in its order.
    const v = validateCityFile(readJson(INVALID));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(lines.slice(1)).toEqual(v.problems.map((p) => `${p.path}: ${p.message}`));
  });

  it('validate prints "ok" for a valid file', () => {
    expect(run('validate', KOTA)).toEqual({ code: 0, out: 'ok\n', err: '' });
    expect(run('validate', XIAO).code).toBe(0);
  });

  it.each(['compute', 'validate', 'import'])('%s says where a file is not JSON, exit 1', (command) => {
    const r = run(command, NOT_JSON);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not-json\.city\.json is not valid JSON: .+ \(line 3, column \d+\)\n$/);
    expect(r.out).toBe('');
  });

  it.each(['compute', 'validate', 'import'])('%s says a file cannot be read, exit 1', (command) => {
    const r = run(command, join(FIXTURES, 'no-such.city.json'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`cannot read ${join(FIXTURES, 'no-such.city.json')}: no such file\n`);
  });
});

describe('wasteplan import and export', () => {
  let dir: string;
  let dbPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wasteplan-cli-'));
    dbPath = join(dir, 'data', 'wasteplan.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function cityRows(): Array<{ id: string; version: number }> {
    const db = openDatabase(dbPath);
    try {
      return createCityRepository(db).list().map((c) => ({ id: c.id, version: c.version }));
    } finally {
      db.close();
    }
  }

  it('imports a valid file (creating the folder), then refuses it again without --replace', () => {
    const first = run('import', KOTA, '--db', dbPath);
    expect(first).toEqual({ code: 0, out: `imported kota-kecil (Kota Kecil) in ${dbPath}, version 1\n`, err: '' });
    expect(cityRows()).toEqual([{ id: 'kota-kecil', version: 1 }]);

    const again = run('import', KOTA, '--db', dbPath);
    expect(again.code).toBe(1);
    expect(again.err).toContain('city "kota-kecil" is already in');
    expect(again.err).toContain('--replace');
    expect(cityRows()).toEqual([{ id: 'kota-kecil', version: 1 }]);

    const replaced = run('import', KOTA, '--db', dbPath, '--replace');
    expect(replaced.code).toBe(0);
    expect(replaced.out).toContain('replaced kota-kecil');
    expect(cityRows()).toEqual([{ id: 'kota-kecil', version: 2 }]);
  });

  it('refuses an invalid file, listing its problems, and writes nothing', () => {
    expect(run('import', XIAO, '--db', dbPath).code).toBe(0);
    const before = cityRows();

    const r = run('import', INVALID, '--db', dbPath);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused, 2 problems; nothing was written');
    expect(r.err).toContain('transferPoints[0].legs[0].roundTripKm: must be >= 0\n');
    expect(cityRows()).toEqual(before);

    // Not even over an existing city with --replace (the invalid file is xiao-cheng's id).
    expect(run('import', INVALID, '--db', dbPath, '--replace').code).toBe(1);
    expect(cityRows()).toEqual(before);
    const stored = run('export', 'xiao-cheng', '--db', dbPath);
    expect((JSON.parse(stored.out) as CityFile).transferPoints[0].legs[0].roundTripKm).toBe(40);
  });

  it('refusing an invalid file into a new database does not even create the database', () => {
    expect(run('import', INVALID, '--db', dbPath).code).toBe(1);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('import then export gives back the city file (as validated: defaults filled in), and again unchanged', () => {
    for (const file of [KOTA, XIAO]) {
      const input = readJson(file);
      const v = validateCityFile(input);
      if (!v.ok) throw new Error('fixture is valid');
      expect(run('import', file, '--db', dbPath).code).toBe(0);

      const exported = run('export', v.city.city.id, '--db', dbPath);
      expect(exported.code).toBe(0);
      expect(exported.err).toBe('');
      expect(JSON.parse(exported.out)).toEqual(JSON.parse(JSON.stringify(v.city)));
      // What the user wrote survives: every field of the input is in the export with its value.
      expect(JSON.parse(exported.out)).toMatchObject(input as object);

      // The exported file imports and exports to the same bytes, and computes the same.
      const again = join(dir, `${v.city.city.id}.json`);
      expect(run('export', v.city.city.id, '--db', dbPath, '--out', again)).toEqual({
        code: 0,
        out: `exported ${v.city.city.id} (version 1) to ${again}\n`,
        err: '',
      });
      expect(readFileSync(again, 'utf8')).toBe(exported.out);
      expect(run('import', again, '--db', dbPath, '--replace').code).toBe(0);
      expect(run('export', v.city.city.id, '--db', dbPath).out).toBe(exported.out);
      expect(run('compute', again, '--json').out).toBe(run('compute', file, '--json').out);
    }
    expect(cityRows().map((c) => c.id).sort()).toEqual(['kota-kecil', 'xiao-cheng']);
  });

  it('reads the database path from DATABASE_PATH when --db is left out', () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => {}, env: { DATABASE_PATH: dbPath } };
    expect(main(['import', XIAO], io)).toBe(0);
    expect(out).toContain(`in ${dbPath}`);
    expect(cityRows()).toEqual([{ id: 'xiao-cheng', version: 1 }]);
  });

  it('export refuses an unknown city and a missing database, exit 1', () => {
    const missing = run('export', 'kota-kecil', '--db', dbPath);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`no database at ${dbPath} (set --db or DATABASE_PATH)\n`);
    expect(existsSync(dbPath)).toBe(false);

    expect(run('import', KOTA, '--db', dbPath).code).toBe(0);
    const unknown = run('export', 'atlantis', '--db', dbPath);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(`no city "atlantis" in ${dbPath}; cities: kota-kecil\n`);
    expect(unknown.out).toBe('');
  });
});

describe('golden reports', () => {
  const cases: Array<{ name: string; argv: string[]; needs?: string }> = [
    { name: 'kota-kecil', argv: ['compute', KOTA] },
    { name: 'kota-kecil.more-trucks.2030', argv: ['compute', KOTA, '--scenario', 'more-trucks', '--year', '2030'] },
    { name: 'xiao-cheng', argv: ['compute', XIAO] },
    { name: 'surabaya', argv: ['compute', SURABAYA], needs: SURABAYA },
    // The same report in the other languages (--lang): words, numbers, money and months as each writes them; Chinese tables padded by display width.
    { name: 'kota-kecil.more-trucks.2030.id', argv: ['compute', KOTA, '--scenario', 'more-trucks', '--year', '2030', '--lang', 'id'] },
    { name: 'xiao-cheng.zh', argv: ['compute', XIAO, '--lang', 'zh'] },
  ];
  const update = process.env.UPDATE_GOLDEN === '1';

  for (const c of cases) {
    it.skipIf(c.needs !== undefined && !existsSync(c.needs))(`compute output of ${c.name} is exactly test/cli/golden/${c.name}.txt`, () => {
      const r = run(...c.argv);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const file = join(GOLDEN, `${c.name}.txt`);
      if (update) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, r.out, 'utf8');
        return;
      }
      if (!existsSync(file)) throw new Error(`no golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/cli, check it, and commit it`);
      expect(r.out).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('the wasteplan command as a user runs it', () => {
  it('npx tsx src/cli/main.ts: JSON on stdout in full, and the exit status', () => {
    const json = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'compute', KOTA, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    expect(json.stdout).toBe(run('compute', KOTA, '--json').out);

    // The refused exit status reaches the shell (node --import tsx: the same loader, one process fewer).
    const invalid = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', INVALID], { cwd: ROOT, encoding: 'utf8' });
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('transferPoints[0].legs[0].roundTripKm: must be >= 0\n');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
