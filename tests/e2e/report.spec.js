// report.spec.js - /report: the form at 390 px and on a desktop is clean
// for axe-core, every note starts unticked, and the download is a PDF
// named for today.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('node:fs');
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { setKit } = require('./practice-helpers');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function logWithNote(page, note) {
  await page.goto('/sessions/new');
  await page.locator('input[name=dilator_id][value="fms-16"]').check();
  await page.locator('#f-minutes').fill('10');
  await page.locator('input[name=outcome][value=completed]').check();
  await page.locator('#f-note').fill(note);
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForURL((u) => !new URL(u).pathname.endsWith('/new'));
}

for (const [name, viewport] of [['phone', { width: 390, height: 844 }],
                                ['desktop', { width: 1280, height: 900 }]]) {
  test(`the report form on a ${name} is accessible and downloads a PDF`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await register(page, uniqueEmail());
    await setKit(page, ['fms-14', 'fms-16']);
    await logWithNote(page, 'Slow breathing helped today');

    await page.goto('/sessions');
    await page.locator('a[href="/report"]').first().click();
    await expect(page).toHaveURL(/\/report$/);
    await expect(page.locator('h1')).toBeVisible();
    const boxes = page.locator('input[name=note]');
    await expect(boxes).toHaveCount(1);
    await expect(boxes.first()).not.toBeChecked();
    await expect(page.locator('main')).toContainText('Slow breathing helped');

    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const problems = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(problems, problems.join('\n')).toEqual([]);
    // nothing wider than the screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.locator('#f-name').fill('A. Nonym');
    await boxes.first().check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[value=pdf]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^pace-report-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await download.path();
    const head = fs.readFileSync(file).subarray(0, 5).toString('latin1');
    expect(head).toBe('%PDF-');
  });
}

test('a bad period is shown beside the field', async ({ page }) => {
  await register(page, uniqueEmail());
  await page.goto('/report');
  await page.locator('#f-from').fill('2026-03-10');
  await page.locator('#f-to').fill('2026-03-01');
  await page.locator('button[value=pdf]').click();
  await expect(page.locator('#e-to')).toContainText('before the start');
  await expect(page.locator('#f-to')).toHaveAttribute('aria-invalid', 'true');
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});
