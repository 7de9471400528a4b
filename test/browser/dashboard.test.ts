/**
 * The Surabaya dashboard in a real browser: the mass-flow (Sankey) diagram,
 * the cost-by-stage and landfill-fill charts draw under the strict CSP, and
 * the tables of flows and of the worst transfer points are there. Debian's
 * Chromium through playwright-core; without it this test FAILS, saying how to
 * install it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { tempDir } from '../store/helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';


let browser: Browser | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer(
    { port: 0, host: '127.0.0.1', databasePath: join(tempDir('dashboard'), 'wasteplan.db'), examplesDir: EXAMPLES_DIR, exposeErrors: false },
    () => {},
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  if (!existsSync(CHROMIUM)) {
    throw chromiumMissing();
  }
  if (!browser) throw new Error('browser did not start');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

/** Non-transparent pixels of a canvas. */
function paintedPixels(page: Page, canvasId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.getElementById(id);
    if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0 || canvas.height === 0) return 0;
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  }, canvasId);
}

describe('the Surabaya dashboard in a browser', () => {
  it('draws the mass flow, cost by stage and landfill fill, and lists the worst transfer points', async () => {
    const { page, problems } = await openPage();
    // In English: Surabaya otherwise opens in Indonesian, its default language (test/i18n/figures.test.ts checks that page).
    await page.goto(`${server?.url}/cities/surabaya?lang=en`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Surabaya');
    await page.waitForFunction(() => {
      const c = document.getElementById('chart-mass-flow');
      return c instanceof HTMLCanvasElement && c.width > 0;
    });
    // The plugin registered the sankey type and made a chart on the canvas.
    const sankey = await page.evaluate(() => {
      const w = window as unknown as { Chart: { getChart(id: string): { config: { type: string }; data: { datasets: Array<{ data: unknown[] }> } } | undefined } };
      const chart = w.Chart.getChart('chart-mass-flow');
      return chart ? { type: chart.config.type, links: chart.data.datasets[0].data.length } : null;
    });
    expect(sankey?.type).toBe('sankey');
    expect(sankey?.links).toBeGreaterThan(8);
    expect(await paintedPixels(page, 'chart-mass-flow')).toBeGreaterThan(5000);
    expect(await paintedPixels(page, 'chart-cost-by-stage')).toBeGreaterThan(500);
    expect(await paintedPixels(page, 'chart-landfill-fill')).toBeGreaterThan(500);

    await expect(page.locator('table.mass-flow tr[data-flow="generated"] td').first().textContent()).resolves.toMatch(/^[\d,]+ t\/day$/);
    await expect(page.locator('table.transfer-points caption').textContent()).resolves.toBe('The 10 transfer points with the lowest pick-up rate, 2003');
    await expect(page.locator('table.transfer-points tbody tr').count()).resolves.toBe(10);
    await expect(page.locator('table.scavengers tbody tr').count()).resolves.toBe(3);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws the Chongqing dashboard too', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server?.url}/cities/chongqing`);
    await page.waitForFunction(() => {
      const c = document.getElementById('chart-mass-flow');
      return c instanceof HTMLCanvasElement && c.width > 0;
    });
    expect(await paintedPixels(page, 'chart-mass-flow')).toBeGreaterThan(5000);
    await expect(page.locator('table.landfills tbody tr').count()).resolves.toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  });
});
