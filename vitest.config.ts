import { defineConfig } from 'vitest/config';

// One run for model, store, web and browser tests. The browser test starts
// Chromium (about a second); the timeouts leave room for a slow CI machine
// without letting a hung test block the run for long.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // better-sqlite3 is a native addon: separate processes keep it simple.
    pool: 'forks',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'tmp/vitest-results.json' },
  },
});
