import type { BrowserContext, Page } from '@playwright/test';
import { BUILDS, JOBS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { expect, test } from './fixtures';

const buildUrl = (build: { org: string; pipeline: string; number: number }, suffix = '') =>
  `https://buildkite.com/${build.org}/${build.pipeline}/builds/${build.number}${suffix}`;

async function saveToken(openExtensionPage: (file: string) => Promise<Page>, token: string) {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).not.toContainText('Checking');
  await expect(popup.getByRole('status')).not.toContainText('No token set');
  await popup.close();
}

/** Runs `expression` in Kitedeck's content-script world (an isolated world), as the content script itself would. */
async function inContentScript(context: BrowserContext, page: Page, expression: string): Promise<unknown> {
  const cdp = await context.newCDPSession(page);
  const worlds: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: world }) => worlds.push(world));
  await cdp.send('Runtime.enable');
  await expect.poll(() => worlds.some((w) => w.auxData?.type === 'isolated' && w.name.includes('Kitedeck'))).toBe(true);
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.name.includes('Kitedeck'))!;
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world.id,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}

test('a build page shows a launcher that expands into the panel; the state is remembered; in-app navigation updates it', async ({
  context,
  openExtensionPage,
}) => {
  await saveToken(openExtensionPage, TOKENS.full);
  const page = await context.newPage();
  await page.goto(buildUrl(BUILDS.webFailed, `#${JOBS.failedUnit}`));
  const panel = page.getByRole('region', { name: 'Kitedeck' });
  const launcher = panel.getByRole('button', { name: /^Kitedeck: #103/ });
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
  await expect(launcher).toContainText(`#${BUILDS.webFailed.number} · 4 failed`);
  await expect(panel.getByRole('button', { name: 'Retry failed jobs (preview)' })).toHaveText('Retry');
  const box = (await launcher.locator('xpath=..').boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(220);
  expect(box.height).toBeLessThanOrEqual(48);

  await launcher.click();
  await expect(panel.getByRole('heading', { name: /Kitedeck/ })).toBeFocused();
  await expect(panel.locator('[data-kd=build-state]')).toHaveText('failed');
  await expect(panel.getByRole('status')).toBeHidden(); // the token works: no token line
  expect((await panel.locator('.kd-panel').boundingBox())!.width).toBeLessThanOrEqual(360);

  // The fixture page navigates in-app (history.pushState), as Buildkite does.
  await page.evaluate((href) => {
    history.pushState({}, '', href);
  }, `/${BUILDS.webRunning.org}/${BUILDS.webRunning.pipeline}/builds/${BUILDS.webRunning.number}`);
  await expect(panel.locator('[data-kd=build-state]')).toHaveText('running');
  await expect(page.locator('kd-panel')).toHaveCount(1);

  // Remembered: expanded on the next page view; then collapsed, and docked on the left.
  await panel.getByRole('button', { name: 'Move Kitedeck to the left' }).click();
  await page.reload();
  await expect(panel.getByRole('button', { name: 'Collapse Kitedeck panel' })).toBeVisible();
  await expect(page.locator('kd-panel')).toHaveAttribute('data-dock', 'left');
  await panel.getByRole('button', { name: 'Collapse Kitedeck panel' }).click();
  await expect(panel.getByRole('button', { name: /^Kitedeck: #/ })).toBeFocused();
  await page.reload();
  await expect(panel.getByRole('button', { name: /^Kitedeck: #/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('kd-panel')).toHaveAttribute('data-dock', 'left');

  // g k goes to Kitedeck.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  await page.keyboard.press('k');
  await expect(panel.getByRole('button', { name: /^Kitedeck: #/ })).toBeFocused();
});

test('the panel says when there is no token, and appears on a page with no Buildkite markup', async ({ context }) => {
  const page = await context.newPage();
  await page.route('https://buildkite.com/acme/web/builds/999', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare</title><p>nothing here</p>' }),
  );
  await page.goto('https://buildkite.com/acme/web/builds/999');
  const panel = page.getByRole('region', { name: 'Kitedeck' });
  await expect(panel.getByRole('button', { name: /^Kitedeck: / })).toContainText('#999 · token problem');
  await panel.getByRole('button', { name: /^Kitedeck: / }).click();
  await expect(panel.getByRole('status')).toContainText('No token set');
});

test('no panel on pages no feature serves (an organisation page); the panel goes on in-app navigation there', async ({
  context,
}) => {
  const page = await context.newPage();
  await page.goto('https://buildkite.com/acme/web/builds');
  await expect(page.locator('main')).toBeVisible();
  await page.evaluate((href) => history.pushState({}, '', href), '/acme/web/builds/101');
  await expect(page.getByRole('region', { name: 'Kitedeck' })).toBeVisible();
  // Pipeline pages and the dashboard have their own launcher now; an organisation page has none.
  await page.evaluate((href) => history.pushState({}, '', href), '/acme');
  await expect(page.locator('kd-panel')).toHaveCount(0);
});

test('a hostile page cannot obtain the token', async ({ context, openExtensionPage }) => {
  await saveToken(openExtensionPage, TOKENS.full);
  const page = await context.newPage();
  await page.goto(buildUrl(BUILDS.webPassed, '?hostile=1&delay=1000'));
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  await expect.poll(async () => (await fake.loot()).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const loot = JSON.stringify(await fake.loot());
  expect(loot).toContain('Kitedeck'); // it did read the page, panel included
  expect(loot).not.toContain(TOKENS.full);
  expect(loot).not.toContain(TOKENS.full.slice(5, 25));
});

test('a privileged message sent from the content script is refused', async ({ context, openExtensionPage }) => {
  await saveToken(openExtensionPage, TOKENS.full);
  const page = await context.newPage();
  await page.goto(buildUrl(BUILDS.webPassed));
  await expect(page.getByRole('region', { name: 'Kitedeck' })).toBeVisible();
  const send = (type: string, data?: unknown) =>
    inContentScript(
      context,
      page,
      `chrome.runtime.sendMessage(${JSON.stringify({ id: 1, type, data, timestamp: Date.now() })})`,
    ) as Promise<{ res: { ok: boolean; error?: { kind: string }; value?: unknown } }>;

  const setToken = await send('setToken', { token: TOKENS.readonly, forgetOnClose: false });
  expect(setToken.res.ok).toBe(false);
  expect(setToken.res.error?.kind).toBe('bad-message');
  const health = await send('getTokenHealth');
  expect(health.res.ok).toBe(false);
  const revoke = await send('revokeToken');
  expect(revoke.res.ok).toBe(false);
  expect((await fake.requests({ token: TOKENS.full })).some((r) => r.method === 'DELETE')).toBe(false);

  // What it may ask for carries no token.
  const status = await send('getTokenStatus');
  expect(status.res.ok).toBe(true);
  expect(JSON.stringify(status)).not.toContain(TOKENS.full);
  // And the stored token is unchanged.
  const popup = await openExtensionPage('popup.html#token');
  await expect(popup.getByRole('list', { name: 'Scopes' }).getByText('write_builds', { exact: true })).toBeVisible();
});
