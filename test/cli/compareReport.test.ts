/**
 * `wasteplan compare` and `wasteplan report` (src/cli/compare.ts, report.ts),
 * run in-process. Golden files in test/cli/golden/ hold the exact output for
 * the demo cities; after an intended change look at the diff, then
 * regenerate with UPDATE_GOLDEN=1 npx vitest run test/cli.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main, mainAsync } from '../../src/cli/main.js';
import { computeCity } from '../../src/model/index.js';
import { createFormatter, plainSpaces } from '../../src/reports/format.js';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN = join(ROOT, 'test', 'cli', 'golden');
const SURABAYA = join(ROOT, 'examples', 'surabaya.city.json');
const CHONGQING = join(ROOT, 'examples', 'chongqing.city.json');

function collect() {
  const r = { out: '', err: '' };
  const io = { stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: {} };
  return { r, io };
}

function run(...argv: string[]) {
  const { r, io } = collect();
  const code = main(argv, io);
  return { code, ...r };
}

describe('golden compare and report output of the demo cities', () => {
  const cases: Array<{ name: string; argv: string[] }> = [
    { name: 'surabaya.compare.2010.txt', argv: ['compare', SURABAYA, '--scenario', 'composting-programme', '--scenario', 'new-disposal-site', '--year', '2010'] },
    { name: 'chongqing.compare.json', argv: ['compare', CHONGQING, '--scenario', 'comprehensive-treatment', '--scenario', 'reduction-recycling', '--horizon-payers', '--json'] },
    { name: 'surabaya.report.horizon.txt', argv: ['report', SURABAYA, '--horizon'] },
    { name: 'surabaya.report.fee-reform.2006.txt', argv: ['report', SURABAYA, '--scenario', 'fee-reform', '--year', '2006'] },
    { name: 'chongqing.report.2010.csv', argv: ['report', CHONGQING, '--year', '2010', '--format', 'csv'] },
    // In the other languages (--lang): headings, labels, numbers, money and dates as each writes them.
    { name: 'surabaya.report.2005.id.txt', argv: ['report', SURABAYA, '--year', '2005', '--lang', 'id'] },
    { name: 'chongqing.compare.2010.zh.txt', argv: ['compare', CHONGQING, '--scenario', 'comprehensive-treatment', '--year', '2010', '--lang', 'zh'] },
  ];
  for (const c of cases) {
    it(`${c.argv.slice(0, 1).join(' ')} ... is exactly test/cli/golden/${c.name}`, () => {
      const r = run(...c.argv);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const file = join(GOLDEN, c.name);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, r.out, 'utf8');
        return;
      }
      if (!existsSync(file)) throw new Error(`no golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/cli`);
      expect(r.out).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('compare', () => {
  it('puts the baseline first and prints each scenario\'s NPV and its change', () => {
    const r = run('compare', SURABAYA, '--scenario', 'fee-reform');
    expect(r.code).toBe(0);
    const base = computeCity(JSON.parse(readFileSync(SURABAYA, 'utf8')));
    if (!base.ok) throw new Error('no run');
    const fmt = createFormatter('IDR', 0);
    const line = r.out.split('\n').find((l) => l.startsWith('NPV of net cost'));
    expect(line).toContain(plainSpaces(fmt.money(base.result.npvNetCost)));
    expect(r.out).toContain('Column 2: Fee reform to recover cost (fee-reform)');
  });

  it('refuses an unknown scenario with the known ones, exit 1', () => {
    const r = run('compare', SURABAYA, '--scenario', 'atlantis');
    expect(r.code).toBe(1);
    expect(r.err).toContain('no scenario "atlantis"');
    expect(r.err).toContain('  fee-reform  Fee reform to recover cost');
    expect(r.out).toBe('');
  });

  it('refuses 1 or 5 runs and a repeated scenario, exit 2', () => {
    expect(run('compare', SURABAYA).code).toBe(2);
    expect(run('compare', SURABAYA, '--scenario', 'a', '--scenario', 'b', '--scenario', 'c', '--scenario', 'd').code).toBe(2);
    expect(run('compare', SURABAYA, '--scenario', 'fee-reform', '--scenario', 'fee-reform').code).toBe(2);
  });

  it('refuses a year outside the horizon, exit 1', () => {
    const r = run('compare', SURABAYA, '--scenario', 'fee-reform', '--year', '2099');
    expect(r.code).toBe(1);
    expect(r.err).toBe('year 2099 is outside the horizon 2003–2022\n');
  });
});

describe('report', () => {
  it('--format csv --table prints one plain table', () => {
    const r = run('report', SURABAYA, '--format', 'csv', '--table', 'cost-recovery');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('Figure,Value');
    expect(r.out).toMatch(/^Cost-recovery ratio \(fee revenue \/ net cost\),0\.\d+$/m);
  });

  it('an unknown table, both --year and --horizon, xlsx without --out: exit 2', () => {
    expect(run('report', SURABAYA, '--format', 'csv', '--table', 'nope').code).toBe(2);
    expect(run('report', SURABAYA, '--year', '2005', '--horizon').code).toBe(2);
    expect(run('report', SURABAYA, '--format', 'xlsx').code).toBe(2);
    expect(run('report', SURABAYA, '--format', 'pdf').code).toBe(2);
  });

  it('--format xlsx --out writes a workbook with a sheet per table and numeric cells', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wasteplan-xlsx-')), 'report.xlsx');
    const { r, io } = collect();
    const code = await mainAsync(['report', SURABAYA, '--year', '2005', '--format', 'xlsx', '--out', out], io);
    expect(code).toBe(0);
    expect(r.err).toBe(`wrote ${out}\n`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toContain('payer-matrix');
    const ws = wb.getWorksheet('cost-recovery');
    expect(ws?.getCell('A1').value).toBe('Cost recovery, 2005');
    expect(ws?.getCell('A3').value).toBe('Net cost (IDR)');
    const base = computeCity(JSON.parse(readFileSync(SURABAYA, 'utf8')));
    if (!base.ok) throw new Error('no run');
    expect(ws?.getCell('B3').value).toBe(base.result.years[2].netCost.toNumber());
  });
});
