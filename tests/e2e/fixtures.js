// fixtures.js - the shared test fixture: a fresh Pace server for each spec
// file, baseURL pointing at it, a guard that no request leaves the server's
// origin, and small helpers for accounts.
'use strict';
const base = require('@playwright/test');
const { startServer } = require('./server');

const { expect } = base;

let counter = 0;
function uniqueEmail(tag = 'user') {
  counter += 1;
  const rand = Math.random().toString(36).slice(2, 8);
  return `e2e-${tag}-${process.pid}-${counter}-${rand}@example.test`;
}

// Long enough for the 12-character minimum, in the spirit of the hint.
const PASSWORD = 'quiet river morning tea';
const NEW_PASSWORD = 'slow waves under moonlight';

const test = base.test.extend({
  // One server per worker process at a time, replaced when the worker moves
  // on to another spec file, so every file starts with an empty database.
  _serverPool: [
    async ({}, use) => {
      const pool = { file: null, server: null };
      await use(pool);
      if (pool.server) await stopChecked(pool.server);
    },
    { scope: 'worker' },
  ],

  server: async ({ _serverPool: pool }, use, testInfo) => {
    if (pool.file !== testInfo.file) {
      if (pool.server) await stopChecked(pool.server);
      pool.server = null;
      pool.server = await startServer();
      pool.file = testInfo.file;
    }
    await use(pool.server);
  },

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  // Every request any page makes must go to the server itself: no CDN,
  // fonts, analytics or anything else off this machine.
  _onlyOwnOrigin: [
    async ({ context, server }, use) => {
      const foreign = [];
      const origin = new URL(server.url).origin;
      context.on('request', (req) => {
        const u = req.url();
        if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return;
        if (new URL(u).origin !== origin) foreign.push(u);
      });
      await use(foreign);
      expect(foreign, 'requests that left the Pace server').toEqual([]);
    },
    { auto: true },
  ],
});

async function stopChecked(server) {
  const r = await server.stop();
  // A clean shutdown after SIGTERM exits 0; anything else (a sanitizer
  // report, a crash) is a real problem worth failing for.
  if (r && (r.code !== 0 || r.sig)) {
    throw new Error(`Pace exited with ${r.code ?? r.sig} on SIGTERM:\n${server.log().slice(-4000)}`);
  }
}

// After registering, her recovery codes are shown once; she says she has
// kept them and goes on (to her first run, or where she was going).
async function keepCodes(page) {
  const kept = page.locator('main .recovery-codes a.button.wide');
  await kept.waitFor();
  await kept.click();
}

async function register(page, email, password = PASSWORD) {
  await page.goto('/register');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await keepCodes(page);
  // A new account starts its first run; most tests skip it (firstrun.spec.js
  // walks through it).
  await expect(page).toHaveURL(/\/welcome$/);
  await page.getByRole('button', { name: 'Skip setup' }).click();
  await expect(page).toHaveURL(/\/today$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');
}

async function signIn(page, email, password) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

module.exports = { test, expect, uniqueEmail, register, keepCodes, signIn, signOut, PASSWORD, NEW_PASSWORD };
