/**
 * Requests of the pipeline pages' bulk actions and lists, counted at the fake Buildkite: the real extension (the
 * e2e build) in real Chromium with a GraphQL token, driven through the background's own messages (`listBuilds`,
 * `previewBulk`, `startBulk`, `bulkStatus`) from an extension page, exactly as the in-page panel sends them.
 * Each count includes the preview's reads. Needs `npm run build:e2e` for the fake origin (`KD_FAKE_PORT`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { CHROME_BUILD, CHROMIUM_PATH, FAKE_ORIGIN, FAKE_PORT, fake } from '../e2e/env';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

type Reply = { ok: true; value: any } | { ok: false; error: { title: string; detail: string } };

/** One protocol message, in @webext-core/messaging's wire format, from an extension page. */
async function ask(page: Page, type: string, data: unknown): Promise<any> {
  const reply = await page.evaluate(
    async ([type, data]) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<any> } } })
        .chrome.runtime;
      const answer = await runtime.sendMessage({ id: Date.now(), type, data, timestamp: Date.now() });
      return answer?.res as Reply;
    },
    [type, data] as const,
  );
  if (!reply?.ok)
    throw new Error(`${type} failed: ${reply ? `${reply.error.title}: ${reply.error.detail}` : 'no answer'}`);
  return reply.value;
}

async function runJob(page: Page, preview: { planId: string }): Promise<any> {
  const { jobId } = await ask(page, 'startBulk', { planId: preview.planId });
  const end = Date.now() + 60_000;
  for (;;) {
    const report = await ask(page, 'bulkStatus', { jobId });
    if (report?.finishedAt) return report;
    if (Date.now() > end) throw new Error('the bulk job did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

    // 51 running builds on one branch: the 50 older ones are superseded by the newest.
    for (let i = 0; i < 51; i++)
      await fake.createBuild({ org: 'acme', pipeline: 'web', branch: 'bench/superseded', state: 'running' });
    await fake.clearRequests();
    const superseded = await ask(popup, 'previewBulk', {
      action: 'cancel-superseded',
      org: 'acme',
      pipeline: 'web',
      branch: 'bench/superseded',
    });
    const cancelReport = await runJob(popup, superseded);
    const cancelRequests = (await fake.requests({})).length;
    const canceled = cancelReport.outcomes.filter((o: { status: string }) => o.status === 'done').length;
    console.log(
      `requests to cancel 50 superseded builds: ${cancelRequests} (preview read ${superseded.requests.preview}, re-check 1, mutations ${superseded.requests.writes}; ${canceled} canceled; goal <= 3)`,
    );

    // 20 failed builds, each with a failed command job.
    const failed = [];
    for (let i = 0; i < 20; i++)
      failed.push(
        await fake.createBuild({
          org: 'acme',
          pipeline: 'deploy',
          state: 'failed',
          jobs: [
            { type: 'command', name: 'Test', state: 'failed', exit_status: 1 },
            { type: 'command', name: 'Lint', state: 'passed', exit_status: 0 },
          ],
        }),
      );
    await fake.clearRequests();
    const retry = await ask(popup, 'previewBulk', {
      action: 'retry-failed',
      builds: failed.map((b) => ({ org: 'acme', pipeline: 'deploy', number: b.number })),
    });
    const retryReport = await runJob(popup, retry);
    const retryRequests = (await fake.requests({})).length;
    const retried = retryReport.outcomes.filter((o: { status: string }) => o.status === 'done').length;
    console.log(
      `requests to retry failed jobs across 20 builds: ${retryRequests} (the preview reads ${retry.requests.preview}: the 20 builds with their jobs in one aliased query; then re-check 1 + mutations ${retry.requests.writes}; ${retried} builds retried; goal <= 2 + ${retry.requests.preview})`,
    );

    // A pipeline with 100 builds.
    for (let i = 0; i < 100; i++) await fake.createBuild({ org: 'acme', pipeline: 'bench-list', state: 'passed' });
    await fake.clearRequests();
    const list = await ask(popup, 'listBuilds', { kind: 'pipeline', org: 'acme', pipeline: 'bench-list' });
    const listRequests = (await fake.requests({})).length;
    console.log(
      `requests to open a pipeline's build list of 100 builds: ${listRequests} (${list.rows.length} builds listed; goal 1)`,
    );
  } finally {
    await context.close();
    await server.close();
  }
}
