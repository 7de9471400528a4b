/**
 * The command line's help lists every command, and its own messages (usage
 * errors, backup, restore, import-weighbridge, compare, report) are in the
 * language asked for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, main } from '../../src/cli/main.js';
import { COMMAND_SYNOPSES, usageText } from '../../src/cli/usage.js';
import { LANGUAGES, translator } from '../../src/i18n/index.js';

const FIXTURES = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'cli'), 'fixtures');
const KOTA = join(FIXTURES, 'kota-kecil.city.json');

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: {} });
  return { code, out, err };
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wasteplan-cli-messages-'));
  dirs.push(d);
  return d;
}

describe('wasteplan help', () => {
  it('describes every command the CLI runs, with its options, in every language', () => {
    expect(COMMAND_NAMES).toEqual(expect.arrayContaining(['backup', 'restore', 'import-weighbridge']));
    const described = COMMAND_SYNOPSES.map(([synopsis]) => synopsis.split(' ')[0]);
    expect(described.filter((c) => c !== 'help').sort()).toEqual([...COMMAND_NAMES].sort());
    for (const lang of LANGUAGES) {
      const help = usageText(translator(lang));
      expect(help).toContain('  backup <out.db> [--db PATH]\n');
      expect(help).toContain('  restore <file.db> [--db PATH]\n');
      expect(help).toContain('  import-weighbridge <cityId> <file.csv> [--db PATH]\n');
    }
    expect(usageText(translator('zh'))).toContain('从 CSV 文件导入一个城市的地磅过磅单');
    expect(usageText(translator('id'))).toContain('Mengimpor tiket jembatan timbang');
  });
});

describe('messages of the commands in Indonesian and Chinese', () => {
  it.each([
    [['compare', KOTA, '--scenario', 'more-trucks', '--scenario', 'more-trucks', '--lang', 'zh'], '每个 --scenario 只能给出一次', 'each --scenario'],
    [['compare', KOTA, '--year', '20x', '--scenario', 'more-trucks', '--lang', 'id'], '--year harus', '--year must'],
    [['report', KOTA, '--format', 'pdf', '--lang', 'zh'], '--format 必须是 text, json, csv, xlsx 之一，而不是“pdf”', '--format must'],
    [['report', KOTA, '--year', '2026', '--horizon', '--lang', 'id'], 'berikan --year atau --horizon, jangan keduanya', 'give --year'],
    [['report', KOTA, '--format', 'csv', '--table', 'nope', '--lang', 'zh'], '报告中没有表“nope”', 'no table'],
    [['backup', '--lang', 'zh'], 'backup 需要要写入的文件', 'backup needs'],
    [['restore', 'x.db', '--db', ':memory:', '--lang', 'id'], 'restore memerlukan berkas basis data', 'restore needs'],
    [['import-weighbridge', 'surabaya', '--lang', 'zh'], 'import-weighbridge 需要城市和文件', 'needs a city'],
  ])('%j', (argv, expected, english) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(expected);
    expect(r.err).not.toContain(english);
  });

  it('refusals with a database: backup and import-weighbridge say so in the language', () => {
    const dir = tempDir();
    const backup = run('backup', join(dir, 'copy.db'), '--db', join(dir, 'none.db'), '--lang', 'zh');
    expect(backup).toMatchObject({ code: 1, err: `${join(dir, 'none.db')} 处没有数据库；无可备份。\n` });
    const weighbridge = run('import-weighbridge', 'kota-kecil', join(dir, 'missing.csv'), '--db', join(dir, 'none.db'), '--lang', 'id');
    expect(weighbridge.code).toBe(1);
    expect(weighbridge.err).toMatch(/^Tidak dapat membaca /);
  });

  it('an unknown scenario and a year outside the horizon in compare and report', () => {
    const scenario = run('compare', KOTA, '--scenario', 'nope', '--lang', 'zh');
    expect(scenario.code).toBe(1);
    expect(scenario.err).toContain('没有情景');
    expect(scenario.err).not.toMatch(/no scenario|Known scenarios/);
    const year = run('report', KOTA, '--year', '1990', '--lang', 'id');
    expect(year.code).toBe(1);
    expect(year.err).not.toContain('outside the horizon');
  });
});
