// zone.spec.js - her time zone in a real browser. app.js keeps the zone by
// name, so a summer evening stays at its summer time when it is winter;
// the server shows times in the zone the cookie names; and a log form the
// server drew in another zone (a cookie from before she travelled) is
// shown and read back in the browser's own zone by practice.js, so saving
// it unchanged moves nothing.
'use strict';
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { testNow } = require('./server');
const { setKit } = require('./practice-helpers');

test.describe('in New York, with a cookie still saying Berlin', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('history and the log form keep her time', async ({ page, context, baseURL }) => {
    await register(page, uniqueEmail('zone'));
    await setKit(page, ['fms-18']);
    const y = new Date(testNow()).getUTCFullYear() - 1;
    await page.goto('/sessions/new');
    await page.locator('#f-when_pick-at').check();
    await page.getByLabel('Date and time', { exact: true }).fill(`${y}-07-10T21:05`);
    await page.locator('input[name=dilator_id][value=fms-18]').check();
    await page.getByRole('button', { name: 'Save session' }).click();
    await expect(page.getByRole('status')).toBeVisible();
    // In winter too, a July evening in New York is at its summer time.
    const when = page.locator('.session-link strong').first();
    await expect(when).toHaveText(`10 Jul ${y}, 9:05 pm`);

    // She comes back from Berlin: the cookie still names that zone when
    // the next page is asked for, so the server draws it in Berlin time.
    await context.addCookies([{ name: 'pace-zone', value: 'Europe/Berlin', url: baseURL }]);
    await page.goto('/sessions');
    await expect(when).toHaveText(`11 Jul ${y}, 3:05 am`);
    // app.js has put the browser's zone back: the next page is hers.
    await page.reload();
    await expect(when).toHaveText(`10 Jul ${y}, 9:05 pm`);

    // The edit form drawn in Berlin time is shown in hers, and names her
    // zone for the server.
    const edit = `${await page.locator('.session-link').first().getAttribute('href')}/edit`;
    await context.addCookies([{ name: 'pace-zone', value: 'Europe/Berlin', url: baseURL }]);
    const drawn = await (await context.request.get(edit)).text();
    expect(drawn).toContain(`value="${y}-07-11T03:05" data-t="`);
    expect(drawn).toContain('name="tz" value="Europe/Berlin"');
    await page.goto(edit);
    await expect(page.getByLabel('When', { exact: true })).toHaveValue(`${y}-07-10T21:05`);
    await expect(page.locator('input[name=tz]')).toHaveValue('America/New_York');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status')).toHaveText('Your changes are saved.');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`10 Jul ${y}, 9:05 pm`);
  });
});
