// upload.spec.js - "Import a file" on Your data (/settings/data): she
// downloads everything, leaves, and brings the file into a new account
// with a plain file field; a calm notice says what came in and her session
// is in her history. A broken file is named beside the field with nothing
// imported, and choosing no file says so. axe-core finds nothing, on a
// phone and a desktop; the section is photographed with and without an
// error. The upload also works with JavaScript off.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, uniqueEmail, register, signOut, PASSWORD } = require('./fixtures');
const { setKit, score, expectNoAxeViolations } = require('./practice-helpers');

const SHOTS = path.join(__dirname, '..', '..', 'screenshots');

// Someone with one logged session and a note, who downloads everything and
// then deletes her account here (as she would when moving): the file is
// hers to bring elsewhere.
async function exportAndLeave(page, tag) {
  await register(page, uniqueEmail(tag));
  await setKit(page, ['fms-16', 'fms-18']);
  await page.goto('/sessions/new');
  await page.locator('input[name=dilator_id][value=fms-16]').check();
  await page.getByLabel('Minutes', { exact: true }).fill('12');
  await score(page, 'fear', 2);
  await score(page, 'tension', 3);
  await score(page, 'pain', 1);
  await page.getByLabel('Note (optional)').fill('Calm evening, slow breathing.');
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page).not.toHaveURL(/\/sessions\/new$/);

  await page.goto('/settings/data');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download everything (JSON)' }).click(),
  ]);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).sessions).toHaveLength(1);

  await page.getByLabel('Your password, to confirm').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account and all my data' }).click();
  await expect(page.getByRole('heading', { name: 'Your account is deleted' })).toBeVisible();
  return file;
}

async function shootSection(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.locator('section[aria-labelledby=im-h]').screenshot({
    path: path.join(SHOTS, `${name}.png`),
  });
}

for (const [name, viewport, mobile] of [
  ['phone', { width: 390, height: 844 }, true],
  ['desktop', { width: 1280, height: 900 }, false],
]) {
  test.describe(name, () => {
    test.use({ viewport, isMobile: mobile, hasTouch: mobile });

    test('her export comes into a new account from the page', async ({ page }) => {
      const file = await exportAndLeave(page, `up-${name}`);
      await register(page, uniqueEmail(`up-new-${name}`));
      await page.goto('/settings/data');
      const section = page.locator('section[aria-labelledby=im-h]');
      await expect(section.getByRole('heading', { name: 'Import a file' })).toBeVisible();
      const field = page.getByLabel('Export file');
      await expect(field).toHaveAttribute('accept', '.json,application/json');
      await expectNoAxeViolations(page, `Your data, ${name}`);
      await shootSection(page, `upload-${name}`);

      await field.setInputFiles(file);
      await section.getByRole('button', { name: 'Import this file' }).click();
      // Done: the page by its own address (a reload sends nothing again).
      await expect(page).toHaveURL(/\/settings\/data\?added=1,0,2,[0-9,]+&kept=[0-9,]+#imported$/);
      const notice = section.getByRole('status');
      await expect(notice).toContainText('Your file is imported.');
      await expect(notice).toContainText('1 session');
      await expect(notice).toContainText('2 items in your kit');
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expectNoAxeViolations(page, `Your data after an import, ${name}`);
      await shootSection(page, `upload-done-${name}`);

      await page.goto('/sessions');
      await expect(page.locator('a.session-link')).toHaveCount(1);
    });

    test('a broken file is named beside the field and nothing comes in', async ({ page }) => {
      await register(page, uniqueEmail(`up-bad-${name}`));
      await page.goto('/settings/data');
      const field = page.getByLabel('Export file');
      await field.setInputFiles({
        name: 'pace-export.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format": "pace-export", "format_version": 1, "sessions": ['),
      });
      await page.getByRole('button', { name: 'Import this file' }).click();
      const error = page.locator('#e-file');
      await expect(error).toContainText('line');
      await expect(error).toContainText('Nothing was imported.');
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAttribute('aria-describedby', /\be-file\b/);
      const alert = page.getByRole('main').getByRole('alert').first();
      await expect(alert).toContainText('Nothing was imported.');
      await expect(alert.getByRole('link')).toHaveAttribute('href', '#f-file');
      await expect(page.getByRole('status')).toHaveCount(0);
      await expectNoAxeViolations(page, `Your data with a broken file, ${name}`);
      await shootSection(page, `upload-error-${name}`);

      // No file chosen at all.
      await page.getByRole('button', { name: 'Import this file' }).click();
      await expect(page.locator('#e-file')).toHaveText('Please choose the file to import.');

      await page.goto('/sessions');
      await expect(page.locator('a.session-link')).toHaveCount(0);
    });
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the file field and the button are all it takes', async ({ page }) => {
    const file = await exportAndLeave(page, 'up-nojs');
    await register(page, uniqueEmail('up-nojs-new'));
    await page.goto('/settings/data');
    await page.getByLabel('Export file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import this file' }).click();
    await expect(page.getByRole('status')).toContainText('Your file is imported.');
    await page.goto('/sessions');
    await expect(page.locator('a.session-link')).toHaveCount(1);
    await signOut(page);
  });
});
