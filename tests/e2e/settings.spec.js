// settings.spec.js - the answers to a settings form are seen where she is:
// a field error is named at the top and linked to its field, and a new
// token is shown in view, even on a phone where the section is far down.
'use strict';
const { test, expect, uniqueEmail, register, signIn, PASSWORD, NEW_PASSWORD } = require('./fixtures');

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a field error is named at the top and the link leads to the field', async ({ page }) => {
  await register(page, uniqueEmail('summary'));
  await page.goto('/settings');
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill('slow waves under moonlight');
  await page.getByRole('button', { name: 'Change password' }).click();

  const summary = page.getByRole('main').getByRole('alert').first();
  await expect(summary).toBeInViewport();
  const link = summary.getByRole('link');
  await expect(link).toHaveAttribute('href', '#f-current_password');
  await link.click();
  await expect(page.getByLabel('Current password')).toBeFocused();
  await expect(page.getByLabel('Current password')).toBeInViewport();
});

test('a new API token is shown in view, not below the fold', async ({ page }) => {
  await register(page, uniqueEmail('token-view'));
  await page.goto('/settings');
  // Tokens live under Advanced, folded away from her everyday settings.
  await expect(page.getByLabel('Name for a new token')).toBeHidden();
  await page.locator('details.advanced > summary').click();
  await page.getByLabel('Name for a new token').fill('my backup script');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.locator('code.token')).toHaveText(/^pace_/);
  await expect(page.locator('code.token')).toBeInViewport();
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeInViewport();
  // The copy button (progressive enhancement) sits with the token.
  await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
});

test('a token without a name shows the error in view', async ({ page }) => {
  await register(page, uniqueEmail('token-err'));
  await page.goto('/settings');
  await page.locator('details.advanced > summary').click();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.locator('#e-label')).toBeInViewport();
  await expect(page.getByLabel('Name for a new token')).toHaveAttribute('aria-invalid', 'true');
});

test('the navigation marks the page she is on', async ({ page }) => {
  await page.goto('/login');
  const account = page.getByRole('navigation', { name: 'Account' });
  await expect(account.getByRole('link', { name: 'Sign in' })).toHaveAttribute('aria-current', 'page');
  await expect(account.getByRole('link', { name: 'Create account' })).not.toHaveAttribute('aria-current', /.*/);
  await page.goto('/register');
  await expect(account.getByRole('link', { name: 'Create account' })).toHaveAttribute('aria-current', 'page');
});

test('signing out everywhere else asks for her password first', async ({ page, browser, baseURL }) => {
  const email = uniqueEmail('elsewhere');
  await register(page, email);
  const other = await browser.newContext({ baseURL });
  const phone = await other.newPage();
  await signIn(phone, email, PASSWORD);
  await expect(phone).toHaveURL(/\/$/);

  await page.goto('/settings');
  const logins = page.locator('section', { has: page.getByRole('heading', { name: 'Where you are signed in' }) });
  await logins.getByLabel('Your password').fill('not my password at all');
  await logins.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(page.locator('#e-password')).toContainText('That is not your password');
  await phone.goto('/settings');
  await expect(phone).toHaveURL(/\/settings$/); // still signed in there

  await logins.getByLabel('Your password').fill(PASSWORD);
  await logins.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(page).toHaveURL(/done=logins/);
  await phone.goto('/settings');
  await expect(phone).toHaveURL(/\/login/);
  await other.close();
});

test('a password change ends API tokens unless she keeps them', async ({ page }) => {
  await register(page, uniqueEmail('tokens-go'));
  await page.goto('/settings');
  const pw = page.locator('section', { has: page.getByRole('heading', { name: 'Change password' }) });
  await expect(pw.getByLabel(/Keep my API tokens working/)).not.toBeChecked();
  await pw.getByLabel('Current password').fill(PASSWORD);
  await pw.getByLabel('New password').fill('password123456');
  await pw.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#e-new_password')).toContainText('many people use');
  await pw.getByLabel('Current password').fill(PASSWORD);
  await pw.getByLabel('New password').fill(NEW_PASSWORD);
  await pw.getByLabel(/Keep my API tokens working/).check();
  await pw.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/done=password-kept/);
  await expect(page.getByRole('status').first()).toContainText('your API tokens still work');
});
