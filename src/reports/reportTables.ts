/**
 * Every table of the comparison and the cost-distribution report as one plain
 * model, { name, title, columns, rows }, so the page, the CLI, CSV and XLSX
 * print the same cells. A cell has the text people read and, for figures, its
 * machine value: an exact decimal string for money (never a float), a number
 * for tonnes, shares and counts.
 *
 * CSV (csv-stringify) writes the machine value where there is one, so a
 * spreadsheet or a script gets 723823444219, not "IDR 723,823,444,219".
 * XLSX (exceljs) writes figures as numeric cells (Excel holds numbers as
 * doubles: money is exact up to 15 significant digits there; the CSV keeps
 * every digit) and text as text, with the title as a first row.
 *
 * Example: tableToCsv({ name: 'payers', title: 'Who pays', columns: ['Payer', 'Amount (IDR)'],
 *                        rows: [[{ text: 'City budget' }, { text: '1,234', value: '1234' }]] })
 *          -> 'Payer,Amount (IDR)\nCity budget,1234\n'
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { displayWidth, padDisplayEnd, padDisplayStart } from './textWidth.js';

export interface TableCell {
  text: string;
  /** Machine value: an exact decimal string (money), or a number; absent for text. */
  value?: string | number | null;
}

export interface ReportTable {
  /** File-name slug: "payer-matrix" -> payer-matrix.csv. */
  name: string;
  title: string;
  columns: string[];
  rows: TableCell[][];
  /** A line under the table (units, period). */
  note?: string;
}

export function textCell(text: string): TableCell {
  return { text };
}

export function cell(text: string, value: string | number | null): TableCell {
  return { text, value };
}

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
 * return first) gets a leading apostrophe (CSV injection); machine values are
 * numbers and stay as they are.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One table as CSV: header row, then the machine values (or the text where there is none). */
export function tableToCsv(table: ReportTable): string {
  const rows = table.rows.map((r) => r.map((c) => (c.value === undefined || c.value === null ? neutraliseFormula(c.text) : String(c.value))));
  const csv = stringify([table.columns.map(neutraliseFormula), ...rows], { record_delimiter: 'unix' });
  return csv.endsWith('\n') ? csv : `${csv}\n`;
}

function excelValue(c: TableCell): string | number {
  if (c.value === undefined || c.value === null) return c.text;
  if (typeof c.value === 'number') return Number.isFinite(c.value) ? c.value : c.text;
  // An exact decimal string: Excel's numeric cells are doubles (see the header).
  return /^-?\d+(\.\d+)?$/.test(c.value) ? Number(c.value) : c.value;
}

/** Worksheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, '-').slice(0, 31) || 'table';
  let out = base;
  for (let k = 2; taken.has(out); k++) out = `${base.slice(0, 28)}-${k}`;
  taken.add(out);
  return out;
}

/** Tables as one workbook, a sheet per table (title in the first row, header in the second). */
export async function tablesToXlsx(tables: readonly ReportTable[], meta: { title: string; created?: Date } = { title: 'WastePlan report' }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'WastePlan';
  wb.title = meta.title;
  // A fixed date keeps the file the same for the same report (tests, archives).
  const at = meta.created ?? new Date(Date.UTC(2000, 0, 1));
  wb.created = at;
  wb.modified = at;
  const taken = new Set<string>();
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, taken));
    ws.addRow([t.title]).font = { bold: true };
    const header = ws.addRow(t.columns);
    header.font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map(excelValue));
    if (t.note) ws.addRow([t.note]).font = { italic: true };
    ws.columns.forEach((col, j) => {
      const widths = [t.columns[j]?.length ?? 8, ...t.rows.map((r) => r[j]?.text.length ?? 0)];
      col.width = Math.min(60, Math.max(8, ...widths) + 2);
    });
  }
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}

/** The table called `name`, or undefined. */
export function findTable(tables: readonly ReportTable[], name: string): ReportTable | undefined {
  return tables.find((t) => t.name === name);
}

/** A table as aligned plain text (CLI): title, header, rows; figures right-aligned. */
export function tableToText(table: ReportTable): string {
  // Widths in terminal columns (textWidth.ts): Chinese characters take two.
  const widths = table.columns.map((c, j) => Math.max(displayWidth(c), ...table.rows.map((r) => displayWidth(r[j]?.text ?? ''))));
  const numeric = table.columns.map((_, j) => table.rows.length > 0 && table.rows.every((r) => r[j]?.value !== undefined && r[j]?.value !== null || r[j]?.text === '—'));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (numeric[j] && j > 0 ? padDisplayStart(c, widths[j]) : padDisplayEnd(c, widths[j])))
      .join('  ')
      .trimEnd();
  const out = [table.title, line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map((r) => line(r.map((c) => c.text)))];
  if (table.note) out.push(table.note);
  return `${out.join('\n')}\n`;
}
