// firstrun.spec.js - Pace as a newcomer walks it, on a phone and a desktop,
// light and dark, in English and German: the first run that asks before it
// assumes (and a journey from it to a first guided session, counting taps),
// /today with its action in the first screen and the reasons behind "Why
// this?", the bar at the bottom that never hides a primary button, the cues
// of the timers (a soft tone, a vibration, spoken guidance) on a controlled
// clock, the practice prompt that never fades below AA, the quick log in
// three taps, her exam words, the compact comfort ladder, the month of
// practice and charts whose labels stay 12 px on a phone; axe-core finds
// nothing on any of these pages.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, register, keepCodes, PASSWORD } = require('./fixtures');
const { setKit, score } = require('./practice-helpers');
const { apiToken, logSession } = require('./plan-steps');
const { seedHistory } = require('./progress-steps');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

async function axeClean(page, what, { rules } = {}) {
  let b = new AxeBuilder({ page });
  b = rules ? b.withRules(rules) : b.withTags(TAGS);
  const r = await b.analyze();
  const bad = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

// Counts every tap the test makes, as a person would count them.
function tapper(page) {
  const t = { n: 0 };
  t.click = async (locator) => { t.n += 1; await locator.click(); };
  t.check = async (locator) => { t.n += 1; await locator.check(); };
  return t;
}

async function createAccount(page, email, german = false) {
  await page.goto('/register');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('main form[action="/register"] button[type=submit]').click();
  await keepCodes(page);
  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page.getByRole('heading', { level: 1 }))
    .toHaveText(german ? 'Willkommen bei Pace' : 'Welcome to Pace');
}

// The primary button is on the first screen and nothing lies on top of it.
async function inFirstScreen(page, locator, what) {
  const box = await locator.boundingBox();
  const vp = page.viewportSize();
  expect(box, what).not.toBeNull();
  expect(box.y + box.height, `${what}: bottom edge within the first screen`).toBeLessThanOrEqual(vp.height);
  const covered = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !(hit && (hit === el || el.contains(hit)));
  });
  expect(covered, `${what}: covered by something (the bar?)`).toBe(false);
}

test.describe('a newcomer on a phone', () => {
  test.use(PHONE);

  test('register, first run, kit, goal, first guided session, and the next step in view', async ({ page }) => {
    await createAccount(page, uniqueEmail('newcomer'));
    const tap = tapper(page);
    // Step 1: what Pace is and is not.
    await expect(page.getByText('What Pace is not')).toBeVisible();
    await tap.click(page.getByRole('button', { name: 'Continue' }));
    // Step 2: her kit.
    await expect(page).toHaveURL(/\/welcome\/kit$/);
    await tap.click(page.locator('details.kit-line', { hasText: 'FMS' }).locator('summary'));
    await tap.check(page.locator('input[name=item][value=fms-16]'));
    await tap.check(page.locator('input[name=item][value=fms-18]'));
    await tap.click(page.getByRole('button', { name: 'Save and continue' }));
    // Step 3: what she hopes for; the program is hers to choose.
    await expect(page).toHaveURL(/\/welcome\/plan$/);
    await expect(page.getByText(/^Not sure\? Vaginismus is where most people start/)).toBeVisible();
    await expect(page.locator('input[name=goal]:checked')).toHaveCount(0);
    await tap.check(page.getByLabel('Tampon'));
    await tap.click(page.getByRole('button', { name: 'Save and finish' }));
    await expect(page).toHaveURL(/\/today\?done=welcome$/);
    expect(tap.n, 'taps through the first run').toBeLessThanOrEqual(8);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Pace');

    // The kit picture rings only the goal she chose.
    await page.goto('/kit');
    await expect(page.locator('.kit-art .kit-lab.goal')).toHaveText(['Tampon']);

    // Her first guided session with every default: twelve taps at most.
    await page.goto('/today');
    const guided = tapper(page);
    await guided.click(page.getByRole('link', { name: 'Start a guided session' }));
    for (const name of ['fear', 'tension', 'pain']) await guided.check(page.locator(`#f-${name}-2`));
    await guided.click(page.getByRole('button', { name: 'Continue', exact: true }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get ready');
    await guided.click(page.getByRole('button', { name: 'Continue', exact: true }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Breathe and soften');
    await guided.click(page.locator('button.relax-go'));
    await guided.click(page.getByRole('button', { name: "I'm finished" }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('How are you now?');
    for (const name of ['fear', 'tension', 'pain']) await guided.check(page.locator(`#f-${name}-1`));
    await guided.click(page.getByRole('button', { name: 'Save', exact: true }));
    await expect(page).toHaveURL(/\/practice\/done\//);
    expect(guided.n, 'taps for a guided session with the defaults').toBeLessThanOrEqual(12);

    // Back home: greeted as someone coming back, the next step in view.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome back');
    await inFirstScreen(page, page.getByRole('link', { name: 'Start a guided session' }), '/today');
    const why = page.locator('details.today-why');
    const startY = (await page.getByRole('link', { name: 'Start a guided session' }).boundingBox()).y;
    expect((await why.boundingBox()).y, 'the reasons come after the action').toBeGreaterThan(startY);
  });

  test('the quick log "just now" takes three taps at most', async ({ page }) => {
    await register(page, uniqueEmail('quick3'));
    await setKit(page, ['fms-16', 'fms-18']);
    await page.goto('/today');
    const tap = tapper(page);
    await tap.click(page.getByRole('main').getByRole('link', { name: 'Log a session' }));
    await expect(page.locator('#f-when_pick-now')).toBeChecked();
    await tap.click(page.getByRole('button', { name: 'Save session' }));
    await expect(page.getByRole('status')).toHaveText('Your session is saved.');
    expect(tap.n).toBeLessThanOrEqual(3);
    // The size she used last is the one offered next time, not the suggestion.
    await page.goto('/sessions/new');
    await page.locator('input[name=dilator_id][value=fms-18]').check();
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.goto('/sessions/new');
    await expect(page.locator('input[name=dilator_id]:checked')).toHaveValue('fms-18');
    // "Earlier today" and "yesterday evening" sit beside the date; another
    // time shows the field.
    await expect(page.getByText(/^Earlier today, /)).toBeVisible();
    await expect(page.getByText(/^Yesterday evening, /)).toBeVisible();
    await expect(page.getByLabel('Date and time')).toBeHidden();
    await page.locator('#f-when_pick-at').check();
    await expect(page.getByLabel('Date and time')).toBeVisible();
    // A spasm, noted with how many and roughly how long.
    await page.getByText('Tensing or a spasm?').click();
    await page.getByLabel('How many times?').fill('1');
    await page.getByLabel('About half a minute').check();
    await page.locator('#f-when_pick-yesterday').check();
    await page.getByRole('button', { name: 'Save session' }).click();
    await expect(page.getByRole('status')).toHaveText('Your session is saved.');
  });

  test('the bar never hides the primary button of a long page', async ({ page }) => {
    await register(page, uniqueEmail('bar'));
    for (const [path, sel] of [
      ['/welcome/kit', 'button[value=save]'],
      ['/welcome/plan', 'button[value=save]'],
      ['/plan', '.plan-save button'],
      ['/kit', '.kit-save button'],
      ['/ladder', '.ladder-save button'],
      ['/sessions/new', '.flow-actions button'],
      ['/exam-prep', 'form[action="/exam-prep"] button[type=submit]'],
      ['/settings', 'form[action="/settings/cues"] button[type=submit]'],
    ]) {
      await page.goto(path);
      const button = page.locator(sel).first();
      await button.scrollIntoViewIfNeeded();
      const nav = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
      const b = await button.boundingBox();
      expect(b.y + b.height, `${path}: button above the bar`).toBeLessThanOrEqual(nav.y + 0.5);
      await inFirstScreen(page, button, path);
    }
  });
});

test.describe('cues she can hear and feel, on a controlled clock', () => {
  test.use(PHONE);
  const T0 = new Date('2026-12-02T16:00:00+01:00');

  // Records what the page asks of Web Audio, the Vibration API and speech
  // synthesis instead of making a sound.
  async function listen(page) {
    await page.addInitScript(() => {
      window.cueLog = { tones: 0, vibrate: [], spoken: [] };
      class FakeNode { connect() {} }
      class FakeOsc extends FakeNode {
        constructor() { super(); this.frequency = { value: 0 }; }
        start() { window.cueLog.tones += 1; }
        stop() {}
      }
      class FakeGain extends FakeNode {
        constructor() {
          super();
          this.gain = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
        }
      }
      window.AudioContext = class {
        constructor() { this.state = 'running'; this.currentTime = 0; this.destination = {}; }
        resume() { return Promise.resolve(); }
        createOscillator() { return new FakeOsc(); }
        createGain() { return new FakeGain(); }
      };
      navigator.vibrate = (p) => { window.cueLog.vibrate.push(p); return true; };
      const synth = {
        speak(u) { window.cueLog.spoken.push({ text: u.text, lang: u.lang }); },
        cancel() {},
        getVoices() { return []; },
      };
      Object.defineProperty(window, 'speechSynthesis', { value: synth });
      window.SpeechSynthesisUtterance = class { constructor(t) { this.text = t; } };
    });
    await page.clock.install({ time: T0 });
    await page.clock.pauseAt(new Date(T0.getTime() + 1000));
  }

  async function toPractice(page, minutes) {
    await page.goto(`/practice?dilator=fms-16&minutes=${minutes}`);
    for (const name of ['fear', 'tension', 'pain']) await score(page, name, 1);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }

  test('the end of the practice rings softly and vibrates; no voice unless she chose it', async ({ page }) => {
    await listen(page);
    await register(page, uniqueEmail('cues'));
    await setKit(page, ['fms-16']);
    await toPractice(page, 1);
    await page.clock.runFor(3000);
    expect(await page.evaluate(() => window.cueLog.spoken.length), 'no voice by default').toBe(0);
    await page.locator('button.relax-go').click();
    await expect(page.locator('.timer')).toBeVisible();
    await page.clock.runFor(62_000);
    await expect(page.locator('.timer-over')).toBeVisible();
    const log = await page.evaluate(() => window.cueLog);
    expect(log.tones, 'two soft tones').toBe(2);
    expect(log.vibrate.length).toBe(1);
    expect(log.spoken).toEqual([]);
  });

  test('spoken guidance in her language, chosen once; discreet mode is quiet', async ({ page }) => {
    await listen(page);
    await register(page, uniqueEmail('voice'));
    await setKit(page, ['fms-16']);
    await page.goto('/settings');
    await page.getByRole('switch', { name: /Spoken guidance/ }).check();
    await page.getByRole('button', { name: 'Save these choices' }).click();
    await expect(page).toHaveURL(/done=cues/);
    await toPractice(page, 1);
    await page.clock.runFor(5500);
    let spoken = await page.evaluate(() => window.cueLog.spoken);
    expect(spoken[0]).toEqual({ text: 'Breathe in… let your pelvic floor soften and drop', lang: 'en' });
    expect(spoken.some((s) => s.text.startsWith('Breathe out'))).toBe(true);
    // She can quiet it for now.
    await page.getByRole('button', { name: 'Quiet the voice for now' }).click();
    const before = spoken.length;
    await page.clock.runFor(10_000);
    spoken = await page.evaluate(() => window.cueLog.spoken);
    expect(spoken.length).toBe(before);
    // The breathing time's end rings too.
    await page.clock.runFor(120_000);
    expect(await page.evaluate(() => window.cueLog.tones)).toBeGreaterThanOrEqual(2);

    // In German, the voice speaks German.
    await page.goto('/settings');
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('contentinfo').getByRole('button', { name: 'Change', exact: true }).click();
    await page.goto('/practice');
    await page.clock.runFor(1000);
    spoken = await page.evaluate(() => window.cueLog.spoken);
    expect(spoken.at(-1).lang).toBe('de');
    expect(spoken.at(-1).text).toMatch(/^Einatmen|^Atme/);

    // Discreet mode: nothing rings or buzzes.
    await page.goto('/settings');
    await page.getByRole('switch', { name: 'Diskreter Modus' }).check();
    await page.getByRole('switch', { name: /Gesprochene Anleitung/ }).uncheck();
    await page.getByRole('button', { name: 'Diese Auswahl speichern' }).click();
    await page.goto('/practice');
    await expect(page.locator('#pace-cues')).toHaveCount(0);
  });

  test('the warming reminder ends with a cue', async ({ page }) => {
    await listen(page);
    await register(page, uniqueEmail('warm'));
    await setKit(page, ['fms-16']);
    await page.goto('/practice?dilator=fms-16&minutes=5');
    for (const name of ['fear', 'tension', 'pain']) await score(page, name, 1);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.locator('#f-temperature-warm').check();
    await page.getByRole('button', { name: 'Start a 5-minute reminder' }).click();
    await page.clock.runFor(301_000);
    await expect(page.getByText('Time is up. Test it on your wrist when you are ready.').first()).toBeVisible();
    const log = await page.evaluate(() => window.cueLog);
    expect(log.tones).toBe(2);
    expect(log.vibrate.length).toBe(1);
  });

  test('the practice prompt keeps AA contrast while it comes in', async ({ page }) => {
    await page.clock.install({ time: T0 });
    await page.clock.pauseAt(new Date(T0.getTime() + 1000));
    await register(page, uniqueEmail('prompt'));
    await setKit(page, ['fms-16']);
    await toPractice(page, 10);
    await page.locator('button.relax-go').click();
    await page.clock.runFor(41_000); // the second prompt begins to come in
    const on = page.locator('.prompts li.on');
    await expect(on).toBeVisible();
    const style = await on.evaluate((el) => ({
      opacity: getComputedStyle(el).opacity,
      running: el.getAnimations().some((a) => a.playState === 'running'),
    }));
    expect(style.opacity).toBe('1');
    // axe-core waits on timers of its own, which a paused clock never fires:
    // time runs on for the scan, with the prompt already fully in.
    await page.clock.resume();
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await axeClean(page, `practice prompt coming in (${scheme})`);
    }
  });

  test('the prepare step has its headings in order', async ({ page }) => {
    await register(page, uniqueEmail('headings'));
    await setKit(page, ['fms-16']);
    await page.goto('/practice?dilator=fms-16&minutes=10');
    for (const name of ['fear', 'tension', 'pain']) await score(page, name, 1);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get ready');
    await axeClean(page, 'prepare: heading order', { rules: ['heading-order'] });
    await page.locator('#f-temperature-warm').check();
    await axeClean(page, 'prepare (warm): heading order', { rules: ['heading-order'] });
  });
});

test.describe('her exam plan and the charts on a phone', () => {
  test.use(PHONE);

  test('the printed page holds what the examiner needs; her stop word is large', async ({ page }) => {
    await register(page, uniqueEmail('exam-words'));
    await page.goto('/exam-prep');
    await page.getByLabel('I would like to sit up a little and watch in a mirror.').uncheck();
    await page.getByLabel('Request 1').fill('Please warm the speculum first.');
    await page.getByLabel('Your stop word').fill('Tulpe');
    await page.getByRole('button', { name: 'Save my requests' }).click();
    await expect(page).toHaveURL(/done=saved/);
    const word = page.locator('.exam-stopword');
    await expect(word).toHaveText('Tulpe');
    const size = await word.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, 'stop word large on the phone').toBeGreaterThanOrEqual(32);
    await expect(page.locator('.exam-asks')).not.toContainText('mirror');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.exam-sheet')).toBeVisible();
    for (const sel of ['form[action="/exam-prep"]', '[aria-labelledby=ex-notes]', 'nav.tabs']) {
      await expect(page.locator(sel), `${sel} not printed`).toBeHidden();
    }
    await page.emulateMedia({ media: 'screen' });
  });

  test('chart labels are 12 px at least, and the period fits her history', async ({ page }) => {
    await register(page, uniqueEmail('charts'));
    await seedHistory(page);
    await page.goto('/progress');
    await expect(page.locator('svg.chart:not(.chart-empty)').first()).toBeVisible();
    const small = await page.evaluate(() => [...document.querySelectorAll('svg.chart text')]
      .map((t) => ({
        t: t.textContent,
        px: parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a,
      }))
      .filter((x) => x.px < 11.95)
      .map((x) => `${x.t} ${x.px.toFixed(1)}px`));
    expect(small).toEqual([]);
    await expect(page.locator('.milestones')).toContainText('Your first practice');
  });

  test('the comfort ladder is a compact row per item', async ({ page }) => {
    await register(page, uniqueEmail('ladder-rows'));
    await page.goto('/ladder');
    await expect(page.locator('main input[type=radio]')).toHaveCount(0);
    await expect(page.locator('fieldset.ladder-row')).toHaveCount(6);
    await page.locator('#f-anxiety_finger').selectOption('3');
    await page.locator('#f-pain_finger').selectOption('not_tried');
    await page.locator('.ladder-save button').click();
    await expect(page).toHaveURL(/done=saved/);
    await expect(page.locator('.ladder-table')).toContainText('3 / not tried');
  });

  test('a month of practice: dots per day, no streak', async ({ page }) => {
    await register(page, uniqueEmail('month'));
    await setKit(page, ['fms-16', 'fms-18']);
    const token = await apiToken(page);
    await logSession(page, token, 1);
    await logSession(page, token, 2);
    await page.goto('/sessions');
    const today = page.locator('.month-grid td.today');
    await expect(today.locator('.dot')).toHaveCount(2);
    await expect(today).toContainText('2 sessions');
    await expect(page.locator('.month')).not.toContainText(/streak/i);
  });
});

test.describe('without JavaScript', () => {
  test.use({ ...PHONE, javaScriptEnabled: false });

  test('the first run and "Why this?" work as plain HTML', async ({ page }) => {
    await createAccount(page, uniqueEmail('nojs-first'));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: "I don't have dilators yet" }).click();
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await expect(page).toHaveURL(/\/today\?done=welcome$/);
    await expect(page.locator('#next-h')).toHaveText('Breathing and relaxation for now');
    await page.getByText('Why this?').click();
    await expect(page.getByText('You said you do not have dilators yet.')).toBeVisible();
  });
});

// Every new and changed page, axe-clean at 390 px and 1280 px, light and
// dark, English and German, with nothing spilling sideways.
const PAGES = [
  '/welcome', '/welcome/kit', '/welcome/plan', '/today', '/more', '/plan', '/plan/rules',
  '/settings', '/sessions', '/sessions/new', '/ladder', '/exam-prep', '/progress', '/kit',
];
for (const [sizeName, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  for (const lang of ['en', 'de']) {
    test.describe(`${sizeName}, ${lang}`, () => {
      test.use({
        ...size,
        locale: lang === 'de' ? 'de-DE' : 'en-GB',
        extraHTTPHeaders: lang === 'de' ? { 'Accept-Language': 'de-DE,de;q=0.9' } : {},
      });
      test(`axe finds nothing on the new pages, light and dark`, async ({ page }) => {
        test.setTimeout(240_000);
        await createAccount(page, uniqueEmail(`axe-${sizeName}-${lang}`), lang === 'de');
        await setKit(page, ['fms-16', 'fms-18', 'fms-20']);
        const token = await apiToken(page);
        for (const h of [50, 26, 2]) await logSession(page, token, h);
        for (const path of PAGES) {
          await page.goto(path);
          // The plan's choices open, so they are checked too.
          if (path === '/plan') await page.locator('details.plan-rules > summary').click();
          if (path === '/today') await page.locator('details.today-why > summary').click();
          for (const scheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme: scheme });
            await axeClean(page, `${path} (${sizeName}, ${lang}, ${scheme})`);
          }
          await page.emulateMedia({ colorScheme: 'light' });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path}: sideways overflow`).toBeLessThanOrEqual(0);
          await expect(page.locator('html')).toHaveAttribute('lang', lang);
        }
      });
    });
  }
}
