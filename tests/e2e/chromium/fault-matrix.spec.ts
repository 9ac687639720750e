/**
 * The fault matrix end to end: one test per row of tests/unit/buildkite/fault-matrix.test.ts (and the browser-side
 * rows of background-lost-quota.test.tsx), through the built extension in real Chromium against the loopback fake.
 * Each row meets its fault where a user meets it first (the build page's panel for Buildkite's answers and the
 * network's faults, the popup's watch list for a GraphQL error on one alias, the options page for full storage)
 * and checks: the message the user sees, no crash (the same surface works once the fault is gone), reads back off
 * (a bounded number of reads recorded at the fake) and writes never repeated (exactly one write recorded).
 *
 * One browser for the whole file (a launch costs seconds): each test starts from `fake.reset()`, an empty
 * `storage.session` (the build cache, rate-limit snapshots and the "GraphQL refused" memo) and no open pages.
 * The timeout rows wait out the e2e build's 4 s deadline (`WXT_KD_TIMEOUT_MS`, lib/config.ts; 15 s in production).
 */
import { test as base, type BrowserContext, type Page, type Route, type Worker } from '@playwright/test';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import type { RecordedRequest } from '../../fake-buildkite/runtime';
import type { TokenSpec } from '../../fake-buildkite/control';
import {
  buildUrl,
  graphqlRebuild,
  inTokenOrder,
  isMutation,
  panelRows,
  REBUILT,
  restBuildPath,
  WEB,
  type BuildRef,
  type Fault,
  type PanelRow,
} from '../fault-rows';
import { fake, FAKE_ORIGIN } from '../env';
import { launchWithExtension } from './fixtures';

interface Extension {
  context: BrowserContext;
  extensionId: string;
}

const test = base.extend<object, { ext: Extension }>({
  ext: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await fake.reset();
      const context = await launchWithExtension();
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      await use({ context, extensionId: new URL(worker.url()).host });
      await context.close();
    },
    { scope: 'worker' },
  ],
});
const expect = test.expect;

/** The running worker (a fresh one after a stop). */
async function liveWorker(context: BrowserContext): Promise<Worker> {
  let live: Worker | undefined;
  await expect
    .poll(async () => {
      for (const sw of context.serviceWorkers().reverse()) {
        if (await sw.evaluate(() => true).catch(() => false)) return ((live = sw), true);
      }
      return false;
    })
    .toBe(true);
  return live!;
}

/** The token the extension holds now (saved through the popup, as a user does); re-saved only when a row needs another. */
let saved: string | null = null;
/** Requests the browser sent that never reached the fake: the offline row refuses them on the way. */
let refused: RecordedRequest[] = [];
let browserContext: BrowserContext;

test.beforeEach(async ({ ext }) => {
  browserContext = ext.context;
  refused = [];
  await fake.reset();
  for (const page of ext.context.pages()) await page.close();
  // A fresh session: no cached build, no rate-limit snapshot, no "GraphQL refused" memo from the previous row.
  const sw = await liveWorker(ext.context);
  await sw.evaluate(() => browser.storage.session.clear());
});

/** When the background last cached a build's answer (lib/builds/read.ts), 0 if it has none. */
async function cachedAt(context: BrowserContext, build: BuildRef): Promise<number> {
  const sw = await liveWorker(context);
  const key = `kd-build:${build.org}/${build.pipeline}/${build.number}`;
  return sw.evaluate(
    async (k) => ((await browser.storage.session.get(k))[k] as { at?: number } | undefined)?.at ?? 0,
    key,
  );
}

async function openExtensionPage(ext: Extension, file: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/${file}`);
  return page;
}

async function useToken(ext: Extension, token: string, spec?: Omit<TokenSpec, 'value'>) {
  if (spec) await fake.addToken({ value: token, ...spec });
  if (saved === token && !spec) return;
  const popup = await openExtensionPage(ext, 'popup.html');
  const field = popup.getByLabel('Buildkite API access token');
  const details = popup.getByRole('button', { name: 'Token details' });
  await expect(field.or(details).first()).toBeVisible();
  if (await details.isVisible()) {
    await details.click();
    await popup.getByRole('button', { name: 'Replace token' }).click();
  }
  await field.fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect.poll(async () => (await fake.requests({ token, pathPrefix: '/v2/access-token' })).length).toBe(1);
  await expect(popup.getByRole('status')).not.toContainText(/Loading…|Checking token…|re-checking…|No token set/);
  await popup.close();
  saved = spec ? null : token;
}

/** Opens a build page and expands the panel; `ready` or `error` is the panel's load outcome. */
async function openBuild(ext: Extension, build: BuildRef, outcome: 'ready' | 'error') {
  const page = await ext.context.newPage();
  await page.goto(buildUrl(build));
  return panelOf(page, outcome);
}

async function panelOf(page: Page, outcome: 'ready' | 'error') {
  await expect(page.locator(`kd-panel[data-kd-build=${outcome}]`)).toBeAttached();
  const launcher = page.locator('kd-panel [data-kd=launcher]');
  if (await launcher.isVisible()) await launcher.click();
  const panel = page.getByRole('region', { name: 'Kitedeck' });
  return {
    page,
    panel,
    summary: panel.locator('[data-kd=build-summary]'),
    rebuild: panel.getByRole('button', { name: 'Rebuild', exact: true }),
    feedback: page.locator('[data-kd=feedback]'),
  };
}

/** Everything the browser sent to Buildkite since the last `clearRequests()`. */
const sent = async () => [...(await fake.requests()), ...refused];
async function clearRequests() {
  refused = [];
  await fake.clearRequests();
}

/** Every write sent: a REST request that is not a GET, or a GraphQL mutation. */
const writes = async () =>
  (await sent()).filter((r) => (!r.path.startsWith('/graphql') && r.method !== 'GET') || isMutation(r));
/** The reads of one build page: the GraphQL `BuildPage` query and REST `GET …/builds/{n}`. */
const buildReads = async (build: BuildRef) =>
  (await sent()).filter(
    (r) => r.operationName === 'BuildPage' || (r.method === 'GET' && r.path === restBuildPath(build)),
  );

const API = new RegExp(`^${FAKE_ORIGIN.replace(/[.]/g, '\\.')}/(v2|graphql)/`);
/** Offline: the browser cannot connect to Buildkite's API (`net::ERR_CONNECTION_REFUSED`); each attempt is counted. */
async function refuseConnection(route: Route) {
  const request = route.request();
  const body = (request.postDataJSON() ?? null) as { operationName?: string } | null;
  refused.push({
    at: new Date().toISOString(),
    method: request.method(),
    path: new URL(request.url()).pathname,
    query: {},
    headers: {},
    body,
    token: null,
    operationName: body?.operationName ?? null,
  });
  await route.abort('connectionrefused');
}
const offline: Fault = {
  on: () => browserContext.route(API, refuseConnection),
  off: () => browserContext.unroute(API, refuseConnection),
};

const offlineRow: PanelRow = {
  name: 'offline (connection refused)',
  read: { ...offline, shows: [/Could not reach Buildkite/, /Check your connection/], atMost: 3 },
  write: { ...offline, shows: [/Could not reach Buildkite/] },
};

test('panel: background lost during a rebuild (the worker is stopped mid-call)', async ({ ext }) => {
  await useToken(ext, TOKENS.full);
  const view = await openBuild(ext, WEB, 'ready');
  await clearRequests();
  await fake.scenario({ match: graphqlRebuild, respond: { kind: 'slow', delayMs: 2_500 }, times: 1 });
  await view.rebuild.click();
  await expect.poll(async () => (await writes()).length).toBe(1);
  const cdp = await ext.context.newCDPSession(view.page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect(view.feedback).toHaveAttribute('data-kind', 'lost-contact');
  await expect(view.feedback).toContainText('Kitedeck lost contact: refresh the page');
  await expect(view.feedback).toContainText('it may or may not have been made');

  // No crash: the page, refreshed as the message says, reconnects to a fresh worker and shows the build.
  await view.page.reload();
  const again = await panelOf(view.page, 'ready');
  await expect(again.summary).toContainText(`#${WEB.number} failed`);
  // The write was sent once: the fresh worker did not send it again.
  expect(await writes()).toHaveLength(1);
});

test('popup: GraphQL 200 with an error on one alias of the watch poll', async ({ ext }) => {
  await useToken(ext, TOKENS.full);
  const popup = await openExtensionPage(ext, 'popup.html');
  const list = popup.getByRole('list', { name: 'Watched builds' });
  const builds = [];
  for (const branch of ['feature/one', 'feature/two']) {
    const build = await fake.createBuild({ org: 'acme', pipeline: 'web', branch, state: 'running' });
    builds.push(build);
    await popup.getByLabel('Build URL to watch').fill(buildUrl({ org: 'acme', pipeline: 'web', number: build.number }));
    await popup.getByRole('button', { name: 'Watch', exact: true }).click();
    await expect(list.locator(`li[data-build="acme/web/${build.number}"]`)).toContainText('Running');
  }
  for (const build of builds) await fake.transitionBuild(build.id, { state: 'passed' });

  await clearRequests();
  await fake.scenario({
    match: { operationName: 'WatchPoll' },
    respond: { kind: 'field-error', path: ['b0'], message: 'Internal error loading build' },
    times: 1,
  });
  await popup.getByRole('button', { name: 'Check now' }).click();
  await expect.poll(async () => (await fake.requests({ operationName: 'WatchPoll' })).length).toBe(1);
  const [poll] = await fake.requests({ operationName: 'WatchPoll' });
  const erredSlug = (poll!.variables as Record<string, string>).b0!;
  const keys = builds.map((build) => `acme/web/${build.number}`);
  expect(keys).toContain(erredSlug);
  const erred = list.locator(`li[data-build="${erredSlug}"]`);
  const other = list.locator(`li[data-build="${keys.find((key) => key !== erredSlug)}"]`);
  await expect(other).toContainText('Passed');
  // The erred build is unknown this poll, not "not found": still watched, as last seen.
  await expect(erred).toContainText('Running');
  await expect(popup.getByText(/Build not found/)).toHaveCount(0);

  // No crash; the next poll tells the user the result.
  await popup.getByRole('button', { name: 'Check now' }).click();
  await expect(erred).toContainText('Passed');
  const polls = await fake.requests({ operationName: 'WatchPoll' });
  expect(polls.length).toBeGreaterThanOrEqual(2);
  expect(polls.length).toBeLessThanOrEqual(3); // one per "Check now", plus at most the 30 s alarm
  expect(await writes()).toEqual([]);
  // Leave nothing watched (the poll alarm would keep reading during the next rows).
  for (const key of keys)
    await list
      .locator(`li[data-build="${key}"]`)
      .getByRole('button', { name: /Unwatch/ })
      .click();
  await expect(list.getByRole('listitem')).toHaveCount(0);
});

test('options: storage quota exceeded (storage.local is full)', async ({ ext }) => {
  const options = await openExtensionPage(ext, 'options.html');
  const shortcuts = options.getByRole('checkbox', { name: 'Keyboard shortcuts enabled' });
  await expect(shortcuts).toBeChecked();
  // Fill storage.local up to its quota (10 MB in Chrome without unlimitedStorage), as a long-used profile can.
  const left = await options.evaluate(async () => {
    const area = browser.storage.local;
    const key = 'fault-matrix-filler';
    const free = area.QUOTA_BYTES - (await area.getBytesInUse(null)) - key.length - 2;
    await area.set({ [key]: 'x'.repeat(free) });
    return area.QUOTA_BYTES - (await area.getBytesInUse(null));
  });
  expect(left).toBe(0);
  const before = await options.evaluate(async () => (await browser.storage.local.get(null)).settings ?? null);

  await shortcuts.click();
  await expect(options.getByText('Browser storage is full')).toBeVisible();
  await expect(shortcuts).toBeChecked(); // the switch goes back: nothing was saved
  expect(await options.evaluate(async () => (await browser.storage.local.get(null)).settings ?? null)).toEqual(before);
  expect(await fake.requests()).toEqual([]);

  // No crash: once there is room again, the same switch saves.
  await options.evaluate(() => browser.storage.local.remove('fault-matrix-filler'));
  await shortcuts.uncheck();
  await expect(options.getByRole('status')).toContainText('Saved');
  await expect(shortcuts).not.toBeChecked();
  await shortcuts.check();
  await expect(shortcuts).toBeChecked();
});

for (const row of inTokenOrder([...panelRows, offlineRow])) {
  test(`panel: ${row.name}`, async ({ ext }) => {
    const token = row.token ?? TOKENS.full;
    await useToken(ext, token, row.tokenSpec);
    const build = row.build ?? WEB;
    let view: Awaited<ReturnType<typeof openBuild>> | null = null;

    if (row.read) {
      await clearRequests();
      await row.read.on?.();
      view = await openBuild(ext, build, 'error');
      await expect(view.summary).toHaveAttribute('role', 'alert');
      for (const shown of row.read.shows) await expect(view.summary).toContainText(shown);
      const reads = await buildReads(build);
      expect(reads.length).toBeLessThanOrEqual(row.read.atMost);
      expect(reads.length).toBeGreaterThanOrEqual(1);
      expect(await writes()).toEqual([]);
      await (row.read.off ?? (() => fake.clearScenarios()))();
    }
    if (!row.write) return;

    // No crash: the same page, reloaded once the fault is gone, shows the build (and the read did not poll meanwhile).
    const readsBefore = (await buildReads(WEB)).length;
    if (view && build === WEB) {
      await view.page.reload();
      view = await panelOf(view.page, 'ready');
    } else view = await openBuild(ext, WEB, 'ready');
    await expect(view.summary).toContainText(`#${WEB.number} failed`);
    expect((await buildReads(WEB)).length).toBeLessThanOrEqual(readsBefore + 1);

    await clearRequests();
    await row.write.on?.();
    await view.rebuild.click();
    await expect(view.feedback).toHaveAttribute('data-state', 'error');
    for (const shown of row.write.shows) await expect(view.feedback).toContainText(shown);
    expect(await writes()).toHaveLength(1);
    await (row.write.off ?? (() => fake.clearScenarios()))();

    // No crash, and nothing was sent again behind the user's back: the next click is the second write.
    await expect(view.rebuild).toBeEnabled();
    const clickedAt = Date.now();
    await view.rebuild.click();
    await expect(view.feedback).toContainText(REBUILT);
    expect(await writes()).toHaveLength(2);
    // The panel reads the build again after a rebuild: let that read land (it caches the build) before the next row.
    await expect.poll(() => cachedAt(browserContext, WEB)).toBeGreaterThanOrEqual(clickedAt);
  });
}
