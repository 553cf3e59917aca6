// calendar.spec.js - reminders through a private calendar feed: the link
// made on /reminders serves an iCalendar file that a real parser (ical.js)
// reads as one weekly event at a floating local time with her title and
// nothing else about her; turning the link off makes it 404.
'use strict';
const ICAL = require('ical.js');
const { test, expect, uniqueEmail, register } = require('./fixtures');

async function makeLink(page) {
  await page.goto('/reminders');
  // Tuesday and Thursday at 07:45 (the form starts with Mon, Wed, Fri).
  for (const d of ['mon', 'wed', 'fri']) await page.locator(`#f-day-${d}`).uncheck();
  for (const d of ['tue', 'thu']) await page.locator(`#f-day-${d}`).check();
  await page.locator('#f-time').fill('07:45');
  await page.getByLabel('Title in your calendar').fill('Tea, then me; quiet');
  await page.getByRole('button', { name: 'Save and make my calendar link' }).click();
  const code = page.locator('code.token');
  await expect(code).toBeVisible();
  const url = (await code.textContent()).trim();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cal\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(page.getByRole('link', { name: 'Add to my calendar' }))
    .toHaveAttribute('href', url.replace(/^http:/, 'webcal:'));
  return url;
}

test('the feed parses as one weekly event with her title only', async ({ page, playwright }) => {
  await register(page, uniqueEmail('cal'));
  const url = await makeLink(page);

  // A calendar app has no cookie: a fresh request context.
  const app = await playwright.request.newContext();
  const res = await app.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const text = await res.text();
  expect(text.includes('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);

  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
  const events = cal.getAllSubcomponents('vevent');
  expect(events.length).toBe(1);
  const vevent = events[0];
  const event = new ICAL.Event(vevent);
  expect(event.summary).toBe('Tea, then me; quiet');
  expect(event.uid).toMatch(/^[0-9a-f-]{36}$/);
  expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();
  expect(vevent.getFirstPropertyValue('description')).toBeNull();
  expect(vevent.getFirstPropertyValue('location')).toBeNull();

  const rrule = vevent.getFirstPropertyValue('rrule');
  expect(rrule.freq).toBe('WEEKLY');
  expect(rrule.parts.BYDAY).toEqual(['TU', 'TH']);

  // Floating time: no zone, so it follows the zone of her phone.
  const start = vevent.getFirstPropertyValue('dtstart');
  expect(start.zone).toBe(ICAL.Timezone.localTimezone);
  expect(vevent.getFirstProperty('dtstart').getParameter('tzid')).toBeFalsy();
  expect([start.hour, start.minute]).toEqual([7, 45]);

  // The next six occurrences fall on Tuesdays (3) and Thursdays (5).
  const it = event.iterator();
  const days = [];
  for (let i = 0; i < 6; i++) {
    const t = it.next();
    days.push(t.dayOfWeek());
    expect([t.hour, t.minute]).toEqual([7, 45]);
  }
  expect(new Set(days)).toEqual(new Set([3, 5]));
  expect(days[0] === 3 ? days[1] : days[0]).toBe(5);

  // The alarm shows her title, and nothing names the therapy.
  const alarm = vevent.getFirstSubcomponent('valarm');
  expect(alarm.getFirstPropertyValue('description')).toBe('Tea, then me; quiet');
  for (const word of [/dilator/i, /therap/i, /vagin/i, /pain/i, /practi/i]) {
    expect(text).not.toMatch(word);
  }

  // Turned off: the same address is simply not found.
  await page.goto('/reminders');
  await page.getByRole('button', { name: 'Turn the link off' }).click();
  await expect(page).toHaveURL(/done=off/);
  expect((await app.get(url)).status()).toBe(404);
  await app.dispose();
});

test('a new link replaces the old one, and the page shows the next reminder', async ({ page, playwright }) => {
  await register(page, uniqueEmail('cal-new'));
  const first = await makeLink(page);
  await page.goto('/reminders');
  await expect(page.locator('.rem-next')).toContainText(/(Today|Tomorrow|Tuesday|Thursday) at 7:45 am/);
  await expect(page.locator('code.token')).toHaveCount(0); // shown only once
  await page.getByRole('button', { name: 'Make a new link' }).click();
  const second = (await page.locator('code.token').textContent()).trim();
  expect(second).not.toBe(first);
  const app = await playwright.request.newContext();
  expect((await app.get(first)).status()).toBe(404);
  const res = await app.get(second);
  expect(res.status()).toBe(200);
  expect(new ICAL.Event(new ICAL.Component(ICAL.parse(await res.text())).getFirstSubcomponent('vevent')).summary)
    .toBe('Tea, then me; quiet');
  await app.dispose();
});
