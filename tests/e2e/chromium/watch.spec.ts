import type { BrowserContext, Page, Worker } from '@playwright/test';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { expect, test } from './fixtures';

/** The poll alarm's name (lib/watch/poller.ts): firing it now stands in for waiting 30 s. */
const POLL_ALARM = 'kd-watch-poll';
const RED = [198, 40, 40, 255];

interface Record_ {
  title: string;
  message: string;
  buttons: string[];
  shownAt: number;
}

async function pasteToken(popup: Page, token: string) {
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).toHaveText('Token works.');
}

const badge = (sw: Worker) => sw.evaluate(() => browser.action.getBadgeText({}));
const badgeColor = (sw: Worker) => sw.evaluate(() => browser.action.getBadgeBackgroundColor({}));
const shownIds = async (sw: Worker) =>
  Object.keys(await sw.evaluate(() => browser.notifications.getAll()))
    .filter((id) => id.startsWith('kd-watch:'))
    .sort();
const records = (sw: Worker) =>
  sw.evaluate(
    async () =>
      ((await browser.storage.local.get('watchNotifications')).watchNotifications ?? {}) as Record<string, Record_>,
  );
const lastPollAt = (sw: Worker) =>
  sw.evaluate(
    async () =>
      ((await browser.storage.local.get('watchPoll')).watchPoll as { lastPollAt?: number } | undefined)?.lastPollAt ??
      0,
  );

/** Fires the poll alarm now and waits for the poll to finish. */
async function firePoll(sw: Worker) {
  const before = await lastPollAt(sw);
  await sw.evaluate((name) => browser.alarms.create(name, { when: Date.now() }), POLL_ALARM);
  await expect.poll(() => lastPollAt(sw)).toBeGreaterThan(before);
}

/** The running worker (a fresh one after `stopAllWorkers`). */
async function liveWorker(context: BrowserContext): Promise<Worker> {
  await expect
    .poll(async () => {
      for (const sw of context.serviceWorkers().reverse()) {
        if (await sw.evaluate(() => true).catch(() => false)) return true;
      }
      return false;
    })
    .toBe(true);
  for (const sw of context.serviceWorkers().reverse()) {
    if (await sw.evaluate(() => true).catch(() => false)) return sw;
  }
  throw new Error('no live service worker');
}

test('watch from the popup: running → failing → failed notifies once each, across a worker stop; badge follows; retry sends one write', async ({
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    branch: 'feature/watch',
    message: 'Watch me',
    state: 'running',
    jobs: [
      { name: 'Lint', state: 'running' },
      { name: 'Unit', state: 'running' },
    ],
  });
  const n = build.number;
  const key = `acme/web/${n}`;

  await popup.getByLabel('Build URL to watch').fill('https://buildkite.com/acme/web/pipelines');
  await popup.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(popup.getByRole('alert')).toContainText('Not a Buildkite build URL');

  await popup.getByLabel('Build URL to watch').fill(`https://buildkite.com/acme/web/builds/${n}`);
  await popup.getByRole('button', { name: 'Watch', exact: true }).click();
  const item = popup
    .getByRole('list', { name: 'Watched builds' })
    .getByRole('listitem')
    .filter({ hasText: `Web #${n}` });
  await expect(item).toContainText('Running');
  await expect(item).toContainText('feature/watch');
  await expect.poll(() => badge(serviceWorker)).toBe('1');

  // A job fails while the build still runs.
  await fake.clearRequests();
  await fake.transitionBuild(build.id, { state: 'failing', jobs: [{ id: build.jobs[0]!.id, state: 'failed' }] });
  await firePoll(serviceWorker);
  const polls = await fake.requests({ pathPrefix: '/graphql' });
  expect(polls.map((r) => r.operationName)).toEqual(['WatchPoll']);
  await expect(item).toContainText('Failing');
  await expect.poll(() => shownIds(serviceWorker)).toEqual([`kd-watch:${key}:failing`]);
  expect((await records(serviceWorker))[`kd-watch:${key}:failing`]).toMatchObject({
    title: `Web #${n} is failing`,
    message: 'A job failed while the build still runs. Branch feature/watch · Watch me',
    buttons: ['open', 'retry'],
  });
  expect(await badge(serviceWorker)).toBe('1');
  expect(await badgeColor(serviceWorker)).toEqual(RED);

  // The worker stops mid-watch; the build fails meanwhile.
  const cdp = await context.newCDPSession(popup);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await fake.transitionBuild(build.id, { state: 'failed' });
  await popup.getByRole('button', { name: 'Check now' }).click();
  await expect(item).toContainText('Failed');
  const sw = await liveWorker(context);
  await expect.poll(() => shownIds(sw)).toEqual([`kd-watch:${key}:failed`, `kd-watch:${key}:failing`]);
  const afterFail = await records(sw);
  expect(afterFail[`kd-watch:${key}:failed`]).toMatchObject({
    title: `Web #${n} failed`,
    message: 'Branch feature/watch · Watch me',
  });
  expect(await badge(sw)).toBe('✕');

  // Polling again (alarm and button) repeats nothing.
  await popup.getByRole('button', { name: 'Check now' }).click();
  await expect(popup.locator('[data-kd=watch-notice]')).toHaveText('Checked just now.');
  expect(await shownIds(sw)).toEqual([`kd-watch:${key}:failed`, `kd-watch:${key}:failing`]);
  const again = await records(sw);
  expect(
    Object.keys(again)
      .filter((id) => id.includes(key))
      .sort(),
  ).toEqual([`kd-watch:${key}:failed`, `kd-watch:${key}:failing`]);
  expect(again[`kd-watch:${key}:failed`]!.shownAt).toBe(afterFail[`kd-watch:${key}:failed`]!.shownAt);

  // "Retry failed jobs" (the notification's button calls the same background function, which is the build page's
  // retry): one write (the finished build's failed jobs in one bulk retry), result notified.
  await fake.clearRequests();
  await popup
    .getByRole('region', { name: 'Needs you' })
    .getByRole('button', { name: `Retry failed jobs of Web #${n}` })
    .click();
  await expect(popup.locator('[data-kd=watch-notice]')).toHaveText(
    new RegExp(`^Retried \\d+ failed jobs? of Web #${n}\\.$`),
  );
  const writes = (await fake.requests({})).filter((r) => r.method === 'PUT' || /Retr/.test(r.operationName ?? ''));
  expect(writes.map((r) => r.operationName ?? `${r.method} ${r.path}`)).toEqual(['BuildRetryFailedJobs']);
  await expect.poll(async () => (await shownIds(sw)).includes(`kd-watch:result:${key}`)).toBe(true);
  expect((await records(sw))[`kd-watch:result:${key}`]!.title).toBe(`Web #${n}: failed jobs retried`);
  await expect(item).not.toContainText('Failed');
});

/** Writes the fake received: any REST call but GET, any GraphQL mutation. */
const writesSent = async () =>
  (await fake.requests({})).filter((r) =>
    r.path.startsWith('/graphql')
      ? /^\s*mutation\b/.test((r.body as { query?: string } | null)?.query ?? '')
      : r.method !== 'GET',
  );

test('read-only mode: the watch list\'s "Retry failed jobs" sends nothing and says why', async ({
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    state: 'failed',
    jobs: [{ name: 'Lint', state: 'failed' }],
  });
  await popup.getByLabel('Build URL to watch').fill(`https://buildkite.com/acme/web/builds/${build.number}`);
  await popup.getByRole('button', { name: 'Watch', exact: true }).click();
  const retry = popup
    .getByRole('region', { name: 'Needs you' })
    .getByRole('button', { name: `Retry failed jobs of Web #${build.number}` });
  await expect(retry).toBeVisible();

  const options = await openExtensionPage('options.html');
  await options.getByLabel('Read-only mode').check();
  await expect(options.getByRole('status')).toContainText('Saved: read-only mode on.');

  await fake.clearRequests();
  await retry.click();
  await expect(popup.getByRole('alert')).toContainText(
    'Read-only mode is on. Kitedeck is set to make no changes, so nothing was sent to Buildkite.',
  );
  expect(await writesSent()).toEqual([]);
});

test('watch from the build page; a blocked build notifies once, shows in the inbox with the stale warning, and opens the unblock form', async ({
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'deploy',
    branch: 'main',
    message: 'Release 3.0',
    state: 'running',
    jobs: [
      { name: 'Package', state: 'running' },
      { type: 'block', label: 'Ship it?' },
    ],
  });
  const n = build.number;
  const blockJob = build.jobs[1]!.id;

  const page = await context.newPage();
  await page.goto(`https://buildkite.com/acme/deploy/builds/${n}`);
  const panel = page.getByRole('region', { name: 'Kitedeck' });
  await panel.getByRole('button', { name: /^Kitedeck: #/ }).click(); // the launcher expands into the panel
  await panel.getByRole('button', { name: 'Watch this build' }).click();
  await expect(panel.getByRole('button', { name: 'Unwatch this build' })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel).toContainText('Watching: Kitedeck will notify you.');
  await expect.poll(() => badge(serviceWorker)).toBe('1');

  await fake.transitionBuild(build.id, { jobs: [{ id: build.jobs[0]!.id, state: 'passed' }], blocked: true });
  await firePoll(serviceWorker);
  const id = `kd-watch:acme/deploy/${n}:blocked:${blockJob}`;
  await expect.poll(() => shownIds(serviceWorker)).toEqual([id]);
  expect((await records(serviceWorker))[id]).toMatchObject({
    title: `Deploy #${n} is blocked, needs input`,
    message: 'Block step “Ship it?” waits for input. Branch main · Release 3.0',
    buttons: ['unblock', 'open'],
  });
  await expect.poll(() => badge(serviceWorker)).toBe('');

  // A newer build on the same branch: the inbox warns before unblocking a stale one.
  await fake.createBuild({ org: 'acme', pipeline: 'deploy', branch: 'main', state: 'running' });
  await firePoll(serviceWorker);
  expect(await shownIds(serviceWorker)).toEqual([id]);
  const inbox = popup.getByRole('list', { name: 'Blocked steps' }).getByRole('listitem');
  await expect(inbox).toContainText(`Deploy #${n} · Ship it? · main`);
  await expect(inbox.locator('[data-kd=stale]')).toContainText(`A newer build (#${n + 1}`);
  const opened = context.waitForEvent('page');
  await inbox.getByRole('button', { name: `Open unblock form for Deploy #${n}` }).click();
  const form = await opened;
  await expect(form).toHaveURL(`https://buildkite.com/acme/deploy/builds/${n}#${blockJob}`);
  await expect(form.getByRole('region', { name: 'Kitedeck' })).toBeVisible();

  await panel.getByRole('button', { name: 'Unwatch this build' }).click();
  await expect(panel.getByRole('button', { name: 'Watch this build' })).toHaveAttribute('aria-pressed', 'false');
  await expect(popup.getByText('No builds watched.')).toBeVisible();
  await expect.poll(() => serviceWorker.evaluate((name) => browser.alarms.get(name), POLL_ALARM)).toBeUndefined();
});

test('a token that stops working ends the watch as "token invalid" and stops polling', async ({
  serviceWorker,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  const build = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    state: 'running',
    jobs: [{ name: 'Lint', state: 'running' }],
  });
  await popup.getByLabel('Build URL to watch').fill(`https://buildkite.com/acme/web/builds/${build.number}`);
  await popup.getByRole('button', { name: 'Watch', exact: true }).click();
  const item = popup.getByRole('list', { name: 'Watched builds' }).getByRole('listitem');
  await expect(item).toContainText('Running');

  await fake.updateToken(TOKENS.full, { revoked: true });
  await firePoll(serviceWorker);
  await expect(item).toContainText('Token invalid: watching stopped');
  await expect.poll(() => serviceWorker.evaluate((name) => browser.alarms.get(name), POLL_ALARM)).toBeUndefined();
  await expect(popup.getByRole('button', { name: 'Watch again with the current token' })).toBeVisible();
});

test('the notification self-test says the browser lets notifications through', async ({
  serviceWorker,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  await popup.getByText('Notifications and auto-watch').click();
  await popup.getByRole('button', { name: 'Send a test notification' }).click();
  await expect(popup.locator('[data-kd=notification-test]')).toContainText('Test notification sent.');
  expect(Object.keys(await serviceWorker.evaluate(() => browser.notifications.getAll()))).toContain('kd-watch:test');
});

test('without GraphQL, one REST list call per poll covers the watched builds (and the stale check of the blocked one)', async ({
  serviceWorker,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.readonly);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await popup.getByRole('button', { name: 'Token details' }).click();
  await expect(popup.locator('[data-check=graphql]')).toContainText('GraphQL not enabled');
  await popup.getByRole('button', { name: 'Back' }).click();
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
  for (const build of [running, gated]) {
    await popup
      .getByLabel('Build URL to watch')
      .fill(`https://buildkite.com/acme/${build.number === running.number ? 'web' : 'deploy'}/builds/${build.number}`);
    await popup.getByRole('button', { name: 'Watch', exact: true }).click();
    await expect(
      popup.locator(`li[data-build="acme/${build.number === running.number ? 'web' : 'deploy'}/${build.number}"]`),
    ).toBeVisible();
  }
  await fake.transitionBuild(running.id, { state: 'failed' });
  await fake.transitionBuild(gated.id, { jobs: [{ id: gated.jobs[0]!.id, state: 'passed' }], blocked: true });
  await fake.createBuild({ org: 'acme', pipeline: 'deploy', branch: 'main', state: 'running' });
  await fake.clearRequests();
  await firePoll(serviceWorker);
  const seen = (await fake.requests({ token: TOKENS.readonly })).map((r) => `${r.method} ${r.path}`);
  expect(seen).toEqual(['GET /v2/builds']);
  await expect(popup.locator(`li[data-build="acme/web/${running.number}"]`)).toContainText('Failed');
  await expect(popup.getByRole('list', { name: 'Blocked steps' }).locator('[data-kd=stale]')).toContainText(
    `#${gated.number + 1}`,
  );
  await expect
    .poll(() => shownIds(serviceWorker))
    .toEqual([
      `kd-watch:acme/deploy/${gated.number}:blocked:${gated.jobs[1]!.id}`,
      `kd-watch:acme/web/${running.number}:failed`,
    ]);
  // The token can't write builds: no "Retry failed jobs" button.
  expect((await records(serviceWorker))[`kd-watch:acme/web/${running.number}:failed`]!.buttons).toEqual(['open']);
});

test('auto-watch picks up my builds that start after it is turned on, and only those', async ({
  serviceWorker,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  const before = await fake.createBuild({
    org: 'acme',
    pipeline: 'web',
    state: 'running',
    jobs: [{ name: 'Lint', state: 'running' }],
  });
  await popup.getByText('Notifications and auto-watch').click();
  await popup.getByRole('checkbox', { name: 'Auto-watch builds I create (from now on)' }).check();
  await expect
    .poll(() =>
      serviceWorker.evaluate(
        async () =>
          ((await browser.storage.local.get('watchPoll')).watchPoll as { autoWatchSince?: number } | undefined)
            ?.autoWatchSince ?? null,
      ),
    )
    .not.toBeNull();
  expect(await serviceWorker.evaluate((name) => browser.alarms.get(name), POLL_ALARM)).toBeDefined();

  const mine = await fake.createBuild({
    org: 'acme',
    pipeline: 'deploy',
    branch: 'auto/me',
    state: 'running',
    jobs: [{ name: 'Ship', state: 'running' }],
  });
  await fake.clearRequests();
  await firePoll(serviceWorker);
  expect((await fake.requests({})).map((r) => r.operationName)).toEqual(['WatchPoll']);
  await expect(popup.locator(`li[data-build="acme/deploy/${mine.number}"]`)).toContainText('Running');
  await expect(popup.locator(`li[data-build="acme/web/${before.number}"]`)).toHaveCount(0);

  await fake.transitionBuild(mine.id, { state: 'passed' });
  await firePoll(serviceWorker);
  await expect.poll(() => shownIds(serviceWorker)).toEqual([`kd-watch:acme/deploy/${mine.number}:passed`]);
  expect((await records(serviceWorker))[`kd-watch:acme/deploy/${mine.number}:passed`]!.title).toBe(
    `Deploy #${mine.number} passed`,
  );
});
