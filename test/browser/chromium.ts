/**
 * Debian's Chromium for the browser tests (never a downloaded browser), the
 * flags it runs with here, and the error a test fails with when it is
 * missing: browser tests do not skip.
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Each test fails (not skips) without Chromium, with the command that installs it. */
export function chromiumMissing(extra = ''): Error {
  return new Error(
    `Chromium is missing at ${CHROMIUM}${process.env.CI === 'true' ? ' (CI=true)' : ''}: install it with ` +
      `\`apt-get update && apt-get install -y chromium${extra}\` (browser tests do not skip).`,
  );
}
