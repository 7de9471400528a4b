/**
 * Signing in and out in a real browser (Debian's Chromium through
 * playwright-core): the form posts its CSRF token, the cookie is kept, the
 * header says who is signed in, and the sign-out button ends it. Fails (never
 * skips) without Chromium, saying how to install it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { FAST_SCRYPT_FOR_TESTS } from '../../src/store/users.js';
import { FIXTURE_CITIES_DIR, tempDir } from '../store/helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './chromium.js';

const ADMIN = { email: 'rita@example.org', password: 'a long browser password', displayName: 'Rita Admin' };

let browser: Browser | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      databasePath: join(tempDir('browser-auth'), 'wasteplan.db'),
      examplesDir: FIXTURE_CITIES_DIR,
      exposeErrors: false,
      admin: ADMIN,
      scrypt: FAST_SCRYPT_FOR_TESTS,
    },
    () => {},
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('in a browser', () => {
  it('signs in through the form, sees "Signed in as", and signs out', async () => {
    if (!existsSync(CHROMIUM)) {
      throw chromiumMissing();
    }
    if (!browser || !server) throw new Error('browser or server did not start');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

    await page.goto(`${server.url}/cities/kota-contoh`);
    await Promise.all([page.waitForURL(/\/login\?next=%2Fcities%2Fkota-contoh$/), page.getByRole('link', { name: 'Sign in' }).click()]);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.locator('#login-error').textContent()).resolves.toBe('Email or password is wrong.');

    await page.getByLabel('Password').fill(ADMIN.password);
    await Promise.all([page.waitForURL(/\/cities\/kota-contoh$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.locator('.user-menu .signed-in').textContent()).resolves.toBe(`Signed in as ${ADMIN.displayName}`);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'wasteplan.sid');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await Promise.all([page.waitForURL(`${server.url}/`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await expect(page.locator('.user-menu').getByRole('link', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.user-menu .signed-in').count()).resolves.toBe(0);
    await page.goto(`${server.url}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    // Chromium logs the refused sign-in's 422 as a failed resource; anything else is a problem.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
    await page.close();
  });
});
