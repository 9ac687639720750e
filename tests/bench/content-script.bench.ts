/**
 * What Kitedeck costs Buildkite's pages, measured the independent way (/work/shared/perf-method.md), printed and
 * never asserted:
 * - three Chromium profiles launched ONCE each: no extension (`none`), the floor (tests/bench/floor-extension: a
 *   one-line content script mounting one shadow-root button) and Kitedeck's build (a token set, its API answered by
 *   the fake with a documented build: failing, a few jobs, one block step);
 * - one round = a NEW tab in each profile in turn (none, floor, Kitedeck): `goto` with `waitUntil: 'load'`, 600 ms
 *   more, then CDP `Performance.getMetrics` of that tab (`TaskDuration`, `JSHeapUsedSize`), tab closed;
 * - one warm-up round, then KD_BENCH_RUNS (default 15) rounds per page; medians per profile, ratios to `none`;
 * - pages (tests/bench/pages.ts): `300-job build`, `heavy build`, `pipeline`.
 * It prints the raw medians and the floor's own ratios, then `page cost vs floor, <page>, task|heap: +N.NN`
 * (Kitedeck's ratio minus the floor's), and `popup first paint: N ms` (popup opened → the cached token status and
 * the watch list painted). The machine may be shared and noisy: the three profiles alternate within each round, so
 * noise lands on all three; the median of the per-round differences is printed too.
 * Run: `npm run bench -- content-script`; KD_BENCH_PAGES=pipeline to run one page, KD_BENCH_REUSE_BUILD=1 to skip
 * the build, KD_BENCH_EXTENSION=<dir> to measure another unpacked extension in Kitedeck's place.
 * Diagnosis (not figures): KD_BENCH_PROFILE=1 lists the content script's functions by CPU self time instead of the
 * paired rounds (content-script-profile.ts); KD_BENCH_GC=1 forces a full collection before each read, so the heap
 * is live memory only (the method's figure also counts garbage not yet collected: it is deterministic per build,
 * but one allocation more or less can move a collection and the figure with it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { fakeClient } from '../fake-buildkite/client';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { BUILDS } from '../fake-buildkite/seed-ids';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { buildPage300, heavyBuildPage, pipelinePage } from './pages';
import { inPageSizes, ON_DEMAND_LINE } from './in-page-size';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.KD_BENCH_PORT ?? 4090);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const OTHER_EXTENSION = process.env.KD_BENCH_EXTENSION ? path.resolve(process.env.KD_BENCH_EXTENSION) : null;
const BENCH_BUILD = OTHER_EXTENSION ?? path.join(ROOT, '.output/chrome-mv3-bench');
const RUNS = Number(process.env.KD_BENCH_RUNS ?? 15);
const POPUP_RUNS = Number(process.env.KD_BENCH_POPUP_RUNS ?? 9);
/** After `load`: content scripts run at document_idle, the build is read, the panel drawn. */
const AFTER_LOAD_MS = 600;
const FORCE_GC = !!process.env.KD_BENCH_GC;
const PROFILE = !!process.env.KD_BENCH_PROFILE;
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

type Profile = 'none' | 'floor' | 'kitedeck';
const PROFILES: readonly Profile[] = ['none', 'floor', 'kitedeck'];
interface Sample {
  task: number;
  heap: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const signed = (n: number) => `${n < 0 ? '-' : '+'}${Math.abs(n).toFixed(2)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wxt = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });

function contentScriptSizes() {
  wxt(['build', '-b', 'chrome']);
  return inPageSizes(path.join(ROOT, '.output/chrome-mv3'));
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

async function launch(extension: string | null, pages: Map<string, string>): Promise<BrowserContext> {
  const args = extension
    ? [...FLAGS, `--disable-extensions-except=${extension}`, `--load-extension=${extension}`]
    : FLAGS;
  const context = await chromium.launchPersistentContext('', { executablePath: CHROMIUM, headless: true, args });
  await context.route('https://buildkite.com/**', async (route) => {
    const body = pages.get(new URL(route.request().url()).pathname);
    if (body === undefined) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  return context;
}

/** The extension's page URL base, and a page open on its popup with the token saved. */
async function extensionBase(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return `chrome-extension://${new URL(worker.url()).host}`;
}

async function setUpKitedeck(context: BrowserContext, watch: string[]) {
  const base = await extensionBase(context);
  const popup = await context.newPage();
  await popup.goto(`${base}/popup.html`);
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await popup.getByText('Token works.').first().waitFor();
  // Watched builds for the popup's first paint, through the protocol the popup itself uses.
  for (const url of watch) {
    await popup.evaluate(
      (data) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({
          id: Math.floor(Math.random() * 1e9),
          type: 'watchBuildUrl',
          data,
          timestamp: Date.now(),
        }),
      { url },
    );
  }
  await popup.close();
}

/** One tab: new, `load`, 600 ms, the tab's CDP metrics, closed. */
async function sample(context: BrowserContext, url: string): Promise<Sample> {
  const page: Page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load' });
    await sleep(AFTER_LOAD_MS);
    if (FORCE_GC) await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { task: metric('TaskDuration'), heap: metric('JSHeapUsedSize') };
  } finally {
    await page.close();
  }
}

/**
 * Popup opened (its navigation's time origin) → the frame in which BOTH the token status (the cached report, not
 * "Loading…") and the watch list (every watched build) are painted: the first paint the user can act on. Also
 * returned: the last frame that changed anything once the refreshed report is in (no "re-checking…") and the popup
 * has been quiet for 500 ms. Recorded by a script that runs before the popup's own, read through CDP (extension
 * pages forbid eval).
 */
async function popupPaints(context: BrowserContext, watched: number): Promise<{ first: number; refreshed: number }> {
  const base = await extensionBase(context);
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.enable');
    const shown = `(() => {
      const text = document.body?.innerText ?? '';
      if (!text || /Loading…|Checking token…/.test(text)) return false;
      const list = document.querySelector('[aria-label="Watched builds"]');
      return !!list && list.querySelectorAll('li').length >= ${watched};
    })()`;
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `globalThis.__kdFirst = 0; globalThis.__kdPaint = 0;
        new MutationObserver(() => requestAnimationFrame(() => {
          globalThis.__kdPaint = performance.now();
          if (!globalThis.__kdFirst && ${shown}) globalThis.__kdFirst = performance.now();
        })).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });`,
    });
    await page.goto(`${base}/popup.html`);
    const expression = `new Promise((resolve) => {
      const done = () => globalThis.__kdFirst && !/re-checking…/.test(document.body?.innerText ?? '');
      const quiet = () => (performance.now() - globalThis.__kdPaint > 500
        ? resolve({ first: globalThis.__kdFirst, refreshed: globalThis.__kdPaint }) : setTimeout(quiet, 100));
      const check = () => (done() ? quiet() : setTimeout(check, 50));
      check();
    })`;
    const { result } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    return result.value as { first: number; refreshed: number };
  } finally {
    await page.close();
  }
}

interface PageSpec {
  name: string;
  path: string;
  html: string;
}

function report(spec: PageSpec, runs: Record<Profile, Sample[]>) {
  const m = (p: Profile, key: keyof Sample) => median(runs[p].map((s) => s[key]));
  const ms = (p: Profile) => `${(m(p, 'task') * 1000).toFixed(1)} ms`;
  const kib = (p: Profile) => `${Math.round(m(p, 'heap') / 1024)} KiB`;
  console.log(`\n### ${spec.name} (${spec.path}, ${(spec.html.length / 1048576).toFixed(2)} MiB of HTML)`);
  if (FORCE_GC)
    console.log('(KD_BENCH_GC: heap read after a forced full collection: live memory, not the method figure)');
  console.log(
    `raw medians of ${runs.none.length} rounds: task none ${ms('none')}, floor ${ms('floor')}, Kitedeck ${ms('kitedeck')}; ` +
      `heap none ${kib('none')}, floor ${kib('floor')}, Kitedeck ${kib('kitedeck')}`,
  );
  const ratio = (p: Profile, key: keyof Sample) => m(p, key) / m('none', key);
  console.log(
    `floor's own ratios: task ${ratio('floor', 'task').toFixed(2)}, heap ${ratio('floor', 'heap').toFixed(2)}`,
  );
  console.log(
    `Kitedeck's ratios: task ${ratio('kitedeck', 'task').toFixed(2)}, heap ${ratio('kitedeck', 'heap').toFixed(2)}`,
  );
  const paired = (key: keyof Sample) =>
    median(runs.none.map((n, i) => (runs.kitedeck[i]![key] - runs.floor[i]![key]) / n[key]));
  console.log(
    `paired (median of per-round differences): task ${signed(paired('task'))}, heap ${signed(paired('heap'))}`,
  );
  console.log(`page cost vs floor, ${spec.name}, task: ${signed(ratio('kitedeck', 'task') - ratio('floor', 'task'))}`);
  console.log(`page cost vs floor, ${spec.name}, heap: ${signed(ratio('kitedeck', 'heap') - ratio('floor', 'heap'))}`);
}

export default async function contentScriptBench(): Promise<void> {
  if (!OTHER_EXTENSION) {
    const sizes = contentScriptSizes();
    console.log(`content script gzipped: ${sizes.contentScriptKiB} KiB (budget 25 KiB)`);
    console.log(ON_DEMAND_LINE(sizes.onDemandKiB));
    if (!process.env.KD_BENCH_REUSE_BUILD || !existsSync(BENCH_BUILD)) benchBuild();
  }
  const server = await startFakeBuildkite({ port: PORT });
  const fake = fakeClient(server.url);
  const contexts: BrowserContext[] = [];
  try {
    // The documented build Kitedeck reads: failing, a few jobs, one block step.
    const number = 42;
    const created = await fake.createBuild({
      org: 'acme',
      pipeline: 'web',
      number,
      state: 'failing',
      branch: 'main',
      message: 'Large build',
      jobs: [
        { type: 'command', name: 'Lint', state: 'passed' },
        { type: 'command', name: 'Unit tests', state: 'failed', exit_status: 1 },
        { type: 'command', name: 'Integration', state: 'running' },
        { type: 'command', name: 'Build image', state: 'passed' },
        {
          type: 'block',
          label: 'Deploy?',
          state: 'blocked',
          prompt: 'Ship it?',
          fields: [{ type: 'text', key: 'reason', text: 'Why', required: true }],
        },
      ],
    });
    const realIds = ((created.jobs ?? []) as { id: string }[]).map((job) => job.id);
    const buildPath = `/acme/web/builds/${number}`;
    const heavyPath = `/acme/web/builds/${number}/`;
    const all: PageSpec[] = [
      { name: '300-job build', path: buildPath, html: buildPage300(buildPath, number, realIds) },
      { name: 'heavy build', path: heavyPath, html: heavyBuildPage(buildPath, number, realIds) },
      { name: 'pipeline', path: '/acme/web', html: pipelinePage('acme', 'web') },
    ];
    const only = process.env.KD_BENCH_PAGES?.split(',');
    const specs = only ? all.filter((s) => only.some((o) => s.name.includes(o))) : all;
    const html = new Map(all.map((s) => [s.path, s.html]));

    const byProfile: Record<Profile, BrowserContext> = {
      none: await launch(null, html),
      floor: await launch(FLOOR_EXTENSION, html),
      kitedeck: await launch(BENCH_BUILD, html),
    };
    contexts.push(...Object.values(byProfile));
    const watch = [BUILDS.webRunning, BUILDS.webFailing, BUILDS.deployBlocked].map(
      (b) => `https://buildkite.com/${b.org}/${b.pipeline}/builds/${b.number}`,
    );
    if (!OTHER_EXTENSION) await setUpKitedeck(byProfile.kitedeck, watch);

    for (const spec of specs) {
      const url = `https://buildkite.com${spec.path}`;
      if (PROFILE) {
        const { profileContentScript } = await import('./content-script-profile');
        console.log(`\n### ${spec.name} (${spec.path})`);
        const script = path.join(BENCH_BUILD, 'content-scripts/buildkite.js');
        await profileContentScript(byProfile.kitedeck, url, script, RUNS, AFTER_LOAD_MS);
        continue;
      }
      const runs: Record<Profile, Sample[]> = { none: [], floor: [], kitedeck: [] };
      for (let round = 0; round <= RUNS; round++) {
        for (const profile of PROFILES) {
          const s = await sample(byProfile[profile], url);
          if (round > 0) runs[profile].push(s); // round 0 warms up
        }
      }
      report(spec, runs);
    }

    if (!OTHER_EXTENSION) {
      const paints: { first: number; refreshed: number }[] = [];
      for (let i = 0; i <= POPUP_RUNS; i++) {
        const t = await popupPaints(byProfile.kitedeck, watch.length);
        if (i > 0) paints.push(t);
      }
      console.log(
        `\npopup refreshed (report re-checked, quiet): ${Math.round(median(paints.map((p) => p.refreshed)))} ms`,
      );
      console.log(`popup first paint: ${Math.round(median(paints.map((p) => p.first)))} ms`);
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await server.close();
  }
}
