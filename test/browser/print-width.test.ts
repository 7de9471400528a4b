/**
 * Printed pages fit the paper in every language: with the print stylesheet
 * at the width the PDF prints on (A4 less src/web/pdf.ts's 12 mm margins:
 * 186 mm, 703 CSS px), no table of the report or the comparison reaches past
 * the page's right edge. The Indonesian cost-category table once did: its
 * longer headers did not wrap, and Chromium cut the last columns off the PDF.
 * Debian's Chromium through playwright-core; without it this test FAILS,
 * saying how to install it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { tempDir } from '../store/helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';

/** 210 mm - 2 x 12 mm at 96 CSS px per inch. */
const PRINT_WIDTH_PX = Math.floor(((210 - 24) / 25.4) * 96);

let browser: Browser | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer(
    { port: 0, host: '127.0.0.1', databasePath: join(tempDir('print-width'), 'wasteplan.db'), examplesDir: EXAMPLES_DIR, exposeErrors: false },
    () => {},
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = [
  '/cities/surabaya/report?year=horizon',
  '/cities/surabaya/report',
  '/cities/chongqing/report?year=horizon',
  '/cities/surabaya/compare?s=baseline&s=composting-programme&s=new-disposal-site',
  '/cities/surabaya',
  '/cities/chongqing?year=2010',
];

describe('printed pages', () => {
  for (const lang of ['en', 'id', 'zh']) {
    it(`keep every table within the A4 page in ${lang}`, async () => {
      if (!existsSync(CHROMIUM)) throw chromiumMissing();
      if (!browser || !server) throw new Error('browser or server did not start');
      const page = await browser.newPage({ viewport: { width: PRINT_WIDTH_PX, height: 1000 } });
      await page.emulateMedia({ media: 'print' });
      const over: string[] = [];
      for (const path of PAGES) {
        const res = await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res?.status(), path).toBe(200);
        const tables = await page.$$eval('table', (ts) =>
          ts.map((t) => ({ caption: (t.querySelector('caption')?.textContent ?? t.className).trim().slice(0, 60), right: Math.round(t.getBoundingClientRect().right), width: t.scrollWidth })),
        );
        expect(tables.length, path).toBeGreaterThan(2);
        for (const t of tables) if (t.right > PRINT_WIDTH_PX) over.push(`${path}: "${t.caption}" ends at ${t.right}px (page ${PRINT_WIDTH_PX}px)`);
      }
      await page.close();
      expect(over).toEqual([]);
    }, 120_000);
  }
});
