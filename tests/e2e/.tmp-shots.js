'use strict';
const { chromium } = require('@playwright/test');
const { startServer, chromiumLaunchOptions } = require('./server');
const { registerAs } = require('./pages');
const { seedHistory } = require('./progress-steps');
(async () => {
  const server = await startServer();
  const browser = await chromium.launch(chromiumLaunchOptions);
  for (const [w, scheme] of [[390, 'light'], [390, 'dark'], [1280, 'light']]) {
    const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: w, height: 844 }, colorScheme: scheme, timezoneId: 'Europe/Berlin' });
    const p = await ctx.newPage();
    await registerAs(p, `s${w}${scheme}@example.test`, 'quiet river morning tea');
    await seedHistory(p);
    await p.goto('/progress' + (process.argv[2] || ''));
    const cards = await p.locator('section.chart-card').all();
    let i = 0;
    for (const c of cards) await c.screenshot({ path: `/tmp/pshots/${w}-${scheme}-${i++}.png` });
    await ctx.close();
  }
  await browser.close();
  await server.stop();
})().catch((e) => { console.error(e); process.exit(1); });
