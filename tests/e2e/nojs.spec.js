// nojs.spec.js - with JavaScript switched off, she can still create an
// account, sign out and sign in: every page is plain HTML forms.
'use strict';
const { test, expect, uniqueEmail, keepCodes, PASSWORD } = require('./fixtures');

test.use({ javaScriptEnabled: false });

test('register, sign out and sign in work without JavaScript', async ({ page }) => {
  const email = uniqueEmail('nojs');

  await page.goto('/');
  await page.getByRole('main').getByRole('link', { name: 'Create your account' }).click();
  await expect(page).toHaveURL(/\/register$/);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await keepCodes(page);
  // A new account is greeted as new, in its first run.
  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');

  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('the wrong password here');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  // Her first run goes on where she left it.
  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');
});

test('form errors are shown without JavaScript', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Email address').fill('not-an-address');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue('not-an-address');
});

test('settings and a new API token work without JavaScript', async ({ page }) => {
  const email = uniqueEmail('nojs-token');
  await page.goto('/register');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await keepCodes(page);
  await expect(page).toHaveURL(/\/welcome$/);
  await page.goto('/settings');
  // Tokens are under Advanced, a <details> that opens without JavaScript.
  await page.locator('details.advanced > summary').click();
  await page.getByLabel('Name for a new token').fill('phone app');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.locator('code.token')).toHaveText(/^pace_/);
  // The copy button is an enhancement; without JavaScript there is none.
  await expect(page.getByRole('button', { name: 'Copy' })).toHaveCount(0);
});
