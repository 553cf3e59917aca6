// pages.js - every page and page state Pace shows, reached as a person would.
// Shared by the accessibility scans and the screenshot script.
'use strict';

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
      await p.getByLabel('Email address').fill('not-an-address');
      await p.getByLabel('Password', { exact: true }).fill('short');
      await p.getByRole('button', { name: 'Create account' }).click();
      await p.locator('.field-error, .alert').first().waitFor();
    },
  },
  { name: 'login', member: false, open: (p) => p.goto('/login') },
  {
    name: 'login-error',
    member: false,
    async open(p) {
      await p.goto('/login');
      await p.getByLabel('Email address').fill('nobody@example.test');
      await p.getByLabel('Password', { exact: true }).fill('this is not it at all');
      await p.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('alert').waitFor();
    },
  },
  { name: 'not-found', member: false, open: (p) => p.goto('/no-such-page') },
  { name: 'home-member', member: true, open: (p) => p.goto('/') },
  { name: 'settings', member: true, open: (p) => p.goto('/settings') },
  {
    name: 'settings-error',
    member: true,
    async open(p) {
      await p.goto('/settings');
      // A token without a name: the error is shown beside the field.
      await p.getByRole('button', { name: 'Create token' }).click();
      await p.locator('#e-label').waitFor();
    },
  },
  {
    name: 'settings-password-error',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.getByLabel('Current password').fill('not my password at all');
      await p.getByLabel('New password').fill('short');
      await p.getByRole('button', { name: 'Change password' }).click();
      await p.locator('.field-error').first().waitFor();
    },
  },
  {
    name: 'settings-token',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.getByLabel('Name for a new token').fill('my backup script');
      await p.getByRole('button', { name: 'Create token' }).click();
      await p.locator('code.token').waitFor();
    },
  },
  {
    name: 'settings-saved',
    member: true,
    async open(p) {
      await p.goto('/settings');
      await p.getByLabel('A private note, only for you').fill('Breathing first helps me.');
      await p.getByRole('button', { name: 'Save note' }).click();
      await p.getByText('Your note is saved.').waitFor();
    },
  },
];

module.exports = { PAGES };
