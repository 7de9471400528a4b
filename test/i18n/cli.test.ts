/** The command line in three languages: --lang, the shell's locale, and messages from the catalogs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main, takeLanguage, USAGE } from '../../src/cli/main.js';
import { usageText } from '../../src/cli/usage.js';
import { translator } from '../../src/i18n/index.js';

const FIXTURES = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'cli'), 'fixtures');
const KOTA = join(FIXTURES, 'kota-kecil.city.json');
const INVALID = join(FIXTURES, 'invalid.city.json');
const NOT_JSON = join(FIXTURES, 'not-json.city.json');

function run(env: Record<string, string>, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env });
  return { code, out, err };
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function dbPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'wasteplan-i18n-cli-'));
  dirs.push(d);
  return join(d, 'wasteplan.db');
}

describe('wasteplan --lang', () => {
  it('prints the help in the language asked for, options and syntax untranslated', () => {
    const zh = run({}, 'help', '--lang', 'zh');
    expect(zh.code).toBe(0);
    expect(zh.out).toBe(usageText(translator('zh')));
    expect(zh.out).toContain('用法：npm run wasteplan -- <命令> [选项]');
    expect(zh.out).toContain('  compute <file> [--scenario ID] [--year YYYY] [--json]\n      对城市文件运行计算引擎');
    expect(run({}, '--lang=id', 'help').out).toContain('Pemakaian: npm run wasteplan -- <perintah> [opsi]');
  });

  it('in English, the help is the usage everyone knows, plus the --lang paragraph', () => {
    expect(run({}, 'help').out).toBe(USAGE);
    expect(USAGE).toContain('Every command takes --lang en|id|zh, the language of its messages\n');
    expect(USAGE).toContain('\nExit status: 0 done; 1 refused (invalid file, unknown scenario or city,\nnothing written); 2 the command line is wrong.\n');
  });

  it('takes the shell’s language when --lang is not given; --lang wins', () => {
    expect(run({ LANG: 'id_ID.UTF-8' }, 'validate', KOTA).out).toBe('ok\n');
    expect(run({ LANG: 'id_ID.UTF-8' }, 'frobnicate').err).toContain('wasteplan: perintah tidak dikenal "frobnicate"\n\nwasteplan: perencanaan dan akuntansi');
    expect(run({ LANG: 'id_ID.UTF-8' }, 'frobnicate', '--lang', 'zh').err).toContain('wasteplan: 未知命令“frobnicate”\n\nwasteplan：城市固体废物规划与成本核算');
    expect(run({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'frobnicate').err).toContain('unknown command "frobnicate"');
  });

  it('refuses a language it does not have, exit 2', () => {
    const r = run({}, 'validate', KOTA, '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`wasteplan: --lang must be en, id or zh, not "fr"\n\n${USAGE}`);
    expect(run({}, 'validate', KOTA, '--lang').err).toContain('--lang must be en, id or zh, not ""');
  });

  it('leaves an argument after -- alone', () => {
    expect(takeLanguage(['compute', '--', '--lang', 'zh'], {})).toEqual({ argv: ['compute', '--', '--lang', 'zh'], lang: 'en' });
    expect(takeLanguage(['--lang', 'zh', 'compute', 'f'], {})).toEqual({ argv: ['compute', 'f'], lang: 'zh' });
  });
});

describe('messages in Indonesian and Chinese', () => {
  it('command-line mistakes', () => {
    const missing = run({}, 'compute', '--lang', 'id');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^wasteplan compute: compute memerlukan tepat satu berkas kota\n\nwasteplan: perencanaan/);
    expect(run({}, 'compute', KOTA, '--colour', '--lang', 'zh').err).toContain('wasteplan compute: 未知选项“--colour”\n');
    expect(run({}, 'import', KOTA, '--lang', 'id', '--db').err).toContain("wasteplan import: Opsi '--db' memerlukan nilai\n");
    expect(run({}, 'compute', KOTA, '--year', '25', '--lang', 'zh').err).toContain('--year 必须是年份（如 2030），而不是“25”');
  });

  it('a file that cannot be read or is not JSON', () => {
    const r = run({}, 'validate', join(FIXTURES, 'no-such.city.json'), '--lang', 'zh');
    expect(r).toEqual({ code: 1, out: '', err: `无法读取 ${join(FIXTURES, 'no-such.city.json')}：文件不存在\n` });
    expect(run({}, 'validate', NOT_JSON, '--lang', 'id').err).toMatch(/not-json\.city\.json bukan JSON yang valid: .+ \(baris 3, kolom \d+\)\n$/);
  });

  it('a refused file: the count in the language, the problems as the engine words them', () => {
    const r = run({}, 'validate', INVALID, '--lang', 'id');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe(`${INVALID}: 2 masalah`);
    expect(run({}, 'compute', INVALID, '--lang', 'zh').err.split('\n')[0]).toBe(`${INVALID}：2 个问题；未进行计算`);
  });

  it('import and export', () => {
    const db = dbPath();
    expect(run({}, 'import', KOTA, '--db', db, '--lang', 'id')).toEqual({ code: 0, out: `diimpor: kota-kecil (Kota Kecil) ke ${db}, versi 1\n`, err: '' });
    const again = run({}, 'import', KOTA, '--db', db, '--lang', 'zh');
    expect(again.code).toBe(1);
    expect(again.err).toBe(`${KOTA}：已拒绝；城市“kota-kecil”已在 ${db} 中（使用 --replace 导入可覆盖它）；未写入任何内容\n`);
    expect(run({}, 'export', 'atlantis', '--db', db, '--lang', 'id').err).toBe(`tidak ada kota "atlantis" di ${db}; kota yang ada: kota-kecil\n`);
  });

  it('a scenario or year the file does not have', () => {
    expect(run({}, 'compute', KOTA, '--scenario', 'moon-base', '--lang', 'id').err).toMatch(/tidak ada skenario "moon-base"\nSkenario yang ada:\n  more-trucks  /);
    expect(run({}, 'compute', KOTA, '--year', '2040', '--lang', 'zh').err).toBe('2040 年不在规划期限 2025–2032 内\n');
  });
});
