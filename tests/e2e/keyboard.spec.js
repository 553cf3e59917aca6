// keyboard.spec.js - a keyboard user meets the skip link first, it takes her
// straight to the content, and focus is always visible.
'use strict';
const { test, expect, uniqueEmail, register } = require('./fixtures');

async function expectSkipLinkWorks(page, firstInMain) {
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  // Visible on screen while focused, not parked off-canvas.
  await expect(skip).toBeInViewport();
  const box = await skip.boundingBox();
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.height).toBeGreaterThanOrEqual(48);

  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  expect(new URL(page.url()).hash).toBe('#main');

  // The next Tab continues inside the content, not back in the header.
  await page.keyboard.press('Tab');
  await expect(firstInMain).toBeFocused();
}

test('Tab reaches the skip link first and it moves focus to main (visitor)', async ({ page }) => {
  await page.goto('/login');
  await expectSkipLinkWorks(page, page.getByLabel('Email address'));
});

test('Tab reaches the skip link first and it moves focus to main (signed in)', async ({ page }) => {
  await register(page, uniqueEmail('kbd'));
  await page.goto('/more');
  // The first thing under More is the link to her plan.
  await expectSkipLinkWorks(page, page.getByRole('main').getByRole('link', { name: /^Your plan/ }));
});

test('focused controls show a clear outline', async ({ page }) => {
  await page.goto('/login');
  await page.keyboard.press('Tab'); // skip link
  const seen = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return {
        tag: el.tagName,
        text: (el.textContent || el.getAttribute('name') || '').trim().slice(0, 30),
        outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
      };
    });
    if (info.tag === 'BODY') break;
    seen.push(info);
  }
  expect(seen.length).toBeGreaterThan(3);
  const without = seen.filter((s) => !s.outline);
  expect(without, 'focused elements without a visible outline').toEqual([]);
});

test('the sign-in form can be completed with the keyboard alone', async ({ page }) => {
  const email = uniqueEmail('kbd-login');
  await register(page, email);
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // skip link
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('quiet river morning tea');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');
});
