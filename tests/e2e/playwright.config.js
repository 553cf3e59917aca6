// Playwright for Pace: Debian's Chromium (never a downloaded browser), one
// fresh server per spec file (see server.js), results for scripts/run-tests.
'use strict';
const { defineConfig } = require('@playwright/test');
const { chromiumLaunchOptions } = require('./server');

module.exports = defineConfig({
  testDir: '.',
  testMatch: '*.spec.js',
  // argon2id under ASan takes about half a second per password hash, and a
  // machine shared with other builds can be several times slower still.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry: two browsers, a sanitizer build and other suites share two
  // cores, and a test that fails once is listed by scripts/run-tests with
  // the error of its first try, so a flaky test stays visible.
  retries: 1,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'off',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  },
});
