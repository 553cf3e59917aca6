// mobile.spec.js - on a phone (390 x 844) the navigation sits at the bottom
// within thumb reach, every control is a comfortable 48 x 48 px target, and
// nothing spills sideways or hides behind the navigation.
'use strict';
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { PAGES } = require('./pages');

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const MIN = 48;

// Every control a thumb is meant to hit: buttons, button-styled links,
// navigation links, form fields. Links inside running text are excluded
// (WCAG 2.5.8 exempts inline links); they still get generous line height.
const TARGETS = [
  'button',
  'a.button',
  'nav a',
  'a.brand',
  'input:not([type=hidden])',
  'select',
  'textarea',
].join(', ');

async function smallTargets(page) {
  const found = [];
  for (const el of await page.locator(TARGETS).all()) {
    if (!(await el.isVisible())) continue;
    const box = await el.boundingBox();
    if (!box) continue;
    if (box.width < MIN - 0.5 || box.height < MIN - 0.5) {
      const html = await el.evaluate((n) => n.outerHTML.slice(0, 120));
      found.push(`${Math.round(box.width)}x${Math.round(box.height)} ${html}`);
    }
  }
  return found;
}

test('the bottom navigation is visible and reachable by thumb', async ({ page }) => {
  await register(page, uniqueEmail('phone'));
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  const box = await nav.boundingBox();
  // Fixed to the bottom edge of the screen.
  expect(box.y + box.height).toBeGreaterThan(844 - 2);
  expect(box.y).toBeGreaterThan(844 / 2);
  for (const name of ['Today', 'Practice', 'Progress', 'Guide', 'More']) {
    const link = nav.getByRole('link', { name });
    await expect(link).toBeVisible();
    const b = await link.boundingBox();
    expect(b.width, `${name} link width`).toBeGreaterThanOrEqual(MIN);
    expect(b.height, `${name} link height`).toBeGreaterThanOrEqual(MIN);
  }
  await expect(nav.getByRole('link', { name: 'Today' })).toHaveAttribute('aria-current', 'page');
  // Still there after scrolling to the end of a long page.
  await nav.getByRole('link', { name: 'More' }).click();
  await expect(nav.getByRole('link', { name: 'More' })).toHaveAttribute('aria-current', 'page');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(nav).toBeInViewport();
});

for (const pg of PAGES) {
  test(`targets are at least 48 x 48 and nothing overflows: ${pg.name}`, async ({ page }) => {
    if (pg.member) await register(page, uniqueEmail('phone'));
    await pg.open(page);

    const small = await smallTargets(page);
    expect(small, 'controls smaller than 48 x 48 CSS px').toEqual([]);

    // No sideways scrolling on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);

    // The last thing on the page is not hidden behind the fixed navigation.
    if (pg.member) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const navTop = (await page.getByRole('navigation', { name: 'Main' }).boundingBox()).y;
      const last = await page.locator('footer form.lang').boundingBox();
      expect(last.y + last.height, 'footer ends above the bottom navigation').toBeLessThanOrEqual(navTop);
    }
  });
}

test('the main action on each visitor page is large and within thumb reach', async ({ page }) => {
  await page.goto('/');
  const create = page.getByRole('main').getByRole('link', { name: 'Create your account' });
  const b = await create.boundingBox();
  expect(b.height).toBeGreaterThanOrEqual(MIN);
  expect(b.width).toBeGreaterThanOrEqual(200);

  for (const [path, name] of [['/register', 'Create account'], ['/login', 'Sign in']]) {
    await page.goto(path);
    const btn = page.getByRole('main').getByRole('button', { name });
    const bb = await btn.boundingBox();
    expect(bb.height, `${name} height`).toBeGreaterThanOrEqual(MIN);
    // A wide button the full width of the form.
    expect(bb.width, `${name} width`).toBeGreaterThanOrEqual(280);
  }
});

// WCAG 1.4.10: content reflows at 320 CSS px without sideways scrolling.
test.describe('at 320 px wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });
  for (const pg of PAGES) {
    test(`nothing overflows sideways: ${pg.name}`, async ({ page }) => {
      if (pg.member) await register(page, uniqueEmail('narrow'));
      await pg.open(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
      // The 0-10 buttons stay inside their row, apart from each other.
      const crowded = await page.evaluate(() => {
        const bad = [];
        for (const row of document.querySelectorAll('.scale-row')) {
          const rb = row.getBoundingClientRect();
          const boxes = [...row.querySelectorAll('label')].map((l) => l.getBoundingClientRect());
          boxes.forEach((b, i) => {
            if (b.left < rb.left - 0.5 || b.right > rb.right + 0.5) bad.push(`button ${i} outside its row`);
            const next = boxes[i + 1];
            if (next && Math.abs(next.top - b.top) < 1 && next.left < b.right - 0.5) bad.push(`buttons ${i} and ${i + 1} overlap`);
          });
        }
        return bad;
      });
      expect(crowded, 'score buttons').toEqual([]);
    });
  }
});

test('the header stays on one row on a 360 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', '/login', '/register']) {
    await page.goto(path);
    const h = (await page.locator('header.top').boundingBox()).height;
    expect(h, `header height on ${path}`).toBeLessThan(80);
  }
  await register(page, uniqueEmail('narrow-header'));
  await page.goto('/settings');
  expect((await page.locator('header.top').boundingBox()).height).toBeLessThan(80);
});

test('every navigation item fits on the screen, from 320 px to desktop', async ({ page }) => {
  await register(page, uniqueEmail('nav-fit'));
  for (const width of [320, 360, 390, 768, 1024, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/settings');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = await nav.getByRole('link').all();
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const link of links) {
      const b = await link.boundingBox();
      const name = (await link.innerText()).trim();
      expect(b.x, `${name} at ${width} px starts on screen`).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, `${name} at ${width} px ends on screen`).toBeLessThanOrEqual(width);
      expect(b.width, `${name} at ${width} px wide enough`).toBeGreaterThanOrEqual(MIN);
      expect(b.height, `${name} at ${width} px tall enough`).toBeGreaterThanOrEqual(MIN);
    }
    // The header keeps to one row on desktops and two on tablets.
    const header = (await page.locator('header.top').boundingBox()).height;
    expect(header, `header height at ${width} px`).toBeLessThanOrEqual(width >= 1024 || width < 720 ? 80 : 136);
    const signOut = page.getByRole('banner').getByRole('button', { name: 'Sign out' });
    await expect(signOut).toBeInViewport();
  }
});
