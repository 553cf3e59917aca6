// clinic.spec.js - the clinician's workspace, the whole loop in two browsers
// side by side: she invites a clinician; the clinician registers as one
// through the link and accepts; she logs sessions; after a pain-9 session
// the caseload flags her; the clinician opens her page, records a Lamont 2
// exam note and proposes a longer practice time; she accepts on /today and
// the next suggestion follows her new plan; she revokes and the caseload no
// longer lists her. Axe on every page, screenshots at 390 px and desktop,
// light and dark, and the German pages too.
'use strict';
const { test, expect, uniqueEmail, register, PASSWORD } = require('./fixtures');
const { expectNoAxeViolations, shoot } = require('./practice-helpers');
const { tickKit, apiToken, logSession } = require('./plan-steps');
const AxeBuilder = require('@axe-core/playwright').default;

// The progress page: its charts' text is checked by progress.spec.js; here
// axe must find no violation and no undecided contrast outside the charts.
async function axeOutsideCharts(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => v.id), what).toEqual([]);
  const unsure = results.incomplete.filter((v) => v.id === 'color-contrast')
    .flatMap((v) => v.nodes.map((n) => n.target.join(' '))).filter((t) => !/^text\[|svg/.test(t));
  expect(unsure, `${what}: contrast undecided`).toEqual([]);
}

async function inviteClinician(page, scopes) {
  await page.goto('/sharing');
  await page.locator('input[name=relation][value=clinician]').check();
  await page.locator('#f-subject_name').fill('Robin');
  for (const box of await page.locator('input[name=scope]').all()) {
    const v = await box.getAttribute('value');
    if (scopes.includes(v)) await box.check();
    else await box.uncheck();
  }
  await page.locator('form[action="/sharing/invite"] button[type=submit]').click();
  return new URL((await page.locator('.invite-link code').textContent()).trim()).pathname;
}

// The clinician, in a browser of their own, registers as a clinician
// through the link and accepts. Returns the page.
async function clinicianAccepts(browser, baseURL, path, opts = {}) {
  const ctx = await browser.newContext({ baseURL, ...opts });
  const c = await ctx.newPage();
  await c.goto(`/register?next=${path}`);
  await c.locator('#f-email').fill(uniqueEmail('clinician'));
  await c.locator('#f-password').fill(PASSWORD);
  await c.locator('#f-clinician').check();
  await c.locator('form[action="/register"] button[type=submit]').click();
  // the recovery codes, shown once, then on to the invitation
  await c.locator('main .recovery-codes a.button.wide').click();
  await expect(c).toHaveURL(new RegExp(`${path}$`));
  await c.locator(`form[action="${path}"] button[type=submit]`).click();
  await expect(c).toHaveURL(/\/shared\/[0-9a-f-]{36}$/);
  return { ctx, c };
}

async function recommendation(page, token) {
  const r = await page.request.get('/api/v1/recommendation', { headers: { Authorization: `Bearer ${token}` } });
  return r.json();
}

test('the whole loop: invite, flag, exam note, proposal, accept, revoke', async ({ browser, page, baseURL }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, uniqueEmail('clinic-her'));
  await tickKit(page, ['fms-16', 'fms-18']);
  const token = await apiToken(page);
  await logSession(page, token, 50);
  const path = await inviteClinician(page, ['summary', 'sessions', 'progress', 'plan', 'intake', 'propose']);

  const { ctx, c } = await clinicianAccepts(browser, baseURL, path, { viewport: { width: 1280, height: 900 } });
  await c.goto('/');
  await expect(c).toHaveURL(/\/clinic$/);
  await expect(c.locator('ul.caseload')).toContainText('Robin');
  await expect(c.locator('.flag-severe_pain')).toHaveCount(0);

  // A session with pain 9: the caseload flags it.
  await logSession(page, token, 1, { after: { fear: 5, tension: 6, pain: 9 }, max_pain: 9, outcome: 'stopped' });
  await c.reload();
  await expect(c.locator('ul.caseload .flag-severe_pain')).toBeVisible();
  await expectNoAxeViolations(c, 'caseload with a flag');
  await shoot(c, 'clinic-caseload-desktop-light');

  // Her page: a Lamont 2 exam note, then a longer practice time proposed.
  await c.locator('ul.caseload a', { hasText: 'Robin' }).click();
  await expect(c.getByRole('heading', { level: 1 })).toHaveText('Robin');
  await expectNoAxeViolations(c, 'patient page');
  await shoot(c, 'clinic-patient-desktop-light');
  await c.locator('#f-grade-2').check();
  await c.locator('#f-findings').fill('High tone at the entrance, eased with breathing.');
  await c.locator('#f-patient_note').fill('You stayed with it and breathed. Well done.');
  await c.locator('form[action$="/exam"] button[type=submit]').click();
  await expect(c).toHaveURL(/done=exam/);
  await expect(c.locator('main')).toContainText('Lamont 2');
  await c.locator('#f-p_minutes').fill('25');
  await c.locator('#f-reason').fill('A little longer gives your muscles time to settle.');
  await c.locator('form[action$="/change"] button[type=submit]').click();
  await expect(c).toHaveURL(/done=proposal/);

  // She sees the proposal on /today, in plain words, and accepts it.
  const before = await recommendation(page, token);
  expect(before.minutes).not.toBe(25);
  await page.goto('/today');
  const card = page.locator('section.proposal');
  await expect(card).toContainText('A little longer gives your muscles time to settle.');
  await expect(page.locator('main')).not.toContainText('Lamont');
  await expectNoAxeViolations(page, 'today with a proposal');
  await shoot(page, 'clinic-today-proposal-phone-light');
  await card.locator('button[value=accept]').click();
  await expect(page).toHaveURL(/\/today\?done=accepted/);
  // After a calm session the next suggestion follows her new plan.
  await logSession(page, token, 0.5);
  const after = await recommendation(page, token);
  expect(after.minutes).toBe(25);
  await page.goto('/progress');
  await expect(page.locator('main')).toContainText('You stayed with it and breathed.');
  await expect(page.locator('main')).not.toContainText('Lamont');
  await axeOutsideCharts(page, 'progress with exams');

  // She revokes: the clinician's caseload no longer lists her.
  await page.goto('/sharing');
  await page.getByRole('button', { name: 'Stop sharing' }).click();
  await c.goto('/clinic');
  await expect(c.locator('main')).not.toContainText('Robin');
  await ctx.close();
});

for (const scheme of ['light', 'dark']) {
  for (const width of [390, 1280]) {
    test(`the workspace in German, ${scheme}, ${width} px`, async ({ browser, page, baseURL }) => {
      test.setTimeout(150_000);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await register(page, uniqueEmail(`clinic-de-${scheme}-${width}`));
      await tickKit(page, ['fms-16', 'fms-18']);
      const token = await apiToken(page);
      await logSession(page, token, 3, { after: { fear: 5, tension: 6, pain: 8 }, max_pain: 8 });
      await page.goto('/kit');
      await page.locator('form[action="/lang"] select').selectOption('de');
      await page.locator('form[action="/lang"] button').click();
      const tag = `de-${scheme}-${width}`;
      // Her intake, in German.
      await page.goto('/intake');
      await page.locator('#f-onset-always').check();
      await page.locator('#f-hard-tampon').check();
      await page.locator('#f-checked-no').check();
      await page.locator('#f-goals').fill('Ein Tampon ohne Angst');
      await expectNoAxeViolations(page, `intake ${tag}`);
      await shoot(page, `clinic-intake-${tag}`);
      await page.locator('form[action="/intake"] button[type=submit]').click();
      await expect(page).toHaveURL(/\/intake\/summary/);
      await expectNoAxeViolations(page, `intake summary ${tag}`);
      await shoot(page, `clinic-intake-summary-${tag}`);
      const path = await inviteClinician(page, ['summary', 'sessions', 'intake', 'propose', 'edit_plan']);
      const { ctx, c } = await clinicianAccepts(browser, baseURL, path, { viewport: { width, height: 900 }, colorScheme: scheme, locale: 'de-DE' });
      await c.goto('/kit');
      await c.locator('form[action="/lang"] select').selectOption('de');
      await c.locator('form[action="/lang"] button').click();
      await c.goto('/clinic');
      await expect(c.getByRole('heading', { level: 1 })).toHaveText('Übersicht');
      await expectNoAxeViolations(c, `caseload ${tag}`);
      await shoot(c, `clinic-caseload-${tag}`);
      await c.locator('ul.caseload a', { hasText: 'Robin' }).click();
      await c.locator('#f-grade-3').check();
      await c.locator('form[action$="/exam"] button[type=submit]').click();
      await expect(c).toHaveURL(/done=exam/);
      await c.locator('#f-p_minutes').fill('12');
      await c.locator('#f-reason').fill('Kürzer, bis es leichter geht.');
      await c.locator('form[action$="/change"] button[type=submit]').click();
      await c.locator('#f-text').fill('Drei ruhige Atemzüge vor jeder Übung.');
      await c.locator('form[action$="/feedback"] button[type=submit]').click();
      await expectNoAxeViolations(c, `patient page ${tag}`);
      await shoot(c, `clinic-patient-${tag}`);
      // A grade outside the list: the message beside the field.
      await ctx.close();
      await page.goto('/today');
      await expect(page.locator('section.proposal')).toContainText('Kürzer');
      await expect(page.locator('section.feedback')).toContainText('Drei ruhige Atemzüge');
      await expectNoAxeViolations(page, `today ${tag}`);
      await shoot(page, `clinic-today-${tag}`);
      await page.goto('/progress');
      await axeOutsideCharts(page, `progress ${tag}`);
      await page.goto('/sharing');
      await expect(page.locator('.badge')).toContainText('nicht bestätigt');
      await expectNoAxeViolations(page, `sharing ${tag}`);
    });
  }
}
