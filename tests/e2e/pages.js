// pages.js - every page and page state Pace shows, reached as a person would.
// Shared by the accessibility scans, the phone checks and the screenshot
// script. Fields and buttons are found by id and form action, not by their
// words, so the same steps work in every language.
'use strict';

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
  { name: 'login', member: false, open: (p) => p.goto('/login') },
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
  { name: 'home-member', member: true, open: (p) => p.goto('/') },
  // The other sections, as first seen by a new member (their own specs go
  // through their forms and states in depth).
  { name: 'practice', member: true, open: (p) => p.goto('/practice') },
  { name: 'history', member: true, open: (p) => p.goto('/sessions') },
  { name: 'history-new', member: true, open: (p) => p.goto('/sessions/new') },
  { name: 'kit', member: true, open: (p) => p.goto('/kit') },
  { name: 'settings', member: true, open: (p) => p.goto('/settings') },
  {
    name: 'settings-error',
    member: true,
    async open(p) {
      await p.goto('/settings');
      // A token without a name: the error is shown beside the field.
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
    name: 'settings-token',
    member: true,
    async open(p) {
      await p.goto('/settings');
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
];

// Creates an account through the form; the page is signed in afterwards.
async function registerAs(p, email, password) {
  await p.goto('/register');
  await p.locator('#f-email').fill(email);
  await p.locator('#f-password').fill(password);
  await submit(p, '/register');
  await p.waitForURL((u) => new URL(u).pathname === '/');
}

module.exports = { PAGES, registerAs };
