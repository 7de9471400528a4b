/** Terminal widths for plain-text tables (src/reports/textWidth.ts) and the CLI tables that use them (src/cli/textTable.ts). */
import { describe, expect, it } from 'vitest';
import { renderPairs, renderTable } from '../../src/cli/textTable.js';
import { charWidth, displayWidth, padDisplayEnd, padDisplayStart } from '../../src/reports/textWidth.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['TPA Benowo', 10],
    ['填埋场', 6],
    ['填埋场 A', 8],
    ['净成本，CNY', 11], // the fullwidth comma is wide
    ['（外推）', 8],
    ['¥1,234.57', 9], // the yen sign is narrow
    ['Rp 1.234.568', 12], // with a no-break space, one column
    ['—', 1], // East Asian Ambiguous: one column outside legacy CJK terminals
    ['e\u0301', 1], // a combining accent takes no column
    ['한국', 4],
    ['ｶ', 1], // halfwidth katakana
    ['𠀀', 2], // CJK Extension B, outside the BMP
  ])('%j is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('counts one character at a time', () => {
    expect([...'转运站A、1'].map(charWidth)).toEqual([2, 2, 2, 1, 2, 1]);
  });

  it('pads to a width in columns, never cutting', () => {
    expect(padDisplayEnd('净成本', 8)).toBe('净成本  ');
    expect(padDisplayStart('净成本', 8)).toBe('  净成本');
    expect(padDisplayEnd('净成本', 4)).toBe('净成本');
  });
});

describe('CLI tables in Chinese', () => {
  it('line up: every line of a column starts at the same terminal column', () => {
    const lines = renderTable(
      [{ header: '转运站' }, { header: '清运率', align: 'right' }, { header: 'Note' }],
      [
        ['South transfer station', '42.4%', '溢出'],
        ['北站', '100.0%', 'ok'],
      ],
    );
    expect(lines).toEqual([
      '转运站                  清运率  Note',
      '----------------------  ------  ----',
      'South transfer station   42.4%  溢出',
      '北站                    100.0%  ok',
    ]);
    const starts = lines.map((l) => displayWidth(l.slice(0, l.lastIndexOf('  ') + 2)));
    expect(new Set(starts).size).toBe(1);
  });

  it('label/value pairs line up the values', () => {
    expect(renderPairs([['垃圾处理费收入', '¥1.00'], ['Fee', '¥2.00']])).toEqual(['垃圾处理费收入  ¥1.00', 'Fee             ¥2.00']);
  });
});
