/**
 * Import and export in Bahasa Indonesia and Chinese: the tables page, a
 * table import's preview (counts, statuses, each problem by line and column
 * in the language), the confirmation's flash, refusals of files that cannot
 * be read, 404s and a whole-city import's summary. Files themselves stay
 * English and canonical in every language.
 */
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { planTableImport, readCsv, tableCsv, toCityImportView, toTableImportView } from '../../src/reports/tables.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUser, signIn, type Session } from '../web/auth-helpers.js';
import { appWithFixture, fixtureCity } from '../web/helpers.js';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';
let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'editor@x.org', password: PASSWORD, roles: { [CITY]: 'editor' } });
  createUser(db, { email: 'admin@x.org', password: PASSWORD, roles: { [CITY]: 'cityAdmin' } });
});

const stored = () => createCityRepository(db).get(CITY)!;

/** The fixture's transfer points as CSV lines (0 is the header), edited. */
function transferPointsCsv(edit: (lines: string[][], col: (header: string) => number) => void): Buffer {
  const lines = tableCsv(stored().document, 'transferPoints').replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
  edit(lines, (h) => lines[0].indexOf(h));
  return Buffer.from(lines.map((l) => l.join(',')).join('\r\n'));
}

async function editorIn(lang: 'id' | 'zh', email = 'editor@x.org'): Promise<Session> {
  const s = await signIn(app, email, PASSWORD);
  await s.agent.get(`/cities/${CITY}/tables?lang=${lang}`).expect(200);
  return s;
}

async function upload(s: Session, path: string, file: Buffer, name: string) {
  const token = await s.csrf(`/cities/${CITY}`);
  return s.agent.post(`${path}?_csrf=${encodeURIComponent(token)}`).attach('file', file, name);
}

const tokenOf = (html: string) => /<input type="hidden" name="token" value="([^"]+)">/.exec(html)?.[1];

/** English of the preview and its messages that must not be left in another language. */
const ENGLISH = ['Nothing can be saved', '>New<', '>Changed<', '>Unchanged<', '>Removed<', '>refused<', 'must be', 'is required', 'unchanged row', 'Transfer points', 'is not a field'];

describe('the import and export page', () => {
  it('is in Indonesian: title, table titles and the weighbridge link', async () => {
    const s = await editorIn('id');
    const page = await s.agent.get(`/cities/${CITY}/tables`).expect(200);
    expect(page.text).toContain('<title>Kota Contoh: impor dan ekspor · WastePlan</title>');
    expect(page.text).toMatch(/<tr data-table="transferPoints">\s*<th scope="row">TPS<\/th>/);
    expect(page.text).toMatch(/<tr data-table="fractions">\s*<th scope="row">Fraksi<\/th>/);
    expect(page.text).not.toContain('Transfer points');
  });
});

describe('a table import in Indonesian and Chinese', () => {
  it('Indonesian: counts, statuses and each problem in Indonesian; nothing saved', async () => {
    const s = await editorIn('id');
    const file = transferPointsCsv((lines, col) => {
      lines[1][col('Vehicles (vehicles)')] = 'dua'; // not a number
      lines[2][col('Legs [Site:Round trip km; ...]')] = 'tpa-contoh'; // one part where two are needed
      lines[3][col('Legs [Site:Round trip km; ...]')] = 'tpa-contoh:-24'; // the engine refuses it
    });
    const res = await upload(s, `/cities/${CITY}/tables/transferPoints/import`, file, 'tps.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<h1>Impor TPS: pratinjau</h1>');
    expect(res.text).toContain('Tidak ada yang dapat disimpan: 4 masalah');
    expect(res.text).toMatch(/data-count="added"><dt>Baru<\/dt>/);
    expect(res.text).toMatch(/data-count="unchanged"><dt>Tetap<\/dt>/);
    expect(res.text).toMatch(/<tr data-line="2" class="refused">[\s\S]*?<td>ditolak<\/td>[\s\S]*?<strong>Vehicles \(vehicles\)<\/strong>: harus berupa angka seperti 12.5 \(berkas CSV dan XLSX memakai titik/);
    // The sub-row's parts named in Indonesian, from the field registry's labels.
    expect(res.text).toMatch(/<tr data-line="3" class="refused">[\s\S]*?: “tpa-contoh” harus berbentuk [^ (:]+:[^(]+ \(2 bagian dipisah dengan &#34;:&#34;; entri dengan &#34;;&#34;\)/);
    expect(res.text).toMatch(/<tr data-line="4" class="refused">[\s\S]*?legs\[0\]\.roundTripKm: harus /);
    for (const english of ENGLISH) expect(res.text).not.toContain(english);
    expect(stored().version).toBe(1);
  });

  it('Chinese: a good import previewed, confirmed, and its flash in Chinese', async () => {
    const s = await editorIn('zh');
    const file = transferPointsCsv((lines, col) => {
      lines[1][col('Vehicles (vehicles)')] = '7';
    });
    const preview = await upload(s, `/cities/${CITY}/tables/transferPoints/import`, file, 'tps.csv');
    expect(preview.status).toBe(200);
    expect(preview.text).toMatch(/data-count="changed"><dt>更改<\/dt><dd><span class="figure-value">1</);
    expect(preview.text).toContain('<td>更改</td>');
    expect(preview.text).toContain('另有 2 行未变，未列出。');
    for (const english of ENGLISH) expect(preview.text).not.toContain(english);
    await s.agent.post(`/cities/${CITY}/tables/transferPoints/import/confirm`).type('form')
      .send({ _csrf: await s.csrf(`/cities/${CITY}`), token: tokenOf(preview.text) }).expect(303);
    const page = await s.agent.get(`/cities/${CITY}/tables`).expect(200);
    expect(page.text).toContain('已从 tps.csv 导入转运站：新增 0，更改 1，删除 0，未变 2。');
  });

  it('Chinese: an unknown column, an unreadable file, an unknown table', async () => {
    const s = await editorIn('zh');
    const extra = transferPointsCsv((lines) => {
      lines[0].push('Colour');
      for (const l of lines.slice(1)) l.push('red');
    });
    const res = await upload(s, `/cities/${CITY}/tables/transferPoints/import`, extra, 'tps.csv');
    expect(res.text).toContain('<li>列“Colour”不是本表的字段，未读取。</li>');
    const junk = await upload(s, `/cities/${CITY}/tables/zones/import`, Buffer.from('PK\u0003\u0004 not really'), 'z.xlsx');
    expect(junk.status).toBe(422);
    expect(junk.text).toContain('文件不是可读取的 XLSX 工作簿：');
    const table = await s.agent.get(`/cities/${CITY}/tables/bins.csv`).expect(404);
    expect(table.text).toContain('没有表文件“bins.csv”');
    const big = await upload(s, `/cities/${CITY}/tables/zones/import`, Buffer.alloc(5 * 1024 * 1024 + 1, 'a'), 'z.csv');
    expect(big.status).toBe(413);
    expect(big.text).toContain('文件超过 5 MB。');
    const unknown = await upload(s, `/cities/${CITY}/tables/bins/import`, Buffer.from('id\n'), 'z.csv');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('城市没有“bins”表；表有 fractions, zones,');
  });

  it('Indonesian: the confirmation refused because the city changed meanwhile', async () => {
    const s = await editorIn('id');
    const preview = await upload(s, `/cities/${CITY}/tables/transferPoints/import`, transferPointsCsv((l, col) => { l[1][col('Vehicles (vehicles)')] = '7'; }), 'tps.csv');
    const city = stored();
    createCityRepository(db).replaceDocument(CITY, city.version, { ...city.document, city: { ...city.document.city, name: 'Kota Contoh 2' } });
    const res = await s.agent.post(`/cities/${CITY}/tables/transferPoints/import/confirm`).type('form')
      .send({ _csrf: await s.csrf(`/cities/${CITY}`), token: tokenOf(preview.text) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Seseorang mengubah Kota Contoh 2 setelah pratinjau Anda (sekarang versi 2).');
  });
});

describe('the view models', () => {
  it('word a file problem and the unchanged note by language, numbers the language\'s way', () => {
    const city = fixtureCity();
    const read = readCsv(tableCsv(city, 'transferPoints'));
    if (!read.ok) throw new Error('fixture table does not read');
    const plan = planTableImport(city, 'transferPoints', { ...read.table, header: [...read.table.header, 'Colour'] }, { deleteMissing: false });
    expect(toTableImportView(plan, 'id').fileProblems).toEqual(['Kolom “Colour” bukan isian tabel ini; kolom itu tidak dibaca.']);
    expect(toTableImportView(plan, 'en').fileProblems).toEqual(['Column "Colour" is not a field of this table; it was not read.']);
    const clean = planTableImport(city, 'transferPoints', read.table, { deleteMissing: false });
    expect(toTableImportView(clean, 'en').unchangedNote).toBe('3 unchanged rows not listed.');
    expect(toTableImportView(clean, 'id').unchangedNote).toBe('3 baris yang tetap tidak ditampilkan.');
  });

  it('word a whole-city import\'s summary by language, lists with the language\'s punctuation', () => {
    const before = fixtureCity();
    const after = fixtureCity();
    after.transferPoints = after.transferPoints.map((t) => ({ ...t, vehicles: t.vehicles + 1 }));
    after.settings = { ...after.settings, horizonYears: after.settings.horizonYears + 1 };
    const ids = after.transferPoints.map((t) => t.id);
    const zh = toCityImportView(before, after, 'zh');
    expect(zh.collections.find((c) => c.title === '转运站')?.changed).toBe(ids.join('、'));
    expect(zh.otherChanges).toBe('设置');
    const id = toCityImportView(before, after, 'id');
    expect(id.collections.find((c) => c.title === 'TPS')?.changed).toBe(ids.join(', '));
    expect(id.otherChanges).toBe('Pengaturan');
    expect(toCityImportView(before, after, 'en').collections.find((c) => c.title === 'Transfer points')?.changed).toBe(ids.join(', '));
  });
});

describe('a city file import in Chinese', () => {
  it('the replace preview and a refusal', async () => {
    const admin = await signIn(app, 'admin@x.org', PASSWORD);
    await admin.agent.get('/cities/import?lang=zh').expect(200);
    const c = fixtureCity();
    c.fees = [];
    const preview = await upload(admin, '/cities/import', Buffer.from(JSON.stringify(c)), 'k.city.json');
    expect(preview.status).toBe(200);
    expect(preview.text).toMatch(/<th scope="row">垃圾处理费<\/th><td class="num">1<\/td><td class="num">0<\/td><td>—<\/td><td>retribusi<\/td>/);
    const editor = await editorIn('zh');
    const refused = await upload(editor, '/cities/import', Buffer.from(JSON.stringify(fixtureCity())), 'k.city.json');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('城市“kota-contoh”已存在，而您不是它的城市管理员');
    const notJson = await upload(editor, '/cities/import', Buffer.from('{'), 'x.json');
    expect(notJson.text).toMatch(/<code>\(file\)<\/code>: 不是 JSON：/);
  });
});
