/**
 * The printed report in Chinese: GET /cities/chongqing/report.pdf?lang=zh is
 * printed by Chromium from the page in Chinese, with Noto CJK for the glyphs
 * (Debian fonts-noto-cjk); pdftotext of the PDF gives back the Chinese
 * headings, the header line and the page footer. Without Chromium, the CJK
 * fonts or pdftotext this test FAILS, saying what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { seedDemoCities } from '../../src/store/seed.js';
import { createApp } from '../../src/web/app.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { freshDb, tempDir } from '../store/helpers.js';

const INSTALL = 'apt-get update && apt-get install -y chromium fonts-noto-cjk poppler-utils';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

describe('the report PDF in Chinese', () => {
  it('has the Chinese headings, header and footer as text (CJK glyphs embedded)', async () => {
    expect(existsSync('/usr/bin/chromium'), `Chromium is needed to print PDFs: ${INSTALL}`).toBe(true);
    expect(existsSync('/usr/bin/pdftotext'), `pdftotext is needed to read the PDF: ${INSTALL}`).toBe(true);
    expect(hasCjkFont(), `a CJK font is needed for Chinese: ${INSTALL}`).toBe(true);
    const db = freshDb();
    seedDemoCities(db, EXAMPLES_DIR);
    const app = createApp({ db, log: () => {} });
    const res = await request(app).get('/cities/chongqing/report.pdf?lang=zh&year=2010').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const dir = tempDir('wasteplan-pdf-zh-');
    const file = join(dir, 'report.zh.pdf');
    writeFileSync(file, res.body as Buffer);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const heading of ['成本分摊：', '主要指标', '付费方', '成本回收', '非正规部门', '成本核算', '上门收集', '最终处置']) {
      expect(text, heading).toContain(heading);
    }
    expect(text).toMatch(/打印于/); // the running header
    expect(text).toMatch(/第 1 页，共 \d+ 页/); // the running footer
    expect(text).not.toContain('Key figures');
    expect(text).not.toMatch(/Page \d+ of \d+/);
  }, 60_000);
});
