// auth.spec.js - the account journey a person takes: create an account, sign
// out and in, change the password, and find the old one no longer works.
'use strict';
const { test, expect, uniqueEmail, register, signIn, signOut, PASSWORD, NEW_PASSWORD } =
  require('./fixtures');

const MISMATCH = 'That email and password do not match an account. Please try again.';

test('register, sign out, sign in, change password, sign in with the new one', async ({ page }) => {
  const email = uniqueEmail('journey');

  await register(page, email);
  await signOut(page);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  // Nothing practised yet: still greeted as new.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');

  // The bottom/top navigation leads to settings, under More.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'More' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByText(email)).toBeVisible();

  const pw = page.locator('section', { has: page.getByRole('heading', { name: 'Change password' }) });
  await pw.getByLabel('Current password').fill(PASSWORD);
  await pw.getByLabel('New password').fill(NEW_PASSWORD);
  await pw.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/settings\?done=password$/);
  await expect(page.getByRole('status').first()).toContainText('Your password is changed');

  await signOut(page);

  // The old password is refused with a clear, calm message.
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/login$/);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(MISMATCH);
  // The address she typed is kept, the password is not.
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

  // The new one works.
  await signIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');
});

test('a wrong current password on settings shows the error beside the field', async ({ page }) => {
  await register(page, uniqueEmail('wrongpw'));
  await page.goto('/settings');
  const pw = page.locator('section', { has: page.getByRole('heading', { name: 'Change password' }) });
  await pw.getByLabel('Current password').fill('not my password at all');
  await pw.getByLabel('New password').fill(NEW_PASSWORD);
  await pw.getByRole('button', { name: 'Change password' }).click();
  const current = page.getByLabel('Current password');
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  // The message is tied to the field, so a screen reader reads it with it.
  const describedBy = await current.getAttribute('aria-describedby');
  expect(describedBy).toContain('e-current_password');
  await expect(page.locator('#e-current_password')).toBeVisible();
});

test('signed-out visitors are sent to sign in from settings', async ({ page }) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});
