// plan-steps.js - reaching the states of /today and /plan as a person
// would, shared by today.spec.js and pages.js: her kit ticked on /kit, an
// API token made on /settings, sessions logged through the API with it,
// and her goals ticked on /plan. Fields are found by id, name and form
// action, so the steps work in every language.
'use strict';
const { testNow } = require('./server');

// Ticks the given catalog items on /kit (keeping what is there) and saves.
async function tickKit(page, ids = ['fms-18', 'fms-20', 'fms-22']) {
  await page.goto('/kit');
  for (const id of ids) {
    const box = page.locator(`input[name=item][value="${id}"]`);
    const line = page.locator('details.kit-line', { has: box });
    if (!(await line.evaluate((d) => d.open))) await line.locator('summary').click();
    await box.check();
  }
  await page.locator('.kit-save button[type=submit]').click();
  await page.waitForURL(/done=saved/);
}

// Makes an API token on /settings (under Advanced); returns it.
async function apiToken(page) {
  await page.goto('/settings');
  const advanced = page.locator('details.advanced');
  if (!(await advanced.evaluate((d) => d.open))) await advanced.locator('summary').click();
  await page.locator('#f-label').fill('plan tests');
  await page.locator('#f-label').locator('xpath=ancestor::form').locator('button[type=submit]').click();
  return (await page.locator('code.token').textContent()).trim();
}

function hoursAgo(h) {
  return new Date(testNow() - h * 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// A session through POST /api/v1/sessions: comfortable by default (pain 2,
// fear 1, gentle movement, no spasm); over changes fields. Returns its id.
async function logSession(page, token, hours, over = {}) {
  const body = {
    started_at: hoursAgo(hours),
    duration_s: 600,
    dilator_id: 'fms-18',
    temperature: 'warm',
    lubricant: 'water_based',
    exercises: ['breathing', 'flexibilization'],
    before: { fear: 3, tension: 3, pain: 0 },
    after: { fear: 1, tension: 1, pain: 1 },
    max_pain: 2,
    spasms: [],
    outcome: 'completed',
    safety: [],
    ...over,
  };
  const r = await page.request.post('/api/v1/sessions', {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    data: JSON.stringify(body),
  });
  if (r.status() !== 201) throw new Error(`POST /api/v1/sessions: ${r.status()} ${await r.text()}`);
  return (await r.json()).id;
}

// Kit, token and three comfortable sessions at 18 mm: /today moves up.
async function readyForNextSize(page) {
  await tickKit(page);
  const token = await apiToken(page);
  const ids = [];
  for (const h of [50, 26, 2]) ids.push(await logSession(page, token, h));
  return { token, ids };
}

// On /plan: ticks goals by id, optionally adds her own, picks a program,
// and saves with the page's one button.
async function savePlan(page, { goals = [], own = null, program = null, rules = {} } = {}) {
  await page.goto('/plan');
  if (program) await page.locator(`#p-${program}`).check();
  for (const id of goals) await page.locator(`#g-${id}`).check();
  if (own) {
    await page.locator('#f-own_label').fill(own.label);
    await page.locator('#f-own_min').fill(own.min);
    await page.locator('#f-own_max').fill(own.max);
  }
  const names = Object.keys(rules);
  if (names.length) {
    const details = page.locator('details.plan-rules');
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    // Plain choices: a list per rule, a switch for a yes/no.
    for (const n of names) {
      const field = page.locator(`#f-rule_${n}`);
      if ((await field.getAttribute('type')) === 'checkbox') await field.setChecked(!!rules[n]);
      else await field.selectOption(String(rules[n]));
    }
  }
  await page.locator('.plan-save button[type=submit]').click();
}

module.exports = { tickKit, apiToken, logSession, readyForNextSize, savePlan, hoursAgo };
