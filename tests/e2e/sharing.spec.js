// sharing.spec.js - sharing with consent in two browsers side by side: she
// invites her partner on /sharing, the partner registers through the link in
// a second browser context, sees only what was shared; she revokes; the
// partner's next click shows nothing of hers; "Who saw what" lists the looks.
// Axe on every page, screenshots at 390 px and desktop, light and dark, and
// the German pages too.
'use strict';
const { test, expect, uniqueEmail, register, keepCodes, PASSWORD } = require('./fixtures');
const { setKit, expectNoAxeViolations, shoot } = require('./practice-helpers');

async function invite(page, { relation = 'partner', scopes = ['summary', 'sessions'], name = 'Sam' } = {}) {
  await page.goto('/sharing');
  await page.locator(`input[name=relation][value=${relation}]`).check();
  await page.locator('#f-subject_name').fill(name);
  for (const box of await page.locator('input[name=scope]').all()) {
    const v = await box.getAttribute('value');
    if (scopes.includes(v)) await box.check();
    else await box.uncheck();
  }
  await page.locator('form[action="/sharing/invite"] button[type=submit]').click();
  const link = (await page.locator('.invite-link code').textContent()).trim();
  await expect(page.locator('svg.qr')).toBeVisible();
  return link;
}

test('her partner sees what she shares until she stops, and she sees every look', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, uniqueEmail('share-her'));
  await setKit(page, ['fms-16', 'fms-18']);
  const link = await invite(page);
  await expectNoAxeViolations(page, 'sharing with a new invitation');
  await shoot(page, 'sharing-invite-light');
  const path = new URL(link).pathname;

  // The partner, in a browser of their own.
  const ctx = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const partner = await ctx.newPage();
  await partner.goto(path);
  await expect(partner.getByRole('heading', { level: 1 })).toHaveText('An invitation to share');
  await expect(partner.locator('.lead')).toContainText('Sam would like to share');
  await expectNoAxeViolations(partner, 'invitation, signed out');
  await partner.getByRole('link', { name: 'Create an account' }).click();
  await partner.getByLabel('Email address').fill(uniqueEmail('share-partner'));
  await partner.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await partner.getByRole('button', { name: 'Create account' }).click();
  await keepCodes(partner);
  await expect(partner).toHaveURL(new RegExp(`${path}$`));
  await partner.getByRole('button', { name: 'Accept' }).click();
  await expect(partner).toHaveURL(/\/shared\/[0-9a-f-]{36}$/);
  const shared = new URL(partner.url()).pathname;
  await expect(partner.getByRole('heading', { name: 'This week' })).toBeVisible();
  await expect(partner.getByRole('heading', { name: 'Recent sessions' })).toBeVisible();
  await expect(partner.getByRole('link', { name: 'See her progress charts' })).toHaveCount(0);
  await expectNoAxeViolations(partner, 'shared page');
  await shoot(partner, 'shared-partner-light');

  // She stops sharing; the partner's next click shows nothing of hers.
  await page.goto('/sharing');
  await page.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(page.getByRole('status')).toContainText('Stopped');
  await partner.goto(shared);
  await expect(partner.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await partner.goto('/shared');
  await expect(partner.locator('main')).not.toContainText('Sam');

  // Every look is in her trail, the refused one too.
  await page.goto('/sharing/audit');
  await expect(page.locator('table')).toContainText('allowed');
  await expect(page.locator('table')).toContainText('refused');
  await expectNoAxeViolations(page, 'who saw what');
  await shoot(page, 'sharing-audit-light');
  await ctx.close();
});

for (const scheme of ['light', 'dark']) {
  for (const width of [390, 1280]) {
    test(`sharing pages in German, ${scheme}, ${width} px`, async ({ browser, page, baseURL }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await register(page, uniqueEmail(`share-de-${scheme}-${width}`));
      await page.goto('/kit');
      await page.getByLabel('Language').selectOption('de');
      await page.locator('form[action="/lang"] button').click();
      await page.goto('/sharing');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Teilen');
      await page.locator('input[name=relation][value=clinician]').check();
      await page.locator('form[action="/sharing/invite"] button[type=submit]').click();
      await expect(page.locator('svg.qr')).toBeVisible();
      const tag = `de-${scheme}-${width}`;
      await expectNoAxeViolations(page, `sharing ${tag}`);
      await shoot(page, `sharing-${tag}`);
      const link = (await page.locator('.invite-link code').textContent()).trim();
      const ctx = await browser.newContext({ baseURL, viewport: { width, height: 900 }, colorScheme: scheme, locale: 'de-DE' });
      const other = await ctx.newPage();
      await other.goto(new URL(link).pathname);
      await expect(other.getByRole('heading', { level: 1 })).toHaveText('Eine Einladung zum Teilen');
      await expectNoAxeViolations(other, `invitation ${tag}`);
      await shoot(other, `invitation-${tag}`);
      await ctx.close();
      await page.goto('/sharing/audit');
      await expectNoAxeViolations(page, `audit ${tag}`);
      await shoot(page, `sharing-audit-${tag}`);
    });
  }
}
