/**
 * A city's collections as tables people edit in a spreadsheet: one CSV or
 * XLSX sheet per collection (and one for the fractions), a header row of
 * field labels with units, one row per record; and the way back: a table
 * read into records, merged into the city by id and validated as a whole,
 * with every problem placed on the row and column it came from.
 *
 * The columns are the field registry's (src/reports/fields.ts), in its order;
 * each cell is the text a form would show (recordToForm), so a table goes back
 * through the same parsing as a form (formToRecord). Sub-rows and maps share a
 * cell (docs/city-file.md, "CSV and XLSX tables"):
 *   - rows of objects, e.g. legs: "kompos-contoh:10; tpa-contoh:24"
 *     (the columns of one sub-row joined by ":", sub-rows by "; ");
 *   - lists of ids, e.g. siteIds: "tps-1; tps-2";
 *   - maps by fraction, e.g. capture: "kitchen=0.9; garden=0.8";
 *   - provenance as JSON: {"population":{"status":"S","source":"bps-2003"}}.
 * Ids, numbers and money never contain ";", ":" or "=", so no escaping is needed.
 *
 * Merging (upsert): a row whose id is in the collection replaces that record
 * in place, a new id is added at the end; columns missing from the file keep
 * the stored values; with `deleteMissing` the records whose id is not in the
 * file are removed. Pure: no I/O (exceljs builds and reads workbooks in memory).
 *
 * Example: tableCsv(city, 'landfills') ->
 *   "Id,Name,Remaining airspace (m3),...\r\ntpa-contoh,TPA Contoh,1500000,...\r\n"
 *   planTableImport(city, 'landfills', readCsv(thatText), { deleteMissing: false })
 *   -> { ok: true, counts: { added: 0, changed: 0, unchanged: 1, removed: 0 }, city, ... }
 */
import ExcelJS from 'exceljs';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import {
  COLLECTIONS,
  RECORD_SCHEMAS,
  type CityFile,
  type CollectionName,
} from '../model/cityFile.js';
import { validateCityFile } from '../model/index.js';
import type { Problem } from '../model/results.js';
import { COLLECTION_LABELS, FIELDS, formToRecord, recordToForm, rowsOf, unitFor, type FieldDef } from './fields.js';

/** A table of the city: a collection of records, or the fractions (the city's composition). */
export type TableName = CollectionName | 'fractions';
export const TABLES: readonly TableName[] = ['fractions', 'zones', 'primarySystems', 'vehicleTypes', 'transferPoints', 'facilities', 'landfills',
  'scavengerGroups', 'integration', 'industrialStreams', 'costLines', 'fees'];

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

export const TABLE_TITLES: Readonly<Record<TableName, string>> = {
  fractions: 'Fractions',
  ...Object.fromEntries(COLLECTIONS.map((c) => [c, COLLECTION_LABELS[c].title])),
} as Record<TableName, string>;

/** Largest upload read: a 190-point city's transfer points are about 40 kB. */
export const MAX_TABLE_BYTES = 5 * 1024 * 1024;
/** Rows of a table read at most (a sheet of a million empty rows is refused early). */
export const MAX_TABLE_ROWS = 20_000;

type CellKind = 'scalar' | 'rows' | 'map' | 'provenance';

export interface TableColumn {
  /** The field key ("name", "capital.unitCost", "legs"), or "provenance". */
  key: string;
  /** "Remaining airspace (m3)", "Capital: Unit cost (IDR)", "Legs [Site:Round trip km; ...]". */
  header: string;
  kind: CellKind;
  /** Written as a number in XLSX (numbers, whole numbers, shares); money stays text so no digit is lost. */
  numeric: boolean;
  /** A free-text field: guarded against spreadsheet formulas in CSV. */
  text: boolean;
  field?: FieldDef;
}

const PROVENANCE_HEADER = 'Provenance (JSON)';

function withUnit(label: string, unit: string): string {
  return unit ? `${label} (${unit})` : label;
}

/** The sub-field's own name inside its row: "legs[].roundTripKm" -> "roundTripKm", "siteIds[]" -> "". */
function columnName(c: FieldDef): string {
  return c.key.slice(c.key.indexOf('[]') + 2).replace(/^\./, '');
}

/** The fields of a table: a collection's, or the columns of the composition's fraction rows. */
function tableFields(table: TableName): readonly FieldDef[] {
  if (table !== 'fractions') return FIELDS[table];
  const rows = FIELDS.composition.find((f) => f.key === 'fractions');
  return (rows?.columns ?? []).map((c) => ({ ...c, key: columnName(c) }));
}

/** The columns of a table, in the registry's order, with headers in the city's currency. */
export function tableColumns(table: TableName, currency: string): TableColumn[] {
  const columns: TableColumn[] = [];
  for (const f of tableFields(table)) {
    const label = f.group ? `${f.group.label}: ${f.label}` : f.label;
    if (f.kind === 'rows') {
      const parts = (f.columns ?? []).map((c) => withUnit(c.label, unitFor(c.unit, currency)).replace(/ \((.*)\)$/, ' $1'));
      columns.push({ key: f.key, header: `${label} [${parts.join(':')}; ...]`, kind: 'rows', numeric: false, text: false, field: f });
    } else if (f.kind === 'fractionMap') {
      columns.push({ key: f.key, header: `${label} [fraction=${unitFor(f.unit, currency)}; ...]`, kind: 'map', numeric: false, text: false, field: f });
    } else {
      const numeric = f.kind === 'number' || f.kind === 'integer' || f.kind === 'share';
      columns.push({ key: f.key, header: withUnit(label, unitFor(f.unit, currency)), kind: 'scalar', numeric, text: f.kind === 'text', field: f });
    }
  }
  if (table !== 'fractions') columns.push({ key: 'provenance', header: PROVENANCE_HEADER, kind: 'provenance', numeric: false, text: false });
  return columns;
}

// ---------------------------------------------------------------- export

type AnyRecord = Record<string, unknown>;

function recordsOf(city: CityFile, table: TableName): AnyRecord[] {
  return (table === 'fractions' ? city.fractions : city[table]) as unknown as AnyRecord[];
}

/** A record's form strings: for a fraction, its row of the composition as plain column names. */
function formOf(table: TableName, record: AnyRecord): Record<string, string> {
  if (table !== 'fractions') return recordToForm(table, record);
  const form = recordToForm('composition', { fractions: [record] });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) out[name.replace(/^fractions\.0\./, '')] = value;
  return out;
}

function cellOf(column: TableColumn, record: AnyRecord, form: Record<string, string>): string {
  const f = column.field;
  if (column.kind === 'provenance') return record.provenance === undefined ? '' : JSON.stringify(record.provenance);
  if (!f) return '';
  if (column.kind === 'rows') {
    const cols = f.columns ?? [];
    return rowsOf(f, record[f.key])
      .map((_, i) => cols.map((c) => form[c.key.replace('[]', `.${i}`)] ?? '').join(':'))
      .join('; ');
  }
  if (column.kind === 'map') {
    const map = (record[f.key] ?? {}) as AnyRecord;
    return Object.keys(map).map((fraction) => `${fraction}=${form[`${f.key}.${fraction}`] ?? ''}`).join('; ');
  }
  return form[f.key] ?? '';
}

/** The table as strings: the header row, then one row per record. */
export function tableGrid(city: CityFile, table: TableName): { columns: TableColumn[]; rows: string[][] } {
  const columns = tableColumns(table, city.settings.currency);
  const rows = recordsOf(city, table).map((record) => {
    const form = formOf(table, record);
    return columns.map((c) => cellOf(c, record, form));
  });
  return { columns, rows };
}

/**
 * Spreadsheets run a cell that starts with =, +, -, @ (or a tab or carriage return) as a formula. A free-text
 * cell starting so gets a leading apostrophe in CSV, which reading a table takes off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
function guardText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
function unguardText(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** The table as CSV (RFC 4180, CRLF line ends, UTF-8 with a byte-order mark so spreadsheets read it as UTF-8). */
export function tableCsv(city: CityFile, table: TableName): string {
  const { columns, rows } = tableGrid(city, table);
  const guarded = rows.map((row) => row.map((cell, i) => (columns[i].text ? guardText(cell) : cell)));
  return `\uFEFF${stringifyCsv([columns.map((c) => c.header), ...guarded], { record_delimiter: 'windows' })}`;
}

/** A number cell exactly as its text says; otherwise the text. */
function xlsxValue(column: TableColumn, cell: string): string | number {
  if (!column.numeric || cell === '') return cell;
  const n = Number(cell);
  return Number.isFinite(n) && String(n) === cell ? n : cell;
}

/** The table as an XLSX workbook of one sheet; money and text cells are text, numbers are numbers. */
export async function tableXlsx(city: CityFile, table: TableName): Promise<Buffer> {
  const { columns, rows } = tableGrid(city, table);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'WastePlan';
  const sheet = workbook.addWorksheet(TABLE_TITLES[table], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(60, Math.max(10, c.header.length + 2)),
    style: c.numeric ? {} : { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((cell, i) => xlsxValue(columns[i], cell)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- reading a file

export interface ReadTable {
  header: string[];
  /** Data rows (the header excluded), each with its line in the sheet (the header is line 1). */
  rows: Array<{ line: number; cells: string[] }>;
}

export type ReadOutcome = { ok: true; table: ReadTable } | { ok: false; message: string };

function toReadTable(records: string[][]): ReadOutcome {
  if (records.length === 0) return { ok: false, message: 'The file is empty: it needs a header row of column names.' };
  if (records.length - 1 > MAX_TABLE_ROWS) return { ok: false, message: `The file has ${records.length - 1} rows; at most ${MAX_TABLE_ROWS} can be read.` };
  const [header, ...data] = records;
  const rows = data
    .map((cells, i) => ({ line: i + 2, cells: cells.map((c) => c ?? '') }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { ok: true, table: { header: header.map((h) => h.trim()), rows } };
}

/** Reads CSV text (comma-separated, a byte-order mark allowed). */
export function readCsv(text: string): ReadOutcome {
  try {
    const records = parseCsvSync(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    return toReadTable(records);
  } catch (err) {
    return { ok: false, message: `The file is not valid CSV: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A cell of a sheet as text: numbers exactly as JavaScript prints them, formulas by their last result. */
function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return xlsxCellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** Reads the first sheet of an XLSX workbook. */
export async function readXlsx(data: Buffer): Promise<ReadOutcome> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (err) {
    return { ok: false, message: `The file is not a readable XLSX workbook: ${err instanceof Error ? err.message : String(err)}` };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'The workbook has no sheet.' };
  if (sheet.rowCount - 1 > MAX_TABLE_ROWS) return { ok: false, message: `The sheet has ${sheet.rowCount - 1} rows; at most ${MAX_TABLE_ROWS} can be read.` };
  const width = sheet.columnCount;
  const records: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(xlsxCellText(row.getCell(c).value));
    records.push(cells);
  }
  while (records.length > 0 && records[records.length - 1].every((c) => c === '')) records.pop();
  return toReadTable(records);
}

// ---------------------------------------------------------------- import plan

/** A problem placed on a cell: `column` is the header as the file has it, or null for the whole row. */
export interface CellProblem {
  column: string | null;
  message: string;
}

export type RowStatus = 'added' | 'changed' | 'unchanged';

export interface PlannedRow {
  /** Line in the sheet (the header is line 1). */
  line: number;
  id: string;
  status: RowStatus | null;
  cells: string[];
  problems: CellProblem[];
}

export interface ImportCounts {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

export interface TableImportPlan {
  table: TableName;
  /** The file's columns: the header, and the field it was read as (null: not recognised). */
  columns: Array<{ header: string; key: string | null }>;
  /** Problems with the file as a whole (unknown or repeated columns, no id column). */
  fileProblems: string[];
  rows: PlannedRow[];
  /** Records removed because their id is not in the file (deleteMissing only). */
  removed: Array<{ id: string; name: string }>;
  /** Problems of the resulting city outside the file's rows (another record refers to a removed one...). */
  otherProblems: Problem[];
  counts: ImportCounts;
  /** True when nothing stands in the way: `city` is then the validated city to store. */
  ok: boolean;
  city: CityFile | null;
}

export interface TableImportOptions {
  /** Remove the records whose id is not in the file. */
  deleteMissing: boolean;
}

const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Which column each header names: its full header, its field key, or its label without the unit. */
function matchColumns(columns: readonly TableColumn[], header: readonly string[]): { keys: Array<string | null>; problems: string[] } {
  const byName = new Map<string, string | null>();
  const add = (name: string, key: string) => {
    const n = normalise(name);
    byName.set(n, byName.has(n) && byName.get(n) !== key ? null : key);
  };
  for (const c of columns) {
    add(c.header, c.key);
    add(c.key, c.key);
    add(c.header.replace(/ [([].*$/, ''), c.key);
  }
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const keys = header.map((h) => {
    if (h === '') return null;
    const key = byName.get(normalise(h));
    if (key === undefined || key === null) {
      problems.push(`Column "${h}" is not a field of this table; it was not read.`);
      return null;
    }
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push(`Columns "${before}" and "${h}" are the same field; give it once.`);
      return null;
    }
    seen.set(key, h);
    return key;
  });
  if (!keys.includes('id')) problems.push('The file has no Id column: each row needs the id of its record.');
  return { keys, problems };
}

/** Form body entries of one cell; a problem when the cell's format is wrong. */
function cellToBody(column: TableColumn, raw: string, prefix: string): { entries: Array<[string, string]>; problem?: string } {
  const value = column.text ? unguardText(raw) : raw.trim();
  const f = column.field;
  if (!f) return { entries: [] };
  if (column.kind === 'scalar') return { entries: [[prefix + f.key, value]] };
  const parts = value.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (column.kind === 'map') {
    const entries: Array<[string, string]> = [];
    for (const part of parts) {
      const m = /^([^=]*)=(.*)$/.exec(part);
      const fraction = m?.[1].trim() ?? '';
      if (!m || !/^[a-z0-9][a-z0-9-]{0,79}$/.test(fraction)) {
        return { entries: [], problem: `"${part}" must be fraction=value, e.g. "kitchen=0.2" (entries separated by ";")` };
      }
      if (entries.some(([name]) => name === `${prefix}${f.key}.${fraction}`)) return { entries: [], problem: `gives ${fraction} twice` };
      entries.push([`${prefix}${f.key}.${fraction}`, m[2].trim()]);
    }
    return { entries };
  }
  const cols = f.columns ?? [];
  const entries: Array<[string, string]> = [];
  for (const [i, part] of parts.entries()) {
    const pieces = cols.length > 1 ? part.split(':').map((p) => p.trim()) : [part];
    if (pieces.length !== cols.length) {
      const example = cols.map((c) => c.label.toLowerCase()).join(':');
      return { entries: [], problem: `"${part}" must be ${example} (${cols.length} parts separated by ":"; entries by ";")` };
    }
    cols.forEach((c, j) => entries.push([prefix + c.key.replace('[]', `.${i}`), pieces[j]]));
  }
  return { entries };
}

/** Drops the body entries of a field: its own name and, for rows and maps, every "key.*". */
function dropField(body: Record<string, string>, prefix: string, column: TableColumn): void {
  const name = prefix + column.key;
  delete body[name];
  if (column.kind === 'rows' || column.kind === 'map') {
    for (const k of Object.keys(body)) if (k.startsWith(`${name}.`)) delete body[k];
  }
}

/** The column a form name or problem path belongs to: the longest column key it starts with. */
function columnFor(columns: readonly TableColumn[], path: string): TableColumn | undefined {
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  let best: TableColumn | undefined;
  for (const c of columns) {
    if (dotted === c.key || dotted.startsWith(`${c.key}.`)) {
      if (!best || c.key.length > best.key.length) best = c;
    }
  }
  return best;
}


/** JSON with sorted keys and no undefined values: two records are the same when these are equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as AnyRecord).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A record with its defaults applied (as the store keeps it), or as given when it does not parse yet. */
function withDefaults(table: TableName, record: unknown): string {
  const parsed = RECORD_SCHEMAS[table].safeParse(record);
  return canonicalJson(parsed.success ? parsed.data : record);
}

function stripUndefined(record: AnyRecord): AnyRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function nameOf(record: AnyRecord): string {
  return String(record.name ?? record.description ?? record.id ?? '');
}

/**
 * What importing `table` into `city` would do: each row read into a record
 * (over the stored one with the same id), merged by id, and the whole city
 * validated. Nothing is stored here; `city` is set only when there is no
 * problem at all.
 */
export function planTableImport(city: CityFile, table: TableName, file: ReadTable, options: TableImportOptions): TableImportPlan {
  const columns = tableColumns(table, city.settings.currency);
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const { keys, problems: fileProblems } = matchColumns(columns, file.header);
  const existing = recordsOf(city, table);
  const existingById = new Map(existing.map((r, i) => [String(r.id), i]));
  const idColumn = keys.indexOf('id');
  const prefix = table === 'fractions' ? 'fractions.0.' : '';

  const rows: PlannedRow[] = [];
  const fromFile = new Map<string, { record: AnyRecord; row: PlannedRow }>();
  for (const { line, cells } of file.rows) {
    const id = idColumn >= 0 ? (cells[idColumn] ?? '').trim() : '';
    const row: PlannedRow = { line, id, status: null, cells: file.header.map((_, i) => cells[i] ?? ''), problems: [] };
    rows.push(row);
    if (idColumn < 0) continue;
    const headerOf = (key: string) => file.header[keys.indexOf(key)] ?? null;
    if (id === '') {
      row.problems.push({ column: headerOf('id'), message: 'is required: the id of the record this row is' });
      continue;
    }
    const twin = fromFile.get(id);
    if (twin) {
      row.problems.push({ column: headerOf('id'), message: `"${id}" is also on line ${twin.row.line}; each record once` });
      continue;
    }
    const stored = existingById.has(id) ? existing[existingById.get(id) ?? 0] : undefined;
    const body: Record<string, string> = {};
    if (stored) for (const [k, v] of Object.entries(formOf(table, stored))) body[prefix + k] = v;
    let provenance: unknown = stored?.provenance;
    keys.forEach((key, i) => {
      const column = key === null ? undefined : byKey.get(key);
      if (!column) return;
      const raw = cells[i] ?? '';
      if (column.kind === 'provenance') {
        const text = raw.trim();
        if (text === '') provenance = undefined;
        else {
          try {
            provenance = JSON.parse(text);
          } catch {
            row.problems.push({ column: file.header[i], message: 'must be JSON like {"population":{"status":"S","source":"bps-2003"}}, or empty' });
          }
        }
        return;
      }
      dropField(body, prefix, column);
      const cell = cellToBody(column, raw, prefix);
      if (cell.problem) row.problems.push({ column: file.header[i], message: cell.problem });
      for (const [k, v] of cell.entries) body[k] = v;
    });
    body[`${prefix}id`] = id;
    const parsed = formToRecord(table === 'fractions' ? 'composition' : table, body);
    if (!parsed.ok) {
      for (const [name, message] of Object.entries(parsed.fieldErrors)) {
        const column = columnFor(columns, name.slice(prefix.length));
        row.problems.push({ column: column ? (headerOf(column.key) ?? column.header) : null, message });
      }
      continue;
    }
    const value = table === 'fractions' ? ((parsed.value.fractions as AnyRecord[] | undefined)?.[0] ?? {}) : parsed.value;
    const record = stripUndefined({ ...value, ...(provenance === undefined ? {} : { provenance }) });
    fromFile.set(id, { record, row });
    row.status = !stored ? 'added' : withDefaults(table, record) === withDefaults(table, stored) ? 'unchanged' : 'changed';
  }

  // The new collection: stored records in place (replaced by the file's), then the new ones in file order.
  const merged: Array<{ record: AnyRecord; row: PlannedRow | null }> = [];
  const removed: Array<{ id: string; name: string }> = [];
  for (const r of existing) {
    const id = String(r.id);
    const given = fromFile.get(id);
    const rowOfId = rows.find((x) => x.id === id);
    if (given) merged.push(given);
    else if (rowOfId) merged.push({ record: r, row: rowOfId }); // a row with problems keeps the stored record meanwhile
    else if (options.deleteMissing) removed.push({ id, name: nameOf(r) });
    else merged.push({ record: r, row: null });
  }
  for (const [id, given] of fromFile) if (!existingById.has(id)) merged.push(given);

  const rowProblems = rows.some((r) => r.problems.length > 0);
  const candidate = { ...city, [table]: merged.map((m) => m.record) };
  const validated = validateCityFile(candidate);
  const otherProblems: Problem[] = [];
  if (!validated.ok) {
    for (const p of validated.problems) {
      const m = new RegExp(`^${table}\\[(\\d+)\\]\\.?(.*)$`).exec(p.path);
      const target = m ? merged[Number(m[1])] : undefined;
      if (!m || !target?.row) {
        otherProblems.push(p);
        continue;
      }
      const column = m[2] === '' ? undefined : columnFor(columns, m[2]);
      const fileIndex = column ? keys.indexOf(column.key) : -1;
      const where = column ? (fileIndex >= 0 ? file.header[fileIndex] : `${column.header} (not in the file: the stored value)`) : null;
      const detail = column && m[2] !== column.key ? `${m[2]}: ` : '';
      target.row.problems.push({ column: where, message: `${detail}${p.message}` });
    }
  }

  const count = (s: RowStatus) => rows.filter((r) => r.status === s).length;
  const ok = fileProblems.length === 0 && !rowProblems && validated.ok && rows.every((r) => r.problems.length === 0);
  return {
    table,
    columns: file.header.map((header, i) => ({ header, key: keys[i] })),
    fileProblems,
    rows,
    removed,
    otherProblems,
    counts: { added: count('added'), changed: count('changed'), unchanged: count('unchanged'), removed: removed.length },
    ok,
    city: ok && validated.ok ? validated.city : null,
  };
}

// ---------------------------------------------------------------- whole-city import summary

export interface CollectionChange {
  table: TableName;
  title: string;
  before: number;
  after: number;
  added: string[];
  removed: string[];
  changed: string[];
}

/** What replacing `before` by `after` changes, collection by collection (records by id), and whether settings or scenarios change. */
export function summariseCityChange(before: CityFile | null, after: CityFile): { collections: CollectionChange[]; settingsChanged: boolean; cityChanged: boolean; scenariosChanged: boolean; sourcesChanged: boolean } {
  const collections = TABLES.map((table) => {
    const a = before ? recordsOf(before, table) : [];
    const b = recordsOf(after, table);
    const aById = new Map(a.map((r) => [String(r.id), canonicalJson(r)]));
    const bIds = new Set(b.map((r) => String(r.id)));
    return {
      table,
      title: TABLE_TITLES[table],
      before: a.length,
      after: b.length,
      added: b.filter((r) => !aById.has(String(r.id))).map((r) => String(r.id)),
      removed: a.filter((r) => !bIds.has(String(r.id))).map((r) => String(r.id)),
      changed: b.filter((r) => aById.has(String(r.id)) && aById.get(String(r.id)) !== canonicalJson(r)).map((r) => String(r.id)),
    };
  });
  const same = (x: unknown, y: unknown) => canonicalJson(x) === canonicalJson(y);
  return {
    collections,
    settingsChanged: before === null || !same(before.settings, after.settings),
    cityChanged: before === null || !same(before.city, after.city),
    scenariosChanged: before === null || !same(before.scenarios, after.scenarios),
    sourcesChanged: before === null || !same(before.sources, after.sources),
  };
}

// ---------------------------------------------------------------- preview pages

const STATUS_LABELS: Record<RowStatus, string> = { added: 'new', changed: 'changed', unchanged: 'unchanged' };

export interface TableImportView {
  tableTitle: string;
  counts: Array<{ key: string; label: string; value: string }>;
  fileProblems: string[];
  /** Rows that add, change or are refused; unchanged rows are only counted. */
  rows: Array<{ line: string; id: string; status: string; refused: boolean; problems: Array<{ column: string; message: string }> }>;
  unchangedNote: string | null;
  removed: string[];
  otherProblems: Problem[];
  problemCount: string;
  ok: boolean;
}

/** The preview of a table import: what will change, and every problem by line and column. */
export function toTableImportView(plan: TableImportPlan): TableImportView {
  const listed = plan.rows.filter((r) => r.problems.length > 0 || r.status !== 'unchanged');
  const problems = plan.fileProblems.length + plan.otherProblems.length + plan.rows.reduce((a, r) => a + r.problems.length, 0);
  return {
    tableTitle: TABLE_TITLES[plan.table],
    counts: [
      { key: 'added', label: 'New', value: String(plan.counts.added) },
      { key: 'changed', label: 'Changed', value: String(plan.counts.changed) },
      { key: 'unchanged', label: 'Unchanged', value: String(plan.counts.unchanged) },
      { key: 'removed', label: 'Removed', value: String(plan.counts.removed) },
    ],
    fileProblems: plan.fileProblems,
    rows: listed.map((r) => ({
      line: String(r.line),
      id: r.id,
      status: r.problems.length > 0 ? 'refused' : r.status === null ? 'refused' : STATUS_LABELS[r.status],
      refused: r.problems.length > 0,
      problems: r.problems.map((p) => ({ column: p.column ?? 'row', message: p.message })),
    })),
    unchangedNote: plan.counts.unchanged > 0 && listed.length < plan.rows.length ? `${plan.counts.unchanged} unchanged row${plan.counts.unchanged === 1 ? '' : 's'} not listed.` : null,
    removed: plan.removed.map((r) => `${r.name} (${r.id})`),
    otherProblems: plan.otherProblems,
    problemCount: problems === 1 ? '1 problem' : `${problems} problems`,
    ok: plan.ok,
  };
}

export interface CityImportView {
  cityId: string;
  cityName: string;
  /** "new city" or "replaces the stored city". */
  mode: 'create' | 'replace';
  collections: Array<{ title: string; before: string; after: string; added: string; removed: string; changed: string }>;
  /** "Settings, Scenarios", or null when nothing else changes. */
  otherChanges: string | null;
}

/** The preview of a whole-city import that passed validation: counts per collection and what else changes. */
export function toCityImportView(before: CityFile | null, after: CityFile): CityImportView {
  const s = summariseCityChange(before, after);
  const list = (ids: string[]) => (ids.length === 0 ? '—' : ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`);
  const other: string[] = [];
  if (before) {
    if (s.cityChanged) other.push('Name, country or description');
    if (s.settingsChanged) other.push('Settings');
    if (s.scenariosChanged) other.push('Scenarios');
    if (s.sourcesChanged) other.push('Sources');
  }
  return {
    cityId: after.city.id,
    cityName: after.city.name,
    mode: before ? 'replace' : 'create',
    collections: s.collections.map((c) => ({
      title: c.title,
      before: before ? String(c.before) : '—',
      after: String(c.after),
      added: before ? list(c.added) : String(c.added.length),
      removed: list(c.removed),
      changed: list(c.changed),
    })),
    otherChanges: other.length > 0 ? other.join(', ') : null,
  };
}
