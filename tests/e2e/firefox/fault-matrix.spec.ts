/**
 * The fault matrix in real Firefox ESR (puppeteer-core over WebDriver BiDi): the build-page rows from the table shared
 * with the Chromium spec (tests/e2e/fault-rows.ts), and the popup's GraphQL error on one watch-poll alias. For each
 * build-page row: the message the user sees on the panel's read and on its Rebuild, the reads the fake recorded
 * (bounded), exactly one write, and recovery (the build shows again, the next Rebuild succeeds). Background lost and offline stay Chromium-only (README: BiDi can neither stop the event
 * page nor intercept the background's requests); so does the storage-quota row (Firefox sets no byte quota on
 * storage.local).
 *
 * One Firefox for the whole file (a launch costs seconds): each test starts from `fake.reset()`, an empty
 * `storage.session` and only the extension page used to reach the background.
 */
import { test as base } from '@playwright/test';
import type { ElementHandle, Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import type { RecordedRequest } from '../../fake-buildkite/runtime';
import type { TokenSpec } from '../../fake-buildkite/control';
import { inTokenOrder, isMutation, panelRows, REBUILT, restBuildPath, WEB, type BuildRef } from '../fault-rows';
import { fake, FAKE_ORIGIN } from '../env';
import { launchFirefox, type FirefoxSession } from './firefox';

const test = base.extend<object, { firefox: FirefoxSession }>({
  firefox: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await fake.reset();
      const firefox = await launchFirefox();
      await use(firefox);
      await firefox.close();
    },
    { scope: 'worker' },
  ],
});
const expect = test.expect;

/** The token the extension holds now (saved through the popup, as a user does); re-saved only when a row needs another. */
let saved: string | null = null;
/** An extension page kept open to read and clear the background's `storage.session`. */
let extensionPage: Page | null = null;

test.beforeEach(async ({ firefox }) => {
  await fake.reset();
  extensionPage ??= await firefox.openExtensionPage('options.html', 'body');
  for (const page of await firefox.browser.pages()) if (page !== extensionPage) await page.close();
  // A fresh session: no cached build, no rate-limit snapshot, no "GraphQL refused" memo from the previous row.
  await extensionPage.evaluate(() => browser.storage.session.clear());
});

/** When the background last cached a build's answer (lib/builds/read.ts), 0 if it has none. */
const cachedAt = (build: BuildRef) =>
  extensionPage!.evaluate(
    async (k: string) => ((await browser.storage.session.get(k))[k] as { at?: number } | undefined)?.at ?? 0,
    `kd-build:${build.org}/${build.pipeline}/${build.number}`,
  );

async function useToken(firefox: FirefoxSession, token: string, spec?: Omit<TokenSpec, 'value'>) {
  if (spec) await fake.addToken({ value: token, ...spec });
  if (saved === token && !spec) return;
  const popup = await firefox.openExtensionPage('popup.html', 'body');
  const shown = () =>
    popup
      .evaluate(() =>
        document.querySelector('#kd-token')
          ? 'form'
          : [...document.querySelectorAll('button')].some((b) => b.textContent === 'Token details')
            ? 'details'
            : null,
      )
      .catch(() => null);
  await expect.poll(shown, { timeout: 15_000 }).not.toBeNull();
  if ((await shown()) === 'details') {
    await popup.locator('button::-p-text(Token details)').click();
    await popup.locator('button::-p-text(Replace token)').click();
    await popup.waitForSelector('#kd-token');
  }
  await popup.type('#kd-token', token);
  await popup.locator('button::-p-text(Save token)').click();
  await expect.poll(async () => (await fake.requests({ token, pathPrefix: '/v2/access-token' })).length).toBe(1);
  await expect
    .poll(() => popup.$eval('.kd-summary', (n) => n.textContent ?? '').catch(() => ''), { timeout: 15_000 })
    .not.toMatch(/Loading…|Checking token…|re-checking…|No token set/);
  await popup.close();
  saved = spec ? null : token;
}

const shadow = (page: Page, selector: string, attribute?: string) =>
  page
    .evaluate(
      (s: string, a: string | null) => {
        const node = document.querySelector('kd-panel')?.shadowRoot?.querySelector(s);
        return (a ? node?.getAttribute(a) : node?.textContent) ?? null;
      },
      selector,
      attribute ?? null,
    )
    .catch(() => null);

/** Opens a build page and expands the panel; `ready` or `error` is the panel's load outcome. */
async function openBuild(firefox: FirefoxSession, build: BuildRef, outcome: 'ready' | 'error') {
  const url = `${FAKE_ORIGIN}/${build.org}/${build.pipeline}/builds/${build.number}`;
  const page = await firefox.openPage(url, `kd-panel[data-kd-build=${outcome}]`);
  // The launcher only expands the panel (no write): a script's click is enough.
  await page.evaluate(() => {
    const launcher = document.querySelector('kd-panel')?.shadowRoot?.querySelector<HTMLElement>('[data-kd=launcher]');
    if (launcher?.getAttribute('aria-expanded') === 'false') launcher.click();
  });
  await expect
    .poll(() =>
      page.evaluate(() => !!document.querySelector('kd-panel')?.shadowRoot?.querySelector('.kd-panel:not([hidden])')),
    )
    .toBe(true);
  return page;
}

/** The panel's Rebuild button, once shown and enabled, for a real click. */
async function rebuildButton(page: Page): Promise<ElementHandle<HTMLButtonElement>> {
  const find = () => {
    const root = document.querySelector('kd-panel')?.shadowRoot;
    const b = root && [...root.querySelectorAll('button')].find((x) => x.textContent === 'Rebuild');
    return b && !b.disabled && !b.closest('[hidden]') ? b : null;
  };
  await expect.poll(async () => (await page.evaluateHandle(find)).asElement() !== null, { timeout: 15_000 }).toBe(true);
  return (await page.evaluateHandle(find)) as ElementHandle<HTMLButtonElement>;
}

const writes = async () =>
  (await fake.requests()).filter(
    (r: RecordedRequest) => (!r.path.startsWith('/graphql') && r.method !== 'GET') || isMutation(r),
  );
const buildReads = async (build: BuildRef) =>
  (await fake.requests()).filter(
    (r) => r.operationName === 'BuildPage' || (r.method === 'GET' && r.path === restBuildPath(build)),
  );

for (const row of inTokenOrder(panelRows)) {
  test(`Firefox panel: ${row.name}`, async ({ firefox }) => {
    const token = row.token ?? TOKENS.full;
    await useToken(firefox, token, row.tokenSpec);
    const build = row.build ?? WEB;

    if (row.read) {
      await fake.clearRequests();
      await row.read.on?.();
      const page = await openBuild(firefox, build, 'error');
      await expect.poll(() => shadow(page, '[data-kd=build-summary]', 'role')).toBe('alert');
      for (const shown of row.read.shows)
        await expect.poll(() => shadow(page, '[data-kd=build-summary]'), { timeout: 15_000 }).toMatch(shown);
      const reads = await buildReads(build);
      expect(reads.length).toBeLessThanOrEqual(row.read.atMost);
      expect(reads.length).toBeGreaterThanOrEqual(1);
      expect(await writes()).toEqual([]);
      await (row.read.off ?? (() => fake.clearScenarios()))();
      await page.close();
    }
    if (!row.write) return;

    // No crash: the build page, opened again once the fault is gone, shows the build.
    const readsBefore = (await buildReads(WEB)).length;
    const page = await openBuild(firefox, WEB, 'ready');
    await expect.poll(() => shadow(page, '[data-kd=build-summary]')).toContain(`#${WEB.number} failed`);
    expect((await buildReads(WEB)).length).toBeLessThanOrEqual(readsBefore + 1);

    await fake.clearRequests();
    await row.write.on?.();
    await (await rebuildButton(page)).click();
    await expect.poll(() => shadow(page, '[data-kd=feedback]', 'data-state'), { timeout: 15_000 }).toBe('error');
    for (const shown of row.write.shows) await expect.poll(() => shadow(page, '[data-kd=feedback]')).toMatch(shown);
    expect(await writes()).toHaveLength(1);
    await (row.write.off ?? (() => fake.clearScenarios()))();

    // No crash, and nothing was sent again behind the user's back: the next click is the second write.
    const clickedAt = Date.now();
    await (await rebuildButton(page)).click();
    await expect.poll(() => shadow(page, '[data-kd=feedback]'), { timeout: 15_000 }).toMatch(REBUILT);
    expect(await writes()).toHaveLength(2);
    // The panel reads the build again after a rebuild: let that read land (it caches the build) before the next row.
    await expect.poll(() => cachedAt(WEB)).toBeGreaterThanOrEqual(clickedAt);
  });
}

test('popup: GraphQL 200 with an error on one alias of the watch poll', async ({ firefox }) => {
  await useToken(firefox, TOKENS.full);
  const popup = await firefox.openExtensionPage('popup.html', '#kd-watch-url');
  const rowText = (key: string) =>
    popup.$eval(`ul[aria-label="Watched builds"] li[data-build="${key}"]`, (n) => n.textContent ?? '').catch(() => '');
  const keys: string[] = [];
  const ids: string[] = [];
  for (const branch of ['feature/one', 'feature/two']) {
    const build = await fake.createBuild({ org: 'acme', pipeline: 'web', branch, state: 'running' });
    const key = `acme/web/${build.number}`;
    keys.push(key);
    ids.push(build.id);
    await popup.type('#kd-watch-url', `https://buildkite.com/${key.replace(/\/(\d+)$/, '/builds/$1')}`);
    await popup.locator('button::-p-text(Watch)').click();
    await expect.poll(() => rowText(key), { timeout: 15_000 }).toContain('Running');
  }
  for (const id of ids) await fake.transitionBuild(id, { state: 'passed' });

  await fake.clearRequests();
  await fake.scenario({
    match: { operationName: 'WatchPoll' },
    respond: { kind: 'field-error', path: ['b0'], message: 'Internal error loading build' },
    times: 1,
  });
  await popup.locator('button::-p-text(Check now)').click();
  await expect.poll(async () => (await fake.requests({ operationName: 'WatchPoll' })).length).toBe(1);
  const [poll] = await fake.requests({ operationName: 'WatchPoll' });
  const erred = (poll!.variables as Record<string, string>).b0!;
  expect(keys).toContain(erred);
  const other = keys.find((key) => key !== erred)!;
  await expect.poll(() => rowText(other), { timeout: 15_000 }).toContain('Passed');
  // The erred build is unknown this poll, not "not found": still watched, as last seen.
  expect(await rowText(erred)).toContain('Running');
  expect(await popup.evaluate(() => document.body.textContent ?? '')).not.toMatch(/Build not found/);

  // No crash; the next poll tells the user the result.
  await popup.locator('button::-p-text(Check now)').click();
  await expect.poll(() => rowText(erred), { timeout: 15_000 }).toContain('Passed');
  const polls = await fake.requests({ operationName: 'WatchPoll' });
  expect(polls.length).toBeGreaterThanOrEqual(2);
  expect(polls.length).toBeLessThanOrEqual(3); // one per "Check now", plus at most the 30 s alarm
  expect(await writes()).toEqual([]);
  // Leave nothing watched (the poll alarm would keep reading during the next rows).
  for (const key of keys) {
    const unwatch = await popup.waitForSelector(
      `ul[aria-label="Watched builds"] li[data-build="${key}"] button::-p-text(Unwatch)`,
    );
    await unwatch!.click();
    await expect.poll(() => rowText(key)).toBe('');
  }
});
