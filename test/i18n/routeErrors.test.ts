/**
 * Error pages of the city, comparison and report routes in Bahasa Indonesia
 * and Chinese (errors.*, report.error.*): 400 for a bad year or scenario
 * parameter, 404 for an unknown city, scenario or table, 503 for a PDF
 * without Chromium, and the title of any route's English "Not found".
 */
import express from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';

// Before the app is imported: the PDF answers 503 at once.
process.env.CHROMIUM_PATH = '/nonexistent/chromium';

type App = Parameters<typeof request>[0];
let app: App;

beforeAll(async () => {
  const { appWithFixture } = await import('../web/helpers.js');
  app = appWithFixture().app as App;
});

const CITY = '/cities/kota-contoh';

describe('error pages in the language of the page', () => {
  it.each([
    [`${CITY}?scenario=nope&lang=zh`, 404, ['未找到', '没有情景“nope”。'], ['Not found', 'has no scenario']],
    [`${CITY}?year=1800&lang=id`, 400, ['Permintaan', 'Tahun harus salah satu dari'], ['Bad request', 'The year must']],
    [`${CITY}?scenario=a&scenario=b&lang=zh`, 400, ['请只给出一个情景'], ['Give one scenario']],
    [`/cities/atlantis?lang=id`, 404, ['Tidak ditemukan', 'Tidak ada kota &#34;atlantis&#34;.'], ['Not found', 'There is no city']],
    [`${CITY}/compare?s=baseline&s=nope&lang=id`, 404, ['tidak punya skenario &#34;nope&#34;'], ['has no scenario']],
    [`${CITY}/compare?s=baseline&s=baseline&year=1800&lang=zh`, 400, ['年份必须在'], ['The year must']],
    [`${CITY}/report?year=1800&lang=zh`, 400, ['或为“horizon”'], ['The year must']],
    [`${CITY}/report?scenario=nope&lang=id`, 404, ['tidak punya skenario'], ['has no scenario']],
    [`${CITY}/report/tables/x.txt?lang=zh`, 404, ['表格为 &lt;名称&gt;.csv 或 all.xlsx。'], ['Tables are']],
    [`${CITY}/report/tables/nope.csv?lang=id`, 404, ['Laporan tidak punya tabel &#34;nope&#34;.'], ['The report has no table']],
    [`${CITY}/report.pdf?lang=zh`, 503, ['无法生成 PDF', '管理员可用以下命令安装：apt-get update &amp;&amp; apt-get install -y chromium'], ['PDF not available', 'PDF printing needs']],
  ])('%s -> %i', async (path, status, present, absent) => {
    const res = await request(app).get(path).expect(status);
    for (const text of present) expect(res.text).toContain(text);
    for (const text of absent) expect(res.text).not.toContain(text);
  });

  it('a route that still titles its 404 "Not found" in English gets the title in the language', async () => {
    const { errorHandler, notFound } = await import('../../src/web/errors.js');
    const { VIEWS_DIR } = await import('../../src/web/paths.js');
    const ejs = (await import('ejs')).default;
    const mini = express();
    mini.engine('ejs', ejs.renderFile);
    mini.set('view engine', 'ejs');
    mini.set('views', VIEWS_DIR);
    mini.get('/x', () => {
      throw notFound('gone');
    });
    mini.use(errorHandler({ exposeErrors: false, log: () => undefined }));
    const res = await request(mini).get('/x?lang=zh').expect(404);
    expect(res.text).toContain('未找到');
    expect(res.text).not.toContain('Not found');
  });
});
