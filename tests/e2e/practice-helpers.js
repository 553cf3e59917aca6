// practice-helpers.js - shared steps for the guided-session and session-log
// browser tests: filling her kit, answering a 0-10 scale, an axe-core scan
// that must find nothing, and phone screenshots into screenshots/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const AxeBuilder = require('@axe-core/playwright').default;
const { expect } = require('./fixtures');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SHOTS = path.join(__dirname, '..', '..', 'screenshots');

// POSTs a form the way the page would, with the page's CSRF token.
async function postForm(page, url, pairs) {
  if (!/\/kit$/.test(page.url())) await page.goto('/kit');
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const body = new URLSearchParams([['csrf', csrf], ...pairs]).toString();
  const res = await page.request.post(url, {
    data: body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  expect(res.status(), `POST ${url}`).toBe(303);
}

// Puts catalog items ("fms-18") into her kit.
async function setKit(page, ids) {
  await postForm(page, '/kit', ids.map((id) => ['item', id]));
}

// Adds an item of her own (for a silicone dilator, which no catalog has).
async function addOwnItem(page, label, diameter, material) {
  await postForm(page, '/kit/custom', [
    ['label', label], ['kind', 'dilator'], ['diameter_mm', String(diameter)],
    ['length_mm', ''], ['material', material],
  ]);
}

// Taps the number v on the 0-10 scale called name ("fear", "max_pain").
async function score(page, name, v) {
  await page.locator(`#f-${name}-${v}`).check();
}

async function checkIn(page, fear, tension, pain) {
  await score(page, 'fear', fear);
  await score(page, 'tension', tension);
  await score(page, 'pain', pain);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary}`).join('\n'))
    .join('\n');
}

// axe-core finds no WCAG 2.0/2.1 A or AA problem on the page as it is now.
async function expectNoAxeViolations(page, what) {
  // Judge colours after any fade-in has settled.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.violations.length, `${what}:\n${describeViolations(results.violations)}`).toBe(0);
  const contrast = results.incomplete.filter((v) => v.id === 'color-contrast');
  expect(contrast.length, `${what} (contrast undecided):\n${describeViolations(contrast)}`).toBe(0);
}

// What she sees on the phone, and the whole page below it.
async function shoot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await page.screenshot({ path: path.join(SHOTS, `${name}-full.png`), fullPage: true });
}

module.exports = { setKit, addOwnItem, score, checkIn, expectNoAxeViolations, shoot, postForm };
