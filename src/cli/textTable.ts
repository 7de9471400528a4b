/**
 * Plain-text tables with aligned columns for terminal reports: a header, a
 * rule of dashes, the rows; text left-aligned, figures right-aligned, two
 * spaces between columns, no trailing spaces (golden files stay clean).
 * Widths are terminal columns (src/reports/textWidth.ts): a Chinese
 * character takes two, so tables in Chinese line up too.
 *
 * Example: renderTable([{ header: 'Year' }, { header: 'Net cost', align: 'right' }],
 *                      [['2024', 'IDR 1,234']])
 *          -> ['Year  Net cost', '----  ---------', '2024  IDR 1,234']
 */
import { displayWidth, padDisplayEnd, padDisplayStart } from '../reports/textWidth.js';

export interface Column {
  header: string;
  /** Figures read best right-aligned; names left. Default: left. */
  align?: 'left' | 'right';
}

const GAP = '  ';

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'right' ? padDisplayStart(text, width) : padDisplayEnd(text, width);
}

/** The table as lines; every row must have one cell per column. */
export function renderTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string[] {
  for (const [i, row] of rows.entries()) {
    if (row.length !== columns.length) throw new RangeError(`row ${i} has ${row.length} cells for ${columns.length} columns`);
  }
  const widths = columns.map((c, j) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[j]))));
  const line = (cells: readonly string[]) =>
    cells.map((cell, j) => pad(cell, widths[j], columns[j].align ?? 'left')).join(GAP).trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join(GAP), ...rows.map(line)];
}

/** Label/value pairs with the values lined up: ["Cost recovery ratio   12.3%", ...]. */
export function renderPairs(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(0, ...pairs.map(([label]) => displayWidth(label)));
  return pairs.map(([label, value]) => `${padDisplayEnd(label, width)}${GAP}${value}`.trimEnd());
}
