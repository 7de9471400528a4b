/**
 * The three languages in a real browser (Debian's Chromium, as
 * test/browser/home.test.ts): Chinese pages draw Chinese characters with a
 * CJK font (fonts-noto-cjk) rather than empty boxes ("tofu"), a city opens in
 * its default language, and a language chosen with the switch is remembered
 * for a signed-in user across reloads. Screenshots of the home page in each
 * language go to tmp/screenshots/ to be looked at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { EXAMPLES_DIR, PROJECT_ROOT } from '../../src/web/paths.js';
import { tempDir } from '../store/helpers.js';
import { createUser } from '../web/auth-helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'tmp', 'screenshots');
const PASSWORD = 'a long password 1';

let browser: Browser | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer(
    { port: 0, host: '127.0.0.1', databasePath: join(tempDir('browser-i18n'), 'wasteplan.db'), examplesDir: EXAMPLES_DIR, exposeErrors: false },
    () => {},
  );
  createUser(server.db, { email: 'sari@example.org', displayName: 'Sari', password: PASSWORD });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  if (!existsSync(CHROMIUM)) throw chromiumMissing(' fonts-noto-cjk');
  if (!browser) throw new Error('browser did not start');
  // A browser that asks for English: the pages below switch by URL, city or profile.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

/**
 * Draws each character alone on a canvas in the page's own font and returns
 * one fingerprint per character. Without a font for a script every character
 * is the same empty box, so the fingerprints are equal; a private-use
 * character (U+E000) is always that box.
 */
function glyphFingerprints(page: Page, chars: string[]): Promise<string[]> {
  return page.evaluate((list) => {
    const family = getComputedStyle(document.body).fontFamily;
    return list.map((ch) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d');
      if (!ctx) return '';
      ctx.font = `48px ${family}`;
      ctx.fillStyle = '#000';
      ctx.fillText(ch, 4, 52);
      const { data } = ctx.getImageData(0, 0, 64, 64);
      let hash = 0;
      for (let i = 3; i < data.length; i += 4) hash = (hash * 31 + data[i]) >>> 0;
      return `${hash}`;
    });
  }, chars);
}

/** The fonts Chromium used to draw a node's text (DevTools protocol). */
async function fontsOf(page: Page, selector: string): Promise<Array<{ familyName: string; glyphCount: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts;
}

describe('languages in a browser', () => {
  it('draws the Chinese home page with a CJK font, not empty boxes', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server?.url}/?lang=zh`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('城市');
    await expect(page.locator('p.lead').textContent()).resolves.toContain('转运站');

    const [zhuan, yun, zhan, box] = await glyphFingerprints(page, ['转', '运', '站', '\ue000']);
    expect(new Set([zhuan, yun, zhan, box]).size, 'each character has its own glyph, none is the empty box').toBe(4);

    const fonts = await fontsOf(page, 'p.lead');
    expect(fonts.map((f) => f.familyName).join(', ')).toMatch(/CJK|Han Sans|Hei|Song|Ming|SC/);

    await page.screenshot({ path: join(SCREENSHOTS, 'home-zh.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(['en', 'id'])('shows the home page in %s (screenshot for a look)', async (lang) => {
    const { page, problems } = await openPage();
    await page.goto(`${server?.url}/?lang=${lang}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(lang === 'en' ? 'Cities' : 'Kota');
    await expect(page.locator('tr[data-city="surabaya"] td.num').nth(2).textContent()).resolves.toMatch(lang === 'en' ? /^\d{1,3}(,\d{3})* t\/day$/ : /^\d{1,3}(\.\d{3})* t\/hari$/);
    await page.screenshot({ path: join(SCREENSHOTS, `home-${lang}.png`), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('writes chart axis numbers as the page language does, not as the browser does (an English browser)', async () => {
    const { page, problems } = await openPage();
    const ticksOf = async (path: string, canvas: string) => {
      await page.goto(`${server?.url}${path}`);
      await page.waitForFunction((id) => Boolean((window as unknown as { Chart?: { getChart(c: Element | null): unknown } }).Chart?.getChart(document.getElementById(id))), canvas);
      return page.evaluate((id) => {
        const chart = (window as unknown as { Chart: { getChart(c: Element | null): { scales: Record<string, { ticks: Array<{ label: string | string[] }> }> } } }).Chart.getChart(document.getElementById(id));
        return Object.values(chart.scales).flatMap((s) => s.ticks.map((t) => String(t.label)));
      }, canvas);
    };
    const id = await ticksOf('/cities/surabaya/report?year=horizon&lang=id', 'chart-report-cost');
    expect(id.some((l) => /^\d{1,3}(\.\d{3})+$/.test(l)), id.join(' | ')).toBe(true);
    expect(id.some((l) => /^\d{1,3}(,\d{3})+$/.test(l)), id.join(' | ')).toBe(false);
    const en = await ticksOf('/cities/surabaya/report?year=horizon&lang=en', 'chart-report-cost');
    expect(en.some((l) => /^\d{1,3}(,\d{3})+$/.test(l)), en.join(' | ')).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("opens a city in the city's language, for a browser that asks for English", async () => {
    const { page } = await openPage();
    await page.goto(`${server?.url}/cities/chongqing`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('.skip-link').textContent()).resolves.toBe('跳到正文');
    await page.goto(`${server?.url}/cities/surabaya`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await page.context().close();
  });

  it('remembers the language a signed-in user switches to, across reloads and pages', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server?.url}/login`);
    await page.fill('#email', 'sari@example.org');
    await page.fill('#password', PASSWORD);
    await page.locator('form.form-card button[type="submit"]').click();
    await page.waitForURL(`${server?.url}/`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.getByRole('link', { name: 'Bahasa Indonesia' }).click();
    await page.waitForURL(/lang=id/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Kota');

    await page.goto(`${server?.url}/`); // no ?lang= any more
    await page.reload();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await expect(page.locator('.user-menu .signed-in').textContent()).resolves.toBe('Masuk sebagai Sari');
    await expect(page.locator('.language-switch [aria-current="true"]').textContent()).resolves.toBe('Bahasa Indonesia');

    // Chongqing's default is Chinese, but Sari chose Indonesian.
    await page.goto(`${server?.url}/cities/chongqing`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
