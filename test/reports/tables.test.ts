/**
 * Tables of a city: export as CSV and XLSX, read back, merge by id, validate
 * the whole city, and place each problem on its row and column.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { CityFile } from '../../src/model/cityFile.js';
import { validateCityFile } from '../../src/model/index.js';
import {
  canonicalJson,
  planTableImport,
  readCsv,
  readXlsx,
  summariseCityChange,
  TABLES,
  tableColumns,
  tableCsv,
  tableGrid,
  tableXlsx,
  type ReadTable,
  type TableName,
} from '../../src/reports/tables.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { fixtureCity } from '../store/helpers.js';

function demo(id: string): CityFile {
  const v = validateCityFile(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.city.json`), 'utf8')));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.city;
}

function csvTable(text: string): ReadTable {
  const read = readCsv(text);
  if (!read.ok) throw new Error(read.message);
  return read.table;
}

/** The city with every record of `table` renamed: an import of the original table must undo it. */
function scrambled(city: CityFile, table: TableName): CityFile {
  const copy = structuredClone(city);
  const records = (table === 'fractions' ? copy.fractions : copy[table]) as unknown as Array<Record<string, unknown>>;
  for (const r of records) {
    if ('name' in r) r.name = 'Renamed';
    if ('description' in r) r.description = 'Renamed';
  }
  return copy;
}

const cities = [['kota-contoh', fixtureCity()], ['surabaya', demo('surabaya')], ['chongqing', demo('chongqing')]] as const;

describe('export -> import round trip', () => {
  for (const [name, city] of cities) {
    it(`gives back every table of ${name} exactly, from CSV and from XLSX`, async () => {
      for (const table of TABLES) {
        const fromCsv = planTableImport(scrambled(city, table), table, csvTable(tableCsv(city, table)), { deleteMissing: true });
        expect(fromCsv.ok, `${table} csv: ${JSON.stringify(fromCsv.rows.flatMap((r) => r.problems))}`).toBe(true);
        expect(canonicalJson(fromCsv.city)).toBe(canonicalJson(city));

        const xlsx = await readXlsx(await tableXlsx(city, table));
        if (!xlsx.ok) throw new Error(xlsx.message);
        const fromXlsx = planTableImport(scrambled(city, table), table, xlsx.table, { deleteMissing: true });
        expect(fromXlsx.ok, `${table} xlsx`).toBe(true);
        expect(canonicalJson(fromXlsx.city)).toBe(canonicalJson(city));

        const records = table === 'fractions' ? city.fractions : city[table];
        const renamed = records.filter((r) => 'name' in r || 'description' in r).length;
        expect(fromCsv.counts).toEqual({ added: 0, changed: renamed, unchanged: records.length - renamed, removed: 0 });
      }
    });
  }

  it('reads an unchanged table as all unchanged', () => {
    const city = fixtureCity();
    const plan = planTableImport(city, 'transferPoints', csvTable(tableCsv(city, 'transferPoints')), { deleteMissing: false });
    expect(plan.counts).toEqual({ added: 0, changed: 0, unchanged: 3, removed: 0 });
  });
});

describe('the exported files', () => {
  it('name each column by its label and unit, in the city currency', () => {
    const headers = tableColumns('landfills', 'IDR').map((c) => c.header);
    expect(headers.slice(0, 4)).toEqual(['Id', 'Name', 'Remaining airspace (m3)', 'In-place density (t/m3)']);
    expect(headers).toContain('Tipping fee (IDR/t)');
    expect(headers).toContain('Closure and post-closure: Closure estimate (IDR)');
    expect(tableColumns('transferPoints', 'CNY').map((c) => c.header)).toContain('Legs [Site:Round trip km; ...]');
    expect(tableColumns('facilities', 'CNY').map((c) => c.header)).toContain('Sale price [fraction=CNY/t; ...]');
    for (const table of TABLES) {
      const h = tableColumns(table, 'IDR').map((c) => c.header);
      expect(new Set(h).size, table).toBe(h.length);
    }
  });

  it('flatten sub-rows as "site:km; site:km" and maps as "fraction=value; ..."', () => {
    const city = fixtureCity();
    const tp = tableGrid(city, 'transferPoints');
    const legs = tp.columns.findIndex((c) => c.key === 'legs');
    expect(tp.rows[0][legs]).toBe('kompos-contoh:10; tpa-contoh:24');
    const zones = tableGrid(city, 'zones');
    expect(zones.rows[0][zones.columns.findIndex((c) => c.key === 'routing')]).toBe('tps-pasar:0.6; tps-sungai:0.4');
    const fac = tableGrid(city, 'facilities');
    expect(fac.rows[0][fac.columns.findIndex((c) => c.key === 'capture')]).toBe('kitchen=0.5');
    expect(fac.rows[0][fac.columns.findIndex((c) => c.key === 'composting.pricePerT')]).toBe('400000');
    expect(tableGrid(city, 'fractions').rows[0]).toEqual(['kitchen', 'Kitchen and food', '0.6', 'false', 'true']);
  });

  it('write CSV with a byte-order mark and CRLF, quoting what needs it', () => {
    const city = fixtureCity();
    city.landfills[0].name = 'TPA "Contoh", old';
    const csv = tableCsv(city, 'landfills');
    expect(csv.startsWith('\uFEFFId,Name,')).toBe(true);
    expect(csv).toContain('\r\ntpa-contoh,"TPA ""Contoh"", old",60000,0.7,');
  });

  it('keep a name that looks like a formula from running in a spreadsheet, and read it back as typed', () => {
    const city = fixtureCity();
    city.landfills[0].name = '=HYPERLINK("http://x","y")';
    const csv = tableCsv(city, 'landfills');
    expect(csv).toContain(`'=HYPERLINK`);
    const plan = planTableImport(city, 'landfills', csvTable(csv), { deleteMissing: false });
    expect(plan.city?.landfills[0].name).toBe('=HYPERLINK("http://x","y")');
    expect(plan.counts.unchanged).toBe(1);
  });

  it('write XLSX that exceljs reads: a header row, numbers as numbers, money as text', async () => {
    const city = fixtureCity();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tableXlsx(city, 'transferPoints')) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Transfer points');
    expect(sheet).toBeDefined();
    const header = sheet?.getRow(1).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['Id', 'Name', 'Kind']);
    const row = sheet?.getRow(2);
    const col = (h: string) => (header as string[]).indexOf(h);
    expect(row?.getCell(col('Id')).value).toBe('tps-pasar');
    expect(row?.getCell(col('Storage limit (t)')).value).toBe(20);
    expect(row?.getCell(col('Operation and maintenance (IDR/yr)')).value).toBe('12000000');
    expect(row?.getCell(col('Legs [Site:Round trip km; ...]')).value).toBe('kompos-contoh:10; tpa-contoh:24');
    expect(sheet?.rowCount).toBe(1 + city.transferPoints.length);
  });
});

describe('an import with problems', () => {
  function editCsv(city: CityFile, table: TableName, edit: (rows: string[][], header: string[]) => void): ReadTable {
    const { columns, rows } = tableGrid(city, table);
    const header = columns.map((c) => c.header);
    edit(rows, header);
    return { header, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
  }

  it('names the row and column of a value the engine refuses, and stores nothing', () => {
    const city = fixtureCity();
    const file = editCsv(city, 'transferPoints', (rows, header) => {
      rows[1][header.indexOf('Legs [Site:Round trip km; ...]')] = 'kompos-contoh:10; tpa-contoh:-24';
    });
    const plan = planTableImport(city, 'transferPoints', file, { deleteMissing: false });
    expect(plan.ok).toBe(false);
    expect(plan.city).toBeNull();
    expect(plan.rows[1].line).toBe(3);
    expect(plan.rows[1].problems).toEqual([
      { column: 'Legs [Site:Round trip km; ...]', message: 'legs[1].roundTripKm: must be >= 0', within: { path: 'legs[1].roundTripKm', message: 'must be >= 0' } },
    ]);
    expect(plan.rows[0].problems).toEqual([]);
    expect(plan.rows[1].status).toBe('changed');
  });

  it('names the cell of a value that is not a number, or a sub-row in the wrong form', () => {
    const city = fixtureCity();
    const file = editCsv(city, 'transferPoints', (rows, header) => {
      rows[0][header.indexOf('Vehicles (vehicles)')] = 'two';
      rows[2][header.indexOf('Legs [Site:Round trip km; ...]')] = 'tpa-contoh';
    });
    const plan = planTableImport(city, 'transferPoints', file, { deleteMissing: false });
    expect(plan.ok).toBe(false);
    expect(plan.rows[0].problems).toEqual([{ column: 'Vehicles (vehicles)', message: 'must be a number like 12.5 (with . as the decimal point, no separators)' }]);
    expect(plan.rows[2].problems[0]).toEqual({
      column: 'Legs [Site:Round trip km; ...]',
      message: '"tpa-contoh" must be site:round trip (2 parts separated by ":"; entries by ";")',
      code: 'rowParts',
      params: { part: 'tpa-contoh', count: 2, field: 'legs' },
    });
  });

  it('refuses a money amount with separators, naming its column', () => {
    const city = fixtureCity();
    const file = editCsv(city, 'landfills', (rows, header) => {
      rows[0][header.indexOf('Operation per tonne (IDR/t)')] = '35,000';
    });
    const plan = planTableImport(city, 'landfills', file, { deleteMissing: false });
    expect(plan.rows[0].problems).toEqual([{ column: 'Operation per tonne (IDR/t)', message: 'must be a decimal amount like "1250" or "69.90" (no separators, no exponent)' }]);
  });

  it('refuses rows without an id, a repeated id, and unknown columns', () => {
    const city = fixtureCity();
    const file = editCsv(city, 'fees', (rows, header) => {
      header.push('Colour');
      rows.push([...rows[0]]);
      rows[0][0] = '';
    });
    const plan = planTableImport(city, 'fees', file, { deleteMissing: false });
    expect(plan.fileProblems).toEqual([{ message: 'Column "Colour" is not a field of this table; it was not read.', code: 'unknownColumn', params: { column: 'Colour' } }]);
    expect(plan.rows[0].problems).toEqual([{ column: 'Id', message: 'is required: the id of the record this row is', code: 'idRequired', params: {} }]);
    expect(plan.ok).toBe(false);
  });

  it('lists a reference broken by removing rows not in the file as a problem elsewhere', () => {
    const city = fixtureCity();
    const file = editCsv(city, 'transferPoints', (rows) => rows.splice(1, 1));
    const plan = planTableImport(city, 'transferPoints', file, { deleteMissing: true });
    expect(plan.removed).toEqual([{ id: city.transferPoints[1].id, name: city.transferPoints[1].name }]);
    expect(plan.counts.removed).toBe(1);
    expect(plan.ok).toBe(false);
    expect(plan.otherProblems.map((p) => p.path)).toContain('zones[0].routing[1].transferPointId');
    // Without deleting, the same file changes nothing.
    const keep = planTableImport(city, 'transferPoints', file, { deleteMissing: false });
    expect(keep.ok).toBe(true);
    expect(keep.counts).toEqual({ added: 0, changed: 0, unchanged: 2, removed: 0 });
  });
});

describe('merging by id', () => {
  it('keeps the stored values of columns the file leaves out, and adds new ids at the end', () => {
    const city = fixtureCity();
    const file: ReadTable = {
      header: ['id', 'Vehicles'],
      rows: [
        { line: 2, cells: ['tps-pasar', '5'] },
      ],
    };
    const plan = planTableImport(city, 'transferPoints', file, { deleteMissing: false });
    expect(plan.ok).toBe(true);
    expect(plan.counts).toEqual({ added: 0, changed: 1, unchanged: 0, removed: 0 });
    expect(plan.city?.transferPoints[0]).toEqual({ ...city.transferPoints[0], vehicles: 5 });
    expect(plan.city?.transferPoints.slice(1)).toEqual(city.transferPoints.slice(1));

    const added = planTableImport(city, 'costLines', csvTable('id,description,stage,category,amountPerYear\r\nnew-office,New office,administration,overhead,1000000\r\n'), { deleteMissing: false });
    expect(added.ok).toBe(true);
    expect(added.counts.added).toBe(1);
    expect(added.city?.costLines.at(-1)).toEqual({ id: 'new-office', description: 'New office', stage: 'administration', category: 'overhead', amountPerYear: '1000000' });
  });

  it('reads an XLSX sheet whose numbers were typed as numbers', async () => {
    const city = fixtureCity();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Fees');
    sheet.addRow(['Id', 'Amount (IDR per basis)']);
    sheet.addRow(['retribusi', 12500]);
    const read = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    if (!read.ok) throw new Error(read.message);
    const plan = planTableImport(city, 'fees', read.table, { deleteMissing: false });
    expect(plan.rows[0].problems).toEqual([]);
    expect(plan.city?.fees.find((f) => f.id === 'retribusi')?.amount).toBe('12500');
  });

  it('asks for the required fields of a new record, column by column', () => {
    const plan = planTableImport(fixtureCity(), 'fees', csvTable('Id,Amount (IDR per basis)\nnew-fee,500\n'), { deleteMissing: false });
    expect(plan.rows[0].status).toBeNull();
    expect(plan.rows[0].problems.map((p) => p.column)).toEqual(['Name', 'Paid by', 'Stage', 'Basis']);
    expect(plan.rows[0].problems.every((p) => p.message === 'is required')).toBe(true);
  });

  it('refuses files that are not CSV or XLSX', async () => {
    expect(readCsv('a,"b\n').ok).toBe(false);
    const x = await readXlsx(Buffer.from('not a zip'));
    expect(x.ok).toBe(false);
    expect(readCsv('').ok).toBe(false);
  });
});

describe('summary of a whole-city import', () => {
  it('counts records added, removed and changed per collection', () => {
    const before = fixtureCity();
    const after = structuredClone(before);
    after.transferPoints[0].vehicles = 9;
    after.fees = [];
    after.landfills.push({ ...after.landfills[0], id: 'tpa-baru', name: 'TPA Baru' });
    const s = summariseCityChange(before, after);
    const of = (t: TableName) => s.collections.find((c) => c.table === t);
    expect(of('transferPoints')?.changed).toEqual(['tps-pasar']);
    expect(of('fees')?.removed).toEqual(before.fees.map((f) => f.id));
    expect(of('landfills')?.added).toEqual(['tpa-baru']);
    expect(of('zones')).toMatchObject({ added: [], removed: [], changed: [] });
    expect(s.settingsChanged).toBe(false);
    expect(summariseCityChange(null, after).collections.find((c) => c.table === 'zones')?.added).toEqual(after.zones.map((z) => z.id));
  });
});
