// exam-prep.spec.js - the plan for a gynaecological visit: built from her
// kit, her sessions and her comfort ladder; printed through Chromium to A4
// and to Letter it is exactly one page, black on white even in the dark
// scheme; the Print button is a script file's enhancement, and without
// JavaScript the page says how to print instead.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { setKit } = require('./practice-helpers');

const SHOTS = path.join(__dirname, '..', '..', 'screenshots');

// Her data, entered through the pages: a kit, a comfortable session at
// 18 mm logged after the fact, and a comfort ladder.
async function fillHerData(page) {
  await setKit(page, ['fms-16', 'fms-18', 'fms-20']);
  await page.goto('/sessions/new');
  await page.locator('input[name=dilator_id][value="fms-18"]').check();
  await page.locator('#f-minutes').fill('12');
  await page.locator('input[name=outcome][value=completed]').check();
  await page.locator('#f-fear-2').check();
  await page.locator('#f-tension-2').check();
  await page.locator('#f-pain-1').check();
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForURL((u) => !new URL(u).pathname.endsWith('/new'));
  await page.goto('/ladder');
  await page.locator('#f-anxiety_gyn_exam').selectOption('6');
  await page.locator('#f-pain_gyn_exam').selectOption('not_tried');
  await page.locator('main form[action="/ladder"] button[type=submit]').click();
  await page.waitForURL(/done=saved/);
}

function pdfPages(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = info.match(/^Pages:\s+(\d+)/m);
  // The same count straight from the file, as a cross-check.
  const raw = fs.readFileSync(file, 'latin1');
  const objects = (raw.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  return { pages: Number(m[1]), objects, size: (info.match(/^Page size:\s+(.*)$/m) || [])[1] };
}

// Mean brightness (0-255) of page 1 rendered in grey at low resolution.
function meanBrightness(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pace-pdf-'));
  execFileSync('pdftoppm', ['-r', '20', '-gray', '-f', '1', '-l', '1', file, path.join(dir, 'p')]);
  const pgm = fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]));
  fs.rmSync(dir, { recursive: true, force: true });
  // P5 header: magic, width, height, maxval, each followed by whitespace.
  let i = 0;
  let fields = 0;
  while (fields < 4) {
    while (/\s/.test(String.fromCharCode(pgm[i]))) i += 1;
    while (!/\s/.test(String.fromCharCode(pgm[i]))) i += 1;
    fields += 1;
  }
  const px = pgm.subarray(i + 1);
  let sum = 0;
  for (const v of px) sum += v;
  return sum / px.length;
}

test('the plan reflects her data and prints on one page, A4 and Letter', async ({ page }, testInfo) => {
  await register(page, uniqueEmail('exam'));
  await fillHerData(page);
  await page.goto('/exam-prep');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('My plan for a gynaecological visit');
  await expect(main).toContainText('FMS 18 (18 mm)');
  await expect(main).toContainText('most recent completed session with low pain (pain 1 of 10');
  await expect(main).toContainText('anxiety 6 of 10, pain: not tried yet');
  await expect(main).toContainText('about 2 cm (20 mm) wide');
  await expect(main).toContainText('The dilator you could bring is 18 mm across.');
  for (const words of ['go slowly', 'before each step', 'mirror', 'gloved finger or the speculum', 'stop word']) {
    await expect(main.locator('.exam-asks')).toContainText(words);
  }

  fs.mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const format of ['A4', 'Letter']) {
      const file = testInfo.outputPath(`exam-plan-${format}-${scheme}.pdf`);
      await page.pdf({ path: file, format, printBackground: true });
      const { pages, objects, size } = pdfPages(file);
      expect(pages, `${format} (${size}) in ${scheme}: pages`).toBe(1);
      expect(objects, `${format} in ${scheme}: /Type /Page objects`).toBe(1);
      expect(meanBrightness(file), `${format} in ${scheme}: paper stays white`).toBeGreaterThan(200);
      // Kept for people to look at (screenshots/ is ignored by git).
      fs.copyFileSync(file, path.join(SHOTS, `exam-plan-${format}-${scheme}.pdf`));
    }
  }
  // What must not be on paper: navigation, footer, the print hint.
  const printed = execFileSync('pdftotext', [testInfo.outputPath('exam-plan-A4-light.pdf'), '-'], { encoding: 'utf8' });
  expect(printed).toContain('FMS 18 (18 mm)');
  expect(printed).toContain('Our stop word:');
  expect(printed).toContain('It is not a diagnosis.');
  for (const screenOnly of ['Sign out', 'Print this page', 'Update my comfort ladder', 'Language']) {
    expect(printed).not.toContain(screenOnly);
  }
});

test('a new member sees the smallest dilator rule and where to start', async ({ page }) => {
  await register(page, uniqueEmail('exam-new'));
  await page.goto('/exam-prep');
  const main = page.getByRole('main');
  await expect(main).toContainText('When you add your dilators to your kit');
  await expect(main.getByRole('link', { name: 'Go to my kit' })).toBeVisible();
  await expect(main).toContainText('You have not filled in the comfort ladder yet.');
  await setKit(page, ['fms-20', 'fms-16']);
  await page.goto('/exam-prep');
  await expect(main).toContainText('FMS 16 (16 mm)');
  await expect(main).toContainText('This is the smallest dilator in your kit.');
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  expect(pages).toBe(1);
});

test('the Print button calls the browser print', async ({ page }) => {
  await register(page, uniqueEmail('exam-print'));
  await page.goto('/exam-prep');
  const button = page.getByRole('button', { name: 'Print this page' });
  await expect(button).toBeVisible();
  await expect(page.locator('[data-print-hint]')).toBeHidden();
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed += 1; };
  });
  await button.click();
  expect(await page.evaluate(() => window.printed)).toBe(1);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the page says how to print instead of showing a button', async ({ page }) => {
    await register(page, uniqueEmail('exam-nojs'));
    await page.goto('/exam-prep');
    await expect(page.getByRole('button', { name: 'Print this page' })).toBeHidden();
    await expect(page.locator('[data-print-hint]')).toBeVisible();
    await expect(page.locator('[data-print-hint]')).toContainText("browser's Print command");
  });
});
