/**
 * Logs: search speed and memory (pure code, in Node), and in real Chromium with the e2e build against the fake:
 * requests to build the failure digest, and the log page's first painted rows for a 100,000-line log.
 * Needs `npm run build:e2e` for the fake origin (`KD_FAKE_PORT`, default 4010, as the e2e tests).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chromium } from '@playwright/test';
import { compileQuery } from '../../lib/logs/search';
import { searchLogs } from '../../lib/logs/search-run';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { CHROME_BUILD, CHROMIUM_PATH, FAKE_PORT, fake } from '../e2e/env';

const MiB = 1024 * 1024;
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A 1 MiB log with colours and timestamps; one line in 5,000 says the needle. */
function makeLog(job: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MiB; i++) {
    const line =
      i % 5000 === 4999
        ? `\x1b_bk;t=${1_700_000_000_000 + i}\x07\x1b[31merror: needle ${job}.${i} failed\x1b[0m`
        : `\x1b_bk;t=${1_700_000_000_000 + i}\x07\x1b[32m✓\x1b[0m test case ${job}.${i} passed in ${i % 97} ms`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`.slice(0, MiB);
}

async function searchBench(): Promise<void> {
  const logs = Array.from({ length: 50 }, (_, i) => makeLog(i));
  const jobs = logs.map((_, i) => ({ id: `job-${i}`, label: `Job ${i}`, final: true }));
  const compiled = compileQuery({ text: 'needle \\d+\\.\\d+ failed', regex: true, caseSensitive: false });
  if (!compiled.ok) throw new Error(compiled.message);
  // Warm up once (JIT), then measure.
  await searchLogs(jobs.slice(0, 2), (job) => Promise.resolve(logs[Number(job.id.slice(4))]!), compiled.pattern, {
    onHits: () => undefined,
  });
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  // The heap is sampled when a log is handed over and when its hits come back; garbage made in between and
  // collected before the next sample is counted too: the heap in use just before each collection is a peak.
  const collections = new GCProfiler();
  collections.start();
  let hits = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const started = performance.now();
  await searchLogs(
    jobs,
    (job) => {
      sample();
      return Promise.resolve(logs[Number(job.id.slice(4))]!);
    },
    compiled.pattern,
    {
      onHits: (result) => {
        sample();
        hits += result.hits.length;
      },
    },
  );
  const ms = Math.round(performance.now() - started);
  sample();
  for (const { beforeGC } of collections.stop().statistics) peak = Math.max(peak, beforeGC.heapStatistics.usedHeapSize);
  console.log(`log search, 50 jobs x 1 MiB, after fetch: ${ms} ms`);
  console.log(`log search peak extra memory, 50 jobs x 1 MiB: ${((peak - baseline) / MiB).toFixed(1)} MiB`);
  console.log(`  (${hits} matching lines; goals: <= 1000 ms, <= 2 MiB = 2 x the largest log)`);
}

async function browserBench(): Promise<void> {
  const dir = path.resolve(CHROME_BUILD);
  if (!existsSync(dir)) {
    console.log(`requests to build the failure digest, 10 failed jobs: skipped (run npm run build:e2e first)`);
    console.log(`log page first rows painted, 100000 lines: skipped (run npm run build:e2e first)`);
    return;
  }
  const server = await startFakeBuildkite({ port: FAKE_PORT });
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    await fake.reset();
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(sw.url()).host;
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
    await popup.getByRole('button', { name: 'Save token' }).click();
    await popup
      .getByRole('status')
      .filter({ hasNotText: /Checking|No token set/ })
      .first()
      .waitFor();
    await popup.close();

    const digestBuild = await fake.createBuild({
      org: 'acme',
      pipeline: 'bench-digest',
      state: 'failed',
      jobs: Array.from({ length: 14 }, (_, i) => ({
        name: `Shard ${i + 1}`,
        state: i < 10 ? ('failed' as const) : ('passed' as const),
        exit_status: i < 10 ? 1 : 0,
        log: `--- tests\n${'ok\n'.repeat(200)}${i < 10 ? `FAIL shard ${i % 3}\n` : ''}`,
      })),
    });
    await fake.clearRequests();
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/digest.html?org=acme&pipeline=bench-digest&build=${digestBuild.number}`);
    await page.getByText('10 failed jobs').waitFor({ timeout: 30_000 });
    const requests = (await fake.requests({ token: TOKENS.full })).length;
    console.log(`requests to build the failure digest, 10 failed jobs: ${requests}`);

    const lines = Array.from(
      { length: 100_000 },
      (_, i) =>
        `\x1b_bk;t=${1_700_000_000_000 + i}\x07${i % 1000 === 0 ? `--- group ${i / 1000}` : `\x1b[36mline\x1b[0m ${i}`}`,
    );
    const logBuild = await fake.createBuild({
      org: 'acme',
      pipeline: 'bench-log',
      state: 'passed',
      jobs: [{ name: 'Long', state: 'passed', exit_status: 0, log: `${lines.join('\n')}\n` }],
    });
    const jobId = (logBuild.jobs as { id: string }[])[0]!.id;
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const logPage = await context.newPage();
      await logPage.goto(
        `chrome-extension://${id}/job-log.html?org=acme&pipeline=bench-log&build=${logBuild.number}&job=${jobId}`,
      );
      await logPage.locator('.kd-row').first().waitFor({ timeout: 60_000 });
      runs.push(
        await logPage.evaluate(
          () =>
            new Promise<number>((resolve) =>
              requestAnimationFrame(() => {
                const mark = performance.getEntriesByName('kd-log-text')[0];
                resolve(Math.round(performance.now() - (mark?.startTime ?? 0)));
              }),
            ),
        ),
      );
      await logPage.close();
    }
    runs.sort((a, b) => a - b);
    console.log(`log page first rows painted, 100000 lines: ${runs[1]} ms`);
    console.log(`  (median of 3; from the log text reaching the page to the first frame with rows; goal <= 300 ms)`);
  } finally {
    await context.close();
    await server.close();
  }
}

export default async function run(): Promise<void> {
  await searchBench();
  await browserBench();
}
