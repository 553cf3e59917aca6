#!/usr/bin/env node
// kit-screenshots.js - full-page PNGs of /kit (empty, then filled the way a
// person would: a whole FMS set, single sizes from other lines, two of her
// own items) at phone (390 x 844) and desktop (1280 x 900) size, light and
// dark, for looking at the picture and the picker.
//
//   PACE_BIN=build-kit/pace node tests/e2e/kit-screenshots.js [OUT_DIR] [--slices]
//
// --slices also saves each page in screen-high pieces (NAME-1.png, ...),
// which are easier to look at than one very tall image.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('@playwright/test');
const { startServer, chromiumLaunchOptions } = require('./server');
const { registerAs } = require('./pages');
const { fillKit } = require('./kit-steps');

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
];

const SLICES = process.argv.includes('--slices');

async function shoot(page, file, viewport) {
  // As tall as the page, so the phone's fixed bottom navigation sits at the
  // foot, as seen when scrolled to the end.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
  await page.screenshot({ path: file });
  for (let y = 0, i = 1; SLICES && y < height; y += viewport.height, i += 1) {
    const h = Math.min(viewport.height, height - y);
    const clip = { x: 0, y, width: viewport.width, height: h };
    await page.screenshot({ path: file.replace(/\.png$/, `-${i}.png`), clip });
  }
  await page.setViewportSize(viewport);
}

async function main() {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const out = path.resolve(dir || path.join(__dirname, '..', '..', 'screenshots'));
  fs.mkdirSync(out, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch(chromiumLaunchOptions);
  const saved = [];
  let n = 0;
  try {
    for (const size of SIZES) {
      for (const scheme of ['light', 'dark']) {
        const context = await browser.newContext({
          baseURL: server.url,
          viewport: size.viewport,
          isMobile: !!size.isMobile,
          hasTouch: !!size.hasTouch,
          colorScheme: scheme,
          locale: 'en-GB',
        });
        const page = await context.newPage();
        n += 1;
        await registerAs(page, `kit-shot-${n}@example.test`, 'quiet river morning tea');
        await page.goto('/kit');
        let file = path.join(out, `kit-empty-${size.name}-${scheme}.png`);
        await shoot(page, file, size.viewport);
        saved.push(file);
        await fillKit(page);
        file = path.join(out, `kit-${size.name}-${scheme}.png`);
        await shoot(page, file, size.viewport);
        saved.push(file);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  for (const f of saved) console.log(path.relative(process.cwd(), f));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
