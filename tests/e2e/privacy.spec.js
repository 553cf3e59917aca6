// privacy.spec.js - Pace fetches nothing from anyone else: every request a
// page makes goes to the Pace server itself, and nothing sensitive lands in
// browser storage or the page title. (The fixture also checks the origin of
// every request in every other test.)
'use strict';
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { PAGES } = require('./pages');

test('every request from every page stays on the server origin', async ({ page, server }) => {
  const origin = new URL(server.url).origin;
  const urls = [];
  const problems = [];
  page.on('request', (req) => urls.push(req.url()));
  page.on('console', (msg) => {
    // A Content-Security-Policy violation or a script error would show here.
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));

  let registered = false;
  for (const pg of PAGES) {
    // A visitor's page is seen signed out (registering for her codes page
    // signs the browser in).
    if (!pg.member) await page.context().clearCookies();
    if (pg.member && !registered) {
      await register(page, uniqueEmail('origin'));
      registered = true;
    }
    await pg.open(page);
  }

  expect(urls.length).toBeGreaterThan(PAGES.length);
  // The stylesheet and script really were loaded, from the server.
  expect(urls.some((u) => u.includes('/static/app.css'))).toBe(true);
  expect(urls.some((u) => u.includes('/static/app.js'))).toBe(true);
  const foreign = urls.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
  expect(foreign).toEqual([]);
  expect(problems, 'console errors').toEqual([]);
});

test('nothing is kept in browser storage and titles stay neutral', async ({ page, context }) => {
  const email = uniqueEmail('storage');
  await register(page, email);
  await page.goto('/settings');
  await page.getByLabel('A private note, only for you').fill('Something private.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Your note is saved.')).toBeVisible();

  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage).length,
    session: Object.keys(sessionStorage).length,
  }));
  expect(storage).toEqual({ local: 0, session: 0 });
  const title = await page.title();
  expect(title).not.toContain(email);
  expect(title).not.toMatch(/dilator|pain|vagin/i);
  // The session cookie is out of reach of scripts.
  const cookies = await context.cookies();
  // The session cookie ("pace", "__Host-pace" under HTTPS); preference
  // cookies such as pace-lang or pace-tz hold nothing secret.
  const session = cookies.filter((c) => c.name === 'pace' || c.name === '__Host-pace');
  expect(session.length).toBeGreaterThan(0);
  for (const c of session) {
    expect(c.httpOnly, `${c.name} is HttpOnly`).toBe(true);
    expect(c.sameSite).toBe('Strict');
  }
});
