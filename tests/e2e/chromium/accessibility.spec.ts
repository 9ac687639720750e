import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createLogsBuild } from '../logs-scenario';
import { expect, test } from './fixtures';
import { BLOCKED_BUILD, COMMON_BUILDS, pasteHealthyToken, popupHeight, watchBuilds } from './surfaces';

/** axe-core on every extension page and popup state, in light and in dark: 0 violations. */
async function expectNoViolations(page: Page, surface: string, exclude?: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const axe = new AxeBuilder({ page });
    const { violations } = await (exclude ? axe.exclude(exclude) : axe).analyze();
    const found = violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(' ')}`);
    expect(found, `${surface}, ${colorScheme}`).toEqual([]);
  }
}

test('popup without a token: the token field has focus; no axe violations', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Buildkite API access token')).toBeFocused();
  await expectNoViolations(popup, 'popup, no token');
});

test('popup with a healthy token and 3 watched builds fits 600 px; its token report; no axe violations', async ({
  openExtensionPage,
}) => {
  test.setTimeout(180_000);
  const popup = await openExtensionPage('popup.html');
  await pasteHealthyToken(popup);
  await expectNoViolations(popup, 'popup, healthy');
  await watchBuilds(popup, COMMON_BUILDS);
  expect(await popupHeight(popup)).toBeLessThanOrEqual(600);
  await expectNoViolations(popup, 'popup, watching');

  // A fresh popup opens with focus on what needs you (the failed build's retry).
  const again = await openExtensionPage('popup.html');
  await expect(
    again.getByRole('region', { name: 'Needs you' }).getByRole('button', { name: /^Retry failed jobs/ }),
  ).toBeFocused();

  await again.getByRole('button', { name: 'Token details' }).click();
  await expect(again.getByRole('button', { name: 'Back' })).toBeFocused();
  await expectNoViolations(again, 'popup, token report');
  await again.keyboard.press('Enter');
  await expect(again.getByRole('button', { name: 'Token details' })).toBeVisible();
});

test('popup with a blocked step: "Needs you" first, the unblock action focused; no axe violations', async ({
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteHealthyToken(popup);
  await watchBuilds(popup, [BLOCKED_BUILD]);
  const again = await openExtensionPage('popup.html');
  await expect(again.getByRole('button', { name: /^Open unblock form for Deploy/ })).toBeFocused();
  await expectNoViolations(again, 'popup, blocked');
});

for (const [file, surface, ready] of [
  ['console.html', 'console', 'Kitedeck API console'],
  ['webhook-lab.html', 'webhook lab', 'Kitedeck Webhook lab'],
  ['options.html', 'options', 'Kitedeck options'],
  ['welcome.html', 'first-run page', 'Welcome to Kitedeck'],
  ['job-log.html?key=gone', 'log page', 'Job log'],
] as const) {
  test(`${surface}: shared header nav; no axe violations`, async ({ openExtensionPage }) => {
    const page = await openExtensionPage(file);
    await expect(page.getByRole('heading', { level: 1, name: ready })).toBeVisible();
    if (file === 'options.html')
      await expect(page.getByRole('button', { name: 'Clear Console history' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Kitedeck pages' });
    for (const name of ['Popup', 'Console', 'Webhook lab', 'Options']) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await expectNoViolations(page, surface);
  });
}

test('digest of a failed build (state chip, header nav) and a job log with groups: no axe violations', async ({
  openExtensionPage,
}) => {
  await pasteHealthyToken(await openExtensionPage('popup.html'));
  const build = await createLogsBuild();
  const digest = await openExtensionPage(`digest.html?${build.query}`);
  await expect(digest.getByRole('article', { name: 'Same failure in 3 jobs' })).toBeVisible();
  await expect(digest.getByRole('navigation', { name: 'Kitedeck pages' })).toBeVisible();
  await expect(digest.locator('.kd-digest-build .kd-chip[data-state=failed]')).toHaveText('Failed');
  await expectNoViolations(digest, 'digest');
  await digest.getByRole('article', { name: 'Failed job Shard 4' }).getByRole('link', { name: 'Line 36' }).click();
  const log = digest.getByRole('log', { name: 'Log' });
  await expect(log.locator('[data-line="36"]')).toHaveClass(/kd-row-target/);
  // A group header's row is as tall as a line's (18 px), so rows don't overlap.
  const header = await log.getByRole('button', { name: /Failures/ }).boundingBox();
  expect(header?.height).toBeLessThanOrEqual(18);
  // The log's ANSI colours included (a palette per colour scheme, job-log.css).
  await expectNoViolations(digest, 'job log');
});

test('the first-run page opens after install and walks token → pin → try', async ({ context, openExtensionPage }) => {
  await expect.poll(() => context.pages().some((page) => page.url().endsWith('/welcome.html'))).toBe(true);
  const welcome = await openExtensionPage('welcome.html');
  await expect(welcome.getByLabel('Buildkite API access token')).toBeFocused();
  await pasteHealthyToken(welcome);
  await expect(welcome.getByRole('heading', { name: 'Pin the Kitedeck icon' })).toBeVisible();
  await expect(welcome.getByRole('link', { name: 'Open Buildkite' })).toHaveAttribute('href', 'https://buildkite.com/');
});
