/**
 * Content-script cost on a large build page (hundreds of job rows), printed, never asserted:
 * - the production content script's gzipped size (budget 25 KiB);
 * - API requests per build page view (budget 1);
 * - time from navigation to the panel being ready (median);
 * - from paired runs in the same Chromium with and without Kitedeck (fresh context each run, medians), the ratios of
 *   main-thread task time (budget 1.12) and JS heap (budget 1.45), from CDP `Performance.getMetrics`.
 * Both runs of a pair are measured at the same moment after navigation (SETTLE_MS, once both are ready), so idle
 * page work between "page ready" and "panel ready" is counted on both sides. The same pairs are also run with the
 * issue's floor (tests/bench/floor-extension: a one-line content script mounting a plain shadow-root button), so the
 * figures can be read against what any content script costs on this page.
 * Run: `npm run bench -- content-script` (KD_BENCH_RUNS=7 for more runs). To calibrate against another unpacked
 * extension, KD_BENCH_EXTENSION=<dir>.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { fakeClient } from '../fake-buildkite/client';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { TOKENS } from '../fake-buildkite/seed-tokens';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.KD_BENCH_PORT ?? 4090);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const OTHER_EXTENSION = process.env.KD_BENCH_EXTENSION ? path.resolve(process.env.KD_BENCH_EXTENSION) : null;
const BENCH_BUILD = OTHER_EXTENSION ?? path.join(ROOT, '.output/chrome-mv3-bench');
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 5);
const JOBS = 300;
/** Metrics are read this long after navigation in every run (or later, if a run is not ready by then). */
const SETTLE_MS = Number(process.env.KD_BENCH_SETTLE_MS ?? 3000);
const FLOOR_EXTENSION = path.join(ROOT, 'tests/bench/floor-extension');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const wxt = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });

function contentScriptSize(): number {
  wxt(['build', '-b', 'chrome']);
  const file = path.join(ROOT, '.output/chrome-mv3/content-scripts/buildkite.js');
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** An e2e build pointed at the bench's fake, in its own directory (an existing e2e build is put back). */
function benchBuild() {
  const e2e = path.join(ROOT, '.output/chrome-mv3-e2e');
  const aside = `${e2e}-aside-${process.pid}`;
  if (existsSync(e2e)) renameSync(e2e, aside);
  try {
    wxt(['build', '-b', 'chrome', '--mode', 'e2e'], { WXT_KD_FAKE_ORIGIN: ORIGIN });
    rmSync(BENCH_BUILD, { recursive: true, force: true });
    renameSync(e2e, BENCH_BUILD);
  } finally {
    if (existsSync(aside)) renameSync(aside, e2e);
  }
}

async function launch(extension: string | null): Promise<BrowserContext> {
  const args = extension
    ? [...FLAGS, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`]
    : FLAGS;
  const context = await chromium.launchPersistentContext('', { executablePath: CHROMIUM, headless: true, args });
  await context.route('https://buildkite.com/**', async (route) => {
    const url = new URL(route.request().url());
    const response = await fetch(`${ORIGIN}${url.pathname}${url.search}`);
    await route.fulfill({
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'text/html',
      body: await response.text(),
    });
  });
  return context;
}

async function saveToken(context: BrowserContext) {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await popup.getByText('Token works.').first().waitFor();
  await popup.close();
}

interface Run {
  taskDuration: number;
  heap: number;
  readyMs: number;
}

/**
 * Waits for a DOM condition with ONE raw CDP `Runtime.evaluate` that resolves from a MutationObserver, the same way
 * in both runs. Neither Playwright's locators (they inject a large script into the page) nor polling (every poll is
 * a main-thread task, and the run with Kitedeck waits longer) would leave the figures alone.
 */
async function until(cdp: CDPSession, condition: string, timeoutMs = 30_000) {
  const expression = `new Promise((resolve) => {
    const ok = () => { try { return ${condition}; } catch { return false; } };
    if (ok()) return resolve(true);
    const observer = new MutationObserver(() => { if (ok()) { observer.disconnect(); resolve(true); } });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
    setTimeout(() => { observer.disconnect(); resolve(false); }, ${timeoutMs});
  })`;
  const { result } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (result.value !== true) throw new Error(`timed out waiting for ${condition}`);
}

const JOB_ROWS_READY = (n: number) =>
  `document.readyState === 'complete' && document.querySelectorAll('main li a').length >= ${n}`;
const PANEL_READY = `!!document.querySelector('kd-panel[data-kd-build]')`;

async function measure(extension: string | null, url: string, jobCount: number): Promise<Run> {
  const context = await launch(extension);
  try {
    if (extension === BENCH_BUILD && !OTHER_EXTENSION) await saveToken(context);
    const page: Page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const start = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    // Ready: the page's job rows are there (both runs), and the panel shows the build (with Kitedeck).
    await until(cdp, JOB_ROWS_READY(jobCount));
    if (extension) await until(cdp, PANEL_READY);
    const readyMs = performance.now() - start;
    // One timer, the same in every run: read the metrics at the same moment after navigation.
    await cdp.send('Runtime.evaluate', {
      expression: `new Promise((resolve) => setTimeout(resolve, Math.max(0, ${SETTLE_MS} - performance.now())))`,
      awaitPromise: true,
    });
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { taskDuration: metric('TaskDuration'), heap: metric('JSHeapUsedSize'), readyMs };
  } finally {
    await context.close();
  }
}

export default async function contentScriptBench(): Promise<void> {
  if (!OTHER_EXTENSION) {
    const size = contentScriptSize();
    console.log(`content script gzipped: ${(size / 1024).toFixed(1)} KiB (budget 25 KiB)`);
    if (!process.env.KD_BENCH_REUSE_BUILD || !existsSync(BENCH_BUILD)) benchBuild();
  }
  const server = await startFakeBuildkite({ port: PORT });
  const fake = fakeClient(server.url);
  try {
    const jobs = Array.from({ length: JOBS }, (_, i) => ({
      type: 'command' as const,
      name: `Shard ${i + 1}`,
      state: i % 25 === 7 ? ('failed' as const) : ('passed' as const),
    }));
    const created = await fake.createBuild({
      org: 'acme',
      pipeline: 'web',
      state: 'failed',
      branch: 'main',
      message: 'Large build',
      jobs,
    });
    const url = `https://buildkite.com/acme/web/builds/${created.number}`;

    // API requests: one page view, counted at the fake once the panel is ready and the page has settled.
    if (!OTHER_EXTENSION) {
      const context = await launch(BENCH_BUILD);
      await saveToken(context);
      await fake.clearRequests();
      const page = await context.newPage();
      await page.goto(url);
      await until(await context.newCDPSession(page), PANEL_READY);
      await page.waitForLoadState('networkidle');
      const requests = await fake.requests({ token: TOKENS.full });
      console.log(
        `API requests per build page view: ${requests.length} (budget 1)` +
          (requests.length ? ` [${requests.map((r) => r.operationName ?? `${r.method} ${r.path}`).join(', ')}]` : ''),
      );
      await context.close();
    }

    const without: Run[] = [];
    const withKd: Run[] = [];
    const floor: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      without.push(await measure(null, url, JOBS));
      withKd.push(await measure(BENCH_BUILD, url, JOBS));
      if (!OTHER_EXTENSION) floor.push(await measure(FLOOR_EXTENSION, url, JOBS));
    }
    const m = (runs: Run[], key: keyof Run) => median(runs.map((r) => r[key]));
    if (floor.length) {
      console.log(
        `floor on this page (one-line shadow-root button): task time ${(m(floor, 'taskDuration') / m(without, 'taskDuration')).toFixed(2)}, heap ${(m(floor, 'heap') / m(without, 'heap')).toFixed(2)} (the issue measured 1.07 and 1.33 on its page)`,
      );
    }
    console.log(
      `navigation to panel ready: ${Math.round(m(withKd, 'readyMs'))} ms (median of ${RUNS}; page alone ${Math.round(m(without, 'readyMs'))} ms)`,
    );
    console.log(
      `main-thread task time ratio: ${(m(withKd, 'taskDuration') / m(without, 'taskDuration')).toFixed(2)} (budget 1.12) [${(m(withKd, 'taskDuration') * 1000).toFixed(0)} ms vs ${(m(without, 'taskDuration') * 1000).toFixed(0)} ms]`,
    );
    console.log(
      `JS heap ratio: ${(m(withKd, 'heap') / m(without, 'heap')).toFixed(2)} (budget 1.45) [${(m(withKd, 'heap') / 1048576).toFixed(2)} MiB vs ${(m(without, 'heap') / 1048576).toFixed(2)} MiB]`,
    );
  } finally {
    await server.close();
  }
}
