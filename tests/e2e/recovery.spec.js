// recovery.spec.js - a way back in without email, as she meets it: her ten
// codes shown once after registering (print or save, then "I have kept
// them" and her first run), "Forgot your password?" on the sign-in page with
// one code, how many are left, new codes in Settings, and the operator's
// one-time link. On a phone and a desktop, light and dark, English and
// German, axe clean throughout.
'use strict';
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { test, expect, uniqueEmail, keepCodes, PASSWORD, NEW_PASSWORD } = require('./fixtures');
const { expectNoAxeViolations, shoot } = require('./practice-helpers');
const { PACE_BIN } = require('./server');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function registerForCodes(page, email, labels = { email: 'Email address', pw: 'Password', go: 'Create account' }) {
  await page.goto('/register');
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.pw, { exact: true }).fill(PASSWORD);
  await page.getByRole('main').getByRole('button', { name: labels.go }).click();
  await expect(page.locator('main .recovery-codes')).toBeVisible();
  return (await page.locator('ol.codes code').allTextContents()).map((c) => c.trim());
}

test('her codes are shown once after registering, then her first run', async ({ page }, testInfo) => {
  await page.setViewportSize(PHONE);
  const email = uniqueEmail('codes');
  const codes = await registerForCodes(page, email);
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  for (const c of codes) expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your recovery codes');
  await expect(page.locator('main')).toContainText('Pace does not use email');
  await expect(page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem')).toHaveCount(10);
  // With JavaScript the Print button shows and the hint steps back.
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  await expect(page.locator('[data-print-hint]')).toBeHidden();
  // The text file holds exactly these codes.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Save as a text file' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('pace-recovery-codes.txt');
  const file = testInfo.outputPath('codes.txt');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const c of codes) expect(text).toContain(c);
  expect(text).toContain(email);
  // She sees the codes first; the way on is below them, large enough to tap.
  const kept = page.getByRole('link', { name: 'I have kept them' });
  const box = await kept.boundingBox();
  expect(box.height).toBeGreaterThanOrEqual(48);
  await expectNoAxeViolations(page, 'codes page');
  await kept.click();
  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');
  // Going back does not show the codes again.
  await page.goto('/settings');
  await expect(page.locator('#rc-h')).toHaveText('Recovery codes');
  await expect(page.locator('main')).toContainText('You have 10 unused recovery codes');
  await expect(page.locator('main')).not.toContainText(codes[0]);
});

test('forgot her password: one code, a new password, the rest still counted', async ({ page, browser, baseURL }) => {
  test.setTimeout(180000);
  const email = uniqueEmail('forgot');
  const codes = await registerForCodes(page, email);
  await keepCodesFromHere(page);
  // another browser of hers, signed in
  const other = await browser.newContext({ baseURL });
  const phone = await other.newPage();
  await phone.goto('/login');
  await phone.getByLabel('Email address').fill(email);
  await phone.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await phone.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(phone).not.toHaveURL(/\/login/);

  for (const [size, scheme] of [[PHONE, 'light'], [DESKTOP, 'dark']]) {
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: scheme });
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page).toHaveURL(/\/recover$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
    await expectNoAxeViolations(page, `recover form ${scheme}`);
    // a wrong code: one calm sentence, her email kept
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('One recovery code').fill('zzzzz-zzzzz');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Set new password' }).click();
    await expect(page.locator('main .alert')).toContainText('do not match');
    await expect(page.getByLabel('Email address')).toHaveValue(email);
    await expectNoAxeViolations(page, `recover error ${scheme}`);
  }
  // typed loosely, the first code works
  await page.getByLabel('One recovery code').fill(codes[0].toUpperCase().replace('-', ' '));
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your new password is set');
  await expect(page.locator('.rc-left')).toHaveText('You have 9 recovery codes left.');
  await expectNoAxeViolations(page, 'recovered');
  await shoot(page, 'recovery-done-desktop-dark');
  // her other browser was signed out
  await phone.goto('/settings');
  await expect(phone).toHaveURL(/\/login$/);
  await other.close();
  // new codes in Settings, behind her password
  await page.getByRole('link', { name: 'Recovery codes in Settings' }).click();
  await expect(page.locator('main')).toContainText('You have 9 unused recovery codes');
  await page.getByLabel('Your password').first().fill('not the password at all');
  await page.locator('main form[action^="/settings/recovery-codes"] button').click();
  await expect(page.locator('#e-codes_password')).toContainText('your codes were not changed');
  await expectNoAxeViolations(page, 'settings codes error');
  await page.locator('#f-codes_password').fill(NEW_PASSWORD);
  await page.locator('main form[action^="/settings/recovery-codes"] button').click();
  await expect(page.locator('main')).toContainText('Your old codes no longer work.');
  const fresh = (await page.locator('ol.codes code').allTextContents()).map((c) => c.trim());
  expect(fresh.filter((c) => codes.includes(c))).toEqual([]);
  await page.getByRole('link', { name: 'I have kept them' }).click();
  await expect(page).toHaveURL(/\/settings$/);
});

async function keepCodesFromHere(page) {
  await keepCodes(page);
  await expect(page).toHaveURL(/\/welcome$/);
}

test("the operator's link: a new password once, then it no longer works", async ({ page, server }) => {
  test.setTimeout(120000);
  const email = uniqueEmail('link');
  await registerForCodes(page, email);
  await keepCodesFromHere(page);
  await page.context().clearCookies();
  const link = execFileSync(PACE_BIN, ['user', 'reset-link', '--email', email, '--url', server.url,
    '--data', server.dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);
  await page.setViewportSize(PHONE);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set a new password');
  await expect(page.locator('main')).toContainText(email);
  await expectNoAxeViolations(page, 'reset form');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Set new password' }).click();
  await expect(page.locator('.rc-left')).toHaveText('You have 10 recovery codes left.');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');
  await expectNoAxeViolations(page, 'link gone');
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('on a phone: the codes page and the way back', async ({ page }) => {
    await page.setViewportSize(PHONE);
    const codes = await registerForCodes(page, uniqueEmail('de-codes'),
      { email: 'E-Mail-Adresse', pw: 'Passwort', go: 'Konto erstellen' });
    expect(codes).toHaveLength(10);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bewahre deine Codes zur Wiederherstellung auf');
    await expect(page.getByRole('link', { name: 'Ich habe sie aufbewahrt' })).toBeVisible();
    await expectNoAxeViolations(page, 'codes page, German');
    await page.getByRole('link', { name: 'Ich habe sie aufbewahrt' }).click();
    await expect(page).toHaveURL(/\/welcome$/);
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passwort vergessen?');
    await expectNoAxeViolations(page, 'recover form, German');
  });
});
