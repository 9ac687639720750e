import type { Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import { expect, test } from './fixtures';

/** Real Firefox ESR with the e2e build: watch from the popup, notifications (no buttons there), badge. */

const text = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '').catch(() => '');
const waitForText = (page: Page, selector: string, expected: string) =>
  expect.poll(() => text(page, selector), { timeout: 15_000 }).toContain(expected);
const badge = (page: Page) => page.evaluate(() => browser.action.getBadgeText({}));
/**
 * Headless Firefox has nowhere to display a notification: it closes each one as soon as it is created (seen here:
 * `onShown` never fires, `onClosed` does at once), so `getAll()` can't be read afterwards. The test listens to
 * `notifications.onClosed` (an event every extension page receives): one entry per notification Firefox created.
 */
async function recordShown(page: Page) {
  await page.evaluate(() => {
    const log: string[] = [];
    (window as unknown as { kdShown: string[] }).kdShown = log;
    browser.notifications.onClosed.addListener((id) => log.push(id));
  });
}
const shownIds = async (page: Page) =>
  (await page.evaluate(() => (window as unknown as { kdShown: string[] }).kdShown))
    .filter((id) => id.startsWith('kd-watch:'))
    .sort();
const records = (page: Page) =>
  page.evaluate(
    async () =>
      ((await browser.storage.local.get('watchNotifications')).watchNotifications ?? {}) as Record<
        string,
        { title: string; message: string; click: string }
      >,
  );

test('Firefox: watch a build from the popup; failing and failed notify once each; the badge follows', async ({
  firefox,
}) => {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.full);
  await popup.locator('button::-p-text(Save token)').click();
  await waitForText(popup, '.kd-summary', 'Token works.');
  await recordShown(popup);

  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    branch: 'ff/watch',
    message: 'Fox build',
    state: 'running',
    jobs: [
      { name: 'Lint', state: 'running' },
      { name: 'Unit', state: 'running' },
    ],
  });
  const key = `acme/web/${build.number}`;
  await popup.waitForSelector('#kd-watch-url');
  await popup.type('#kd-watch-url', `https://buildkite.com/${key.replace(/\/(\d+)$/, '/builds/$1')}`);
  await popup.locator('button::-p-text(Watch)').click();
  await waitForText(popup, `li[data-build="${key}"]`, 'Running');
  await expect.poll(() => badge(popup)).toBe('1');

  await fake.transitionBuild(build.id, { state: 'failing', jobs: [{ id: build.jobs[0]!.id, state: 'failed' }] });
  await popup.locator('button::-p-text(Check now)').click();
  await waitForText(popup, `li[data-build="${key}"]`, 'Failing');
  await expect.poll(() => shownIds(popup)).toEqual([`kd-watch:${key}:failing`]);

  await fake.transitionBuild(build.id, { state: 'failed' });
  await popup.locator('button::-p-text(Check now)').click();
  await waitForText(popup, `li[data-build="${key}"]`, 'Failed');
  await expect.poll(() => shownIds(popup)).toEqual([`kd-watch:${key}:failed`, `kd-watch:${key}:failing`]);
  const shown = await records(popup);
  expect(shown[`kd-watch:${key}:failed`]).toMatchObject({
    title: `Web #${build.number} failed`,
    message: 'Branch ff/watch · Fox build',
    click: 'digest', // Firefox has no buttons: the click opens the failure digest
  });
  await expect.poll(() => badge(popup)).toBe('✕');

  await popup.locator('button::-p-text(Check now)').click();
  await waitForText(popup, '[data-kd=watch-notice]', 'Checked just now.');
  expect(await shownIds(popup)).toEqual([`kd-watch:${key}:failed`, `kd-watch:${key}:failing`]);
});

test('Firefox: read-only mode: the watch list\'s "Retry failed jobs" sends nothing and says why', async ({
  firefox,
}) => {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.full);
  await popup.locator('button::-p-text(Save token)').click();
  await waitForText(popup, '.kd-summary', 'Token works.');
  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    state: 'failed',
    jobs: [{ name: 'Lint', state: 'failed' }],
  });
  const key = `acme/web/${build.number}`;
  await popup.waitForSelector('#kd-watch-url');
  await popup.type('#kd-watch-url', `https://buildkite.com/acme/web/builds/${build.number}`);
  await popup.locator('button::-p-text(Watch)').click();
  const retry = `ul[aria-label="Failing builds"] li[data-needs="${key}"] button`;
  await popup.waitForSelector(retry);

  const options = await firefox.openExtensionPage('options.html', 'section[aria-labelledby="kd-opt-pages"]');
  const readOnly = await options.waitForSelector('section[aria-labelledby="kd-opt-pages"] > label.kd-feature input');
  await readOnly!.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await readOnly!.click();
  await waitForText(options, '[role=status]', 'Saved: read-only mode on.');

  await fake.clearRequests();
  await popup.bringToFront();
  const button = await popup.waitForSelector(retry);
  expect(await button!.evaluate((node) => node.textContent)).toBe(`Retry failed jobs of Web #${build.number}`);
  await button!.click();
  await waitForText(
    popup,
    '[role=alert]',
    'Read-only mode is on. Kitedeck is set to make no changes, so nothing was sent to Buildkite.',
  );
  const writes = (await fake.requests({})).filter((r) =>
    r.path.startsWith('/graphql')
      ? /^\s*mutation\b/.test((r.body as { query?: string } | null)?.query ?? '')
      : r.method !== 'GET',
  );
  expect(writes).toEqual([]);
});

test('Firefox: watch from the build page; blocked notifies once; the panel button toggles', async ({ firefox }) => {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.full);
  await popup.locator('button::-p-text(Save token)').click();
  await waitForText(popup, '.kd-summary', 'Token works.');
  await recordShown(popup);
  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'deploy',
    branch: 'main',
    message: 'Gate',
    state: 'running',
    jobs: [
      { name: 'Package', state: 'running' },
      { type: 'block', label: 'Ship it?' },
    ],
  });
  const key = `acme/deploy/${build.number}`;
  const page = await firefox.openPage(`${FAKE_ORIGIN}/acme/deploy/builds/${build.number}`, 'kd-panel');
  await (await page.waitForSelector('kd-panel >>> [data-kd=launcher]'))!.click(); // the launcher expands into the panel
  const watchButton = await page.waitForSelector('kd-panel >>> button[aria-pressed=false]');
  expect(await watchButton!.evaluate((node) => node.textContent)).toBe('Watch this build');
  await watchButton!.click();
  const pressed = () =>
    page.$eval('kd-panel >>> [data-kd=watch] button', (n) => n.getAttribute('aria-pressed')).catch(() => null);
  await expect.poll(pressed).toBe('true');
  await waitForText(page, 'kd-panel >>> [data-kd=watch]', 'Watching: Kitedeck will notify you.');
  await expect.poll(() => badge(popup)).toBe('1');

  await fake.transitionBuild(build.id, { jobs: [{ id: build.jobs[0]!.id, state: 'passed' }], blocked: true });
  await popup.locator('button::-p-text(Check now)').click();
  await waitForText(popup, `ul[aria-label="Watched builds"] li[data-build="${key}"]`, 'Blocked, needs input');
  const id = `kd-watch:${key}:blocked:${build.jobs[1]!.id}`;
  await expect.poll(() => shownIds(popup)).toEqual([id]);
  // Firefox has no notification buttons: a click opens the unblock form.
  expect((await records(popup))[id]).toMatchObject({
    title: `Deploy #${build.number} is blocked, needs input`,
    click: 'unblock',
  });
  await expect.poll(() => badge(popup)).toBe('');
});
