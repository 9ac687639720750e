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

/** The poll alarm's name (lib/watch/poller.ts): firing it now stands in for waiting 30 s. */
const POLL_ALARM = 'kd-watch-poll';
const lastPollAt = (page: Page) =>
  page.evaluate(
    async () =>
      ((await browser.storage.local.get('watchPoll')).watchPoll as { lastPollAt?: number } | undefined)?.lastPollAt ??
      0,
  );
/** Fires the poll alarm now (alarms belong to the extension: the background's listener runs) and waits for the poll. */
async function firePoll(page: Page) {
  const before = await lastPollAt(page);
  await page.evaluate((name: string) => browser.alarms.create(name, { when: Date.now() }), POLL_ALARM);
  await expect.poll(() => lastPollAt(page), { timeout: 15_000 }).toBeGreaterThan(before);
}
const autoWatchSince = (page: Page) =>
  page.evaluate(
    async () =>
      ((await browser.storage.local.get('watchPoll')).watchPoll as { autoWatchSince?: number } | undefined)
        ?.autoWatchSince ?? null,
  );
const pollAlarm = (page: Page) =>
  page.evaluate(async (name: string) => (await browser.alarms.get(name)) ?? null, POLL_ALARM);

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

test('Firefox: watch from the build page; blocked notifies once; the inbox warns of a newer build and opens the unblock form; unwatch stops polling', async ({
  firefox,
}) => {
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

  // A newer build on the same branch: the inbox warns before unblocking a stale one; nothing is notified again.
  await popup.bringToFront(); // a tab behind gets no animation frames, and puppeteer's click waits for one
  await fake.createBuild({ org: 'acme', pipeline: 'deploy', branch: 'main', state: 'running' });
  await popup.locator('button::-p-text(Check now)').click();
  const inbox = `ul[aria-label="Blocked steps"] li[data-build="${key}"]`;
  await waitForText(popup, `${inbox} [data-kd=stale]`, `A newer build (#${build.number + 1}`);
  expect(await text(popup, inbox)).toContain(`Deploy #${build.number} · Ship it? · main`);
  expect(await shownIds(popup)).toEqual([id]);
  // "Open unblock form" opens the build page at the block step (the tab's URL, as the extension sees it).
  await popup.evaluate(() => {
    const urls: string[] = [];
    (window as unknown as { kdTabUrls: string[] }).kdTabUrls = urls;
    browser.tabs.onCreated.addListener((tab) => urls.push(tab.url ?? ''));
    browser.tabs.onUpdated.addListener((_id, change) => change.url && urls.push(change.url));
  });
  await (await popup.waitForSelector(`${inbox} button.kd-primary`))!.click();
  await expect
    .poll(() => popup.evaluate(() => (window as unknown as { kdTabUrls: string[] }).kdTabUrls))
    .toContain(`https://buildkite.com/acme/deploy/builds/${build.number}#${build.jobs[1]!.id}`);

  // Unwatch from the panel: the popup's list empties and polling stops.
  await page.bringToFront();
  await (await page.waitForSelector('kd-panel >>> [data-kd=watch] button[aria-pressed=true]'))!.click();
  await expect.poll(pressed).toBe('false');
  await popup.bringToFront();
  await waitForText(popup, 'section.kd-watch', 'No builds watched.');
  await expect.poll(() => pollAlarm(popup)).toBeNull();
});

test('Firefox: auto-watch picks up my new build only; "Retry failed jobs" from Needs you sends one write; a token that stops working ends the watch', async ({
  firefox,
}) => {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.full);
  await popup.locator('button::-p-text(Save token)').click();
  await waitForText(popup, '.kd-summary', 'Token works.');
  await recordShown(popup);
  const before = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    state: 'running',
    jobs: [{ name: 'Lint', state: 'running' }],
  });
  await popup.locator('summary::-p-text(Notifications and auto-watch)').click();
  await popup.locator('label::-p-text(Auto-watch builds I create) input').click();
  await expect.poll(() => autoWatchSince(popup)).not.toBeNull();
  expect(await pollAlarm(popup)).not.toBeNull();

  const mine = await fake.createBuild({
    org: 'acme',
    pipeline: 'deploy',
    branch: 'auto/me',
    state: 'running',
    jobs: [{ name: 'Ship', state: 'running' }],
  });
  const key = `acme/deploy/${mine.number}`;
  await fake.clearRequests();
  await firePoll(popup);
  expect((await fake.requests({})).map((r) => r.operationName)).toEqual(['WatchPoll']);
  await waitForText(popup, `ul[aria-label="Watched builds"] li[data-build="${key}"]`, 'Running');
  expect(await popup.$(`li[data-build="acme/web/${before.number}"]`)).toBeNull();

  // It fails: Needs you offers "Retry failed jobs", which sends one write.
  await fake.transitionBuild(mine.id, { state: 'failed', jobs: [{ id: mine.jobs[0]!.id, state: 'failed' }] });
  await firePoll(popup);
  await expect.poll(() => shownIds(popup)).toEqual([`kd-watch:${key}:failed`]);
  await fake.clearRequests();
  const retry = await popup.waitForSelector(`ul[aria-label="Failing builds"] li[data-needs="${key}"] button`);
  expect(await retry!.evaluate((node) => node.textContent)).toBe(`Retry failed jobs of Deploy #${mine.number}`);
  await retry!.click();
  await expect
    .poll(() => text(popup, '[data-kd=watch-notice]'), { timeout: 15_000 })
    .toMatch(new RegExp(`^Retried \\d+ failed jobs? of Deploy #${mine.number}\\.$`));
  const writes = (await fake.requests({})).filter((r) => r.method === 'PUT' || /Retr/.test(r.operationName ?? ''));
  expect(writes.map((r) => r.operationName ?? `${r.method} ${r.path}`)).toEqual(['BuildRetryFailedJobs']);
  await expect.poll(() => shownIds(popup)).toContain(`kd-watch:result:${key}`);
  expect((await records(popup))[`kd-watch:result:${key}`]!.title).toBe(`Deploy #${mine.number}: failed jobs retried`);

  // The token stops working (auto-watch off again, as in the Chromium test): the watch ends as "token invalid" and
  // polling stops.
  await popup.locator('label::-p-text(Auto-watch builds I create) input').click();
  await expect.poll(() => autoWatchSince(popup)).toBeNull();
  await fake.updateToken(TOKENS.full, { revoked: true });
  await firePoll(popup);
  await waitForText(popup, `li[data-build="${key}"]`, 'Token invalid: watching stopped');
  await expect.poll(() => pollAlarm(popup)).toBeNull();
  await popup.waitForSelector('::-p-text(Watch again with the current token)');
});

test('Firefox: without GraphQL, one REST list call per poll covers the watched builds (and the stale check of the blocked one)', async ({
  firefox,
}) => {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.readonly);
  await popup.locator('button::-p-text(Save token)').click();
  await popup.locator('button::-p-text(Token details)').click();
  await waitForText(popup, '[data-check=graphql]', 'GraphQL not enabled');
  await popup.locator('button::-p-text(Back)').click();
  await recordShown(popup);
  const running = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    state: 'running',
    jobs: [{ name: 'Lint', state: 'running' }],
  });
  const gated = await fake.createBuild({
    org: 'acme',
    pipeline: 'deploy',
    branch: 'main',
    state: 'running',
    jobs: [
      { name: 'Package', state: 'running' },
      { type: 'block', label: 'Ship it?' },
    ],
  });
  await popup.waitForSelector('#kd-watch-url');
  for (const key of [`acme/web/${running.number}`, `acme/deploy/${gated.number}`]) {
    await popup.type('#kd-watch-url', `https://buildkite.com/${key.replace(/\/(\d+)$/, '/builds/$1')}`);
    await popup.locator('button::-p-text(Watch)').click();
    await popup.waitForSelector(`li[data-build="${key}"]`);
  }
  await fake.transitionBuild(running.id, { state: 'failed' });
  await fake.transitionBuild(gated.id, { jobs: [{ id: gated.jobs[0]!.id, state: 'passed' }], blocked: true });
  await fake.createBuild({ org: 'acme', pipeline: 'deploy', branch: 'main', state: 'running' });
  await fake.clearRequests();
  await firePoll(popup);
  const seen = (await fake.requests({ token: TOKENS.readonly })).map((r) => `${r.method} ${r.path}`);
  expect(seen).toEqual(['GET /v2/builds']);
  await waitForText(popup, `li[data-build="acme/web/${running.number}"]`, 'Failed');
  await waitForText(popup, 'ul[aria-label="Blocked steps"] [data-kd=stale]', `#${gated.number + 1}`);
  await expect
    .poll(() => shownIds(popup))
    .toEqual([
      `kd-watch:acme/deploy/${gated.number}:blocked:${gated.jobs[1]!.id}`,
      `kd-watch:acme/web/${running.number}:failed`,
    ]);
});
