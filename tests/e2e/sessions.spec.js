// sessions.spec.js - logging a session after the fact and her history in a
// real browser: a one-tap quick log with sensible defaults, errors beside
// their field with nothing saved, weeks and the size filter, opening,
// editing and deleting one (with a confirmation that says what goes),
// another person's session staying out of reach, the same without
// JavaScript, and an axe scan plus phone screenshots in light and dark.
'use strict';
const { test, expect, uniqueEmail, register, signOut, signIn, PASSWORD } = require('./fixtures');
const { testNow } = require('./server');
const { setKit, score, expectNoAxeViolations, shoot } = require('./practice-helpers');

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function newUser(page, tag, kit = ['fms-16', 'fms-18', 'fms-20']) {
  const email = uniqueEmail(tag);
  await register(page, email);
  await setKit(page, kit);
  return email;
}

// A local "YYYY-MM-DDTHH:MM" some days before now, in the browser's zone.
async function daysAgo(page, days) {
  return page.evaluate(([now, d]) => {
    const t = new Date(now - d * 86400000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
  }, [testNow(), days]);
}

async function quickLog(page, { when, dilator, minutes, after, outcome, note } = {}) {
  await page.goto('/sessions/new');
  if (when) {
    // "Another time" shows the date field beside "just now" and the others.
    await page.locator('#f-when_pick-at').check();
    await page.getByLabel('Date and time', { exact: true }).fill(when);
  }
  if (dilator) await page.locator(`input[name=dilator_id][value=${dilator}]`).check();
  if (minutes !== undefined) await page.getByLabel('Minutes', { exact: true }).fill(String(minutes));
  if (outcome) await page.locator(`#f-outcome-${outcome}`).check();
  if (after) {
    await score(page, 'fear', after[0]);
    await score(page, 'tension', after[1]);
    await score(page, 'pain', after[2]);
  }
  if (note) await page.getByLabel('Note (optional)').fill(note);
  await page.getByRole('button', { name: 'Save session' }).click();
  // The answer has come: saved, or the form back with what to look at.
  await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toBeVisible();
}

test('home offers a guided session first, a quick log second, and the nav has both', async ({ page }) => {
  await register(page, uniqueEmail('home'));
  const main = page.getByRole('main');
  const start = main.getByRole('link', { name: 'Start a guided session' });
  await expect(start).toHaveClass(/^button$/);
  await expect(main.getByRole('link', { name: 'Log a session' })).toHaveClass(/secondary/);
  const box = await start.boundingBox();
  expect(box.y + box.height / 2, 'primary action in the lower half').toBeGreaterThan(844 / 2);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Practice' }).click();
  await expect(page).toHaveURL(/\/practice$/);
  // Her history is under More, and belongs to Practice in the bar.
  await nav.getByRole('link', { name: 'More' }).click();
  await page.getByRole('main').getByRole('link', { name: /^Your practice/ }).click();
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(nav.getByRole('link', { name: 'Practice' })).toHaveAttribute('aria-current', 'page');
});

test('a quick log with every default takes one tap', async ({ page }) => {
  await newUser(page, 'quick');
  await page.goto('/sessions/new');
  // Defaults: just now, the first dilator of her kit, 10 minutes, finished.
  await expect(page.locator('#f-when_pick-now')).toBeChecked();
  await expect(page.getByLabel('Date and time', { exact: true })).toBeHidden();
  const when = await page.getByLabel('Date and time', { exact: true }).inputValue();
  const now = await daysAgo(page, 0);
  expect(when.slice(0, 10)).toBe(now.slice(0, 10));
  await expect(page.locator('input[name=dilator_id]:checked')).toHaveValue('fms-16');
  await expect(page.getByLabel('Minutes', { exact: true })).toHaveValue('10');
  await expect(page.locator('#f-outcome-completed')).toBeChecked();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByRole('status')).toHaveText('Your session is saved.');
  expect(Date.now() - t0).toBeLessThan(20_000);
  const row = page.locator('.rows.sessions li').first();
  await expect(row).toContainText('16 mm · 10 minutes');
  await expect(page.locator('.week h2').first()).toHaveText('This week');
  // The time shown is her local time, as she saw it in the form.
  const hhmm = when.slice(11, 16).replace(/^0/, '');
  const [h, m] = hhmm.split(':').map(Number);
  const shown = `${h % 12 || 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
  await expect(row).toContainText(shown);
  // The next log starts from the last dilator and time.
  await quickLog(page, { dilator: 'fms-18', minutes: 14, after: [2, 3, 0] });
  await page.goto('/sessions/new');
  await expect(page.locator('input[name=dilator_id]:checked')).toHaveValue('fms-18');
  await expect(page.getByLabel('Minutes', { exact: true })).toHaveValue('14');
  // Breathing and relaxation without a dilator is a session too.
  await page.locator('#d-none').check();
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByRole('status')).toHaveText('Your session is saved.');
  const relax = page.locator('.rows.sessions li', { hasText: 'Breathing and relaxation' });
  await expect(relax).toContainText('Breathing and relaxation · 14 minutes');
  await relax.locator('a').first().click();
  await expect(page.locator('.facts')).toContainText('None: breathing and relaxation');
});

test('errors are shown beside their field and nothing is saved', async ({ page }) => {
  await newUser(page, 'log-errors');
  await page.goto('/sessions/new');
  await page.getByLabel('Minutes', { exact: true }).fill('999');
  await score(page, 'fear', 3);
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing was saved yet');
  await expect(page.locator('#e-minutes')).toContainText('0 to 240');
  // The missing answer is named.
  await expect(page.locator('#e-tension')).toContainText('How tense were you afterwards?');
  await expect(page.locator('#e-tension')).toContainText('is missing');
  await expect(page.getByLabel('Minutes', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Minutes', { exact: true })).toHaveValue('999');
  await expect(page.locator('#f-fear-3')).toBeChecked();
  // A date in the future.
  await page.getByLabel('Minutes', { exact: true }).fill('12');
  await score(page, 'tension', 3);
  await score(page, 'pain', 0);
  await page.locator('#f-when_pick-at').check();
  await page.getByLabel('Date and time', { exact: true }).fill(await daysAgo(page, -3));
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.locator('#e-when')).toContainText('must not be in the future');
  await page.goto('/sessions');
  await expect(page.locator('.rows.sessions li')).toHaveCount(0);
  await expect(page.getByText('Nothing here yet.')).toBeVisible();
});

test('history is grouped by week, newest first, and can be filtered by size', async ({ page }) => {
  await newUser(page, 'weeks');
  await quickLog(page, { when: await daysAgo(page, 22), dilator: 'fms-16', minutes: 8 });
  await quickLog(page, { when: await daysAgo(page, 8), dilator: 'fms-16', minutes: 9 });
  await quickLog(page, { when: await daysAgo(page, 0), dilator: 'fms-18', minutes: 12, outcome: 'stopped' });
  await page.goto('/sessions');
  const weeks = page.locator('.week');
  await expect(weeks.first().locator('h2')).toHaveText('This week');
  const headings = await weeks.locator('h2').allTextContents();
  expect(headings.length).toBe(3);
  expect(headings[2]).toMatch(/^Week of \d+ \w+ \d{4}$/);
  await expect(weeks.first()).toContainText('You practised 1 time, 12 minutes in all.');
  await expect(weeks.first().locator('.tag')).toHaveText('Stopped when needed');
  await page.getByLabel('Size').selectOption({ label: '16 mm' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/size=16/);
  await expect(page.locator('.rows.sessions li')).toHaveCount(2);
  await expect(page.locator('main')).not.toContainText('18 mm ·');
});

test('open, edit and delete a session, with a confirmation that says what goes', async ({ page }) => {
  await newUser(page, 'edit');
  await quickLog(page, { dilator: 'fms-18', minutes: 10, after: [3, 4, 1], note: 'Warm water first.' });
  await page.locator('.session-link').first().click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.locator('.story').first()).toContainText('You practised 10 minutes with the 18 mm dilator.');
  await expect(page.locator('.facts')).toContainText('fear 3, tension 4, pain 1');
  await expect(page.locator('.note-text')).toHaveText('Warm water first.');

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit this session');
  await expect(page.locator('#f-tension-4')).toBeChecked();
  await page.getByLabel('Minutes', { exact: true }).fill('15');
  await score(page, 'before_fear', 6);
  await score(page, 'before_tension', 7);
  await score(page, 'before_pain', 2);
  await page.getByLabel('Note (optional)').fill('Warm water first, then breathing.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText('Your changes are saved.');
  await expect(page.locator('.story').first()).toContainText('15 minutes');
  await expect(page.locator('.story').nth(1)).toContainText('Your tension went from 7 to 4.');
  await expect(page.locator('.note-text')).toHaveText('Warm water first, then breathing.');

  await page.getByRole('link', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete this session?');
  const card = page.locator('main .card');
  await expect(card).toContainText('18 mm, 15 minutes');
  await expect(card).toContainText('your fear, tension and pain answers');
  await expect(card).toContainText('your note');
  await expect(card).toContainText('This cannot be undone.');
  await page.getByRole('link', { name: 'Keep it' }).click();
  await expect(page.locator('.note-text')).toBeVisible();
  await page.getByRole('link', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete session' }).click();
  await expect(page).toHaveURL(/\/sessions\?done=deleted$/);
  await expect(page.getByRole('status')).toHaveText('The session is deleted.');
  await expect(page.locator('.rows.sessions li')).toHaveCount(0);
});

test("another person's session is not found, and stays as it was", async ({ page }) => {
  const owner = await newUser(page, 'owner');
  await quickLog(page, { dilator: 'fms-20', minutes: 11 });
  await page.locator('.session-link').first().click();
  const url = new URL(page.url()).pathname;
  await signOut(page);
  await register(page, uniqueEmail('other'));
  for (const path of [url, `${url}/edit`, `${url}/delete`, `/practice/done/${url.split('/')[2]}`]) {
    const res = await page.goto(path);
    expect(res.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  }
  // A forged delete (with her own valid form token) finds nothing.
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const res = await page.request.post(`${url}/delete`, {
    data: `csrf=${csrf}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(404);
  await signOut(page);
  await signIn(page, owner, PASSWORD);
  await page.goto(url);
  await expect(page.locator('.story').first()).toContainText('11 minutes');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('quick log, edit and delete work as plain forms', async ({ page }) => {
    await newUser(page, 'nojs-log');
    await quickLog(page, { dilator: 'fms-20', minutes: 7, after: [1, 2, 0], outcome: 'stopped' });
    await expect(page.getByRole('status')).toHaveText('Your session is saved.');
    await page.locator('.session-link').first().click();
    await expect(page.locator('.story').first()).toContainText('stopped when you needed to');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.locator('#f-outcome-completed').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('.story').first()).toHaveText('You practised 7 minutes with the 20 mm dilator.');
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete session' }).click();
    await expect(page.locator('.rows.sessions li')).toHaveCount(0);
  });
});

for (const scheme of ['light', 'dark']) {
  test(`axe and screenshots of the log and history (${scheme})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const step = async (name) => {
      await expectNoAxeViolations(page, `${name} (${scheme})`);
      await shoot(page, `sessions-${name}-${scheme}`);
    };
    await newUser(page, `shots-${scheme}`, ['fms-16', 'fms-18', 'vaginismus-com-b']);
    await page.goto('/sessions');
    await step('history-empty');
    await page.goto('/sessions/new');
    await step('new');
    await page.getByLabel('Minutes', { exact: true }).fill('300');
    await score(page, 'fear', 4);
    await page.getByRole('button', { name: 'Save session' }).click();
    await step('new-error');
    await quickLog(page, { when: await daysAgo(page, 9), dilator: 'fms-16', minutes: 8, after: [3, 4, 1] });
    await quickLog(page, { when: await daysAgo(page, 2), dilator: 'fms-18', minutes: 12, after: [2, 3, 0], note: 'Slow breathing helped.' });
    await quickLog(page, { dilator: 'fms-18', minutes: 4, outcome: 'stopped', after: [5, 5, 2] });
    await step('history');
    await page.locator('.session-link').nth(1).click();
    await step('one');
    await page.getByRole('link', { name: 'Edit' }).click();
    await step('edit');
    await page.goto(page.url().replace(/\/edit$/, '/delete'));
    await step('delete');
  });
}
