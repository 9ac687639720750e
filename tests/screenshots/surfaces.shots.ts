import type { Page } from '@playwright/test';
import { expect, test } from '../e2e/chromium/fixtures';
import { BLOCKED_BUILD, COMMON_BUILDS, pasteHealthyToken, watchBuilds } from '../e2e/chromium/surfaces';

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

test('README screenshots of every surface', async ({ openExtensionPage }) => {
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

  const lab = await openExtensionPage('webhook-lab.html');
  await expect(lab.getByRole('heading', { name: 'Kitedeck Webhook lab' })).toBeVisible();
  await shoot(lab, 'webhook-lab', { width: 1200, height: 760 });

  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { name: 'Kitedeck options' })).toBeVisible();
  await shoot(options, 'options', { height: 640 });
});
