/**
 * `wasteplan compute --lang id|zh`: the text report (src/cli/textReport.ts)
 * with its words from cliCompute.*, figures the language's way, and tables
 * lined up by display width. The whole texts are golden files
 * (test/cli/golden/kota-kecil.more-trucks.2030.id.txt, xiao-cheng.zh.txt).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { renderComputeReport } from '../../src/cli/textReport.js';
import { runEngine, validateCityFile } from '../../src/model/index.js';
import { displayWidth } from '../../src/reports/textWidth.js';

const FIXTURES = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'cli'), 'fixtures');

function cityOf(name: string) {
  const v = validateCityFile(JSON.parse(readFileSync(join(FIXTURES, `${name}.city.json`), 'utf8')));
  if (!v.ok) throw new Error(`${name} is invalid`);
  return v.city;
}

/** English words of the report that must not be left in another language ("Horizon" is Indonesian too: docs/glossary.id.md). */
const ENGLISH = /\b(Run:|currency|report year|NPV of net cost|Levelised|Years|Landfills|Costs by stage|All stages|Who pays|Cost recovery|Fee revenue|City budget|Full-cost fee|Transfer points|Scavengers|Generated|Collected|Pick-up|Uncollected|Capacity|Remaining life|not full by|extrapolated|Direct cost|Overhead|Revenue|Payer|Amount|Backlog|Overflow|Vehicles|Headcount|Recovered|Below threshold|Limited by|All groups|WARNINGS?|t\/day|years)\b/;

describe('compute report in Indonesian and Chinese', () => {
  it('Indonesian: glossary words, Indonesian numbers and rupiah, warnings worded in Indonesian', () => {
    const city = cityOf('kota-kecil');
    const text = renderComputeReport({ city, run: runEngine(city, 'more-trucks'), year: 2030, lang: 'id' });
    expect(text).toContain('!! 3 PERINGATAN !!');
    expect(text).toContain('Perhitungan: skenario More trucks for far points (more-trucks)');
    expect(text).toContain('NPV biaya bersih, 2025–2032  Rp 164.039.703.769'); // English: IDR 164,039,703,769
    expect(text).toContain('TPS dengan tingkat pengangkutan terendah, 2030 (10 dari 12)');
    expect(text).toMatch(/TPA Keputih +105\.000 t +Oktober 2028 +3,8 tahun +100,0%/);
    expect(text).toContain('Pemulung, 2030 (ambang pendapatan Rp 120.000 per hari)');
    expect(text).not.toMatch(ENGLISH);
  });

  it('Chinese: glossary words, yuan with two decimals, every table line as wide as its rule', () => {
    const city = cityOf('xiao-cheng');
    const text = renderComputeReport({ city, run: runEngine(city, null), lang: 'zh' });
    expect(text).toContain('净成本净现值，2024–2028  ¥93,747,667.01'); // English: CN¥93,747,667.01
    expect(text).toContain('各转运站清运率，2024');
    expect(text).toContain('18.0 年（外推）');
    expect(text).toContain('至 2028 年未饱和');
    expect(text).not.toMatch(ENGLISH);
    // In a table, the header and rows (right-aligned last column) end where the rule ends.
    const lines = text.split('\n');
    const rule = lines.findIndex((l) => l.startsWith('  ----  '));
    const headerWidth = displayWidth(lines[rule - 1]);
    expect(displayWidth(lines[rule])).toBe(headerWidth);
    for (const row of lines.slice(rule + 1, rule + 6)) expect(displayWidth(row)).toBe(headerWidth);
  });

  it('--lang on the command line picks it; English stays the default', () => {
    let out = '';
    const io = { stdout: (s: string) => void (out += s), stderr: () => undefined, env: {} };
    expect(main(['compute', join(FIXTURES, 'xiao-cheng.city.json'), '--lang', 'zh'], io)).toBe(0);
    expect(out.split('\n')[1]).toBe('运行：基准情景');
    out = '';
    expect(main(['compute', join(FIXTURES, 'xiao-cheng.city.json')], io)).toBe(0);
    expect(out.split('\n')[1]).toBe('Run: baseline');
  });
});
