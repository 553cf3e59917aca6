// guide.spec.js - the guide in a real browser, on a phone (390 px) and a
// desktop, light and dark: open the guide, open an article, follow its table
// of contents, search and open a result, switch the language on an article
// and land on the same article and section; all without JavaScript too;
// axe-core finds nothing; at 320 px nothing spills sideways, even in German;
// on paper only the article is printed. Screenshots go to screenshots/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, register } = require('./fixtures');

const SHOTS = path.join(__dirname, '..', '..', 'screenshots');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
];

async function axeClean(page, what) {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

for (const size of SIZES) {
  for (const scheme of ['light', 'dark']) {
    test.describe(`${size.name}, ${scheme}`, () => {
      test.use({ viewport: size.viewport, isMobile: !!size.isMobile, hasTouch: !!size.hasTouch, colorScheme: scheme });

      test('open the guide, follow the contents, search, open a result', async ({ page }) => {
        const tag = `${size.name}-${scheme}`;
        await page.goto('/');
        await page.getByRole('banner').getByRole('link', { name: 'Guide' }).click();
        await expect(page).toHaveURL(/\/guide$/);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Guide');
        await expect(page.getByRole('heading', { level: 2, name: 'First steps' })).toBeVisible();
        await axeClean(page, `/guide ${tag}`);
        await shot(page, `guide-list-${tag}`);

        await page.getByRole('link', { name: /^The fear–tension–pain loop/ }).click();
        await expect(page).toHaveURL(/\/guide\/fear-tension-pain$/);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('The fear–tension–pain loop');
        await expect(page.getByText(/\d+ min read · reviewed 7 Dec 2026/)).toBeVisible();
        await axeClean(page, `article ${tag}`);
        await shot(page, `guide-article-${tag}`);

        const toc = page.getByRole('navigation', { name: 'On this page' });
        await toc.getByRole('link', { name: 'Loosening the loop' }).click();
        await expect(page).toHaveURL(/#loosening$/);
        const heading = page.getByRole('heading', { level: 2, name: 'Loosening the loop' });
        await expect(heading).toBeInViewport();
        await shot(page, `guide-toc-${tag}`);

        // Sources and the way on at the end.
        await expect(page.getByRole('heading', { name: 'Sources' })).toBeAttached();
        const more = page.getByRole('navigation', { name: 'More articles' });
        await expect(more.getByRole('link', { name: /Next.*Different forms/ })).toBeAttached();

        await page.goto('/guide');
        await page.getByLabel('Search the guide').fill('borosilicate glass');
        await page.getByRole('button', { name: 'Search' }).click();
        await expect(page).toHaveURL(/\/guide\?q=borosilicate\+glass$/);
        await expect(page.getByRole('heading', { name: /article(s)? found/ })).toBeVisible();
        const hit = page.locator('.guide-hits li').first();
        await expect(hit.locator('mark', { hasText: /^borosilicate$/i })).toBeVisible();
        await axeClean(page, `search ${tag}`);
        await shot(page, `guide-search-${tag}`);
        await hit.getByRole('link').click();
        await expect(page).toHaveURL(/\/guide\/dilators$/);
      });
    });
  }
}

test('switching the language on an article lands on the same article', async ({ page }) => {
  await page.goto('/guide/partners#practising-together');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partners, going through it together');
  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('contentinfo').getByRole('button', { name: 'Change', exact: true }).click();
  await expect(page).toHaveURL(/\/guide\/partners$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partnerschaft: gemeinsam durch diese Zeit');
  // The sections have the same ids in both languages.
  await page.getByRole('navigation', { name: 'Auf dieser Seite' }).getByRole('link', { name: 'Zusammen üben' }).click();
  await expect(page).toHaveURL(/#practising-together$/);
  await expect(page.getByText(/\d+ Min\. Lesezeit · geprüft am 07\.12\.2026/)).toBeVisible();
  await axeClean(page, 'German article');
  // And back.
  await page.getByLabel('Sprache').selectOption('en');
  await page.getByRole('button', { name: 'Wechseln' }).click();
  await expect(page).toHaveURL(/\/guide\/partners$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partners, going through it together');
});

test('signed in, the guide is in the main navigation and the same articles', async ({ page }) => {
  await register(page, uniqueEmail('guide'));
  await expect(page.getByRole('main').getByRole('link', { name: 'Start here' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Guide' }).click();
  await expect(page).toHaveURL(/\/guide$/);
  await expect(nav.getByRole('link', { name: 'Guide' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: /^When a spasm comes/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('When a spasm comes');
  await axeClean(page, 'article signed in');
});

test.describe('signed in on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('the guide is one of the five tabs, with room for a thumb', async ({ page }) => {
    await register(page, uniqueEmail('guide-phone'));
    const tabs = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await expect(tabs).toHaveText(['Today', 'Practice', 'Progress', 'Guide', 'More']);
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guide' });
    const box = await link.boundingBox();
    expect(box.width).toBeGreaterThanOrEqual(48);
    expect(box.height).toBeGreaterThanOrEqual(48);
    await link.click();
    await expect(page).toHaveURL(/\/guide$/);
    await expect(link).toHaveAttribute('aria-current', 'page');
    expect((await page.locator('header.top').boundingBox()).height).toBeLessThan(80);
    await axeClean(page, 'guide signed in on a phone');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('reading, the contents and the search all work', async ({ page }) => {
    await page.goto('/guide');
    await page.getByLabel('Search the guide').fill('Partner');
    await page.getByLabel('Search the guide').press('Enter');
    await expect(page.locator('.guide-hits li').first()).toBeVisible();
    await page.goto('/guide/dilators');
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Lubricants' }).click();
    await expect(page).toHaveURL(/#lubricants$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Lubricants' })).toBeInViewport();
  });
});

test.describe('at 320 px in German', () => {
  test.use({ viewport: { width: 320, height: 640 }, locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de' } });
  test('no article spills sideways', async ({ page }) => {
    await page.goto('/guide');
    const slugs = await page.locator('a.guide-card').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(slugs.length).toBeGreaterThanOrEqual(16);
    for (const href of [...slugs, '/guide', '/guide?q=Dilator']) {
      await page.goto(href);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${href}`).toBeLessThanOrEqual(0);
    }
    await shot(page, 'guide-search-320-de');
    await page.goto('/guide/treatment-options');
    await shot(page, 'guide-article-320-de');
  });
});

test('on paper, only the article and its sources', async ({ page }) => {
  await page.goto('/guide/exam-preparation');
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['header.top', 'footer.foot', '.guide-pager', '.guide-search']) {
    const n = await page.locator(sel).count();
    if (n) await expect(page.locator(sel).first()).toBeHidden();
  }
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.guide-sources')).toBeVisible();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(255, 255, 255)');
});
