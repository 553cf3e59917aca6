// report-link.spec.js - a report link for a clinician without an account:
// she makes it on /report (with a passcode), sees it once, the clinician
// opens the link page in a browser of their own, a wrong passcode is named
// beside its field, the right one downloads the PDF; she finds the link on
// /sharing and stops it, and the link page is the calm "cannot be used"
// page. Axe on every page; screenshots at 390 and 1280 px, light and dark,
// in English and German.
'use strict';
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { setKit, expectNoAxeViolations, shoot } = require('./practice-helpers');

async function makeLink(page, { name = 'R. K.', passcode = true } = {}) {
  await page.goto('/report');
  await page.locator('#f-name').fill(name);
  if (passcode) await page.locator('#f-link_passcode').check();
  await page.locator('button[name=action][value=link]').click();
  const link = (await page.locator('.invite-link code').textContent()).trim();
  const code = passcode ? (await page.locator('.passcode strong').textContent()).trim() : null;
  return { link, code };
}

async function german(page) {
  await page.goto('/kit');
  await page.getByLabel('Language').selectOption('de');
  await page.locator('form[action="/lang"] button').click();
}

for (const lang of ['en', 'de']) {
  for (const scheme of ['light', 'dark']) {
    for (const width of [390, 1280]) {
      const tag = `${lang}-${scheme}-${width}`;
      test(`a report link from making to stopping, ${tag}`, async ({ browser, page, baseURL }) => {
        test.setTimeout(120_000);
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await register(page, uniqueEmail(`rlink-${tag}`));
        await setKit(page, ['fms-16', 'fms-18']);
        if (lang === 'de') await german(page);
        await page.goto('/report');
        await expect(page.locator('#f-link_days')).toHaveValue('14');
        await expectNoAxeViolations(page, `report page ${tag}`);
        await shoot(page, `report-page-${tag}`);
        const { link, code } = await makeLink(page);
        expect(code).toMatch(/^\d{6}$/);
        await expectNoAxeViolations(page, `link made ${tag}`);
        await shoot(page, `report-link-made-${tag}`);

        // The clinician, without an account, in a browser of their own.
        const ctx = await browser.newContext({ baseURL, viewport: { width, height: 900 },
          colorScheme: scheme, locale: lang === 'de' ? 'de-DE' : 'en-GB', acceptDownloads: true });
        const doc = await ctx.newPage();
        const path = new URL(link).pathname;
        await doc.goto(path);
        // The page speaks the clinician's browser language.
        await expect(doc.getByRole('heading', { level: 1 })).toHaveText(
          lang === 'de' ? 'Ein geteilter Bericht' : 'A shared report');
        await expect(doc.locator('.lead')).toContainText('R. K.');
        await expect(doc.locator('main')).not.toContainText('@');
        await expectNoAxeViolations(doc, `link page ${tag}`);
        await shoot(doc, `report-link-page-${tag}`);
        await doc.locator('#f-passcode').fill(code === '000000' ? '111111' : '000000');
        await doc.locator(`form[action="${path}"] button[type=submit]`).click();
        await expect(doc.locator('#f-passcode')).toHaveAttribute('aria-invalid', 'true');
        await expect(doc.getByRole('alert')).toBeVisible();
        await expectNoAxeViolations(doc, `wrong passcode ${tag}`);
        await shoot(doc, `report-link-wrong-${tag}`);
        await doc.locator('#f-passcode').fill(code);
        const [download] = await Promise.all([
          doc.waitForEvent('download'),
          doc.locator(`form[action="${path}"] button[type=submit]`).click(),
        ]);
        expect(download.suggestedFilename()).toBe('pace-report.pdf');

        // She finds it on /sharing, with its open, and stops it.
        await page.goto('/sharing');
        const item = page.locator('section[aria-labelledby=links-h] li', { hasText: 'R. K.' });
        await expect(item).toContainText(lang === 'de' ? '1-mal geöffnet' : 'Opened 1 time');
        await expectNoAxeViolations(page, `sharing with a link ${tag}`);
        await shoot(page, `report-link-sharing-${tag}`);
        await item.locator('button[type=submit]').click();
        await expect(page.getByRole('status')).toBeVisible();
        await doc.goto(path);
        await expect(doc.getByRole('heading', { level: 1 })).toHaveText(
          lang === 'de' ? 'Dieser Link kann nicht verwendet werden' : 'This link cannot be used');
        await expectNoAxeViolations(doc, `stopped link ${tag}`);
        await shoot(doc, `report-link-gone-${tag}`);
        await page.goto('/sharing/audit');
        await expect(page.locator('table')).toContainText(
          lang === 'de' ? 'Jemand mit deinem Link zum Bericht' : 'Someone with your report link');
        await ctx.close();
      });
    }
  }
}
