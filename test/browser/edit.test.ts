/**
 * Editing an input in a real browser (Debian's Chromium through
 * playwright-core) and seeing the plan change: an editor of Surabaya opens
 * the worst transfer point of the city page, lengthens its haul to TPA
 * Benowo (a detour) and shares its truck with another point (fewer vehicles),
 * saves, and reads the point's lower pick-up rate on the city page. The
 * figure must be the engine's own for the saved city. Fails (never skips)
 * without Chromium, saying how to install it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCity } from '../../src/model/index.js';
import { toCityPage } from '../../src/reports/cityPage.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createCityRepository } from '../../src/store/cities.js';
import { FAST_SCRYPT_FOR_TESTS } from '../../src/store/users.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { tempDir } from '../store/helpers.js';
import { createUser } from '../web/auth-helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';

const EDITOR = { email: 'sari@example.org', password: 'a long browser password', displayName: 'Sari Editor' };

let browser: Browser | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      databasePath: join(tempDir('browser-edit'), 'wasteplan.db'),
      examplesDir: EXAMPLES_DIR,
      exposeErrors: false,
      scrypt: FAST_SCRYPT_FOR_TESTS,
    },
    () => {},
  );
  // The demo city is public (anybody reads it); editing needs a role.
  createUser(server.db, { ...EDITOR, roles: { surabaya: 'editor' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Name and pick-up rate of each row of the city page's worst transfer points. */
async function worstPoints(page: Page): Promise<Array<{ name: string; rate: string }>> {
  return page.locator('table.transfer-points tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.querySelector('th')?.textContent ?? '', rate: r.querySelector('td')?.textContent ?? '' })),
  );
}

/** The city page's pick-up rate of a point, as the engine computes it for the saved city. */
function engineRate(name: string): string | undefined {
  const stored = createCityRepository((server as RunningServer).db).get('surabaya');
  const outcome = computeCity(stored?.document);
  if (!outcome.ok || !stored) throw new Error('the saved city does not compute');
  return toCityPage({ city: stored.document, run: outcome.result }).transfer.worst.find((p) => p.name === name)?.pickupRate;
}

describe('in a browser', () => {
  it('an editor lengthens a far point\'s haul and cuts its vehicles, and sees its pick-up rate fall on the city page', async () => {
    if (!existsSync(CHROMIUM)) {
      throw chromiumMissing();
    }
    if (!browser || !server) throw new Error('browser or server did not start');
    const url = server.url;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

    // Sign in (English pages: the city's own language is Indonesian).
    await page.goto(`${url}/login?next=${encodeURIComponent('/cities/surabaya')}&lang=en`);
    await page.getByLabel('Email').fill(EDITOR.email);
    await page.getByLabel('Password').fill(EDITOR.password);
    await Promise.all([page.waitForURL(/\/cities\/surabaya$/), page.getByRole('button', { name: 'Sign in' }).click()]);

    // The worst transfer point and its pick-up rate, before.
    const before = await worstPoints(page);
    expect(before).toHaveLength(10);
    const { name, rate: rateBefore } = before[0];
    expect(rateBefore).toBe(engineRate(name));

    // Data menu -> transfer points -> search -> the point -> Edit.
    await Promise.all([page.waitForURL(/\/transferPoints$/), page.locator('nav.city-nav').getByRole('link', { name: 'Transfer points' }).click()]);
    await expect(page.locator('.list-summary').textContent()).resolves.toBe('1–50 of 190 transfer points');
    await page.getByLabel('Search by name or id').fill(name);
    await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Search' }).click()]);
    await Promise.all([page.waitForURL(/\/transferPoints\/tps-/), page.getByRole('link', { name, exact: true }).click()]);
    const recordUrl = page.url();
    await Promise.all([page.waitForURL(/\/edit$/), page.getByRole('link', { name: 'Edit', exact: true }).click()]);

    // The Benowo leg's round trip, and the vehicles.
    let benowoRow = -1;
    for (let i = 0; i < 10 && benowoRow < 0; i++) {
      const select = page.locator(`select[name="legs.${i}.siteId"]`);
      if ((await select.count()) === 0) break;
      if ((await select.inputValue()) === 'benowo') benowoRow = i;
    }
    expect(benowoRow).toBeGreaterThanOrEqual(0);
    const km = page.locator(`input[name="legs.${benowoRow}.roundTripKm"]`);
    const kmBefore = Number(await km.inputValue());
    const kmAfter = Math.round((kmBefore + 6.1) * 10) / 10;
    await km.fill(String(kmAfter));
    await page.getByLabel('Vehicles', { exact: true }).fill('0.7');
    await Promise.all([page.waitForURL(recordUrl), page.getByRole('button', { name: 'Save' }).click()]);
    await expect(page.locator('.flash').textContent()).resolves.toBe(`Saved transfer point ${name}.`);
    await expect(page.locator('[data-field="vehicles"] .value').textContent()).resolves.toBe('0.7');
    await expect(page.locator('[data-field="legs"] tbody tr').nth(benowoRow).locator('td').nth(1).textContent()).resolves.toBe(String(kmAfter));

    // The city page: the same point, a lower pick-up rate, the engine's figure for the saved city.
    await page.goto(`${url}/cities/surabaya`);
    const after = await worstPoints(page);
    const row = after.find((p) => p.name === name);
    expect(row, `${name} is no longer among the 10 worst`).toBeDefined();
    expect(row?.rate).toBe(engineRate(name));
    expect(row?.rate).not.toBe(rateBefore);
    expect(Number.parseFloat(row?.rate ?? '')).toBeLessThan(Number.parseFloat(rateBefore));

    // The change is in the history, by the editor.
    await page.goto(`${url}/cities/surabaya/history`);
    await expect(page.locator('.history-entry').first().locator('.history-head strong').textContent()).resolves.toBe(EDITOR.displayName);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
