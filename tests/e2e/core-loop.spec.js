// core-loop.spec.js - the core loop in a real browser: three quick logs on
// different days move /today from "stay" to "try the next size"; a hard
// check-in offers breathing alone or rest; the check-out asks about movement
// and bleeding, and bleeding shows the clinician message at once; the
// adjustable device's size is asked only while it is chosen. Axe on each new
// screen, screenshots at 390 px and desktop, light and dark, in English and
// German.
'use strict';
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { testNow } = require('./server');
const { setKit, score, checkIn, expectNoAxeViolations, shoot } = require('./practice-helpers');

// "YYYY-MM-DDTHH:MM" some days before the server's now, in the browser's zone.
async function daysAgo(page, days) {
  return page.evaluate(([now, d]) => {
    const t = new Date(now - d * 86400000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
  }, [testNow(), days]);
}

// The check-in in any language.
async function checkInAny(page, fear, tension, pain) {
  await score(page, 'fear', fear);
  await score(page, 'tension', tension);
  await score(page, 'pain', pain);
  await page.locator('button[value=checkin]').click();
}

// The footer's language switch, as she would use it.
async function setGerman(page) {
  await page.goto('/kit');
  await page.getByLabel('Language').selectOption('de');
  await page.locator('form[action="/lang"] button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('three quick logs with gentle movement move /today to the next size', async ({ page }) => {
    await register(page, uniqueEmail('loop-quick'));
    await setKit(page, ['fms-16', 'fms-18', 'fms-20']);
    for (const d of [3, 2, 1]) {
      await page.goto('/today');
      await expect(page.locator('#next-h')).not.toContainText('When you feel ready');
      await page.goto('/sessions/new');
      await page.locator('#f-when_pick-at').check();
      await page.getByLabel('Date and time', { exact: true }).fill(await daysAgo(page, d));
      await page.locator('input[name=dilator_id][value=fms-18]').check();
      // One tap says how she practised; "moved gently" is what she did last time.
      await expect(page.getByLabel('I moved it gently')).toBeChecked();
      await score(page, 'fear', 1);
      await score(page, 'tension', 1);
      await score(page, 'pain', 1);
      await page.getByRole('button', { name: 'Save session' }).click();
      await expect(page.getByRole('status')).toHaveText('Your session is saved.');
    }
    await page.goto('/today');
    await expect(page.locator('#next-h')).toHaveText('When you feel ready: 20 mm');
  });

  test('kept still, the sessions do not count; the form remembers it', async ({ page }) => {
    await register(page, uniqueEmail('loop-still'));
    await setKit(page, ['fms-16', 'fms-18', 'fms-20']);
    for (const d of [3, 2, 1]) {
      await page.goto('/sessions/new');
      await page.locator('#f-when_pick-at').check();
      await page.getByLabel('Date and time', { exact: true }).fill(await daysAgo(page, d));
      await page.locator('input[name=dilator_id][value=fms-18]').check();
      await page.getByLabel('I kept it still').check();
      await page.getByRole('button', { name: 'Save session' }).click();
      await expect(page.getByRole('status')).toHaveText('Your session is saved.');
    }
    await page.goto('/sessions/new');
    await expect(page.getByLabel('I kept it still')).toBeChecked();
    await page.goto('/today');
    await expect(page.locator('#next-h')).toHaveText('Next time: 18 mm');
  });

  test('a hard check-in offers breathing alone or rest, calmly', async ({ page }) => {
    await register(page, uniqueEmail('loop-hard'));
    await setKit(page, ['fms-16', 'fms-18']);
    await page.goto('/practice');
    await checkIn(page, 9, 9, 5);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This sounds like a hard moment');
    await expect(page.getByRole('button', { name: 'Breathe and relax, without a dilator' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Go on with a dilator' })).toBeVisible();
    await expectNoAxeViolations(page, 'hard check-in');
    await shoot(page, 'core-hard-light');
    await page.getByRole('button', { name: 'Breathe and relax, without a dilator' }).click();
    await expect(page.locator('.flow')).toHaveAttribute('data-step', 'relax');
    // Pain at the stop: no dilator today, and whom to talk to.
    await page.getByRole('link', { name: 'Throw this session away' }).click();
    await page.getByRole('button', { name: 'Throw it away' }).click();
    await page.goto('/practice');
    await checkIn(page, 3, 3, 9);
    await expect(page.getByRole('button', { name: 'Go on with a dilator' })).toHaveCount(0);
    await expect(page.locator('.note.warn')).toContainText('talk to a clinician');
    await expectNoAxeViolations(page, 'hard check-in at the pain stop');
    await page.getByRole('button', { name: 'Rest today' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not today');
    await page.goto('/today');
    await expect(page.locator('#next-h')).toHaveText('Please talk to a clinician first');
  });

  test('the check-out asks about movement and bleeding; bleeding shows the clinician message', async ({ page }) => {
    await register(page, uniqueEmail('loop-bleed'));
    await setKit(page, ['fms-16', 'fms-18']);
    await page.goto('/practice');
    await checkIn(page, 3, 3, 0);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('button', { name: /Continue to the practice/ }).click();
    await page.getByRole('button', { name: "I'm finished" }).click();
    await expect(page.getByLabel('I moved it gently')).toBeChecked();
    await score(page, 'fear', 1);
    await score(page, 'tension', 1);
    await score(page, 'pain', 1);
    await page.getByLabel('Bleeding that is more than light spotting').check();
    await expectNoAxeViolations(page, 'check-out');
    await shoot(page, 'core-checkout-light');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Please talk to a clinician' })).toBeVisible();
    await expectNoAxeViolations(page, 'summary with the clinician message');
    await shoot(page, 'core-summary-bleeding-light');
  });

  test('the adjustable device asks for its size only while it is chosen', async ({ page }) => {
    await register(page, uniqueEmail('loop-milli'));
    await setKit(page, ['fms-16', 'milli-adjustable']);
    await page.goto('/practice');
    await checkIn(page, 3, 3, 0);
    const size = page.getByLabel(/The size your .* was set to/);
    await page.locator('input[name=dilator_id][value=fms-16]').check();
    await expect(size).toBeHidden();
    await page.locator('input[name=dilator_id][value=milli-adjustable]').check();
    await expect(size).toBeVisible();
    await size.fill('22');
    await expectNoAxeViolations(page, 'prepare with an adjustable device');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('button', { name: /Continue to the practice/ }).click();
    await page.getByRole('button', { name: "I'm finished" }).click();
    await score(page, 'fear', 1);
    await score(page, 'tension', 1);
    await score(page, 'pain', 1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.locator('.story').first()).toContainText('22 mm');
    // The quick log asks for it too, and refuses a size the device cannot take.
    await page.goto('/sessions/new');
    await page.locator('input[name=dilator_id][value=milli-adjustable]').check();
    await expect(page.getByLabel(/The size your .* was set to/)).toHaveValue('22');
    await page.getByLabel(/The size your .* was set to/).fill('41');
    await page.getByRole('button', { name: 'Save session' }).click();
    await expect(page.locator('#e-dilator_id')).toContainText('15');
  });
});

// Every new screen in both schemes, both widths, both languages.
for (const scheme of ['light', 'dark']) {
  for (const lang of ['en', 'de']) {
    for (const width of [390, 1280]) {
      test(`new core-loop screens: ${lang}, ${scheme}, ${width} px`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await register(page, uniqueEmail(`loop-shots-${lang}-${scheme}-${width}`));
        if (lang === 'de') await setGerman(page);
        await setKit(page, ['fms-16', 'milli-adjustable']);
        const tag = `${lang}-${scheme}-${width}`;
        await page.goto('/sessions/new');
        for (const summary of await page.locator('details.worry > summary').all()) await summary.click();
        await expectNoAxeViolations(page, `quick log ${tag}`);
        await shoot(page, `core-quicklog-${tag}`);
        await page.goto('/practice');
        await checkInAny(page, 9, 9, 9);
        await expectNoAxeViolations(page, `hard ${tag}`);
        await shoot(page, `core-hard-${tag}`);
        await page.locator('button[value=back]').click();
        await checkInAny(page, 2, 2, 0);
        await page.locator('input[name=dilator_id][value=milli-adjustable]').check();
        await expectNoAxeViolations(page, `prepare ${tag}`);
        await shoot(page, `core-prepare-${tag}`);
        await page.locator('button[value=prepared]').click();
        await page.locator('button[value=relaxed]').click();
        await page.locator('button[value=done]').click();
        await expectNoAxeViolations(page, `check-out ${tag}`);
        await shoot(page, `core-checkout-${tag}`);
      });
    }
  }
}
