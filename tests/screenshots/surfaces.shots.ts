import type { Page } from '@playwright/test';
import { BUILDS } from '../fake-buildkite/seed-ids';
import { expect, test } from '../e2e/chromium/fixtures';
import { BLOCKED_BUILD, COMMON_BUILDS, pasteHealthyToken, watchBuilds } from '../e2e/chromium/surfaces';
import { createLogsBuild } from '../e2e/logs-scenario';
import { startReceiver } from '../e2e/webhook-receiver';

const OUT = 'docs/screenshots';

/** One PNG per colour scheme: `<name>-light.png`, `<name>-dark.png` (device scale 1 keeps them small). */
async function shoot(page: Page, name: string, { width = 800, height = 600, fullPage = false } = {}) {
  await page.setViewportSize({ width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.screenshot({ path: `${OUT}/${name}-${colorScheme}.png`, fullPage });
  }
}

test('README screenshots of every surface', async ({ context, openExtensionPage }) => {
  const welcome = await openExtensionPage('welcome.html');
  await expect(welcome.getByRole('heading', { name: 'Welcome to Kitedeck' })).toBeVisible();
  await shoot(welcome, 'first-run', { height: 640 });

  const empty = await openExtensionPage('popup.html');
  await expect(empty.getByLabel('Buildkite API access token')).toBeVisible();
  await shoot(empty, 'popup-no-token', { width: 404, height: 360 });

  const popup = await openExtensionPage('popup.html');
  await pasteHealthyToken(popup);
  await watchBuilds(popup, [...COMMON_BUILDS, BLOCKED_BUILD]);
  const fresh = await openExtensionPage('popup.html');
  await expect(fresh.getByRole('region', { name: 'Needs you' })).toBeVisible();
  await shoot(fresh, 'popup', { width: 404, height: 600, fullPage: true });
  await fresh.getByRole('button', { name: 'Token details' }).click();
  await shoot(fresh, 'popup-token', { width: 404, height: 600 });

  const console = await openExtensionPage('console.html');
  await expect(console.getByRole('heading', { name: 'Kitedeck API console' })).toBeVisible();
  await console.getByRole('button', { name: 'Run query' }).click();
  await expect(console.getByRole('region', { name: 'Response' })).toBeVisible();
  await shoot(console, 'console', { width: 1200, height: 760 });

  // The lab as it is used: a saved endpoint, a send and a redelivery listed, the redelivery's details open.
  const receiver = await startReceiver('screenshot-secret-0a1b2c3d4e5f');
  try {
    const lab = await openExtensionPage('webhook-lab.html');
    await expect(lab.getByRole('heading', { name: 'Kitedeck Webhook lab' })).toBeVisible();
    await lab.getByLabel('Name', { exact: true }).fill('Local receiver');
    await lab.getByLabel('URL', { exact: true }).fill(receiver.url);
    await lab.getByLabel('Webhook token (secret)', { exact: true }).first().fill('screenshot-secret-0a1b2c3d4e5f');
    await lab.getByRole('button', { name: 'Save endpoint' }).click();
    await lab.getByRole('button', { name: 'Send', exact: true }).click();
    const details = lab.getByRole('region', { name: 'Delivery details' });
    await details.getByRole('button', { name: 'Redeliver' }).click();
    await expect(details.getByRole('status', { name: 'Redeliver result' })).toContainText('Redelivered: 200 OK');
    await lab.locator('h1').focus();
    await shoot(lab, 'webhook-lab', { width: 1200, height: 900 });
  } finally {
    await receiver.close();
  }

  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { name: 'Kitedeck options' })).toBeVisible();
  await shoot(options, 'options', { height: 640 });

  // Why did it fail: the digest of a failed build, then one job's log from a search hit.
  const build = await createLogsBuild();
  const digest = await openExtensionPage(`digest.html?${build.query}`);
  await expect(digest.getByRole('article', { name: 'Same failure in 3 jobs' })).toBeVisible();
  await shoot(digest, 'digest', { width: 1000, height: 760 });
  await digest.getByRole('searchbox', { name: 'Search for' }).fill('panic');
  await digest.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await digest.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
  await expect(digest.getByRole('log', { name: 'Log' })).toBeVisible();
  await shoot(digest, 'job-log', { width: 1000, height: 600 });

  // The in-page panel on a failed build (a buildkite.com page served by the test fixture), expanded.
  const page = await context.newPage();
  await page.goto(
    `https://buildkite.com/${BUILDS.webFailed.org}/${BUILDS.webFailed.pipeline}/builds/${BUILDS.webFailed.number}`,
  );
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  const launcher = page.locator('kd-panel [data-kd=launcher]');
  await shoot(page, 'panel-launcher', { width: 1000, height: 600 });
  if (await launcher.isVisible()) await launcher.click();
  await expect(page.getByRole('button', { name: 'Collapse Kitedeck panel' })).toBeVisible();
  await shoot(page, 'panel', { width: 1000, height: 600 });
});
