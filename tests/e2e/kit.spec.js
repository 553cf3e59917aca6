// kit.spec.js - /kit on a phone: pick a whole FMS set and add two of her own
// items, reload and find them again; the picture (an SVG with a title and a
// description, one circle per item and dashed goal rings) and its table;
// the same without JavaScript; and axe-core finds nothing, light and dark.
// Goal rings are drawn only for goals she chose, so those tests choose two
// on /plan first.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { addOwn, fillKit } = require('./kit-steps');
const { savePlan } = require('./plan-steps');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('pick an FMS set and add two own items on a phone; they stay after a reload', async ({ page }) => {
  await register(page, uniqueEmail('kit'));
  await page.goto('/kit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My kit');
  await expect(page.locator('svg.kit-art')).toHaveCount(0); // nothing yet

  // The FMS line opens like an accordion; its set is one tap.
  const fms = page.locator('details.kit-line').filter({ hasText: 'FMS' }).first();
  await fms.locator('summary').tap();
  const setButton = fms.getByRole('button', { name: /I have the whole set: Starter set/ });
  await expect(setButton).toBeVisible();
  const box = await setButton.boundingBox();
  expect(box.height).toBeGreaterThanOrEqual(48); // a thumb-sized target
  await setButton.tap();
  await expect(page).toHaveURL(/done=set/);
  await expect(page.locator('main .notice')).toBeVisible();

  await addOwn(page, { label: 'Blue, middle', diameter: '23' });
  await addOwn(page, { label: 'Travel one', diameter: '18,5', length: '110', material: 'glass' });

  await page.reload();
  for (let d = 14; d <= 20; d += 1) {
    await expect(page.locator(`input[name=item][value="fms-${d}"]`)).toBeChecked();
  }
  await expect(page.locator('input[name=item][value="fms-21"]')).not.toBeChecked();
  const own = page.getByRole('group', { name: 'Your own items' });
  await expect(own.getByText('Blue, middle')).toBeVisible();
  await expect(own.getByText('Travel one')).toBeVisible();
  await expect(own.locator('input[type=checkbox]:checked')).toHaveCount(2);

  // The table lists all nine, smallest first: her 18.5 mm sits between FMS 18 and 19.
  const rows = page.locator('table.kit-table tbody tr');
  await expect(rows).toHaveCount(9);
  await expect(rows.nth(0).locator('th')).toHaveText('FMS 14');
  await expect(rows.nth(5).locator('th')).toContainText('Travel one');
  await expect(rows.nth(8).locator('th')).toContainText('Blue, middle');

  // Nothing sideways on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

// Tampon and intercourse, chosen as she would on /plan.
async function chooseTwoGoals(page) {
  await savePlan(page, { goals: ['tampon', 'intercourse'] });
  await page.waitForURL(/\/plan\?done=saved$/);
  await expect(page.locator('input[name=goal]:checked')).toHaveCount(2);
}

test('the picture is an accessible SVG drawn to scale, with goal rings', async ({ page }) => {
  await register(page, uniqueEmail('kit-svg'));
  await chooseTwoGoals(page);
  await fillKit(page);
  const svg = page.locator('svg.kit-art');
  await expect(svg).toHaveCount(1);
  await expect(svg).toHaveAttribute('role', 'img');
  await expect(page.getByRole('img', { name: 'Your kit, drawn to scale' })).toBeVisible();
  const desc = await svg.locator('desc').textContent();
  expect(desc).toMatch(/from 14 mm to 40 mm/); // the Milli reaches 40 mm
  // FMS 14-20, Pacik #5, the Milli and two own items: eleven discs (the
  // Milli with a ring for its range), and her two goals as dashed rings:
  // each an outer ring for the upper end of its range, an inner one for the lower.
  await expect(svg.locator('circle.kit-disc')).toHaveCount(11);
  await expect(svg.locator('circle.kit-range')).toHaveCount(1);
  await expect(svg.locator('circle.kit-goal:not(.lo)')).toHaveCount(2);
  await expect(svg.locator('circle.kit-goal.lo')).toHaveCount(2);
  // True to scale: radii are proportional to the diameters.
  const r = await svg.locator('circle.kit-disc').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('r'))));
  const smallest = Math.min(...r);
  const largest = Math.max(...r);
  expect(largest / smallest).toBeCloseTo(32 / 14, 2);
  // Colour comes from the stylesheet, never from inline styles (CSP).
  expect(await page.locator('[style]').count()).toBe(0);
  const fill = await svg.locator('circle.kit-disc').first().evaluate((c) => getComputedStyle(c).fill);
  expect(fill).not.toBe('rgb(0, 0, 0)');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a set and single sizes can be picked with plain forms', async ({ page }) => {
    await register(page, uniqueEmail('kit-nojs'));
    await page.goto('/kit');
    const vc = page.locator('details.kit-line').filter({ hasText: 'vaginismus.com' });
    await vc.locator('summary').click();
    await vc.getByRole('button', { name: /I have the whole set/ }).click();
    await expect(page).toHaveURL(/done=set/);
    const pacik = page.locator('details.kit-line').filter({ hasText: 'Pacik' });
    await pacik.locator('summary').click();
    await page.locator('input[name=item][value="pacik-6"]').check();
    await page.locator('.kit-save button').click();
    await expect(page).toHaveURL(/done=saved/);
    await expect(page.locator('table.kit-table tbody tr')).toHaveCount(7);
    await expect(page.locator('svg.kit-art')).toHaveCount(1);
  });
});

// Contrast of each kind of SVG label against the card behind the picture,
// by the WCAG formula; returns [[class, ratio], ...].
function svgTextContrast(page) {
  return page.evaluate(() => {
    const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const out = [];
    for (const cls of ['kit-lab', 'kit-lab goal', 'kit-dia']) {
      const t = document.querySelector(`svg.kit-art text[class="${cls}"]`);
      if (!t) continue;
      const bg = getComputedStyle(t.closest('.card')).backgroundColor;
      const [a, b] = [lum(rgb(getComputedStyle(t).fill)), lum(rgb(bg))];
      out.push([cls, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
    }
    return out;
  });
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG A/AA problem on /kit (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await register(page, uniqueEmail(`kit-axe-${scheme}`));
    for (const state of ['empty', 'filled', 'error']) {
      if (state === 'filled') {
        await chooseTwoGoals(page);
        await fillKit(page);
      }
      if (state === 'error') {
        await page.locator('form[action="/kit/custom"] #f-label').fill('Too big');
        await page.locator('form[action="/kit/custom"] #f-diameter_mm').fill('200');
        await page.locator('form[action="/kit/custom"] button[type=submit]').click();
        await expect(page.locator('#e-own')).toBeVisible();
      }
      if (state === 'empty') await page.goto('/kit');
      // Open every line, so the scan sees every chip and button.
      const closed = page.locator('details.kit-line:not([open]) > summary');
      while ((await closed.count()) > 0) await closed.first().click();
      const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      const problems = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(problems, `${state}: ${problems.join('\n')}`).toEqual([]);
      // axe cannot decide the background of text inside an SVG ("contains an
      // image node"); that text is measured below instead.
      const unsure = results.incomplete
        .filter((v) => v.id === 'color-contrast')
        .flatMap((v) => v.nodes)
        // the kit picture's own text, whatever selector axe picks for it
        .filter((n) => !/^\.kit-(lab|dia)|^\.goal/.test(n.target.join(' ')) &&
                       !/^<text class="(kit-(lab|dia)|goal)/.test(n.html))
        .map((n) => n.target.join(' '));
      expect(unsure, state).toEqual([]);
      const ratios = await svgTextContrast(page);
      expect(ratios.length, 'SVG label kinds measured').toBe(state === 'empty' ? 0 : 3);
      for (const [what, ratio] of ratios) expect(ratio, `${state} ${scheme}: ${what}`).toBeGreaterThanOrEqual(4.5);
    }
  });
}
