// german.spec.js - Pace in German: a browser that asks for German gets every
// page in German (headings, buttons, errors, plural words), dates written the
// German way with a 24-hour clock, the footer's language switch going to
// English and back, and axe-core finding nothing on the German pages.
// Her progress (charts, legends and tables), the report form and its PDF,
// and "Deine Daten" (download, import, delete) are checked for English
// left behind, and the PDF's narrow labels for being cut short.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, keepCodes, PASSWORD } = require('./fixtures');
const { testNow } = require('./server');
const { setKit, shoot } = require('./practice-helpers');
const { seedHistory, inChart } = require('./progress-steps');
const { logSession } = require('./plan-steps');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// "24.11.2026, 21:05": day.month.year and a 24-hour clock.
const GERMAN_DATETIME = /(?<!\d)\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}(?!\d)/;
// Whole English words that no German sentence of Pace uses: any of them on a
// German page is a string left untranslated. ("import" is left out: the
// page names the command "pace import".)
const ENGLISH = /\b(the|and|you|your|with|of|to|week|weeks|month|session|sessions|practice|practised|before|after|fear|tension|pain|spasms?|goals?|sizes?|show|numbers|download|delete|report|period|notes?|first|last|day|entry|longest|everything|nothing|file|account|not tried)\b/i;

// The main region's words, the text drawn inside its charts and its
// accessible names, in one string to look through.
async function mainWords(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const svg = [...main.querySelectorAll('svg text, svg title, svg desc')].map((t) => t.textContent);
    const names = [...main.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
    return [document.title, main.innerText, ...svg, ...names].join('\n');
  });
}

function englishIn(text) {
  return text.split('\n').filter((line) => ENGLISH.test(line));
}

// Text drawn in a chart that runs past the chart's edges (German words are
// longer, and the SVG cuts them off): "label [left, right] of width".
async function chartTextOutside(page) {
  return page.evaluate(() => [...document.querySelectorAll('svg.chart')].flatMap((svg) => {
    const vb = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent, b: t.getBBox() }))
      .filter(({ b }) => b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5)
      .map(({ t, b }) => `${t} [${b.x.toFixed(1)}, ${(b.x + b.width).toFixed(1)}] of ${vb.width}`);
  }));
}

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
  await keepCodes(page);
  await expect(page).toHaveURL(/\/welcome$/);
  await page.getByRole('button', { name: 'Einrichten überspringen' }).click();
  await expect(page).toHaveURL(/\/today$/);
  return email;
}

function h1(page) {
  return page.getByRole('heading', { level: 1 });
}

// "YYYY-MM-DDTHH:MM" for the datetime-local field, and how Pace should write
// the same moment in German, both in the browser's time zone.
async function localTimes(page, daysBack, hour, minute) {
  return page.evaluate(([now, d, h, m]) => {
    const t = new Date(now);
    t.setDate(t.getDate() - d);
    t.setHours(h, m, 0, 0);
    const pad = (n) => String(n).padStart(2, '0');
    const date = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
    return {
      field: `${date}T${pad(h)}:${pad(m)}`,
      german: `${pad(t.getDate())}.${pad(t.getMonth() + 1)}.${t.getFullYear()}, ${pad(h)}:${pad(m)}`,
    };
  }, [testNow(), daysBack, hour, minute]);
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
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !/^\.kit-(lab|dia)|^\.goal/.test(n.target.join(' ')) &&
                                                       !/^<text class="(kit-(lab|dia)|goal)/.test(n.html)) }))
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
  await expect(tabs).toHaveText(['Heute', 'Üben', 'Verlauf', 'Ratgeber', 'Mehr']);
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
  await page.locator('details.advanced > summary').click();
  for (const name of ['Töne, Vibration und Stimme', 'Über mich', 'Passwort ändern', 'Wo du angemeldet bist', 'API-Tokens'])
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  // Where she is signed in: "Zuletzt aktiv 24.11.2026, 21:05", never "pm".
  const logins = page.locator('main section', { has: page.getByRole('heading', { name: 'Wo du angemeldet bist' }) });
  await expect(logins).toContainText('Zuletzt aktiv');
  await expect(logins).toContainText(GERMAN_DATETIME);
  await expect(logins).not.toContainText(/\d(am|pm| am| pm)/);
  // Signing out elsewhere is offered once she is signed in elsewhere too.
  await expect(page.getByRole('button', { name: 'Überall sonst abmelden' })).toHaveCount(0);
  await expect(page.getByText('Meine API-Tokens weiter gültig lassen')).toBeVisible();
});

test('logged sessions show German dates, a 24-hour clock and the right plural', async ({ page }) => {
  await registerDe(page);
  await setKit(page, ['fms-16', 'fms-18']);
  const evening = await localTimes(page, 1, 21, 5);
  const morning = await localTimes(page, 1, 8, 30);
  const log = async (when, minutes) => {
    await page.goto('/sessions/new');
    await expect(h1(page)).toHaveText('Übung eintragen');
    await page.locator('#f-when_pick-at').check();
    await page.getByLabel('Datum und Uhrzeit', { exact: true }).fill(when);
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
    .toHaveText(['Today', 'Practice', 'Progress', 'Guide', 'More']);
  // The choice outlasts the page, although the browser still asks for German.
  await page.goto('/kit');
  await expect(h1(page)).toHaveText('My kit');

  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('contentinfo').getByRole('button', { name: 'Change', exact: true }).click();
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

test('her progress over three months is in German: charts, legends, tables and the short summary', async ({ page }) => {
  test.setTimeout(120_000);
  await registerDe(page);
  await seedHistory(page);
  await page.goto('/progress');
  await expect(page).toHaveTitle('Verlauf · Pace');
  await expect(h1(page)).toHaveText('Deine Fortschritte');
  await expect(page.getByRole('navigation', { name: 'Zeitraum' }).getByRole('link'))
    .toHaveText(['4 Wochen', '3 Monate', 'Alles']);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([
    'Kurz gesagt', 'Auf deinem Weg', 'Angst, Anspannung und Schmerz', 'Größen, mit denen du geübt hast',
    'Üben pro Woche', 'Verkrampfungen/Woche', 'Wohlfühl-Leiter',
  ]);
  const main = page.getByRole('main');
  await expect(main).toContainText(/Du hast in diesem Zeitraum \d+-mal geübt, in \d+ verschiedenen Wochen\./);
  await expect(main).toContainText('Zuletzt hast du mit 20 mm geübt.');
  await expect(main).toContainText(/Dein Schmerz nach dem Üben ging von \d auf 1 zurück\./);
  await expect(main).toContainText('Fortschritt verläuft selten geradlinig.');
  await expect(main.getByRole('link', { name: 'Zusammenfassung für deine Fachperson erstellen (PDF)' })).toBeVisible();
  // Each chart's own sentence, built from her numbers.
  await expect(main).toContainText(/\d+ Übungen mit Werten\. Angst nach dem Üben: zuerst \d+, zuletzt \d+\./);
  await expect(main).toContainText(/In \d+ Übungen hast du mit Größen von 16 bis 20 mm geübt; zuletzt mit 20 mm\./);
  await expect(main).toContainText(/Du hast \d+-mal geübt, in \d+ Wochen\./);
  await expect(main).toContainText(/Du hattest \d+ Verkrampfungen in \d+ Wochen; die längste dauerte 40 Sekunden\./);
  await expect(main).toContainText('Du hast die Wohlfühl-Leiter einmal ausgefüllt und 6 von 6 Zeilen beantwortet.');
  // Legends, and the words drawn inside the charts.
  for (const label of ['Vor dem Üben', 'Nach dem Üben', 'Größe beim Üben', 'Deine Ziele (ungefähr)',
    'Deine Übungen', 'Längste der Woche', 'Angst (0–10)', 'Schmerz (0–10)', 'Noch nicht ausprobiert'])
    await expect(main.getByText(label, { exact: true }).first()).toBeVisible();
  const drawn = await main.locator('svg.chart text').allTextContents();
  for (const label of ['Notierte Verkrampfungen', 'Längste Verkrampfung, in Sekunden', 'Tampon, etwa 10–20 mm', 'mm'])
    expect(drawn).toContain(label);
  // The numbers behind each chart.
  const numbers = main.getByText('Zahlen anzeigen', { exact: true });
  await expect(numbers).toHaveCount(5);
  for (const summary of await numbers.all()) await summary.click();
  for (const header of ['Angst vorher', 'Schmerz danach', 'Geübt', '„Heute nicht“', 'Zusammen', 'Längste', 'Eintrag'])
    await expect(main.getByRole('columnheader', { name: header, exact: true }).first()).toBeVisible();
  await expect(main.getByRole('rowheader', { name: /^Woche vom \d{2}\.\d{2}\.\d{4}$/ }).first()).toBeVisible();
  await expect(main.getByRole('cell', { name: 'Angst 7, noch nicht ausprobiert' })).toBeVisible();

  expect(englishIn(await mainWords(page)), 'English left on /progress').toEqual([]);
  expect(await chartTextOutside(page), 'chart text cut off on /progress').toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'wider than the phone').toBeLessThanOrEqual(0);
  await shoot(page, 'progress-de');

  // The other periods say the same things in German.
  await page.getByRole('link', { name: '4 Wochen' }).click();
  await expect(page).toHaveURL(/period=4w$/);
  await expect(main).toContainText('In diesem Zeitraum keine Verkrampfung notiert.');
  expect(englishIn(await mainWords(page)), 'English left on /progress?period=4w').toEqual([]);
  expect(await chartTextOutside(page), 'chart text cut off on /progress?period=4w').toEqual([]);
  await page.goto('/progress?period=nie');
  await expect(page.locator('main .alert')).toContainText('Bitte wähle als Zeitraum 4 Wochen, 3 Monate oder alles.');
});

test('before anything is logged, /progress says so in German', async ({ page }) => {
  await registerDe(page);
  await page.goto('/progress');
  const main = page.getByRole('main');
  await expect(main).toContainText('In diesem Zeitraum ist noch nichts eingetragen.');
  await expect(main).toContainText('In diesem Zeitraum gibt es noch keine Werte.');
  await expect(main).toContainText('In diesem Zeitraum noch kein Üben mit Dilator.');
  await expect(main).toContainText('In diesem Zeitraum noch kein Üben eingetragen.');
  await expect(main).toContainText('In diesem Zeitraum noch nicht ausgefüllt.');
  await expect(main.getByRole('link', { name: 'Wohlfühl-Leiter ausfüllen' })).toBeVisible();
  expect(englishIn(await mainWords(page)), 'English left on the empty /progress').toEqual([]);
  expect(await chartTextOutside(page), 'chart text cut off on the empty /progress').toEqual([]);
});

test('the report form and its PDF are in German, with no label cut short', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await registerDe(page);
  const token = await seedHistory(page);
  await logSession(page, token, 30, { note: 'Langsames Atmen hat heute geholfen.' });

  await page.goto('/sessions');
  await page.getByRole('link', { name: 'Bericht für deine Fachperson erstellen (PDF)' }).click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page).toHaveTitle('Bericht für deine Fachperson · Pace');
  await expect(h1(page)).toHaveText('Bericht für deine Fachperson');
  const main = page.getByRole('main');
  await expect(main).toContainText('Ein kurzes PDF mit einer bis drei Seiten');
  await expect(page.getByRole('group', { name: 'Zeitraum' })).toBeVisible();
  await expect(page.getByLabel('Erster Tag')).toBeVisible();
  await expect(page.getByLabel('Letzter Tag')).toBeVisible();
  await expect(page.getByLabel('Zeitzone')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /Die Therapie im Titel nennen/ })).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Notizen dieser Tage zeigen' })).toBeVisible();
  const notes = page.getByRole('group', { name: 'Diese Notizen in den Bericht aufnehmen' });
  await expect(notes).toContainText('Nur angekreuzte Notizen kommen in den Bericht.');
  const box = notes.getByRole('checkbox');
  await expect(box).toHaveCount(1);
  await expect(box).not.toBeChecked();
  await expect(notes).toContainText(GERMAN_DATETIME);
  expect(englishIn(await mainWords(page)), 'English left on /report').toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'wider than the phone').toBeLessThanOrEqual(0);
  await shoot(page, 'report-de');

  await page.getByLabel('Name oder Pseudonym (freiwillig)').fill('E. M.');
  await box.check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Bericht herunterladen (PDF)' }).click(),
  ]);
  const file = testInfo.outputPath('bericht.pdf');
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const words of ['Zusammenfassung der Übungen', 'Zeitraum:', 'Zeiten in ', 'Übersicht',
    'Verwendete Größen', 'Gut auszuhaltende Größe', 'Angepasste Regeln', 'Dilatoren-Set', 'Ziele',
    'Wohlfühl-Leiter (Angst / Schmerz, 0–10)', 'Einziger Eintrag', 'Gyn. Untersuchung',
    'Diagramme', 'Von ihr ausgewählte Notizen', 'Langsames Atmen hat heute geholfen.', 'Seite 1 von'])
    expect(text, words).toContain(words);
  // The narrow places: table headers and chart legends, whole (a label too
  // long for its space ends in "…").
  for (const label of ['Datum', 'Größe', 'Minuten', 'Vorher', 'Danach', 'A / An / S', 'Max. S',
    'Ausgang', 'abgeschlossen', 'heute nicht', 'Vor dem Üben', 'Nach dem Üben', 'Größe beim Üben',
    'Deine Ziele (ungefähr)', 'Deine Übungen', 'Vorschlag deines Plans', 'Verkrampfungen/Woche',
    'Längste der Woche', 'Noch nicht ausprobiert'])
    expect(text, label).toMatch(new RegExp(`(^|\\s)${label.replace(/[()/.]/g, '\\$&')}(\\s|$)`, 'm'));
  expect(englishIn(text), 'English left in the PDF').toEqual([]);
  // A heading too long for its column goes on two lines, never cut short.
  expect(text).not.toMatch(/Verkr\S*…/);
  expect(text).toMatch(/Verkramp/);
  expect(text).toMatch(/fungen/);
  // The title names no therapy unless she ticks it.
  expect(text).not.toContain('Dilatortherapie');

  // A period that ends before it starts, named beside its field.
  await page.getByLabel('Erster Tag').fill('2026-03-10');
  await page.getByLabel('Letzter Tag').fill('2026-03-01');
  await page.getByRole('button', { name: 'Bericht herunterladen (PDF)' }).click();
  await expect(page.locator('main .alert')).toContainText('Noch ist kein Bericht erstellt.');
  await expect(page.locator('#e-to')).toHaveText(/Der letzte Tag liegt vor dem ersten\./);
  await expect(main).toContainText('Sobald der Zeitraum stimmt, stehen hier deine Notizen daraus.');
});

test('"Deine Daten" is in German: downloads, import and deleting the account', async ({ page }) => {
  await registerDe(page);
  // The report and her data are one tap away under "Mehr".
  await page.getByRole('navigation', { name: 'Hauptmenü' }).getByRole('link', { name: 'Mehr' }).click();
  await expect(page).toHaveURL(/\/more$/);
  await expect(page.getByRole('link', { name: /^Bericht für deine Fachperson Ein kurzes PDF über dein Üben/ })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: /^Deine Daten Lade alles herunter/ }).click();
  await expect(page).toHaveURL(/\/settings\/data$/);
  await expect(page).toHaveTitle('Deine Daten · Pace');
  await expect(h1(page)).toHaveText('Deine Daten');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2 })).toHaveText(['Nimm deine Daten mit', 'Eine Datei importieren', 'Konto löschen']);
  for (const name of ['Alles herunterladen (JSON)', 'Übungen für Tabellenprogramme herunterladen (CSV)',
    'Übungen als einfache CSV-Datei herunterladen', 'Für Gesundheitsakten (FHIR)'])
    await expect(main.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(main).toContainText('Damit löschst du dein Konto und alles darin, endgültig:');
  expect(englishIn(await mainWords(page)), 'English left on /settings/data').toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'wider than the phone').toBeLessThanOrEqual(0);
  await shoot(page, 'data-de');

  // Import: no file, then her own export back (nothing new in it).
  await page.getByRole('button', { name: 'Diese Datei importieren' }).click();
  await expect(main).toContainText('Bitte wähle die Datei, die du importieren möchtest.');
  const exported = await page.request.get('/settings/data/export?format=json');
  expect(exported.status()).toBe(200);
  await page.getByLabel('Exportdatei').setInputFiles({
    name: 'pace.json', mimeType: 'application/json', buffer: await exported.body(),
  });
  await page.getByRole('button', { name: 'Diese Datei importieren' }).click();
  await expect(page.locator('#imported')).toContainText('Deine Datei ist gelesen. Alles darin ist schon hier, deshalb hat sich nichts geändert.');
  await page.getByLabel('Exportdatei').setInputFiles({
    name: 'kaputt.json', mimeType: 'application/json', buffer: Buffer.from('{"format": '),
  });
  await page.getByRole('button', { name: 'Diese Datei importieren' }).click();
  await expect(main).toContainText(/Die Datei ist kein gültiges JSON: .* \(Zeile 1, Spalte \d+\)\..*Es wurde nichts importiert\./);

  // Deleting: the wrong password changes nothing; the right one says goodbye.
  await page.getByLabel('Dein Passwort, zur Bestätigung').fill('das ist nicht mein Passwort');
  await page.getByRole('button', { name: 'Mein Konto und alle Daten löschen' }).click();
  await expect(page.locator('main .alert')).toContainText('Das ist nicht dein Passwort, deshalb wurde nichts gelöscht.');
  await page.getByLabel('Dein Passwort, zur Bestätigung').fill(PASSWORD);
  await page.getByRole('button', { name: 'Mein Konto und alle Daten löschen' }).click();
  await expect(h1(page)).toHaveText('Dein Konto ist gelöscht');
  await expect(page.getByRole('main')).toContainText('Pass gut auf dich auf.');
  await expect(page.getByRole('link', { name: 'Zurück zur Startseite' })).toBeVisible();
});

test('axe finds no WCAG A/AA problem on the German progress, report and data pages', async ({ page }) => {
  test.setTimeout(120_000);
  await registerDe(page);
  await seedHistory(page);
  for (const url of ['/progress', '/report', '/settings/data']) {
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const describe = (vs) => vs.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
    expect(results.violations, `${url}:\n${describe(results.violations)}`).toEqual([]);
    // Text inside the charts is measured by progress.spec.js; axe cannot
    // tell the background behind SVG text.
    const undecided = [];
    for (const v of results.incomplete.filter((x) => x.id === 'color-contrast'))
      for (const n of v.nodes) if (!(await inChart(page, n))) undecided.push(n.target.join(' '));
    expect(undecided, `${url} (contrast undecided)`).toEqual([]);
  }
});
