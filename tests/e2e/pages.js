// pages.js - every page and page state Pace shows, reached as a person would.
// Shared by the accessibility scans, the phone checks and the screenshot
// script. Fields and buttons are found by id and form action, not by their
// words, so the same steps work in every language.
'use strict';

const { readyForNextSize, savePlan, apiToken, logSession } = require('./plan-steps');
const { seedHistory } = require('./progress-steps');

const submit = (p, action) => p.locator(`main form[action^="${action}"] button[type=submit]`).click();

// Each entry: name, whether it needs a signed-in user, and how to get there.
// `open(page)` may submit forms; it ends with the page in the wanted state.
const PAGES = [
  { name: 'home-visitor', member: false, open: (p) => p.goto('/') },
  { name: 'register', member: false, open: (p) => p.goto('/register') },
  {
    name: 'register-error',
    member: false,
    async open(p) {
      await p.goto('/register');
      await p.locator('#f-email').fill('not-an-address');
      await p.locator('#f-password').fill('short');
      await submit(p, '/register');
      await p.locator('.field-error, .alert').first().waitFor();
    },
  },
  {
    // A password many people use: refused, saying why.
    name: 'register-common-password',
    member: false,
    async open(p) {
      await p.goto('/register');
      await p.locator('#f-email').fill('maria.lopez@example.test');
      await p.locator('#f-password').fill('password123456');
      await submit(p, '/register');
      await p.locator('#e-password').waitFor();
    },
  },
  { name: 'login', member: false, open: (p) => p.goto('/login') },
  // A way back in without email: her codes, shown once after registering,
  // "Forgot your password?", a code used, a link that no longer works.
  {
    name: 'register-codes',
    member: false,
    async open(p) {
      await registerUntilCodes(p, `codes-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`);
    },
  },
  { name: 'recover', member: false, open: (p) => p.goto('/recover') },
  {
    name: 'recover-error',
    member: false,
    async open(p) {
      await p.goto('/recover');
      await p.locator('#f-email').fill('nobody@example.test');
      await p.locator('#f-code').fill('zzzzz-zzzzz');
      await p.locator('#f-new_password').fill('paper boats drift slowly home');
      await submit(p, '/recover');
      await p.locator('.alert').waitFor();
    },
  },
  {
    name: 'recover-done',
    member: false,
    async open(p) {
      const email = `back-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
      await registerUntilCodes(p, email);
      const code = (await p.locator('ol.codes code').first().textContent()).trim();
      await p.context().clearCookies();
      await p.goto('/recover');
      await p.locator('#f-email').fill(email);
      await p.locator('#f-code').fill(code);
      await p.locator('#f-new_password').fill('paper boats drift slowly home');
      await submit(p, '/recover');
      await p.locator('.rc-left').waitFor();
    },
  },
  { name: 'reset-gone', member: false, open: (p) => p.goto(`/reset/${'a'.repeat(43)}`) },
  {
    name: 'login-error',
    member: false,
    async open(p) {
      await p.goto('/login');
      await p.locator('#f-email').fill('nobody@example.test');
      await p.locator('#f-password').fill('this is not it at all');
      await submit(p, '/login');
      await p.locator('.alert').waitFor();
    },
  },
  { name: 'not-found', member: false, open: (p) => p.goto('/no-such-page') },
  // The guide, the same signed out and in ("vaginismus" is a word in both languages).
  { name: 'guide', member: false, open: (p) => p.goto('/guide') },
  { name: 'guide-article', member: false, open: (p) => p.goto('/guide/what-is-vaginismus') },
  { name: 'guide-search', member: false, open: (p) => p.goto('/guide?q=vaginismus') },
  { name: 'guide-search-empty', member: false, open: (p) => p.goto('/guide?q=zzzqqq') },
  { name: 'home-member', member: true, open: (p) => p.goto('/') },
  // Her first run (its three steps, reached directly once it was skipped),
  // More, and How Pace decides.
  { name: 'welcome', member: true, open: (p) => p.goto('/welcome') },
  { name: 'welcome-kit', member: true, open: (p) => p.goto('/welcome/kit') },
  { name: 'welcome-plan', member: true, open: (p) => p.goto('/welcome/plan') },
  { name: 'more', member: true, open: (p) => p.goto('/more') },
  { name: 'plan-rules', member: true, open: (p) => p.goto('/plan/rules') },
  {
    name: 'today-why',
    member: true,
    async open(p) {
      await p.goto('/today');
      await p.locator('details.today-why > summary').click();
    },
  },
  // The other sections, as first seen by a new member (their own specs go
  // through their forms and states in depth).
  { name: 'practice', member: true, open: (p) => p.goto('/practice') },
  { name: 'history', member: true, open: (p) => p.goto('/sessions') },
  // Progress before anything is logged: calm notes in place of charts.
  { name: 'progress-empty', member: true, open: (p) => p.goto('/progress') },
  { name: 'history-new', member: true, open: (p) => p.goto('/sessions/new') },
  { name: 'kit', member: true, open: (p) => p.goto('/kit') },
  { name: 'settings', member: true, open: (p) => p.goto('/settings') },
  {
    // New recovery codes, made in Settings behind her password.
    name: 'settings-codes-new',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.locator('#f-codes_password').fill('quiet river morning tea');
      await submit(p, '/settings/recovery-codes');
      await p.locator('main .recovery-codes').waitFor();
    },
  },
  {
    name: 'settings-codes-error',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.locator('#f-codes_password').fill('this is not it at all');
      await submit(p, '/settings/recovery-codes');
      await p.locator('#e-codes_password').waitFor();
    },
  },
  {
    name: 'settings-error',
    member: true,
    async open(p) {
      await p.goto('/settings');
      // A token without a name: the error is shown beside the field.
      await p.locator('details.advanced > summary').click();
      await submit(p, '/settings/tokens');
      await p.locator('#e-label').waitFor();
    },
  },
  {
    name: 'settings-password-error',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.locator('#f-current_password').fill('not my password at all');
      await p.locator('#f-new_password').fill('short');
      await submit(p, '/settings/password');
      await p.locator('.field-error').first().waitFor();
    },
  },
  {
    // Signed in on a second browser too: "sign out everywhere else" asks for
    // her password, and a wrong one is shown beside the field.
    name: 'settings-logins',
    member: true,
    async open(p) {
      await p.goto('/settings');
      const email = await p.locator('main p.meta strong').first().textContent();
      const other = await p.context().browser().newContext({ baseURL: new URL(p.url()).origin });
      const q = await other.newPage();
      await q.goto('/login');
      await q.locator('#f-email').fill(email);
      await q.locator('#f-password').fill('quiet river morning tea');
      await submit(q, '/login');
      await q.waitForURL((u) => !u.pathname.startsWith('/login'));
      await other.close();
      await p.goto('/settings');
      await p.locator('#f-password').fill('not my password at all');
      await submit(p, '/settings/logins/end-others');
      await p.locator('#e-password').waitFor();
    },
  },
  {
    name: 'settings-token',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.locator('details.advanced > summary').click();
      await p.locator('#f-label').fill('my backup script');
      await submit(p, '/settings/tokens');
      await p.locator('code.token').waitFor();
    },
  },
  {
    name: 'settings-saved',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.locator('#f-about').fill('Breathing first helps me.');
      await submit(p, '/settings/about');
      await p.waitForURL(/done=about/);
      await p.locator('main .notice').waitFor();
    },
  },
  // The comfort ladder, the exam plan and reminders (linked from settings).
  { name: 'ladder', member: true, open: (p) => p.goto('/ladder') },
  {
    name: 'ladder-error',
    member: true,
    async open(p) {
      // Nothing chosen: the form asks for at least one line.
      await p.goto('/ladder');
      await submit(p, '/ladder');
      await p.locator('main .alert').waitFor();
    },
  },
  {
    name: 'ladder-saved',
    member: true,
    async open(p) {
      await p.goto('/ladder');
      await p.locator('#f-anxiety_tampon').selectOption('3');
      await p.locator('#f-pain_tampon').selectOption('1');
      await p.locator('#f-anxiety_gyn_exam').selectOption('7');
      await p.locator('#f-pain_gyn_exam').selectOption('not_tried');
      await p.locator('#f-anxiety_intercourse').selectOption('9');
      await p.locator('#f-pain_intercourse').selectOption('not_tried');
      await submit(p, '/ladder');
      await p.waitForURL(/done=saved/);
      await p.locator('.ladder-table').waitFor();
    },
  },
  { name: 'exam-prep', member: true, open: (p) => p.goto('/exam-prep') },
  {
    name: 'exam-prep-filled',
    member: true,
    async open(p) {
      // A kit (FMS 16 and 18) and a ladder line for an exam, then the plan.
      await p.goto('/kit');
      for (const id of ['fms-16', 'fms-18']) {
        const box = p.locator(`input[name=item][value="${id}"]`);
        const line = p.locator('details.kit-line', { has: box });
        if (!(await line.evaluate((d) => d.open))) await line.locator('summary').click();
        await box.check();
      }
      await p.locator('.kit-save button[type=submit]').click();
      await p.waitForURL(/done=saved/);
      await p.goto('/ladder');
      await p.locator('#f-anxiety_gyn_exam').selectOption('6');
      await p.locator('#f-pain_gyn_exam').selectOption('not_tried');
      await submit(p, '/ladder');
      await p.waitForURL(/done=saved/);
      await p.goto('/exam-prep');
    },
  },
  { name: 'reminders', member: true, open: (p) => p.goto('/reminders') },
  {
    name: 'reminders-error',
    member: true,
    async open(p) {
      await p.goto('/reminders');
      for (const box of await p.locator('input[name=day]').all()) await box.uncheck();
      await p.locator('main form[action="/reminders"] button[type=submit]').click();
      await p.locator('#e-days').waitFor();
    },
  },
  {
    name: 'reminders-link',
    member: true,
    async open(p) {
      // The first save makes the link; once there is one, a new link.
      await p.goto('/reminders');
      const again = p.locator('main form[action="/reminders/link"] button[type=submit]');
      if (await again.count()) {
        await again.click();
      } else {
        await p.locator('#f-time').fill('19:30');
        await p.locator('main form[action="/reminders"] button[type=submit]').click();
      }
      await p.locator('code.token').waitFor();
    },
  },
  // A time zone the server does not know (as a browser might give): the
  // list asks her to choose.
  {
    name: 'reminders-tz-error',
    member: true,
    async open(p) {
      await p.goto('/reminders');
      await p.locator('#f-tz').evaluate((s) => {
        s.add(new Option('Olympus Mons', 'Mars/Olympus_Mons'));
        s.value = 'Mars/Olympus_Mons';
      });
      await p.locator('main form[action="/reminders"] button[type=submit]').click();
      await p.locator('#e-tz').waitFor();
    },
  },
  // Saved: the next reminder, the link (with the word on a home server) and
  // the file to import instead.
  {
    name: 'reminders-saved',
    member: true,
    async open(p) {
      await p.goto('/reminders');
      if (!(await p.locator('a[href="/reminders/calendar.ics"]').count())) {
        await p.locator('main form[action="/reminders"] button[type=submit]').click();
        await p.locator('code.token').waitFor();
        await p.goto('/reminders');
      }
    },
  },
  // Today (her home) and her plan: first seen, ready for the next size
  // with goals, a goal reached, a safety suggestion; the plan saved and
  // refused (see plan-steps.js).
  { name: 'today', member: true, open: (p) => p.goto('/today') },
  {
    name: 'today-next-size',
    member: true,
    async open(p) {
      await readyForNextSize(p);
      await savePlan(p, { goals: ['tampon', 'intercourse'], own: { label: 'Swimming', min: '21', max: '24' } });
      await p.waitForURL(/done=saved/);
      await p.goto('/today');
      await p.locator('.today-next a.button[href*="dilator=fms-20"]').waitFor();
    },
  },
  {
    name: 'today-goal-reached',
    member: true,
    async open(p) {
      await p.goto('/today');
      if (!(await p.locator('.goal-mark button').count())) {
        await readyForNextSize(p);
        await savePlan(p, { goals: ['tampon'] });
        await p.goto('/today');
      }
      await p.locator('.goal-mark button').first().click();
      await p.waitForURL(/done=reached/);
      await p.locator('.goal-done').first().waitFor();
    },
  },
  {
    name: 'today-safety',
    member: true,
    async open(p) {
      const token = await apiToken(p);
      await logSession(p, token, 0.5, { outcome: 'not_today', dilator_id: null, safety: ['bleeding'], after: null, max_pain: null });
      await p.goto('/today');
      await p.locator('.today-safety').waitFor();
    },
  },
  { name: 'plan', member: true, open: (p) => p.goto('/plan') },
  {
    name: 'plan-choices',
    member: true,
    async open(p) {
      await p.goto('/plan');
      const d = p.locator('details.plan-rules');
      if (!(await d.evaluate((x) => x.open))) await d.locator('summary').click();
    },
  },
  {
    name: 'exam-prep-words',
    member: true,
    async open(p) {
      await p.goto('/exam-prep');
      await p.locator('#k-mirror').uncheck();
      await p.locator('#f-own1').fill('Please warm the speculum first.');
      await p.locator('#f-stop_word').fill('Tulpe');
      await p.locator('main form[action="/exam-prep"] button[type=submit]').click();
      await p.waitForURL(/done=saved/);
    },
  },
  {
    name: 'plan-saved',
    member: true,
    async open(p) {
      await savePlan(p, { goals: ['tampon', 'gynaecological-exam'], own: { label: 'Riding again', min: '20', max: '24' } });
      await p.waitForURL(/done=saved/);
      await p.locator('main .notice').waitFor();
    },
  },
  {
    name: 'plan-error',
    member: true,
    async open(p) {
      // Three sessions a day need max_per_day 3: the rule is refused beside its field.
      await savePlan(p, { program: 'vaginoplasty', rules: { max_per_day: 1 } });
      await p.locator('#e-rule').waitFor();
    },
  },
  {
    name: 'progress',
    member: true,
    async open(p) {
      // About three months of history (see progress-steps.js).
      await seedHistory(p);
      await p.goto('/progress');
      await p.locator('svg.chart:not(.chart-empty)').first().waitFor();
    },
  },
  { name: 'community-join', member: true, open: (p) => p.goto('/community') },
  {
    name: 'community-join-error',
    member: true,
    async open(p) {
      await p.goto('/community');
      await p.locator('#f-handle').fill('me@example.test');
      await submit(p, '/community/join');
      await p.locator('.field-error').waitFor();
    },
  },
  {
    name: 'community-space',
    member: true,
    async open(p) {
      await joinCommunity(p);
      await p.goto('/community/s/starting-out');
    },
  },
  {
    name: 'community-post-waiting',
    member: true,
    async open(p) {
      await joinCommunity(p);
      await p.goto('/community/s/small-wins');
      await p.locator('#f-title').fill('A small win');
      await p.locator('#f-body').fill('Five quiet minutes *today*.');
      await submit(p, '/community/s/');
      await p.locator('article .tag').waitFor();
    },
  },
  {
    name: 'community-leave',
    member: true,
    async open(p) {
      await joinCommunity(p);
      await p.goto('/community/leave');
    },
  },
];

// Creates an account through the form and stays on the page of her codes.
async function registerUntilCodes(p, email, password = 'quiet river morning tea') {
  await p.goto('/register');
  await p.locator('#f-email').fill(email);
  await p.locator('#f-password').fill(password);
  await submit(p, '/register');
  await p.locator('main .recovery-codes').waitFor();
}

// Joins the community under a name of its own.
async function joinCommunity(p) {
  await p.goto('/community');
  if ((await p.locator('#f-handle').count()) === 0) return; // a member already
  await p.locator('#f-handle').fill(`m${Math.random().toString(36).slice(2, 12)}`);
  await submit(p, '/community/join');
  await p.waitForURL(/done=joined/);
}

// Creates an account through the form; the page is signed in afterwards.
async function registerAs(p, email, password) {
  await p.goto('/register');
  await p.locator('#f-email').fill(email);
  await p.locator('#f-password').fill(password);
  await submit(p, '/register');
  // Her recovery codes, shown once, then her first run.
  await p.locator('main .recovery-codes a.button.wide').click();
  await p.waitForURL((u) => new URL(u).pathname === '/welcome');
  // Her first run has pages of its own below; here it is skipped.
  await p.locator('main form[action="/welcome"] button[value=skip]').click();
  await p.waitForURL((u) => new URL(u).pathname === '/today');
}

module.exports = { PAGES, registerAs };
