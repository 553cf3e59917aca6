// a11y.spec.js - axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any page,
// in the light and in the dark colour scheme.
'use strict';
const AxeBuilder = require('@axe-core/playwright').default;
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { PAGES } = require('./pages');
const { chartTextContrast, inChart } = require('./progress-steps');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `${v.id} (${v.impact}): ${v.help}\n${nodes}`;
    })
    .join('\n');
}

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} colour scheme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
    });

    for (const pg of PAGES) {
      test(`axe finds no WCAG A/AA problem: ${pg.name}`, async ({ page }) => {
        if (pg.member) await register(page, uniqueEmail(`axe-${scheme}`));
        await pg.open(page);

        // Make sure the scheme really applies: the page background follows it.
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const [r, g, b] = bg.match(/\d+/g).map(Number);
        const light = (r + g + b) / 3 > 128;
        expect(light, `body background ${bg} in ${scheme} scheme`).toBe(scheme === 'light');

        const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        expect(results.violations.length, describeViolations(results.violations)).toBe(0);
        // Nothing left unchecked because axe could not decide contrast.
        // Text inside a chart's SVG is beyond axe (it cannot find the
        // background behind it); chartTextContrast measures it instead.
        const incompleteContrast = [];
        for (const v of results.incomplete.filter((x) => x.id === 'color-contrast')) {
          const nodes = [];
          for (const n of v.nodes) if (!(await inChart(page, n))) nodes.push(n);
          if (nodes.length) incompleteContrast.push({ ...v, nodes });
        }
        expect(incompleteContrast.length, describeViolations(incompleteContrast)).toBe(0);
        expect(await chartTextContrast(page), 'chart text contrast').toEqual([]);
      });
    }
  });
}
