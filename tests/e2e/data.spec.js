// data.spec.js - "Your data" (/settings/data): reached from Settings, the
// four downloads arrive as files (the CSV for spreadsheet programs with a
// UTF-8 byte order mark, the plain one without; compact JSON; a FHIR
// Bundle whose entries have fullUrls), deleting the account refuses a
// wrong password (nothing deleted) and with the right one signs her out
// for good; axe-core finds nothing, on a phone and on a desktop.
'use strict';
const fs = require('fs');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, register, signIn, PASSWORD } = require('./fixtures');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function axeClean(page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const [name, viewport, mobile] of [
  ['phone', { width: 390, height: 844 }, true],
  ['desktop', { width: 1280, height: 900 }, false],
]) {
  test.describe(name, () => {
    test.use({ viewport, isMobile: mobile, hasTouch: mobile });

    test('the downloads arrive as files', async ({ page }) => {
      await register(page, uniqueEmail(`data-${name}`));
      // "Your data" is one tap away under More.
      await page.goto('/more');
      await page.getByRole('link', { name: /Your data/ }).click();
      await expect(page).toHaveURL(/\/settings\/data$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();
      await axeClean(page);
      await page.screenshot({ path: `test-results/data-${name}.png`, fullPage: true });

      const wanted = [
        ['Download everything (JSON)', /^pace-export-\d{4}-\d\d-\d\d\.json$/],
        ['Download sessions for spreadsheet programs (CSV)', /^pace-sessions-\d{4}-\d\d-\d\d\.csv$/],
        ['Download sessions as plain CSV', /^pace-sessions-\d{4}-\d\d-\d\d\.csv$/],
        ['Download for health records (FHIR)', /^pace-fhir-\d{4}-\d\d-\d\d\.json$/],
      ];
      for (const [label, file] of wanted) {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: label }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(file);
        const bytes = fs.readFileSync(await download.path());
        const text = bytes.toString('utf8');
        if (label.includes('JSON')) {
          const doc = JSON.parse(text);
          expect(doc.format).toBe('pace-export');
          expect(text.trimEnd().includes('\n')).toBe(false); // compact, one line
        }
        if (label.includes('spreadsheet')) {
          expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
          expect(bytes.subarray(3).toString('utf8').startsWith('id,started_at,')).toBe(true);
        } else if (label.includes('CSV')) {
          expect(text.startsWith('id,started_at,')).toBe(true);
        }
        if (label.includes('FHIR')) {
          const bundle = JSON.parse(text);
          expect(bundle.resourceType).toBe('Bundle');
          for (const e of bundle.entry) expect(e.fullUrl).toMatch(/^https:\/\/pace\.invalid\/fhir\//);
        }
      }
    });

    test('deleting the account asks for the password first', async ({ page }) => {
      const email = uniqueEmail(`erase-${name}`);
      await register(page, email);
      await page.goto('/settings/data');
      const password = page.getByLabel('Your password, to confirm');
      await password.fill('not my password at all');
      await page.getByRole('button', { name: 'Delete my account and all my data' }).click();
      const alert = page.getByRole('main').getByRole('alert').first();
      await expect(alert).toContainText('nothing was deleted');
      await expect(password).toHaveAttribute('aria-invalid', 'true');
      await axeClean(page);
      await page.screenshot({ path: `test-results/data-wrong-${name}.png`, fullPage: true });

      await page.getByLabel('Your password, to confirm').fill(PASSWORD);
      await page.getByRole('button', { name: 'Delete my account and all my data' }).click();
      await expect(page.getByRole('heading', { name: 'Your account is deleted' })).toBeVisible();
      await axeClean(page);
      await page.screenshot({ path: `test-results/data-gone-${name}.png`, fullPage: true });
      await page.goto('/settings');
      await expect(page).toHaveURL(/\/login$/);
      await signIn(page, email, PASSWORD);
      await expect(page.getByRole('main').getByRole('alert').first()).toBeVisible();
    });
  });
}
