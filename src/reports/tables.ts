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
 * Files stay in English and canonical numbers in every language (headers from
 * the registry's English labels, "1250.5"), so a file reads back the same
 * whoever downloads it; the preview pages (toTableImportView,
 * toCityImportView) are in the reader's language: each problem this module
 * finds carries a code and params (transfer.read.*, transfer.file.*,
 * transfer.problem.* in the catalogs), the engine's and the form parser's
 * English messages are worded by problemText.
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
import { translator, type Lang, type MessageKey, type Translator } from '../i18n/index.js';
import { validateCityFile } from '../model/index.js';
import type { Problem } from '../model/results.js';
import { collectionNames, COLLECTION_LABELS, FIELDS, formToRecord, localizedField, MESSAGES, recordToForm, rowsOf, unitFor, type FieldDef } from './fields.js';
import { localeFormatter } from './locale.js';
import { problemsText, problemText } from './problemText.js';

/** A table of the city: a collection of records, or the fractions (the city's composition). */
export type TableName = CollectionName | 'fractions';
export const TABLES: readonly TableName[] = ['fractions', 'zones', 'primarySystems', 'vehicleTypes', 'transferPoints', 'facilities', 'landfills',
  'scavengerGroups', 'integration', 'industrialStreams', 'costLines', 'fees'];

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

/** English titles: the XLSX sheet's name, logs. Pages use tableTitle. */
export const TABLE_TITLES: Readonly<Record<TableName, string>> = {
  fractions: 'Fractions',
  ...Object.fromEntries(COLLECTIONS.map((c) => [c, COLLECTION_LABELS[c].title])),
} as Record<TableName, string>;

/** A table's title in a language: "Transfer points", "TPS", "转运站". */
export function tableTitle(table: TableName, lang: Lang = 'en'): string {
  return table === 'fractions' ? translator(lang)('transfer.fractionsTitle') : collectionNames(table, lang).title;
}

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

/** Why a file could not be read at all; each has a message transfer.read.<code>. */
export type ReadRefusal = 'empty' | 'tooManyRows' | 'notCsv' | 'notXlsx' | 'noSheet' | 'tooManySheetRows';

/** Values of a message: numbers as numbers (a page writes them the reader's way), text as found. */
export type ProblemParams = Readonly<Record<string, string | number>>;

export type ReadOutcome =
  | { ok: true; table: ReadTable }
  | { ok: false; /** In English. */ message: string; code: ReadRefusal; params: ProblemParams };

/** Why a file was refused, in a language. */
export function readRefusalText(outcome: { code: ReadRefusal; params: ProblemParams }, lang: Lang): string {
  return translator(lang)(`transfer.read.${outcome.code}`, formatted(outcome.params, lang));
}

/** Numbers of params written the language's way; text as it is. */
function formatted(params: ProblemParams, lang: Lang): Record<string, string> {
  const fmt = localeFormatter(lang);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? fmt.integer(v) : v]));
}

function toReadTable(records: string[][]): ReadOutcome {
  if (records.length === 0) return { ok: false, message: 'The file is empty: it needs a header row of column names.', code: 'empty', params: {} };
  if (records.length - 1 > MAX_TABLE_ROWS) {
    return { ok: false, message: `The file has ${records.length - 1} rows; at most ${MAX_TABLE_ROWS} can be read.`, code: 'tooManyRows', params: { rows: records.length - 1, max: MAX_TABLE_ROWS } };
  }
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
    // csv-parse's own words (English): what and where, e.g. "Quote Not Closed: the parsing is finished with an opening quote at line 1".
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `The file is not valid CSV: ${detail}`, code: 'notCsv', params: { detail } };
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
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `The file is not a readable XLSX workbook: ${detail}`, code: 'notXlsx', params: { detail } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'The workbook has no sheet.', code: 'noSheet', params: {} };
  if (sheet.rowCount - 1 > MAX_TABLE_ROWS) {
    return { ok: false, message: `The sheet has ${sheet.rowCount - 1} rows; at most ${MAX_TABLE_ROWS} can be read.`, code: 'tooManySheetRows', params: { rows: sheet.rowCount - 1, max: MAX_TABLE_ROWS } };
  }
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

/** Problems this module finds in a row's cells; each has a message transfer.problem.<code>. */
export type CellProblemCode = 'idRequired' | 'idTwice' | 'provenanceJson' | 'mapEntry' | 'mapTwice' | 'rowParts';

/**
 * A problem placed on a cell: `column` is the header as the file has it, or
 * null for the whole row. `message` is English; a page words it from `code`
 * and `params` when given, else from `message` (the form parser's or the
 * engine's, by problemText), with `within` (the engine's path inside the
 * field, "legs[1].roundTripKm") before it.
 */
export interface CellProblem {
  column: string | null;
  message: string;
  code?: CellProblemCode;
  params?: ProblemParams;
  /** The engine's problem inside the field: its path there and its message alone. */
  within?: { path: string; message: string };
  /** The column is not in the file: the problem is in the stored value. */
  stored?: boolean;
}

/** Problems with a file's header; each has a message transfer.file.<code>. */
export type FileProblemCode = 'unknownColumn' | 'sameField' | 'noIdColumn';

export interface FileProblem {
  /** In English. */
  message: string;
  code: FileProblemCode;
  params: ProblemParams;
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
  fileProblems: FileProblem[];
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
function matchColumns(columns: readonly TableColumn[], header: readonly string[]): { keys: Array<string | null>; problems: FileProblem[] } {
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
  const problems: FileProblem[] = [];
  const seen = new Map<string, string>();
  const keys = header.map((h) => {
    if (h === '') return null;
    const key = byName.get(normalise(h));
    if (key === undefined || key === null) {
      problems.push({ message: `Column "${h}" is not a field of this table; it was not read.`, code: 'unknownColumn', params: { column: h } });
      return null;
    }
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push({ message: `Columns "${before}" and "${h}" are the same field; give it once.`, code: 'sameField', params: { first: before, second: h } });
      return null;
    }
    seen.set(key, h);
    return key;
  });
  if (!keys.includes('id')) problems.push({ message: 'The file has no Id column: each row needs the id of its record.', code: 'noIdColumn', params: {} });
  return { keys, problems };
}

type CellOutcome = { entries: Array<[string, string]>; problem?: Omit<CellProblem, 'column'> };

/** Form body entries of one cell; a problem when the cell's format is wrong. */
function cellToBody(column: TableColumn, raw: string, prefix: string): CellOutcome {
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
        return { entries: [], problem: { message: `"${part}" must be fraction=value, e.g. "kitchen=0.2" (entries separated by ";")`, code: 'mapEntry', params: { part } } };
      }
      if (entries.some(([name]) => name === `${prefix}${f.key}.${fraction}`)) {
        return { entries: [], problem: { message: `gives ${fraction} twice`, code: 'mapTwice', params: { fraction } } };
      }
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
      return {
        entries: [],
        problem: { message: `"${part}" must be ${example} (${cols.length} parts separated by ":"; entries by ";")`, code: 'rowParts', params: { part, count: cols.length, field: f.key } },
      };
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
      row.problems.push({ column: headerOf('id'), message: 'is required: the id of the record this row is', code: 'idRequired', params: {} });
      continue;
    }
    const twin = fromFile.get(id);
    if (twin) {
      row.problems.push({ column: headerOf('id'), message: `"${id}" is also on line ${twin.row.line}; each record once`, code: 'idTwice', params: { id, line: String(twin.row.line) } });
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
            row.problems.push({
              column: file.header[i],
              message: 'must be JSON like {"population":{"status":"S","source":"bps-2003"}}, or empty',
              code: 'provenanceJson',
              params: { example: '{"population":{"status":"S","source":"bps-2003"}}' },
            });
          }
        }
        return;
      }
      dropField(body, prefix, column);
      const cell = cellToBody(column, raw, prefix);
      if (cell.problem) row.problems.push({ column: file.header[i], ...cell.problem });
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
      const within = column && m[2] !== column.key ? m[2] : null;
      target.row.problems.push({
        column: where,
        message: within ? `${within}: ${p.message}` : p.message,
        ...(within ? { within: { path: within, message: p.message } } : {}),
        ...(column && fileIndex < 0 ? { stored: true } : {}),
      });
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

/** The form parser's canonical-number messages (MESSAGES in fields.ts), which problemText does not know, in a language. */
function formMessage(message: string, t: Translator): string | null {
  if (message === MESSAGES.number) return t('transfer.problem.number');
  if (message === MESSAGES.groupIncomplete) return t('forms.groupIncomplete');
  const option = /^must be one of (.+)$/.exec(message);
  if (option) return t('validation.option', { options: option[1] });
  const fixed = /^give all (\d+) values or none$/.exec(message);
  if (fixed) return t('forms.fixedRows', { count: Number(fixed[1]) });
  return null;
}

/** A cell's problem in a language. */
function cellProblemText(table: TableName, p: CellProblem, lang: Lang): string {
  const t = translator(lang);
  if (p.code) {
    const params: Record<string, string | number> = formatted(p.params ?? {}, lang);
    if (p.code === 'rowParts') {
      // The sub-row's columns as the reader's language names them: "site:round trip" / "lokasi:pulang-pergi".
      const collection = table === 'fractions' ? 'composition' : table;
      const field = localizedField(collection, String(p.params?.field ?? ''), lang);
      params.example = (field?.columns ?? []).map((c) => c.label.toLocaleLowerCase(t.locale)).join(':');
      params.count = Number(p.params?.count ?? 0);
    }
    return t(`transfer.problem.${p.code}` as MessageKey, params);
  }
  const word = (m: string) => formMessage(m, t) ?? problemText(m, lang);
  return p.within ? `${p.within.path}: ${word(p.within.message)}` : word(p.message);
}

/** The preview of a table import in a language: what will change, and every problem by line and column. */
export function toTableImportView(plan: TableImportPlan, lang: Lang = 'en'): TableImportView {
  const t = translator(lang);
  const fmt = localeFormatter(lang);
  const listed = plan.rows.filter((r) => r.problems.length > 0 || r.status !== 'unchanged');
  const problems = plan.fileProblems.length + plan.otherProblems.length + plan.rows.reduce((a, r) => a + r.problems.length, 0);
  const unlisted = plan.counts.unchanged > 0 && listed.length < plan.rows.length;
  const columnText = (p: CellProblem) => (p.column === null ? t('transfer.wholeRow') : p.stored ? t('transfer.storedColumn', { column: p.column.replace(/ \(not in the file: the stored value\)$/, '') }) : p.column);
  return {
    tableTitle: tableTitle(plan.table, lang),
    counts: (['added', 'changed', 'unchanged', 'removed'] as const).map((key) => ({ key, label: t(`transfer.count.${key}`), value: fmt.integer(plan.counts[key]) })),
    fileProblems: plan.fileProblems.map((p) => t(`transfer.file.${p.code}`, formatted(p.params, lang))),
    rows: listed.map((r) => {
      const refused = r.problems.length > 0 || r.status === null;
      return {
        line: String(r.line),
        id: r.id,
        status: t(`transfer.status.${refused || r.status === null ? 'refused' : r.status}`),
        refused: r.problems.length > 0,
        problems: r.problems.map((p) => ({ column: columnText(p), message: cellProblemText(plan.table, p, lang) })),
      };
    }),
    unchangedNote: unlisted ? t('transfer.unchangedNote', { count: plan.counts.unchanged }) : null,
    removed: plan.removed.map((r) => `${r.name} (${r.id})`),
    otherProblems: problemsText(plan.otherProblems, lang),
    problemCount: t('transfer.problemCount', { count: problems }),
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

/** The preview of a whole-city import that passed validation, in a language: counts per collection and what else changes. */
export function toCityImportView(before: CityFile | null, after: CityFile, lang: Lang = 'en'): CityImportView {
  const t = translator(lang);
  const fmt = localeFormatter(lang);
  const s = summariseCityChange(before, after);
  // "a, b, c" / "a、b、c": the language's list punctuation, no "and".
  const join = (items: string[]) => new Intl.ListFormat(t.locale, { type: 'conjunction', style: 'narrow' }).format(items);
  const list = (ids: string[]) => (ids.length === 0 ? '—' : ids.length <= 5 ? join(ids) : t('transfer.andMore', { list: join(ids.slice(0, 5)), count: fmt.integer(ids.length - 5) }));
  const other: string[] = [];
  if (before) {
    if (s.cityChanged) other.push(t('transfer.otherChange.city'));
    if (s.settingsChanged) other.push(t('transfer.otherChange.settings'));
    if (s.scenariosChanged) other.push(t('transfer.otherChange.scenarios'));
    if (s.sourcesChanged) other.push(t('transfer.otherChange.sources'));
  }
  return {
    cityId: after.city.id,
    cityName: after.city.name,
    mode: before ? 'replace' : 'create',
    collections: s.collections.map((c) => ({
      title: tableTitle(c.table, lang),
      before: before ? fmt.integer(c.before) : '—',
      after: fmt.integer(c.after),
      added: before ? list(c.added) : fmt.integer(c.added.length),
      removed: list(c.removed),
      changed: list(c.changed),
    })),
    otherChanges: other.length > 0 ? join(other) : null,
  };
}
