#!/usr/bin/env node
// screenshots.js - starts a Pace server with a fresh data directory, signs up
// a user, and saves a full-page PNG of every page at phone (390 x 844) and
// desktop (1280 x 900) size, in light and dark, into screenshots/ at the top
// of the repository (ignored by git).
//
//   PACE_BIN=build-e2e/pace node tests/e2e/screenshots.js [OUT_DIR] [--only NAME] [--locale de-DE]
//
// With --locale the pages are in that language and the files end in -de etc.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('@playwright/test');
const { startServer, chromiumLaunchOptions } = require('./server');
const { PAGES, registerAs } = require('./pages');

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
];
const SCHEMES = ['light', 'dark'];
const PASSWORD = 'quiet river morning tea';

async function main() {
  const args = process.argv.slice(2);
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? args.splice(onlyIdx, 2)[1] : null;
  const locIdx = args.indexOf('--locale');
  const locale = locIdx >= 0 ? args.splice(locIdx, 2)[1] : 'en-GB';
  const suffix = locale.startsWith('en') ? '' : `-${locale.slice(0, 2)}`;
  const out = path.resolve(args[0] || path.join(__dirname, '..', '..', 'screenshots'));
  fs.mkdirSync(out, { recursive: true });

  const server = await startServer();
  const browser = await chromium.launch(chromiumLaunchOptions);
  const saved = [];
  let n = 0;
  try {
    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        const context = await browser.newContext({
          baseURL: server.url,
          viewport: size.viewport,
          isMobile: !!size.isMobile,
          hasTouch: !!size.hasTouch,
          colorScheme: scheme,
          locale,
          timezoneId: 'Europe/Berlin',
        });
        const page = await context.newPage();
        const foreign = [];
        page.on('request', (r) => {
          if (new URL(r.url()).origin !== new URL(server.url).origin) foreign.push(r.url());
        });
        let signedIn = false;
        for (const pg of PAGES) {
          if (only && pg.name !== only) continue;
          if (pg.member && !signedIn) {
            n += 1;
            await registerAs(page, `shot-${n}@example.test`, PASSWORD);
            signedIn = true;
          }
          await pg.open(page);
          const file = path.join(out, `${pg.name}-${size.name}-${scheme}${suffix}.png`);
          // A full-page shot leaves fixed elements (the phone's bottom
          // navigation) where the first screen ended; a viewport as tall as
          // the page puts them at its foot, as seen when scrolled to the end.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.setViewportSize({ width: size.viewport.width, height: Math.max(height, size.viewport.height) });
          await page.screenshot({ path: file });
          await page.setViewportSize(size.viewport);
          saved.push(file);
        }
        if (foreign.length) throw new Error(`requests left the server: ${foreign.join(', ')}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  for (const f of saved) console.log(path.relative(process.cwd(), f));
  console.log(`${saved.length} screenshots in ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
