// calendar.spec.js - reminders through a private calendar feed: the link
// made on /reminders serves an iCalendar file that a real parser (ical.js)
// reads as one weekly event at her time in her time zone (the zone's
// VTIMEZONE from the feed itself, checked against the browser engine's own
// tz data through Intl), with her title and nothing else about her; the
// zone comes from the browser when JavaScript runs and from the list when
// it does not; the file to import once downloads; turning the link off
// makes it 404.
'use strict';
const ICAL = require('ical.js');
const { test, expect, uniqueEmail, register } = require('./fixtures');

async function makeLink(page, { days = ['tue', 'thu'], time = '07:45', zone = null } = {}) {
  await page.goto('/reminders');
  // The form starts with Mon, Wed, Fri.
  for (const d of ['mon', 'wed', 'fri']) await page.locator(`#f-day-${d}`).uncheck();
  for (const d of days) await page.locator(`#f-day-${d}`).check();
  await page.locator('#f-time').fill(time);
  if (zone) await page.getByLabel('Time zone').selectOption(zone);
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

// The calendar as ical.js reads it, with the feed's own VTIMEZONE.
function readCalendar(text) {
  ICAL.TimezoneService.reset();
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  return cal;
}

// "20:00" for an instant, as the browser engine's tz data has it in zone.
function wallClock(date, zone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23' }).format(date);
}

// A year of occurrences: [{ local: ICAL.Time, utc: Date }].
function aYear(cal) {
  const event = new ICAL.Event(cal.getFirstSubcomponent('vevent'));
  const it = event.iterator();
  const out = [];
  for (let t = it.next(); t && out.length < 366; t = it.next()) {
    out.push({ local: t, utc: new Date(t.toUnixTime() * 1000) });
  }
  return out;
}

function lastSunday(year, month) { // month 1-12, UTC date
  const d = new Date(Date.UTC(year, month, 0));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.toISOString().slice(0, 10);
}

async function fetchFeed(playwright, url) {
  // A calendar app has no cookie: a fresh request context.
  const app = await playwright.request.newContext();
  const res = await app.get(url);
  expect(res.status()).toBe(200);
  const text = await res.text();
  await app.dispose();
  return { res, text };
}

test('the feed parses as one weekly event in her zone with her title only', async ({ page, playwright }) => {
  await register(page, uniqueEmail('cal'));
  // The browser says Europe/Berlin (playwright.config.js): the list starts there.
  await page.goto('/reminders');
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  const url = await makeLink(page);

  const app = await playwright.request.newContext();
  const res = await app.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(res.headers()['etag']).toMatch(/^"[0-9a-f]{32}"$/);
  expect(res.headers()['last-modified']).toMatch(/ GMT$/);
  const text = await res.text();
  expect(text.includes('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

  const cal = readCalendar(text);
  expect(cal.name).toBe('vcalendar');
  expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
  expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Berlin');
  const vtz = cal.getFirstSubcomponent('vtimezone');
  expect(vtz.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
  expect(vtz.getAllSubcomponents('standard').length).toBe(1);
  expect(vtz.getAllSubcomponents('daylight').length).toBe(1);
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

  const start = vevent.getFirstPropertyValue('dtstart');
  expect(vevent.getFirstProperty('dtstart').getParameter('tzid')).toBe('Europe/Berlin');
  expect(start.zone.tzid).toBe('Europe/Berlin');
  expect([start.hour, start.minute]).toEqual([7, 45]);

  // Tuesdays (3) and Thursdays (5), always 07:45 in Berlin.
  const occ = aYear(cal);
  expect(new Set(occ.map((o) => o.local.dayOfWeek()))).toEqual(new Set([3, 5]));
  for (const o of occ) {
    expect([o.local.hour, o.local.minute]).toEqual([7, 45]);
    expect(wallClock(o.utc, 'Europe/Berlin')).toBe('07:45');
  }

  // The alarm shows her title, and nothing names the therapy.
  const alarm = vevent.getFirstSubcomponent('valarm');
  expect(alarm.getFirstPropertyValue('description')).toBe('Tea, then me; quiet');
  for (const word of [/dilator/i, /therap/i, /vagin/i, /pain/i, /practi/i]) {
    expect(text).not.toMatch(word);
  }

  // Asked again with its tag: nothing new.
  const again = await app.get(url, { headers: { 'If-None-Match': res.headers()['etag'] } });
  expect(again.status()).toBe(304);

  // Turned off: the same address is simply not found.
  await page.goto('/reminders');
  await page.getByRole('button', { name: 'Turn the link off' }).click();
  await expect(page).toHaveURL(/done=off/);
  expect((await app.get(url)).status()).toBe(404);
  await app.dispose();
});

test('20:00 in Berlin stays 20:00 there across both clock changes', async ({ page, playwright }) => {
  await register(page, uniqueEmail('cal-dst'));
  const url = await makeLink(page, { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    time: '20:00', zone: 'Europe/Berlin' });
  const { text } = await fetchFeed(playwright, url);
  const occ = aYear(readCalendar(text));
  expect(occ.length).toBe(366);
  const utcHours = occ.map((o) => o.utc.toISOString().slice(11, 16));
  for (const [i, o] of occ.entries()) {
    expect([o.local.hour, o.local.minute]).toEqual([20, 0]);
    expect(wallClock(o.utc, 'Europe/Berlin')).toBe('20:00');
    expect(['19:00', '18:00']).toContain(utcHours[i]);
  }
  // UTC moves from 19:00 to 18:00 on the last Sunday of March, and back on
  // the last Sunday of October: exactly two moves in a year of days.
  const moves = [];
  for (let i = 1; i < occ.length; i++) {
    if (utcHours[i] !== utcHours[i - 1]) moves.push([utcHours[i - 1], utcHours[i], occ[i].local]);
  }
  expect(moves.length).toBe(2);
  for (const [from, to, day] of moves) {
    const date = day.toString().slice(0, 10);
    if (to === '18:00') {
      expect(from).toBe('19:00');
      expect(date).toBe(lastSunday(day.year, 3));
    } else {
      expect([from, to]).toEqual(['18:00', '19:00']);
      expect(date).toBe(lastSunday(day.year, 10));
    }
  }
});

test('north, south, UTC and a zone without daylight time, chosen from the list', async ({ page, playwright }) => {
  test.setTimeout(180_000); // four accounts, each through its first run
  const cases = [
    { zone: 'America/New_York', label: 'New York', utc: ['01:00', '00:00'] },
    { zone: 'Australia/Sydney', label: 'Sydney', utc: ['10:00', '09:00'] },
    { zone: 'UTC', label: 'UTC', utc: ['20:00'] },
    { zone: 'Asia/Tokyo', label: 'Tokyo', utc: ['11:00'] },
  ];
  for (const c of cases) {
    await register(page, uniqueEmail('cal-zone'));
    const url = await makeLink(page, { days: ['sun', 'wed'], time: '20:00', zone: { label: c.label } });
    const { text } = await fetchFeed(playwright, url);
    const cal = readCalendar(text);
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe(c.zone);
    const vtz = cal.getFirstSubcomponent('vtimezone');
    expect(vtz.getAllSubcomponents('daylight').length).toBe(c.utc.length - 1);
    const occ = aYear(cal);
    const seen = new Set();
    for (const o of occ) {
      expect([o.local.hour, o.local.minute]).toEqual([20, 0]);
      expect(wallClock(o.utc, c.zone)).toBe('20:00');
      seen.add(o.utc.toISOString().slice(11, 16));
    }
    expect([...seen].sort()).toEqual([...c.utc].sort());
    if (c.zone === 'Australia/Sydney') {
      // southern hemisphere: daylight time in January, none in July
      const jan = occ.find((o) => o.local.month === 1);
      const jul = occ.find((o) => o.local.month === 7);
      expect(jan.utc.toISOString().slice(11, 16)).toBe('09:00');
      expect(jul.utc.toISOString().slice(11, 16)).toBe('10:00');
    }
    await page.locator('form.signout button').click();
  }
});

test.describe('a browser set to New York', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('the list starts at the browser\'s zone', async ({ page, playwright }) => {
    await register(page, uniqueEmail('cal-ny'));
    await page.goto('/reminders');
    await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York');
    const url = await makeLink(page, { days: ['sat'], time: '20:00' });
    const { text } = await fetchFeed(playwright, url);
    expect(text).toMatch(/\r\nDTSTART;TZID=America\/New_York:\d{8}T200000\r\n/);
    // the page speaks of her next reminder at 20:00 (8:00 pm)
    await page.goto('/reminders');
    await expect(page.locator('.rem-next')).toContainText(/(Today|Tomorrow|Saturday) at 8:00 pm/);
  });
});

test.describe('a browser that gives an older name of a zone', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('is taken as it comes, and the server checks it', async ({ page, playwright }) => {
    await register(page, uniqueEmail('cal-in'));
    await page.goto('/reminders');
    const given = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await expect(page.getByLabel('Time zone')).toHaveValue(given);
    const url = await makeLink(page, { days: ['mon'], time: '20:00' });
    const { text } = await fetchFeed(playwright, url);
    const occ = aYear(readCalendar(text));
    for (const o of occ) expect(o.utc.toISOString().slice(11, 16)).toBe('14:30');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('she picks her zone from the plain list', async ({ page, playwright }) => {
    await register(page, uniqueEmail('cal-nojs'));
    await page.goto('/reminders');
    const select = page.getByLabel('Time zone');
    await expect(select).toHaveValue('');
    await page.getByRole('button', { name: 'Save and make my calendar link' }).click();
    await expect(page.getByRole('alert')).toContainText('Please choose your time zone.');
    await expect(select).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#e-tz')).toHaveText('Please choose your time zone.');
    await select.selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save and make my calendar link' }).click();
    const url = (await page.locator('code.token').textContent()).trim();
    const { text } = await fetchFeed(playwright, url);
    expect(text).toContain('\r\nX-WR-TIMEZONE:Asia/Tokyo\r\n');
    await page.goto('/reminders');
    await expect(select).toHaveValue('Asia/Tokyo');
  });
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
  expect(new ICAL.Event(readCalendar(await res.text()).getFirstSubcomponent('vevent')).summary)
    .toBe('Tea, then me; quiet');
  await app.dispose();
});

test('the file to import once, and the word on a server at home', async ({ page }) => {
  await register(page, uniqueEmail('cal-file'));
  await makeLink(page, { days: ['sun'], time: '20:00', zone: 'Australia/Sydney' });
  await page.goto('/reminders');
  // 127.0.0.1 is this computer: a calendar service cannot reach it
  await expect(page.locator('.rem-reach')).toContainText('works only on this computer');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download calendar file' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('reminders.ics');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  expect(text).not.toContain('REFRESH-INTERVAL');
  const cal = readCalendar(text);
  expect(cal.getFirstSubcomponent('vtimezone').getFirstPropertyValue('tzid')).toBe('Australia/Sydney');
  for (const o of aYear(cal)) {
    expect(wallClock(o.utc, 'Australia/Sydney')).toBe('20:00');
    expect(o.local.dayOfWeek()).toBe(1); // Sunday
  }
});
