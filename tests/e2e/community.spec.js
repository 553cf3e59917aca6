// community.spec.js - the community in three browsers side by side: a new
// member joins with a name of her own and posts, and sees "waiting for a
// moderator"; the moderator sees it in the queue with its flags and approves
// it; it appears; another member reports a comment; the moderator hides it;
// the moderation log shows both. Axe on every page, at 390 px and on the
// desktop, light and dark, and the German pages too; screenshots of each.
'use strict';
const { execFileSync } = require('node:child_process');
const { test, expect, uniqueEmail, register } = require('./fixtures');
const { expectNoAxeViolations, shoot } = require('./practice-helpers');
const { PACE_BIN } = require('./server');

async function join(page, handle) {
  await page.goto('/community');
  await page.locator('#f-handle').fill(handle);
  await page.locator('form[action="/community/join"] button[type=submit]').click();
  await expect(page).toHaveURL(/\/community\?done=joined$/);
}

function makeModerator(server, email) {
  execFileSync(PACE_BIN, ['community', 'moderator', 'add', '--email', email, '--data', server.dataDir],
    { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1' } });
}

async function person(browser, baseURL, opts, tag, handle) {
  const ctx = await browser.newContext({ baseURL, ...opts });
  const page = await ctx.newPage();
  const email = uniqueEmail(tag);
  await register(page, email);
  await join(page, handle);
  return { ctx, page, email };
}

async function writePost(page, space, title, body) {
  await page.goto(`/community/s/${space}`);
  await page.locator('#f-title').fill(title);
  await page.locator('#f-body').fill(body);
  await page.locator(`form[action="/community/s/${space}"] button[type=submit]`).click();
  await expect(page).toHaveURL(/\/community\/p\/\d+\?done=held$/);
  return new URL(page.url()).pathname;
}

test('a new member posts, a moderator approves; a reported comment is hidden; the log shows both',
  async ({ browser, baseURL, server }) => {
    test.setTimeout(180_000);
    const phone = { viewport: { width: 390, height: 844 } };
    const her = await person(browser, baseURL, phone, 'cm-her', 'quiet-fern');
    await expectNoAxeViolations(her.page, 'community, joined');
    await shoot(her.page, 'community-spaces-light');

    const post = await writePost(her.page, 'starting-out', 'My first week',
      'I tried the smallest size **twice**. DM me if you want to talk about it.');
    await expect(her.page.getByRole('status')).toContainText('waiting for a moderator');
    await expect(her.page.locator('article .tag')).toHaveText('Waiting for a moderator');
    await expectNoAxeViolations(her.page, 'her post, waiting');
    await shoot(her.page, 'community-post-waiting-light');

    const mod = await person(browser, baseURL, { viewport: { width: 1280, height: 900 } }, 'cm-mod', 'calm-mod');
    makeModerator(server, mod.email);
    await mod.page.goto('/community/moderation');
    const item = mod.page.locator('.queue-item').filter({ hasText: 'My first week' });
    await expect(item).toContainText('Waiting for');
    await expect(item.locator('.flags')).toContainText('Private messages');
    await expect(item.locator('.flags')).toContainText('DM me');
    await expect(mod.page.locator('.lead')).toContainText('Median wait');
    await expectNoAxeViolations(mod.page, 'moderation queue');
    await shoot(mod.page, 'community-queue-desktop-light');
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect(mod.page.getByRole('status')).toContainText('moderation log');

    // It appears, for her and for another member.
    const other = await person(browser, baseURL, phone, 'cm-other', 'willow');
    await other.page.goto('/community/s/starting-out');
    await other.page.getByRole('link', { name: 'My first week' }).click();
    await expect(other.page.locator('article')).toContainText('twice');
    await expect(other.page.locator('article .tag')).toHaveCount(0);

    // She comments (still new: it waits), the moderator approves it.
    await her.page.goto(post);
    await her.page.locator('#f-body').fill('Thank you for reading. Buy my course at half price!');
    await her.page.getByRole('button', { name: 'Send the comment' }).click();
    await expect(her.page.getByRole('status')).toContainText('comment is waiting');
    await mod.page.goto('/community/moderation');
    await mod.page.locator('.queue-item').filter({ hasText: 'Buy my course' })
      .getByRole('button', { name: 'Approve' }).click();

    // The other member reports the comment; the moderator hides it.
    await other.page.goto(post);
    const comment = other.page.locator('.comment').filter({ hasText: 'Buy my course' });
    await comment.locator('summary').click();
    await comment.getByLabel('What is wrong with it?').fill('Selling a course.');
    await comment.getByRole('button', { name: 'Send the report' }).click();
    await expect(other.page.getByRole('status')).toContainText('A moderator will look at it');
    await expectNoAxeViolations(other.page, 'post with comments');
    await shoot(other.page, 'community-post-light');

    await mod.page.goto('/community/moderation');
    const reported = mod.page.locator('.queue-item').filter({ hasText: 'Buy my course' });
    await expect(reported).toContainText('Reported');
    await expect(reported).toContainText('Selling a course.');
    await reported.getByLabel('Reason').fill('Advertising is not allowed here.');
    await reported.getByRole('button', { name: 'Hide' }).click();
    await other.page.goto(post);
    await expect(other.page.locator('main')).not.toContainText('Buy my course');

    await mod.page.goto('/community/moderation/log');
    const log = mod.page.locator('.log');
    await expect(log).toContainText('approved');
    await expect(log).toContainText('hid');
    await expect(log).toContainText('Advertising is not allowed here.');
    await expectNoAxeViolations(mod.page, 'moderation log');
    await shoot(mod.page, 'community-log-desktop-light');
    for (const p of [her, mod, other]) await p.ctx.close();
  });

for (const scheme of ['light', 'dark']) {
  for (const width of [390, 1280]) {
    test(`community pages in German, ${scheme}, ${width} px`, async ({ browser, baseURL, server }) => {
      test.setTimeout(120_000);
      const opts = { viewport: { width, height: 900 }, colorScheme: scheme };
      const tag = `de-${scheme}-${width}`;
      const ctx = await browser.newContext({ baseURL, ...opts });
      const page = await ctx.newPage();
      await register(page, uniqueEmail(`cm-${tag}`));
      await page.goto('/kit');
      await page.getByLabel('Language').selectOption('de');
      await page.locator('form[action="/lang"] button').click();
      await page.goto('/community');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community');
      await expectNoAxeViolations(page, `join ${tag}`);
      await shoot(page, `community-join-${tag}`);
      await page.locator('#f-handle').fill(`de-${scheme}-${width}`);
      await page.locator('form[action="/community/join"] button[type=submit]').click();
      await expect(page.locator('.spaces')).toContainText('Kleine Erfolge');
      await expectNoAxeViolations(page, `spaces ${tag}`);
      await shoot(page, `community-spaces-${tag}`);
      await page.goto('/community/s/small-wins');
      await page.locator('#f-title').fill('Zehn Minuten');
      await page.locator('#f-body').fill('Heute zehn ruhige Minuten. Schreib mir, wenn du magst.');
      await page.locator('form[action="/community/s/small-wins"] button[type=submit]').click();
      await expect(page.locator('article .tag')).toHaveText('Wartet auf eine Moderatorin');
      await expectNoAxeViolations(page, `post ${tag}`);
      await shoot(page, `community-post-${tag}`);
      makeModerator(server, await modEmail(browser, baseURL, opts, tag, server));
      await ctx.close();
    });
  }
}

// A moderator in German who looks at the queue (its screenshot and axe).
async function modEmail(browser, baseURL, opts, tag, server) {
  const ctx = await browser.newContext({ baseURL, ...opts });
  const page = await ctx.newPage();
  const email = uniqueEmail(`cm-mod-${tag}`);
  await register(page, email);
  await page.goto('/kit');
  await page.getByLabel('Language').selectOption('de');
  await page.locator('form[action="/lang"] button').click();
  await join(page, `mod-${tag}`);
  makeModerator(server, email);
  await page.goto('/community/moderation');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moderation');
  await expect(page.locator('.flags').first()).toContainText('Private Nachrichten');
  await expectNoAxeViolations(page, `queue ${tag}`);
  await shoot(page, `community-queue-${tag}`);
  await page.goto('/community/moderation/log');
  await expectNoAxeViolations(page, `log ${tag}`);
  await ctx.close();
  return email;
}
