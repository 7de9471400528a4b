/**
 * What an editor does, in a real browser: sign in, build a scenario through
 * the preset form ("more haul for far transfer points"), compare it with the
 * baseline, open its cost-distribution report, download the PDF and read it
 * back with pdftotext (poppler-utils) to find the figures the page shows.
 * Uses Debian's Chromium through playwright-core; without it (or pdftotext)
 * this test FAILS, saying what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { FIXTURE_CITIES_DIR, tempDir } from '../store/helpers.js';
import { createUser } from '../web/auth-helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';

const PASSWORD = 'long password 1';

let browser: Browser | undefined;
let server: RunningServer | undefined;
const dir = tempDir('browser-scenario');

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer({ port: 0, host: '127.0.0.1', databasePath: join(dir, 'wasteplan.db'), examplesDir: FIXTURE_CITIES_DIR, exposeErrors: false }, () => {});
  createUser(server.db, { email: 'editor@example.org', password: PASSWORD, roles: { 'kota-contoh': 'editor' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function plain(s: string | null): string {
  return (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
}

describe('scenario, comparison and printed report in a browser', () => {
  it('builds "more haul for far points" through the form, compares it, prints the report to PDF with the figures shown', async () => {
    if (!existsSync(CHROMIUM)) throw chromiumMissing();
    if (!existsSync('/usr/bin/pdftotext')) throw new Error('pdftotext is missing: apt-get install -y poppler-utils (.ci/run installs it).');
    if (!browser || !server) throw new Error('browser or server did not start');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const url = server.url;

    // Sign in.
    await page.goto(`${url}/login`);
    await page.fill('#email', 'editor@example.org');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type="submit"].button')]);

    // New scenario from the preset: more vehicles at the points more than 40 km from the landfill.
    await page.goto(`${url}/cities/kota-contoh/scenarios`);
    await page.click('#new-scenario');
    await page.getByRole('link', { name: 'More haul capacity for far transfer points' }).click();
    await page.fill('#knob-fromYear', '2025');
    await page.fill('#knob-thresholdKm', '40');
    await page.selectOption('#knob-means', 'vehicles');
    await page.fill('#knob-extraVehiclesPerPoint', '1');
    await page.fill('#name', 'Trucks for TPS Jauh');
    await Promise.all([page.waitForURL(/\/scenarios\/trucks-for-tps-jauh$/), page.getByRole('button', { name: 'Create scenario' }).click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('created with 1 change');
    await expect(page.locator('.change-list').textContent()).resolves.toContain('vehicles 0.5 → 1.5');

    // Compare with the baseline: the far point's pick-up rate rises.
    await Promise.all([page.waitForURL(/\/compare\?/), page.click('#compare-with-baseline')]);
    await page.selectOption('#compare-year', '2026');
    await Promise.all([page.waitForURL(/year=2026/), page.getByRole('button', { name: 'Compare' }).click()]);
    await page.waitForFunction(() => document.documentElement.dataset.chartsReady === 'yes');
    const pickup = page.locator('tr[data-row="pickup-rate"] td');
    const baseRate = Number(plain(await pickup.nth(0).locator('.value').textContent()).replace('%', ''));
    const newRate = Number(plain(await pickup.nth(1).locator('.value').textContent()).replace('%', ''));
    expect(newRate).toBeGreaterThan(baseRate);
    const npvCompare = plain(await page.locator('tr[data-row="npv"] td').nth(1).locator('.value').textContent());
    await page.screenshot({ path: join(dir, 'compare.png'), fullPage: false });

    // The report over the horizon, then its PDF.
    await page.goto(`${url}/cities/kota-contoh/report?scenario=trucks-for-tps-jauh&year=horizon`);
    await page.waitForFunction(() => document.documentElement.dataset.chartsReady === 'yes');
    const npv = plain(await page.locator('[data-figure="net-cost"] .figure-value').textContent());
    const recovery = plain(await page.locator('[data-figure="cost-recovery"] .figure-value').textContent());
    const subsidy = plain(await page.locator('[data-figure="budget-subsidy"] .figure-value').textContent());
    expect(npv).toBe(npvCompare);
    const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => (document.getElementById('download-pdf') as HTMLAnchorElement).click())]);
    const pdfPath = join(dir, 'report.pdf');
    await download.saveAs(pdfPath);
    const text = plain(execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })).replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('Cost distribution: Kota Contoh');
    expect(text).toContain('Scenario: Trucks for TPS Jauh');
    expect(text).toContain(npv);
    expect(text).toContain(recovery);
    expect(text).toContain(subsidy);
    expect(text).toMatch(/Page 1 of \d+/);
    writeFileSync(join(dir, 'report.txt'), text);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
