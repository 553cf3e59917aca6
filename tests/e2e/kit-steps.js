// kit-steps.js - filling her kit on /kit as a person would, shared by
// kit.spec.js and kit-screenshots.js. Fields are found by id, name and form
// action, so the steps work in every language.
'use strict';

// Adds one of her own items through the "Add your own item" form.
async function addOwn(page, { label, diameter, length = '', material = 'silicone' }) {
  const form = page.locator('form[action="/kit/custom"]');
  await form.locator('#f-label').fill(label);
  await form.locator('#f-diameter_mm').fill(diameter);
  await form.locator('#f-length_mm').fill(length);
  await form.locator('#f-material').selectOption(material);
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/done=added/);
}

// From an empty kit: the FMS starter set, Pacik #5 and the Milli, then two
// of her own items. Ends on /kit.
async function fillKit(page) {
  await page.goto('/kit');
  const fms = page.locator('details.kit-line', { has: page.locator('button[value="fms-set-starter"]') });
  await fms.locator('summary').click();
  await fms.locator('button[value="fms-set-starter"]').click();
  await page.waitForURL(/done=set/);
  for (const id of ['pacik-5', 'milli-adjustable']) {
    const box = page.locator(`input[name=item][value="${id}"]`);
    const line = page.locator('details.kit-line', { has: box });
    if (!(await line.evaluate((d) => d.open))) await line.locator('summary').click();
    await box.check();
  }
  await page.locator('.kit-save button[type=submit]').click();
  await page.waitForURL(/done=saved/);
  await addOwn(page, { label: 'Blue, middle', diameter: '23' });
  await addOwn(page, { label: 'Travel one', diameter: '18,5', length: '110', material: 'glass' });
}

module.exports = { fillKit, addOwn };
