/**
 * The weighbridge page, the backup link of the accounts page and the
 * weighbridge link of the import and export page in Bahasa Indonesia and
 * Chinese: headings, table heads, the upload's problems (numbers written the
 * language's way) and the confirmation, with none of the English left.
 */
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES, translator } from '../../src/i18n/index.js';
import type { Db } from '../../src/store/db.js';
import { WEIGHBRIDGE_PROBLEM_CODES } from '../../src/store/weighbridge.js';
import { weighbridgeProblemText } from '../../src/reports/weighbridge.js';
import { createUser, signIn, type Session } from '../web/auth-helpers.js';
import { appWithFixture, escapeHtml } from '../web/helpers.js';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';
const PAGE = `/cities/${CITY}/weighbridge`;
const HEADER = 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg,net_kg';

let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'editor@x.org', password: PASSWORD, displayName: 'Eda Editor', roles: { [CITY]: 'editor' } });
  createUser(db, { email: 'admin@x.org', password: PASSWORD, siteAdmin: true });
});

const csv = (...rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`);
const GOOD = csv('WB-1,2024-01-15,L 1234 AB,tps-pasar,tpa-contoh,14230,6110,8120', 'WB-2,2024-01-20,L 1234 AB,,tpa-contoh,12000,6100,');
const BAD = csv(
  'WB-1,2024-01-15,L 1234 AB,tps-pasar,<b>tpa-x</b>,14230,6110,8120',
  'WB-2,2024-01-15,L 1,,tpa-contoh,NaN,6110,',
  'WB-3,2024-01-15,L 1,,tpa-contoh,200000,6110,',
);

/** Signs in and picks the language: the session keeps it for the next requests. */
async function editorIn(lang: 'id' | 'zh'): Promise<Session> {
  const s = await signIn(app, 'editor@x.org', PASSWORD);
  await s.agent.get(`${PAGE}?lang=${lang}`).expect(200);
  return s;
}

async function upload(s: Session, body: Buffer, name = 'tiket.csv') {
  const token = await s.csrf(PAGE);
  return s.agent.post(`${PAGE}/import?_csrf=${encodeURIComponent(token)}`).attach('file', body, name);
}

/** The page's own English, none of which may be left in another language. */
const ENGLISH = [
  'Weighbridge tickets',
  'What trucks delivered',
  'Import a file',
  'CSV file of weighbridge tickets',
  'Delivered by month',
  'No file imported yet',
  'Delete with its tickets',
  'Nothing yet',
  '>Month<',
  '>Landfill<',
  '>Net<',
  'problems; nothing was imported',
  'the city has no landfill',
  'must be a whole number',
];

describe('the weighbridge page in Indonesian', () => {
  it('has its headings, table heads and figures in Indonesian', async () => {
    const s = await editorIn('id');
    expect((await upload(s, GOOD)).status).toBe(303);
    const res = await s.agent.get(PAGE).expect(200);
    expect(res.text).toContain('<h1>Tiket jembatan timbang</h1>');
    expect(res.text).toContain('Sampah yang diantar truk ke TPA Kota Contoh');
    expect(res.text).toContain('2 tiket.');
    expect(res.text).toContain('<h2 id="h-import">Impor berkas</h2>');
    expect(res.text).toContain('<h2 id="h-months">Diantar per bulan</h2>');
    expect(res.text).toContain('<th scope="col">Bulan</th><th scope="col">TPA</th><th scope="col" class="num">Tiket</th><th scope="col" class="num">Berat bersih</th>');
    // January 2024: 8,120 + 5,900 kg = 14.0 t, the Indonesian way.
    expect(res.text).toMatch(/Januari 2024<\/th><td>TPA Contoh<\/td><td class="num">2<\/td><td class="num">14,0 t<\/td>/);
    expect(res.text).toContain('Hapus beserta tiketnya');
    expect(res.text).toContain('2 tiket jembatan timbang diimpor dari tiket.csv.');
    for (const english of ENGLISH) expect(res.text).not.toContain(english);
  });

  it('words every problem of a refused file in Indonesian, numbers with Indonesian grouping', async () => {
    const s = await editorIn('id');
    const res = await upload(s, BAD);
    expect(res.status).toBe(422);
    expect(res.text).toContain('tiket.csv: 3 masalah; tidak ada yang diimpor');
    expect(res.text).toContain(`<td>${escapeHtml('kota ini tidak punya TPA “<b>tpa-x</b>”')}</td>`);
    expect(res.text).toContain('<td>harus berupa kg bulat, bukan “NaN”</td>');
    expect(res.text).toContain('<td>harus 1 sampai 100.000 kg, bukan 200.000</td>');
    expect(res.text).toContain('<th scope="col" class="num">Baris</th><th scope="col">Kolom</th><th scope="col">Masalah</th>');
    expect(res.text).not.toContain('<b>tpa-x</b>');
    for (const english of ENGLISH) expect(res.text).not.toContain(english);
  });
});

describe('the weighbridge page in Chinese', () => {
  it('has its headings and an import in Chinese', async () => {
    const s = await editorIn('zh');
    expect((await upload(s, GOOD)).status).toBe(303);
    const res = await s.agent.get(PAGE).expect(200);
    expect(res.text).toContain('<title>Kota Contoh：地磅过磅单 · WastePlan</title>');
    expect(res.text).toContain('<h1>地磅过磅单</h1>');
    expect(res.text).toContain('车辆送达Kota Contoh各填埋场的垃圾');
    expect(res.text).toContain('共 2 张过磅单。');
    expect(res.text).toContain('<h2 id="h-months">按月送达量</h2>');
    expect(res.text).toContain('已从 tiket.csv 导入 2 张过磅单。');
    expect(res.text).toMatch(/2024年1月<\/th><td>TPA Contoh<\/td><td class="num">2<\/td><td class="num">14\.0 吨<\/td>/);
    for (const english of ENGLISH) expect(res.text).not.toContain(english);
  });

  it('words the problems of a refused file and of a file imported twice in Chinese', async () => {
    const s = await editorIn('zh');
    const bad = await upload(s, BAD);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('tiket.csv：3 个问题，未导入任何内容');
    expect(bad.text).toContain(`<td>${escapeHtml('本城市没有填埋场“<b>tpa-x</b>”')}</td>`);
    expect(bad.text).toContain('<td>必须在 1 到 100,000 千克之间，而不是 200,000</td>');
    for (const english of ENGLISH) expect(bad.text).not.toContain(english);
    expect((await upload(s, GOOD)).status).toBe(303);
    const twice = await upload(s, GOOD);
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('<td>“WB-1”以前已导入（地磅导入 1）</td>');
    const none = await s.agent.post(`${PAGE}/import?_csrf=${encodeURIComponent(await s.csrf(PAGE))}`).field('other', 'x');
    expect(none.status).toBe(422);
    expect(none.text).toContain('没有文件：请选择过磅单 CSV 文件');
  });

  it('says "not found" in Chinese for an import the city does not have', async () => {
    const s = await editorIn('zh');
    const res = await s.agent.post(`${PAGE}/imports/99/delete`).type('form').send({ _csrf: await s.csrf(PAGE) });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Kota Contoh没有编号为 99 的地磅导入。');
  });
});

describe('weighbridge problems', () => {
  it('have a message for every code in every language', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      expect(WEIGHBRIDGE_PROBLEM_CODES.filter((code) => !t.has(`weighbridge.problem.${code}`))).toEqual([]);
    }
  });

  it('write their numbers the language’s way and keep text as the file has it', () => {
    const p = { code: 'netMismatch' as const, params: { net: 12500, value: 12000 } };
    expect(weighbridgeProblemText(p, 'en')).toBe('must be gross_kg - tare_kg = 12,500, not 12,000');
    expect(weighbridgeProblemText(p, 'id')).toBe('harus sama dengan gross_kg - tare_kg = 12.500, bukan 12.000');
    expect(weighbridgeProblemText({ code: 'unknownTransferPoint', params: { value: 'tps-1' } }, 'id')).toBe('kota ini tidak punya TPS “tps-1”');
    expect(weighbridgeProblemText({ code: 'unknownTransferPoint', params: { value: 'tps-1' } }, 'zh')).toBe('本城市没有转运站“tps-1”');
  });
});

describe('links to the weighbridge and backup pages', () => {
  it('the import and export page links to the weighbridge page, in Indonesian', async () => {
    const s = await editorIn('id');
    const res = await s.agent.get(`/cities/${CITY}/tables`).expect(200);
    expect(res.text).toContain('<h2 id="h-weighbridge">Tiket jembatan timbang</h2>');
    expect(res.text).toContain(`<a href="${PAGE}">Lihat dan impor tiket</a>`);
  });

  it('the accounts page links a site administrator to the backup, in Chinese, and the link works', async () => {
    const s = await signIn(app, 'admin@x.org', PASSWORD);
    const res = await s.agent.get('/admin/users?lang=zh').expect(200);
    expect(res.text).toContain('<a href="/admin/backup" download>下载数据库备份</a>');
    expect(res.text).not.toContain('Download a backup');
    const backup = await s.agent.get('/admin/backup').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(backup.status).toBe(200);
    expect((backup.body as Buffer).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const en = await s.agent.get('/admin/users?lang=en').expect(200);
    expect(en.text).toContain('<a href="/admin/backup" download>Download a backup of the database</a>');
  });

  it('the backup link is on a page only site administrators see', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    await s.agent.get('/admin/users').expect(403);
    await s.agent.get('/admin/backup').expect(403);
  });
});
