/**
 * Weighbridge tickets (db/migrations/0005_weighbridge.sql): what each truck
 * delivered to a landfill, weighed full and empty, imported from the CSV a
 * weighbridge exports. An import reads the file row by row, checking each row
 * and writing it in ONE transaction (multi-row prepared INSERTs), so all of it
 * is written or nothing: a refused row anywhere, a crash or a kill mid-import
 * leaves no ticket of it behind.
 *
 * The file: a header row naming the columns (any order, case and spaces
 * ignored), then one ticket a row:
 *
 *   ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg,net_kg
 *   WB-2024-000001,2024-01-15,L 1234 AB,tps-tegalsari-1,benowo,14230,6110,8120
 *
 * - ticket_id: 1-60 characters, unique in the city (a file imported twice is refused);
 * - date: YYYY-MM-DD, a real day;
 * - vehicle: the truck's plate, 1-40 characters;
 * - transfer_point_id: a transfer point of the city, or empty (straight from collection);
 * - landfill_id: a landfill of the city;
 * - gross_kg, tare_kg: whole kilograms, 0 <= tare < gross <= 100,000;
 * - net_kg: optional; when given it must equal gross - tare.
 *
 * Problems name the line (the header is line 1) and the column, as a
 * spreadsheet shows them. CSV is read by a small RFC 4180 reader of our own:
 * csv-parse takes about 1 s for 100,000 rows here, this one about a tenth of
 * that (bench/import.ts measures the whole path against sqlite3's .import).
 *
 * Example: importWeighbridgeCsv(db, { cityId: 'surabaya', userId: 3, fileName: 'jan.csv', text })
 *          -> { ok: true, importId: 7, tickets: 2841 }
 *          -> { ok: false, problems: [{ line: 12, column: 'gross_kg', message: 'must be a whole number of kg, not "12.5"',
 *                                       code: 'notWholeKg', params: { value: '12.5' } }], problemCount: 1 }
 */
import type { CityFile } from '../model/cityFile.js';
import type { Db } from './db.js';

export const WEIGHBRIDGE_COLUMNS = ['ticket_id', 'date', 'vehicle', 'transfer_point_id', 'landfill_id', 'gross_kg', 'tare_kg', 'net_kg'] as const;
export type WeighbridgeColumn = (typeof WEIGHBRIDGE_COLUMNS)[number];
/** Columns a file may leave out. */
const OPTIONAL_COLUMNS: ReadonlySet<WeighbridgeColumn> = new Set(['transfer_point_id', 'net_kg']);

/** A truck weighs at most this much on a road weighbridge (the largest are 100 t). */
export const MAX_GROSS_KG = 100_000;
/** Problems listed at most (the count says how many there were). */
export const MAX_LISTED_PROBLEMS = 100;
/** Rows per INSERT statement: 100 rows x 10 values stay far below SQLite's 32,766 parameters. */
const BATCH_ROWS = 100;

/**
 * What is wrong, for a reader in any language: the web page words each code
 * as weighbridge.problem.<code> (locales/*.json) with `params`; `message` is
 * the same in English, for the command line and logs.
 */
export const WEIGHBRIDGE_PROBLEM_CODES = [
  'unclosedQuote',
  'textAfterQuote',
  'quoteInField',
  'emptyFile',
  'unknownColumn',
  'columnTwice',
  'columnMissing',
  'noTickets',
  'cellCount',
  'empty',
  'tooLong',
  'controlCharacter',
  'ticketTwice',
  'badDate',
  'unknownTransferPoint',
  'unknownLandfill',
  'notWholeKg',
  'grossRange',
  'tareNotLess',
  'netMismatch',
  'importedBefore',
  'noCity',
  // The web form was sent without a file (src/web/routes/weighbridge.ts).
  'noFile',
] as const;
export type WeighbridgeProblemCode = (typeof WEIGHBRIDGE_PROBLEM_CODES)[number];

/** A problem's values: numbers as numbers (a page writes them the reader's way), text as the file has it (at most 40 characters). */
export type WeighbridgeProblemParams = Readonly<Record<string, string | number>>;

export interface WeighbridgeProblem {
  /** Line in the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  /** The column's name as the file should have it; null for a whole row or the file. */
  column: WeighbridgeColumn | null;
  /** In English. */
  message: string;
  code: WeighbridgeProblemCode;
  params: WeighbridgeProblemParams;
}

export interface WeighbridgeTicket {
  ticketId: string;
  weighedOn: string;
  vehicle: string;
  transferPointId: string | null;
  landfillId: string;
  grossKg: number;
  tareKg: number;
  netKg: number;
}

export type WeighbridgeImportOutcome =
  | { ok: true; importId: number; tickets: number }
  | { ok: false; problems: WeighbridgeProblem[]; problemCount: number };

export interface WeighbridgeImportInput {
  cityId: string;
  /** null: imported without an account (the command line). */
  userId: number | null;
  fileName: string;
  /** The file's text (UTF-8, a byte-order mark allowed). */
  text: string;
  now?: () => Date;
  /** Called after each batch is written, inside the transaction (tickets written so far; rows are written as they are read). */
  onProgress?: (written: number) => void;
}

// ------------------------------------------------------------------ reading CSV

export interface CsvRecord {
  /** Line of the file where the record starts (1-based). */
  line: number;
  cells: string[];
}

export type CsvOutcome =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; message: string; code: 'unclosedQuote' | 'textAfterQuote' | 'quoteInField' };

/**
 * RFC 4180: comma-separated, fields in double quotes may hold commas, line
 * breaks and doubled quotes; CRLF or LF line ends; a leading byte-order mark
 * is skipped. Blank lines are dropped.
 */
export function readCsvRecords(text: string): CsvOutcome {
  const records: CsvRecord[] = [];
  const read = forEachCsvRecord(text, (line, cells) => void records.push({ line, cells }));
  return read.ok ? { ok: true, records } : read;
}

type CsvReadOutcome = { ok: true } | Extract<CsvOutcome, { ok: false }>;

/**
 * readCsvRecords one record at a time, keeping none: an import of 100,000
 * rows then never holds them all (the garbage collector copied every live
 * row at each collection, a fifth of the import's time). Stops at the
 * first malformed record.
 */
export function forEachCsvRecord(text: string, onRecord: (line: number, cells: string[]) => void): CsvReadOutcome {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    // Fast path: a line without quotes is split as it is (most lines of a weighbridge export).
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    const raw = text.slice(i, end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (!raw.includes('"') && !raw.includes('\r')) {
      if (raw !== '') onRecord(start, raw.split(','));
      i = end + 1;
      line++;
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      // One field, starting at i.
      if (text.charCodeAt(i) === 34 /* " */) {
        let value = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) return { ok: false, line: start, message: 'a quoted field is not closed (a " is missing)', code: 'unclosedQuote' };
          for (let k = from; k < q; k++) if (text.charCodeAt(k) === 10) line++;
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        cells.push(value);
        const c = text.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13) return { ok: false, line, message: 'text after a closing quote: quote the whole field', code: 'textAfterQuote' };
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) return { ok: false, line, message: 'a " inside an unquoted field: quote the field and double the "', code: 'quoteInField' };
          j++;
        }
        cells.push(text.slice(i, j));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === 44 /* , */) {
        i++;
        continue;
      }
      // End of record: CRLF, LF, a lone CR, or the end of the text.
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    if (cells.length > 1 || cells[0] !== '') onRecord(start, cells);
  }
  return { ok: true };
}

// ------------------------------------------------------------------ checking rows

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WHOLE_KG = /^\d{1,9}$/;
// Control characters (tabs included) have no place in an id or a plate.
const CONTROL = /[\u0000-\u001f\u007f]/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]);
}

/** A value as a message quotes it: at most 40 characters. */
function cut(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** How a value is quoted back in an English message. */
function shown(value: string): string {
  return JSON.stringify(cut(value));
}

/** Header cell -> column: "Gross kg", "gross_kg" and "GROSS-KG" are the same column. */
function columnKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export type CheckOutcome =
  | { ok: true; tickets: WeighbridgeTicket[]; /** Each ticket's line in the file. */ lines: number[] }
  | { ok: false; problems: WeighbridgeProblem[]; problemCount: number };

type WeighbridgeCity = { transferPoints: ReadonlyArray<{ id: string }>; landfills: ReadonlyArray<{ id: string }> };

/** Reads and checks a whole file against the city's transfer points and landfills; no database needed. */
export function checkWeighbridgeCsv(text: string, city: WeighbridgeCity): CheckOutcome {
  const tickets: WeighbridgeTicket[] = [];
  const lines: number[] = [];
  const scanned = scanWeighbridgeCsv(text, city, (t, line) => {
    tickets.push(t);
    lines.push(line);
  });
  return scanned.ok ? { ok: true, tickets, lines } : scanned;
}

type ScanOutcome = { ok: true; tickets: number } | { ok: false; problems: WeighbridgeProblem[]; problemCount: number };

/**
 * Reads and checks the file one row at a time, keeping no row: `onTicket`
 * gets each good ticket in file order for as long as no problem has been
 * found (the import writes them as they come and rolls back when the outcome
 * is not ok). A malformed CSV is the only problem reported, as when the
 * whole file was read first.
 */
function scanWeighbridgeCsv(text: string, city: WeighbridgeCity, onTicket: (t: WeighbridgeTicket, line: number) => void): ScanOutcome {
  const problems: WeighbridgeProblem[] = [];
  let problemCount = 0;
  const problem = (line: number, column: WeighbridgeColumn | null, message: string, code: WeighbridgeProblemCode, params: WeighbridgeProblemParams = {}) => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ line, column, message, code, params });
  };

  // Which cell holds which column.
  const index = new Map<WeighbridgeColumn, number>();
  let headerSeen = false;
  let headerRefused = false;
  let rowCount = 0;
  let tickets = 0;
  let width = 0;
  const transferPoints = new Set(city.transferPoints.map((t) => t.id));
  const landfills = new Set(city.landfills.map((l) => l.id));
  const ticketLines = new Map<string, number>();

  const readHeader = (headerLine: number, cells: string[]) => {
    cells.forEach((h, k) => {
      const key = columnKey(h);
      if (!(WEIGHBRIDGE_COLUMNS as readonly string[]).includes(key)) {
        problem(headerLine, null, `unknown column ${shown(h)}: the columns are ${WEIGHBRIDGE_COLUMNS.join(', ')}`, 'unknownColumn', { value: cut(h), columns: WEIGHBRIDGE_COLUMNS.join(', ') });
        return;
      }
      const column = key as WeighbridgeColumn;
      if (index.has(column)) problem(headerLine, column, 'is given twice in the header', 'columnTwice');
      else index.set(column, k);
    });
    for (const c of WEIGHBRIDGE_COLUMNS) if (!OPTIONAL_COLUMNS.has(c) && !index.has(c)) problem(headerLine, c, 'is missing from the header', 'columnMissing');
    headerRefused = problemCount > 0;
    width = cells.length;
  };

  const at = (cells: string[], c: WeighbridgeColumn): string => {
    const k = index.get(c);
    return k === undefined ? '' : (cells[k] ?? '').trim();
  };
  const text1 = (line: number, c: WeighbridgeColumn, value: string, max: number): boolean => {
    if (value === '') problem(line, c, 'is empty', 'empty');
    else if (value.length > max) problem(line, c, `is ${value.length} characters long; at most ${max}`, 'tooLong', { length: value.length, max });
    else if (CONTROL.test(value)) problem(line, c, 'holds a control character (a tab or a line break)', 'controlCharacter');
    else return true;
    return false;
  };
  const kg = (line: number, c: WeighbridgeColumn, value: string): number | null => {
    if (!WHOLE_KG.test(value)) {
      if (value === '') problem(line, c, 'is empty', 'empty');
      else problem(line, c, `must be a whole number of kg, not ${shown(value)}`, 'notWholeKg', { value: cut(value) });
      return null;
    }
    return Number(value);
  };

  const checkRow = (line: number, cells: string[]) => {
    if (cells.length !== width) {
      problem(line, null, `has ${cells.length} cells; the header has ${width}`, 'cellCount', { cells: cells.length, width });
      return;
    }
    const ticketId = at(cells, 'ticket_id');
    if (text1(line, 'ticket_id', ticketId, 60)) {
      const first = ticketLines.get(ticketId);
      if (first !== undefined) problem(line, 'ticket_id', `${shown(ticketId)} is also on line ${first}`, 'ticketTwice', { value: cut(ticketId), line: first });
      else ticketLines.set(ticketId, line);
    }
    const weighedOn = at(cells, 'date');
    if (weighedOn === '') problem(line, 'date', 'is empty', 'empty');
    else if (!isRealDate(weighedOn)) problem(line, 'date', `must be a day as YYYY-MM-DD (1900-2199), not ${shown(weighedOn)}`, 'badDate', { value: cut(weighedOn) });
    const vehicle = at(cells, 'vehicle');
    text1(line, 'vehicle', vehicle, 40);
    const tp = at(cells, 'transfer_point_id');
    if (tp !== '' && !transferPoints.has(tp)) problem(line, 'transfer_point_id', `the city has no transfer point ${shown(tp)}`, 'unknownTransferPoint', { value: cut(tp) });
    const landfillId = at(cells, 'landfill_id');
    if (landfillId === '') problem(line, 'landfill_id', 'is empty', 'empty');
    else if (!landfills.has(landfillId)) problem(line, 'landfill_id', `the city has no landfill ${shown(landfillId)}`, 'unknownLandfill', { value: cut(landfillId) });
    const gross = kg(line, 'gross_kg', at(cells, 'gross_kg'));
    const tare = kg(line, 'tare_kg', at(cells, 'tare_kg'));
    if (gross !== null && (gross < 1 || gross > MAX_GROSS_KG)) problem(line, 'gross_kg', `must be 1 to ${MAX_GROSS_KG} kg, not ${gross}`, 'grossRange', { max: MAX_GROSS_KG, value: gross });
    else if (gross !== null && tare !== null && tare >= gross) problem(line, 'tare_kg', `must be less than gross_kg (${gross}), not ${tare}`, 'tareNotLess', { gross, value: tare });
    const netText = at(cells, 'net_kg');
    let net: number | null = gross !== null && tare !== null ? gross - tare : null;
    if (netText !== '') {
      const given = kg(line, 'net_kg', netText);
      if (given !== null && net !== null && given !== net) problem(line, 'net_kg', `must be gross_kg - tare_kg = ${net}, not ${given}`, 'netMismatch', { net, value: given });
      net = given ?? net;
    }
    // Once any row has a problem nothing will be written: the rest is only checked.
    if (problemCount > 0) return;
    tickets++;
    onTicket(
      {
        ticketId,
        weighedOn,
        vehicle,
        transferPointId: tp === '' ? null : tp,
        landfillId,
        grossKg: gross as number,
        tareKg: tare as number,
        netKg: net as number,
      },
      line,
    );
  };

  const read = forEachCsvRecord(text, (line, cells) => {
    if (!headerSeen) {
      headerSeen = true;
      readHeader(line, cells);
      return;
    }
    rowCount++;
    // A refused header: the rows are not read against it (the file is still read to the end for a malformed record).
    if (!headerRefused) checkRow(line, cells);
  });
  if (!read.ok) return { ok: false, problems: [{ line: read.line, column: null, message: read.message, code: read.code, params: {} }], problemCount: 1 };
  if (!headerSeen) {
    const columns = WEIGHBRIDGE_COLUMNS.join(',');
    return { ok: false, problems: [{ line: 0, column: null, message: `the file is empty: it needs a header row (${columns}) and one ticket a row`, code: 'emptyFile', params: { columns } }], problemCount: 1 };
  }
  if (headerRefused) return { ok: false, problems, problemCount };
  if (rowCount === 0) return { ok: false, problems: [{ line: 0, column: null, message: 'the file has a header but no tickets', code: 'noTickets', params: {} }], problemCount: 1 };
  if (problemCount > 0) return { ok: false, problems, problemCount };
  return { ok: true, tickets };
}

// ------------------------------------------------------------------ writing

const INSERT_COLUMNS = '(import_id, city_id, ticket_id, weighed_on, vehicle, transfer_point_id, landfill_id, gross_kg, tare_kg, net_kg)';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

class DuplicateTickets extends Error {}
class RefusedFile extends Error {}

/**
 * Checks the file against the city as stored and writes every ticket with
 * one import row in one transaction; nothing is written when any row is
 * refused (including a ticket id the city already has).
 */
export function importWeighbridgeCsv(db: Db, input: WeighbridgeImportInput): WeighbridgeImportOutcome {
  const cityRow = db.prepare<[string], { document: string }>('SELECT document FROM cities WHERE id = ?').get(input.cityId);
  if (!cityRow) return { ok: false, problems: [{ line: 0, column: null, message: `there is no city "${input.cityId}"`, code: 'noCity', params: { value: input.cityId } }], problemCount: 1 };
  const city = JSON.parse(cityRow.document) as CityFile;
  const fileName = input.fileName.trim().slice(0, 255) || 'upload.csv';
  const now = input.now ?? (() => new Date());

  const insertImport = db.prepare<[string, number | null, string, number, string]>(
    'INSERT INTO weighbridge_imports (city_id, user_id, file_name, ticket_count, imported_at) VALUES (?, ?, ?, ?, ?)',
  );
  const setCount = db.prepare<[number, number]>('UPDATE weighbridge_imports SET ticket_count = ? WHERE id = ?');
  const batchSql = `INSERT INTO weighbridge_records ${INSERT_COLUMNS} VALUES ${Array(BATCH_ROWS).fill(ROW_PLACEHOLDERS).join(', ')}`;
  const insertBatch = db.prepare(batchSql);
  const insertOne = db.prepare(`INSERT INTO weighbridge_records ${INSERT_COLUMNS} VALUES ${ROW_PLACEHOLDERS}`);
  const COLUMNS = 10;
  /** Puts ticket t's values at params[at..at+9]. */
  const put = (params: unknown[], at: number, importId: number, t: WeighbridgeTicket) => {
    params[at] = importId;
    params[at + 1] = input.cityId;
    params[at + 2] = t.ticketId;
    params[at + 3] = t.weighedOn;
    params[at + 4] = t.vehicle;
    params[at + 5] = t.transferPointId;
    params[at + 6] = t.landfillId;
    params[at + 7] = t.grossKg;
    params[at + 8] = t.tareKg;
    params[at + 9] = t.netKg;
  };

  let refused: Extract<WeighbridgeImportOutcome, { ok: false }> | null = null;
  try {
    // Rows are checked and written as they are read, in one transaction: a
    // problem anywhere (or a kill) leaves nothing behind. The file's rows are
    // never all held at once.
    const done = db.transaction((): { importId: number; written: number } => {
      // The city may have been deleted since it was read: the foreign key refuses the import row then.
      // The count is known at the end: 1 until then (the table wants at least 1), never seen outside the transaction.
      const id = Number(insertImport.run(input.cityId, input.userId, fileName, 1, now().toISOString()).lastInsertRowid);
      const params: unknown[] = new Array(BATCH_ROWS * COLUMNS);
      const one: unknown[] = new Array(COLUMNS);
      let pending = 0;
      let written = 0;
      const write = (t: WeighbridgeTicket) => {
        put(params, pending * COLUMNS, id, t);
        if (++pending === BATCH_ROWS) {
          insertBatch.run(params);
          pending = 0;
          written += BATCH_ROWS;
          input.onProgress?.(written);
        }
      };
      try {
        const scanned = scanWeighbridgeCsv(input.text, city, write);
        if (!scanned.ok) {
          refused = scanned;
          throw new RefusedFile();
        }
        for (let r = 0; r < pending; r++) {
          for (let c = 0; c < COLUMNS; c++) one[c] = params[r * COLUMNS + c];
          insertOne.run(one);
        }
        written += pending;
        setCount.run(written, id);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateTickets();
        throw err;
      }
      input.onProgress?.(written);
      return { importId: id, written };
    }).immediate();
    return { ok: true, importId: done.importId, tickets: done.written };
  } catch (err) {
    if (err instanceof RefusedFile && refused) return refused;
    if (!(err instanceof DuplicateTickets)) throw err;
    // Rolled back. Say which rows: the tickets the city already has.
    const checked = checkWeighbridgeCsv(input.text, city);
    if (!checked.ok) return checked;
    const { tickets } = checked;
    const lineOf = new Map(tickets.map((t, k) => [t.ticketId, checked.lines[k]]));
    const existing = db
      .prepare<[string, string], { ticket_id: string; import_id: number }>(
        'SELECT ticket_id, import_id FROM weighbridge_records WHERE city_id = ? AND ticket_id IN (SELECT value FROM json_each(?))',
      )
      .all(input.cityId, JSON.stringify(tickets.map((t) => t.ticketId)));
    const problems: WeighbridgeProblem[] = existing
      .map((r) => ({
        line: lineOf.get(r.ticket_id) ?? 0,
        column: 'ticket_id' as const,
        message: `${shown(r.ticket_id)} was imported before (import #${r.import_id})`,
        code: 'importedBefore' as const,
        // The import's number as an id, not a quantity: never grouped.
        params: { value: cut(r.ticket_id), importId: String(r.import_id) },
      }))
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_LISTED_PROBLEMS);
    return { ok: false, problems, problemCount: existing.length };
  }
}

// ------------------------------------------------------------------ reading back

export interface WeighbridgeImport {
  id: number;
  fileName: string;
  ticketCount: number;
  /** ISO 8601 UTC. */
  importedAt: string;
  /** Display name of who imported it; null from the command line. */
  userName: string | null;
  firstDay: string;
  lastDay: string;
}

export interface WeighbridgeMonth {
  /** YYYY-MM. */
  month: string;
  landfillId: string;
  tickets: number;
  netKg: number;
}

export interface WeighbridgeStore {
  /** The city's imports, newest first. */
  imports(cityId: string): WeighbridgeImport[];
  /** Tickets and net kg by month and landfill, oldest month first. */
  monthly(cityId: string): WeighbridgeMonth[];
  ticketCount(cityId: string): number;
  /** Deletes an import with its tickets (one statement); false when the city has no such import. */
  deleteImport(cityId: string, importId: number): boolean;
}

export function createWeighbridgeStore(db: Db): WeighbridgeStore {
  const importsStmt = db.prepare<[string], { id: number; file_name: string; ticket_count: number; imported_at: string; display_name: string | null; first_day: string; last_day: string }>(
    `SELECT i.id, i.file_name, i.ticket_count, i.imported_at, u.display_name,
            (SELECT min(weighed_on) FROM weighbridge_records r WHERE r.import_id = i.id) AS first_day,
            (SELECT max(weighed_on) FROM weighbridge_records r WHERE r.import_id = i.id) AS last_day
     FROM weighbridge_imports i LEFT JOIN users u ON u.id = i.user_id
     WHERE i.city_id = ? ORDER BY i.imported_at DESC, i.id DESC`,
  );
  const monthlyStmt = db.prepare<[string], { month: string; landfill_id: string; tickets: number; net_kg: number }>(
    `SELECT substr(weighed_on, 1, 7) AS month, landfill_id, count(*) AS tickets, sum(net_kg) AS net_kg
     FROM weighbridge_records WHERE city_id = ? GROUP BY month, landfill_id ORDER BY month, landfill_id`,
  );
  const countStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM weighbridge_records WHERE city_id = ?');
  const deleteStmt = db.prepare<[number, string]>('DELETE FROM weighbridge_imports WHERE id = ? AND city_id = ?');
  return {
    imports: (cityId) =>
      importsStmt.all(cityId).map((r) => ({
        id: r.id,
        fileName: r.file_name,
        ticketCount: r.ticket_count,
        importedAt: r.imported_at,
        userName: r.display_name,
        firstDay: r.first_day,
        lastDay: r.last_day,
      })),
    monthly: (cityId) => monthlyStmt.all(cityId).map((r) => ({ month: r.month, landfillId: r.landfill_id, tickets: r.tickets, netKg: r.net_kg })),
    ticketCount: (cityId) => countStmt.get(cityId)?.n ?? 0,
    deleteImport: (cityId, importId) => deleteStmt.run(importId, cityId).changes > 0,
  };
}
