// german.spec.js - Pace in German: a browser that asks for German gets every
// page in German (headings, buttons, errors, plural words), dates written the
// German way with a 24-hour clock, the footer's language switch going to
// English and back, and axe-core finding nothing on the German pages.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, PASSWORD } = require('./fixtures');
const { setKit } = require('./practice-helpers');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// "24.11.2026, 21:05": day.month.year and a 24-hour clock.
const GERMAN_DATETIME = /(?<!\d)\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}(?!\d)/;

test.use({
  locale: 'de-DE',
  extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' },
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
});

async function registerDe(page, email = uniqueEmail('de')) {
  await page.goto('/register');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Konto erstellen' }).click();
  await expect(page).toHaveURL(/\/$/);
  return email;
}

function h1(page) {
  return page.getByRole('heading', { level: 1 });
}

// "YYYY-MM-DDTHH:MM" for the datetime-local field, and how Pace should write
// the same moment in German, both in the browser's time zone.
async function localTimes(page, daysBack, hour, minute) {
  return page.evaluate(([d, h, m]) => {
    const t = new Date();
    t.setDate(t.getDate() - d);
    t.setHours(h, m, 0, 0);
    const pad = (n) => String(n).padStart(2, '0');
    const date = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
    return {
      field: `${date}T${pad(h)}:${pad(m)}`,
      german: `${pad(t.getDate())}.${pad(t.getMonth() + 1)}.${t.getFullYear()}, ${pad(h)}:${pad(m)}`,
    };
  }, [daysBack, hour, minute]);
}

async function expectNoAxeViolations(page, what) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const describe = (vs) => vs.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('\n');
  expect(results.violations.length, `${what}:\n${describe(results.violations)}`).toBe(0);
  // axe cannot decide the background of text inside the kit's SVG picture;
  // kit.spec.js measures that text itself.
  const contrast = results.incomplete
    .filter((v) => v.id === 'color-contrast')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !/^\.kit-(lab|dia)|^\.goal/.test(n.target.join(' '))) }))
    .filter((v) => v.nodes.length > 0);
  expect(contrast.length, `${what} (contrast undecided):\n${describe(contrast)}`).toBe(0);
}

test('a visitor whose browser asks for German gets the home, register and sign-in pages in German', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page).toHaveTitle('Willkommen · Pace');
  await expect(h1(page)).toHaveText('Üben in einem Tempo, das sich sicher anfühlt');
  await expect(page.getByText('Keine Serien und kein Druck: Du bestimmst das Tempo.')).toBeVisible();
  const guest = page.getByRole('navigation', { name: 'Konto' });
  await expect(guest.getByRole('link', { name: 'Anmelden' })).toBeVisible();
  await expect(guest.getByRole('link', { name: 'Konto erstellen' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('Es stellt keine Diagnosen.');
  await expect(page.getByLabel('Sprache')).toHaveValue('de');

  await page.goto('/register');
  await expect(h1(page)).toHaveText('Konto erstellen');
  await expect(page.getByText('12 bis 128 Zeichen.', { exact: false })).toBeVisible();
  await page.getByLabel('E-Mail-Adresse').fill('keine-adresse');
  await page.getByLabel('Passwort', { exact: true }).fill('kurz');
  await page.getByRole('main').getByRole('button', { name: 'Konto erstellen' }).click();
  await expect(page.locator('#e-email')).toHaveText(/Das sieht nicht nach einer E-Mail-Adresse aus/);
  await page.getByLabel('E-Mail-Adresse').fill('neu@example.test');
  await page.getByLabel('Passwort', { exact: true }).fill('kurz');
  await page.getByRole('main').getByRole('button', { name: 'Konto erstellen' }).click();
  await expect(page.locator('#e-password')).toHaveText(/Dein Passwort braucht mindestens 12 Zeichen/);
  await expect(page.getByText('Du hast schon ein Konto?')).toBeVisible();

  await page.goto('/login');
  await expect(h1(page)).toHaveText('Anmelden');
  await page.getByLabel('E-Mail-Adresse').fill('niemand@example.test');
  await page.getByLabel('Passwort', { exact: true }).fill('das ist es leider nicht');
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.locator('main .alert')).toContainText(
    'Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto.');
  await expect(page.getByRole('link', { name: 'Konto erstellen' }).last()).toBeVisible();
});

test('after registering, the tabs, check-in, kit, history and settings are in German', async ({ page }) => {
  await registerDe(page);
  const tabs = page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link');
  await expect(tabs).toHaveText(['Start', 'Üben', 'Verlauf', 'Set', 'Konto']);
  await expect(page.getByRole('main').getByRole('link', { name: 'Geführte Übung starten' }).first()).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Abmelden' })).toBeVisible();

  // The check-in, and a plural when every answer is missing.
  await page.goto('/practice');
  await expect(h1(page)).toHaveText('Wie geht es dir gerade?');
  await expect(page.getByText('Schritt 1 von 5: Ankommen')).toBeVisible();
  await expect(page.getByText('Wie viel Angst hast du gerade?')).toBeVisible();
  await expect(page.getByText('Trifft heute etwas davon auf dich zu?')).toBeVisible();
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(page.locator('main .alert')).toContainText('3 Antworten brauchen noch einen Blick.');
  await expect(page.locator('main .field-error').first()).toContainText('Bitte tippe eine Zahl von 0 bis 10 an.');

  await page.goto('/kit');
  await expect(h1(page)).toHaveText('Mein Set');
  await expect(page.getByRole('button', { name: 'Mein Set speichern' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Eigenes Teil hinzufügen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Zum Set hinzufügen' })).toBeVisible();

  await page.goto('/sessions');
  await expect(h1(page)).toHaveText('Dein Üben');
  await expect(page.getByText('Hier ist noch nichts.', { exact: false })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Übung eintragen' })).toBeVisible();

  await page.goto('/settings');
  await expect(h1(page)).toHaveText('Konto');
  for (const name of ['Über mich', 'Passwort ändern', 'Wo du angemeldet bist', 'API-Tokens'])
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  // Where she is signed in: "Zuletzt aktiv 24.11.2026, 21:05", never "pm".
  const logins = page.locator('main section', { has: page.getByRole('heading', { name: 'Wo du angemeldet bist' }) });
  await expect(logins).toContainText('Zuletzt aktiv');
  await expect(logins).toContainText(GERMAN_DATETIME);
  await expect(logins).not.toContainText(/\d(am|pm| am| pm)/);
  await expect(page.getByRole('button', { name: 'Überall sonst abmelden' })).toBeVisible();
});

test('logged sessions show German dates, a 24-hour clock and the right plural', async ({ page }) => {
  await registerDe(page);
  await setKit(page, ['fms-16', 'fms-18']);
  const evening = await localTimes(page, 1, 21, 5);
  const morning = await localTimes(page, 1, 8, 30);
  const log = async (when, minutes) => {
    await page.goto('/sessions/new');
    await expect(h1(page)).toHaveText('Übung eintragen');
    await page.getByLabel('Wann', { exact: true }).fill(when);
    await page.locator('input[name=dilator_id][value=fms-18]').check();
    await page.getByLabel('Minuten', { exact: true }).fill(String(minutes));
    await page.getByRole('button', { name: 'Übung speichern' }).click();
    await expect(page.locator('main .notice')).toHaveText('Deine Übung ist gespeichert.');
  };
  await log(evening.field, 10);
  await log(morning.field, 1);

  const list = page.getByRole('main');
  await expect(list.getByText(evening.german, { exact: true })).toBeVisible();
  await expect(list.getByText(morning.german, { exact: true })).toBeVisible();
  await expect(list).toContainText('10 Minuten');
  await expect(list).toContainText(/\b1 Minute\b(?!n)/);
  // Both fall in one week (yesterday), unless yesterday was Sunday: then the
  // card counts both anyway, as they are on the same day.
  await expect(list).toContainText('Du hast 2-mal geübt, insgesamt 11 Minuten.');

  await list.getByText(evening.german, { exact: true }).click();
  await expect(h1(page)).toHaveText(evening.german);
  await expect(page.getByRole('main')).toContainText(/Du hast 10 Minuten mit deinem Dilator \((≈ )?18 mm\) geübt\./);
  await expect(page.getByRole('button', { name: 'Löschen' }).or(page.getByRole('link', { name: 'Löschen' }))).toBeVisible();
});

test('the footer language switch changes the page to English and back to German', async ({ page }) => {
  await registerDe(page);
  await page.goto('/settings');
  await expect(h1(page)).toHaveText('Konto');

  await page.getByLabel('Sprache').selectOption('en');
  await page.getByRole('button', { name: 'Wechseln' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(h1(page)).toHaveText('Settings');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link'))
    .toHaveText(['Home', 'Practice', 'History', 'Kit', 'Settings']);
  // The choice outlasts the page, although the browser still asks for German.
  await page.goto('/kit');
  await expect(h1(page)).toHaveText('My kit');

  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page).toHaveURL(/\/kit$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(h1(page)).toHaveText('Mein Set');
  await expect(page.getByLabel('Sprache')).toHaveValue('de');
});

test('axe finds no WCAG A/AA problem on the German visitor pages', async ({ page }) => {
  for (const url of ['/', '/register', '/login']) {
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expectNoAxeViolations(page, url);
  }
});

test('axe finds no WCAG A/AA problem on the German member pages', async ({ page }) => {
  // Eleven scans; under sanitizers and a busy machine that takes a while.
  test.setTimeout(180_000);
  await registerDe(page);
  await setKit(page, ['fms-16', 'fms-18']);
  const pages = ['/', '/practice', '/kit', '/sessions', '/sessions/new', '/settings', '/plan', '/ladder',
    '/exam-prep', '/reminders'];
  for (const url of pages) {
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expectNoAxeViolations(page, url);
  }
  // The guided session's preparation step, with its longer German choices.
  await page.goto('/practice');
  for (const name of ['fear', 'tension', 'pain']) await page.locator(`#f-${name}-2`).check();
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(h1(page)).toHaveText('Bereit machen');
  await page.locator('#f-temperature-warm').check();
  await expectNoAxeViolations(page, 'prepare');
});
