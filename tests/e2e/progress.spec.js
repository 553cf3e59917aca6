// progress.spec.js - /progress in a real browser: about three months of her
// history (progress-steps.js) drawn as five charts with their legends and
// tables, at phone and desktop width, light and dark, axe finding nothing;
// the period picker without JavaScript; and the calm empty state.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { seedHistory, chartTextContrast, inChart } = require('./progress-steps');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHARTS = ['ch-scores', 'ch-sizes', 'ch-practice', 'ch-spasms', 'ch-ladder'];

async function axeClean(page, scheme) {
  // Tables folded, as a visitor first sees them (axe cannot see cells
  // scrolled out of their region).
  await page.evaluate(() => document.querySelectorAll('details[open]').forEach((n) => { n.open = false; }));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
  expect(summary, `axe (${scheme}) on ${page.url()}`).toEqual([]);
  const unsure = [];
  for (const v of results.incomplete.filter((x) => x.id === 'color-contrast'))
    for (const n of v.nodes) if (!(await inChart(page, n))) unsure.push(n.target.join(' '));
  expect(unsure, 'contrast axe could not decide').toEqual([]);
  expect(await chartTextContrast(page), `chart text contrast (${scheme})`).toEqual([]);
}

for (const size of [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
]) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, isMobile: !!size.isMobile, hasTouch: !!size.hasTouch });

    test('five charts with legends and tables, light and dark', async ({ page }) => {
      await register(page, uniqueEmail(`progress-${size.name}`));
      await seedHistory(page);
      await page.goto('/today');
      await page.locator('main a[href="/progress"]').click();
      await expect(page).toHaveURL(/\/progress$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your progress');
      await expect(page.locator('.progress-summary')).toContainText('You practised 17 times');
      await expect(page.locator('.progress-summary')).toContainText('Your latest size was 20 mm.');

      for (const id of CHARTS) {
        const card = page.locator(`section[aria-labelledby="${id}-h"]`);
        const svg = card.locator('svg.chart');
        await expect(svg).toHaveAttribute('role', 'img');
        await expect(svg).not.toHaveClass(/chart-empty/);
        // The picture is named by its title and described by its sentence.
        const name = await page.locator(`#${id}-title`).textContent();
        await expect(card.getByRole('img', { name })).toBeVisible();
        const box = await svg.boundingBox();
        expect(box.width, `${id} fills the card`).toBeGreaterThan(size.name === 'phone' ? 300 : 400);
        expect(box.x + box.width, `${id} stays on screen`).toBeLessThanOrEqual(size.viewport.width);
        await expect(card.locator('ul.chart-legend li').first()).toBeVisible();
        // The numbers: a real table under "Show the numbers".
        const details = card.locator('details.chart-numbers');
        await expect(details.locator('table')).toBeHidden();
        await details.locator('summary').click();
        await expect(details.locator('table caption')).toBeVisible();
        expect(await details.locator('th[scope=col]').count()).toBeGreaterThan(1);
        expect(await details.locator('tbody tr').count()).toBeGreaterThan(0);
      }
      await expect(page.locator('#ch-scores-desc')).toContainText('Pain after practice went from 5 to 1.');
      await expect(page.locator('#ch-sizes-desc')).toContainText('from 16 to 20 mm');
      await expect(page.locator('#ch-spasms-desc')).toContainText('the longest lasted 40 seconds');
      await expect(page.locator('section[aria-labelledby="ch-sizes-h"]')).toContainText('Swimming: 21 mm');
      await expect(page.locator('main')).not.toContainText(/missed|failed|should|streak/i);
      // The weeks without sessions have no bars: 11 weeks with practice.
      expect(await page.locator('#ch-practice-title ~ rect.ink-done').count()).toBeGreaterThan(8);

      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        // The inks follow the scheme: the bars are lighter in the dark.
        const fill = await page.locator('svg.chart rect.ink-done').first().evaluate((n) => getComputedStyle(n).fill);
        const [r, g, b] = fill.match(/\d+/g).map(Number);
        expect((r + g + b) / 3 > 128, `bar ${fill} in ${scheme}`).toBe(scheme === 'dark');
        await axeClean(page, scheme);
      }
    });
  });
}

test('the period picker works without JavaScript', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await register(page, uniqueEmail('progress-nojs'));
  await page.goto('/progress');
  const picker = page.getByRole('navigation', { name: 'Period' });
  await expect(picker.locator('[aria-current="page"]')).toHaveText('3 months');
  await picker.getByRole('link', { name: '4 weeks' }).click();
  await expect(page).toHaveURL(/period=4w/);
  await expect(picker.locator('[aria-current="page"]')).toHaveText('4 weeks');
  await picker.getByRole('link', { name: 'Everything' }).click();
  await expect(picker.locator('[aria-current="page"]')).toHaveText('Everything');
  await context.close();
});

test('nothing logged yet: calm notes, no empty tables', async ({ page }) => {
  await register(page, uniqueEmail('progress-empty'));
  await page.goto('/progress');
  await expect(page.locator('.progress-summary')).toContainText('Nothing is logged in this period yet.');
  await expect(page.locator('svg.chart.chart-empty')).toHaveCount(5);
  await expect(page.locator('details.chart-numbers')).toHaveCount(0);
  await expect(page.locator('main a[href="/ladder"]')).toBeVisible();
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await axeClean(page, scheme);
  }
});
