// report.spec.js - /report: the form at 390 px and on a desktop is clean
// for axe-core, every note starts unticked, and the download is a PDF
// named for today; her browser's time zone is offered by name and named
// in the PDF, the title names the therapy only when she ticks it, and all
// of it works without JavaScript.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
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

async function downloadText(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[value=pdf]').click(),
  ]);
  const file = await download.path();
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, title: /^Title:\s*(.*)$/m.exec(info)[1] };
}

test.describe('in Berlin', () => {
  test.use({ timezoneId: 'Europe/Berlin' });

  test('her zone is offered by name and named in the PDF', async ({ page }) => {
    await register(page, uniqueEmail());
    await setKit(page, ['fms-14', 'fms-16']);
    await logWithNote(page, 'Ruhig geatmet 😊 今日は楽でした');
    await page.goto('/report');
    await expect(page.locator('#f-zone')).toHaveValue('Europe/Berlin');
    const title = page.getByRole('checkbox', { name: /Name the therapy in the title/ });
    await expect(title).not.toBeChecked();
    await page.locator('input[name=note]').first().check();
    let pdf = await downloadText(page);
    expect(pdf.title).toBe('Practice summary');
    expect(pdf.text).toContain('Times in Europe/Berlin');
    expect(pdf.text).toContain('Ruhig geatmet 😊 今日は楽でした');
    expect(pdf.text).not.toContain('Dilator therapy');
    await title.check();
    pdf = await downloadText(page);
    expect(pdf.title).toBe('Dilator therapy: practice summary');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form works and she types her zone', async ({ page }) => {
    await register(page, uniqueEmail());
    await page.goto('/report');
    await expect(page.locator('#f-zone')).toHaveValue('UTC');
    await page.locator('#f-zone').fill('Europe/Vienna');
    await page.locator('button[value=update]').click();
    await expect(page.locator('#f-zone')).toHaveValue('Europe/Vienna');
    await page.locator('#f-zone').fill('Europe/Nowhere');
    await page.locator('button[value=pdf]').click();
    await expect(page.locator('#e-zone')).toContainText('Europe/Berlin');
    await expect(page.locator('#f-zone')).toHaveAttribute('aria-invalid', 'true');
    await page.locator('#f-zone').fill('Europe/Vienna');
    const pdf = await downloadText(page);
    expect(pdf.text).toContain('Times in Europe/Vienna');
  });
});
