/**
 * Requests one watch poll costs, measured at the fake Buildkite: the real extension (the e2e build) in real
 * Chromium, watching 1 then 20 builds, each poll fired through its alarm. Needs `npm run build:e2e` for the
 * fake origin below (`KD_FAKE_PORT`, default 4010, as the e2e tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page, type Worker } from '@playwright/test';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { CHROME_BUILD, CHROMIUM_PATH, FAKE_ORIGIN, FAKE_PORT, fake } from '../e2e/env';

const POLL_ALARM = 'kd-watch-poll';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const lastPollAt = (sw: Worker) =>
  sw.evaluate(
    async () =>
      ((await browser.storage.local.get('watchPoll')).watchPoll as { lastPollAt?: number } | undefined)?.lastPollAt ??
      0,
  );
const watchedCount = (sw: Worker) =>
  sw.evaluate(
    async () => (((await browser.storage.local.get('watchList')).watchList as unknown[] | undefined) ?? []).length,
  );

/** Fires the poll alarm and counts the API requests the fake received for that one poll. */
async function measurePoll(sw: Worker): Promise<number> {
  const before = await lastPollAt(sw);
  await fake.clearRequests();
  await sw.evaluate((name) => browser.alarms.create(name, { when: Date.now() }), POLL_ALARM);
  await until(
    () => lastPollAt(sw),
    (at) => at > before,
    'the poll',
  );
  return (await fake.requests({})).length;
}

async function watch(popup: Page, sw: Worker, url: string, expected: number) {
  await popup.getByLabel('Build URL to watch').fill(url);
  await popup.getByRole('button', { name: 'Watch', exact: true }).click();
  await until(
    () => watchedCount(sw),
    (n) => n === expected,
    `${expected} watched builds`,
  );
}

export default async function bench(): Promise<void> {
  const dir = path.resolve(CHROME_BUILD);
  if (!existsSync(`${dir}/background.js`) || !readFileSync(`${dir}/background.js`, 'utf8').includes(FAKE_ORIGIN)) {
    console.log(
      `skipped: build the e2e extension for ${FAKE_ORIGIN} first (WXT_KD_FAKE_ORIGIN=${FAKE_ORIGIN} npm run build:e2e)`,
    );
    return;
  }
  const server = await startFakeBuildkite({ port: FAKE_PORT, host: '127.0.0.1' });
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    await fake.reset();
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${new URL(sw.url()).host}/popup.html`);
    await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
    await popup.getByRole('button', { name: 'Save token' }).click();
    await popup.getByText('Token works.').waitFor();

    const builds: Awaited<ReturnType<typeof fake.createBuild>>[] = [];
    for (let i = 0; i < 20; i++) {
      builds.push(
        await fake.createBuild({
          org: 'acme',
          pipeline: i % 2 ? 'web' : 'deploy',
          state: 'running',
          jobs: [{ name: 'Test', state: 'running' }],
        }),
      );
    }
    const url = (i: number) => `https://buildkite.com/acme/${i % 2 ? 'web' : 'deploy'}/builds/${builds[i]!.number}`;

    await watch(popup, sw, url(0), 1);
    const one = await measurePoll(sw);
    for (let i = 1; i < 20; i++) await watch(popup, sw, url(i), i + 1);
    const twenty = await measurePoll(sw);

    console.log(`requests per poll, 1 watched build: ${one}`);
    console.log(`requests per poll, 20 watched builds: ${twenty}`);
  } finally {
    await context.close();
    await server.close();
  }
}
