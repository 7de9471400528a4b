/**
 * What a person does, in a real browser: open the home page, click a city,
 * read its headline figures and see the charts drawn. Uses Debian's
 * Chromium through playwright-core (never `npx playwright install`). Without
 * Chromium this test FAILS, in CI and locally alike, saying how to install it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { FIXTURE_CITIES_DIR, tempDir } from '../store/helpers.js';
import { expectedCityPage } from '../web/helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';


let browser: Browser | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer(
    { port: 0, host: '127.0.0.1', databasePath: join(tempDir('browser'), 'wasteplan.db'), examplesDir: FIXTURE_CITIES_DIR, exposeErrors: false },
    () => {},
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page that records console errors, page errors and CSP violations. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  if (!existsSync(CHROMIUM)) throw chromiumMissing();
  if (!browser) throw new Error('browser did not start');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

/** Non-transparent pixels on a canvas: more than a few means the chart drew something. */
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

describe('in a browser', () => {
  it('opens the home page, clicks a city, and sees its figures and charts', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server?.url}/`);
    await expect(page.title()).resolves.toBe('Cities · WastePlan');

    await page.getByRole('link', { name: 'Kota Contoh' }).click();
    await page.waitForURL(/\/cities\/kota-contoh$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Kota Contoh');

    const view = expectedCityPage();
    for (const f of view.headline) {
      await expect(page.locator(`[data-figure="${f.key}"] .figure-value`).textContent(), f.key).resolves.toBe(f.value);
    }
    const npv = view.costFigures.find((f) => f.key === 'npv');
    await expect(page.locator('[data-figure="npv"] .figure-value').textContent()).resolves.toBe(npv?.value);
    await expect(page.getByRole('alert').first().isVisible()).resolves.toBe(true);

    await page.waitForFunction(() => {
      const c = document.getElementById('chart-landfill-fill');
      return c instanceof HTMLCanvasElement && c.width > 0;
    });
    expect(await paintedPixels(page, 'chart-cost-by-stage')).toBeGreaterThan(500);
    expect(await paintedPixels(page, 'chart-landfill-fill')).toBeGreaterThan(500);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches to a scenario and shows its figures', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server?.url}/cities/kota-contoh`);
    await page.getByRole('link', { name: 'More trucks & a second shift' }).click();
    await page.waitForURL(/scenario=more-trucks/);
    const view = expectedCityPage('more-trucks');
    const full = view.headline.find((f) => f.key === 'landfill-full');
    await expect(page.locator('[data-figure="landfill-full"] .figure-value').textContent()).resolves.toBe(full?.value);

    await page.selectOption('#year', '2030');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/year=2030/);
    expect(page.url()).toContain('scenario=more-trucks');
    await expect(page.locator('h2#h-flows').textContent()).resolves.toBe('Waste flows, 2030');
    expect(problems).toEqual([]);
    await page.close();
  });
});
