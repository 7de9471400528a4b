/**
 * Weighbridge tickets: the CSV reader, every row rule with its line and
 * column, and the import written whole or not at all.
 */
import { describe, expect, it } from 'vitest';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import {
  checkWeighbridgeCsv,
  createWeighbridgeStore,
  importWeighbridgeCsv,
  MAX_LISTED_PROBLEMS,
  readCsvRecords,
} from '../../src/store/weighbridge.js';
import { fixtureCity, freshDb } from './helpers.js';

const HEADER = 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg,net_kg';
const CITY = { transferPoints: [{ id: 'tps-pasar' }, { id: 'tps-sungai' }], landfills: [{ id: 'tpa-contoh' }] } as Parameters<typeof checkWeighbridgeCsv>[1];

function dbWithCity(): Db {
  const db = freshDb();
  createCityRepository(db).insert(fixtureCity());
  return db;
}

function rowsOf(db: Db): number {
  return db.prepare('SELECT count(*) FROM weighbridge_records').pluck().get() as number;
}

function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join('\r\n')}\r\n`;
}

describe('readCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a byte-order mark, and skips blank lines', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\n\nlast,,\n';
    const read = readCsvRecords(text);
    expect(read).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
        { line: 5, cells: ['last', '', ''] },
      ],
    });
    expect(readCsvRecords('a,b')).toEqual({ ok: true, records: [{ line: 1, cells: ['a', 'b'] }] });
    expect(readCsvRecords('')).toEqual({ ok: true, records: [] });
  });

  it('names the line of a quote left open or a stray quote', () => {
    expect(readCsvRecords('a\n"open,b\n')).toEqual({ ok: false, line: 2, message: 'a quoted field is not closed (a " is missing)', code: 'unclosedQuote' });
    expect(readCsvRecords('a\nb"c\n')).toEqual({ ok: false, line: 2, message: 'a " inside an unquoted field: quote the field and double the "', code: 'quoteInField' });
    expect(readCsvRecords('"a"b\n')).toEqual({ ok: false, line: 1, message: 'text after a closing quote: quote the whole field', code: 'textAfterQuote' });
  });
});

describe('checkWeighbridgeCsv', () => {
  it('accepts a good file, columns in any order and spelling, net_kg and transfer point optional', () => {
    const text = 'Gross KG,Tare-kg,Ticket ID,date,vehicle,landfill_id,transfer_point_id\n14230,6110,WB-1,2024-02-29,L 1234 AB,tpa-contoh,\n9000,5000,WB-2,2024-03-01,L 99 X,tpa-contoh,tps-pasar\n';
    const out = checkWeighbridgeCsv(text, CITY);
    expect(out).toEqual({
      ok: true,
      lines: [2, 3],
      tickets: [
        { ticketId: 'WB-1', weighedOn: '2024-02-29', vehicle: 'L 1234 AB', transferPointId: null, landfillId: 'tpa-contoh', grossKg: 14230, tareKg: 6110, netKg: 8120 },
        { ticketId: 'WB-2', weighedOn: '2024-03-01', vehicle: 'L 99 X', transferPointId: 'tps-pasar', landfillId: 'tpa-contoh', grossKg: 9000, tareKg: 5000, netKg: 4000 },
      ],
    });
  });

  it('names the line and column of every problem', () => {
    const text = csv(
      'WB-1,2024-01-15,L 1 A,tps-pasar,tpa-contoh,14230,6110,8120', // line 2: good
      'WB-1,2024-01-16,L 1 A,tps-pasar,tpa-contoh,14230,6110,8120', // 3: ticket again
      'WB-3,2023-02-29,L 1 A,tps-nowhere,tpa-other,12.5,-1,', // 4: not a leap year, unknown ids, not whole kg
      'WB-4,2024-01-15,,tps-pasar,tpa-contoh,5000,6000,', // 5: no vehicle, tare above gross
      'WB-5,2024-01-15,L 1 A,,tpa-contoh,200000,0,', // 6: too heavy
      'WB-6,2024-01-15,L 1 A,,tpa-contoh,9000,1000,7000', // 7: net wrong
      'WB-7,2024-01-15,L 1 A', // 8: short row
      '"WB\t8",NaN,Infinity,,tpa-contoh,1e3,0x10,', // 9: control character, not a date, not whole numbers
    );
    const out = checkWeighbridgeCsv(text, CITY);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems).toEqual([
      { line: 3, column: 'ticket_id', message: '"WB-1" is also on line 2', code: 'ticketTwice', params: { value: 'WB-1', line: 2 } },
      { line: 4, column: 'date', message: 'must be a day as YYYY-MM-DD (1900-2199), not "2023-02-29"', code: 'badDate', params: { value: '2023-02-29' } },
      { line: 4, column: 'transfer_point_id', message: 'the city has no transfer point "tps-nowhere"', code: 'unknownTransferPoint', params: { value: 'tps-nowhere' } },
      { line: 4, column: 'landfill_id', message: 'the city has no landfill "tpa-other"', code: 'unknownLandfill', params: { value: 'tpa-other' } },
      { line: 4, column: 'gross_kg', message: 'must be a whole number of kg, not "12.5"', code: 'notWholeKg', params: { value: '12.5' } },
      { line: 4, column: 'tare_kg', message: 'must be a whole number of kg, not "-1"', code: 'notWholeKg', params: { value: '-1' } },
      { line: 5, column: 'vehicle', message: 'is empty', code: 'empty', params: {} },
      { line: 5, column: 'tare_kg', message: 'must be less than gross_kg (5000), not 6000', code: 'tareNotLess', params: { gross: 5000, value: 6000 } },
      { line: 6, column: 'gross_kg', message: 'must be 1 to 100000 kg, not 200000', code: 'grossRange', params: { max: 100000, value: 200000 } },
      { line: 7, column: 'net_kg', message: 'must be gross_kg - tare_kg = 8000, not 7000', code: 'netMismatch', params: { net: 8000, value: 7000 } },
      { line: 8, column: null, message: 'has 3 cells; the header has 8', code: 'cellCount', params: { cells: 3, width: 8 } },
      { line: 9, column: 'ticket_id', message: 'holds a control character (a tab or a line break)', code: 'controlCharacter', params: {} },
      { line: 9, column: 'date', message: 'must be a day as YYYY-MM-DD (1900-2199), not "NaN"', code: 'badDate', params: { value: 'NaN' } },
      { line: 9, column: 'gross_kg', message: 'must be a whole number of kg, not "1e3"', code: 'notWholeKg', params: { value: '1e3' } },
      { line: 9, column: 'tare_kg', message: 'must be a whole number of kg, not "0x10"', code: 'notWholeKg', params: { value: '0x10' } },
    ]);
    expect(out.problemCount).toBe(15);
  });

  it('refuses a header with an unknown, a repeated or a missing column, and an empty file', () => {
    const out = checkWeighbridgeCsv('ticket_id,date,date,truck,landfill_id,gross_kg\n', CITY);
    expect(out).toEqual({
      ok: false,
      problemCount: 4,
      problems: [
        { line: 1, column: 'date', message: 'is given twice in the header', code: 'columnTwice', params: {} },
        {
          line: 1,
          column: null,
          message: 'unknown column "truck": the columns are ticket_id, date, vehicle, transfer_point_id, landfill_id, gross_kg, tare_kg, net_kg',
          code: 'unknownColumn',
          params: { value: 'truck', columns: 'ticket_id, date, vehicle, transfer_point_id, landfill_id, gross_kg, tare_kg, net_kg' },
        },
        { line: 1, column: 'vehicle', message: 'is missing from the header', code: 'columnMissing', params: {} },
        { line: 1, column: 'tare_kg', message: 'is missing from the header', code: 'columnMissing', params: {} },
      ],
    });
    expect(checkWeighbridgeCsv('', CITY)).toMatchObject({ ok: false, problems: [{ line: 0, column: null, message: expect.stringMatching(/^the file is empty/) }] });
    expect(checkWeighbridgeCsv(`${HEADER}\n`, CITY)).toMatchObject({ ok: false, problems: [{ message: 'the file has a header but no tickets' }] });
  });

  it(`lists at most ${MAX_LISTED_PROBLEMS} problems and counts them all`, () => {
    const rows = Array.from({ length: 250 }, (_, i) => `WB-${i},2024-13-01,L 1 A,,tpa-contoh,9000,1000,`);
    const out = checkWeighbridgeCsv(csv(...rows), CITY);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems).toHaveLength(MAX_LISTED_PROBLEMS);
    expect(out.problemCount).toBe(250);
  });
});

describe('importWeighbridgeCsv', () => {
  const good = (n: number, prefix = 'WB') =>
    csv(...Array.from({ length: n }, (_, i) => `${prefix}-${i},2024-0${1 + (i % 3)}-15,L ${i} A,${i % 2 ? 'tps-pasar' : ''},tpa-contoh,${9000 + i},5000,`));

  it('writes every ticket and one import row; the store sums them by month', () => {
    const db = dbWithCity();
    const out = importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'jan.csv', text: good(250), now: () => new Date('2026-11-29T10:00:00Z') });
    expect(out).toEqual({ ok: true, importId: 1, tickets: 250 });
    expect(rowsOf(db)).toBe(250);
    const store = createWeighbridgeStore(db);
    expect(store.ticketCount('kota-contoh')).toBe(250);
    expect(store.imports('kota-contoh')).toEqual([
      { id: 1, fileName: 'jan.csv', ticketCount: 250, importedAt: '2026-11-29T10:00:00.000Z', userName: null, firstDay: '2024-01-15', lastDay: '2024-03-15' },
    ]);
    // Month k gets tickets i = k-1, k+2, ...: 84, 83, 83 tickets; net 4000 + i kg each.
    const net = (k: number) => Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 3 === k).reduce((s, i) => s + 4000 + i, 0);
    expect(store.monthly('kota-contoh')).toEqual([
      { month: '2024-01', landfillId: 'tpa-contoh', tickets: 84, netKg: net(0) },
      { month: '2024-02', landfillId: 'tpa-contoh', tickets: 83, netKg: net(1) },
      { month: '2024-03', landfillId: 'tpa-contoh', tickets: 83, netKg: net(2) },
    ]);
    expect(store.deleteImport('kota-contoh', 1)).toBe(true);
    expect(rowsOf(db)).toBe(0);
    expect(store.deleteImport('kota-contoh', 1)).toBe(false);
  });

  it('writes nothing when any row is refused, and names the rows of tickets imported before', () => {
    const db = dbWithCity();
    expect(importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'a.csv', text: good(150) }).ok).toBe(true);
    const bad = `${good(300, 'NEW').trimEnd()}\r\nNEW-X,2024-01-32,L 1 A,,tpa-contoh,9000,1000,\r\n`;
    expect(importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'b.csv', text: bad })).toEqual({
      ok: false,
      problemCount: 1,
      problems: [{ line: 302, column: 'date', message: 'must be a day as YYYY-MM-DD (1900-2199), not "2024-01-32"', code: 'badDate', params: { value: '2024-01-32' } }],
    });
    // Rows 1..300 are new, then the first file again: found by the database, inside the transaction, after 300 rows went in.
    const again = `${good(300, 'NEW').trimEnd()}\r\n${good(150).split('\r\n').slice(1).join('\r\n')}`;
    const out = importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'c.csv', text: again });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problemCount).toBe(150);
    expect(out.problems[0]).toEqual({ line: 302, column: 'ticket_id', message: '"WB-0" was imported before (import #1)', code: 'importedBefore', params: { value: 'WB-0', importId: '1' } });
    expect(rowsOf(db)).toBe(150);
    expect(db.prepare('SELECT count(*) FROM weighbridge_imports').pluck().get()).toBe(1);
    expect(importWeighbridgeCsv(db, { cityId: 'nowhere', userId: null, fileName: 'd.csv', text: good(1) })).toEqual({
      ok: false,
      problemCount: 1,
      problems: [{ line: 0, column: null, message: 'there is no city "nowhere"', code: 'noCity', params: { value: 'nowhere' } }],
    });
  });

  it('leaves nothing behind when the write fails halfway', () => {
    const db = dbWithCity();
    let batches = 0;
    expect(() =>
      importWeighbridgeCsv(db, {
        cityId: 'kota-contoh',
        userId: null,
        fileName: 'x.csv',
        text: good(1000),
        onProgress: (written) => {
          batches++;
          if (written === 500) throw new Error('disk full');
        },
      }),
    ).toThrow('disk full');
    expect(batches).toBe(5);
    expect(rowsOf(db)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM weighbridge_imports').pluck().get()).toBe(0);
  });

  it('goes when its city goes', () => {
    const db = dbWithCity();
    importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'a.csv', text: good(10) });
    createCityRepository(db).delete('kota-contoh');
    expect(rowsOf(db)).toBe(0);
  });

  it('is held to its rules by the database too', () => {
    const db = dbWithCity();
    importWeighbridgeCsv(db, { cityId: 'kota-contoh', userId: null, fileName: 'a.csv', text: good(1) });
    const insert = (gross: number, tare: number, net: number, day = '2024-01-01') =>
      db
        .prepare(`INSERT INTO weighbridge_records (import_id, city_id, ticket_id, weighed_on, vehicle, transfer_point_id, landfill_id, gross_kg, tare_kg, net_kg) VALUES (1, 'kota-contoh', ?, ?, 'L 1', NULL, 'tpa-contoh', ?, ?, ?)`)
        .run(`T-${Math.random()}`, day, gross, tare, net);
    expect(() => insert(9000, 1000, 7000)).toThrow(/CHECK/);
    expect(() => insert(9000, 9000, 0)).toThrow(/CHECK/);
    expect(() => insert(9000, 1000, 8000, '2023-02-29')).toThrow(/CHECK/);
    expect(() => insert(9000.5, 1000, 8000.5)).toThrow(/INTEGER|datatype|cannot store/i);
    expect(() => insert(9000, 1000, 8000)).not.toThrow();
  });
});
