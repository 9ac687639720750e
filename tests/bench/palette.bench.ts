/**
 * The command palette at 5,000 pipelines over 3 organisations (the fake's `many-pipelines` scenario), with the real
 * e2e build in real Chromium:
 * - requests to index them all (GraphQL, pages of 500, one alias per organisation);
 * - open (a real Ctrl+K) to the first results drawn: median of 20;
 * - keystroke to results drawn: p95 of 200 keystrokes;
 * - the content script's gzipped size with every in-page feature (production build when present).
 * Times are taken in the page: from the trusted keydown (a window capture listener, first on the event path) to
 * the mutation that fills the palette's listbox (a MutationObserver on its open shadow root), with the new rows'
 * style and layout forced there (painting, at the display's next frame, is not counted).
 * The fake's GraphQL rate limits are switched off here: at Buildkite's documented 5,000 points per user per 5
 * minutes a 5,000-pipeline index spans several windows (the indexer pauses at the 429 and resumes); this counts
 * the requests of one complete index.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { CHROME_BUILD, CHROMIUM_PATH, FAKE_ORIGIN, FAKE_PORT, fake } from '../e2e/env';
import { inPageSizes, ON_DEMAND_LINE } from './in-page-size';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Arms the in-page timer: resolves with ms from the next keydown to the moment the listbox holds the answer to
 * what the field now says (the palette marks the query its options answer in `data-kd-query`; options it keeps
 * across keystrokes are not redrawn, so "some mutation" would not be a fair end).
 */
function arm(page: Page): Promise<void> {
  // A string, not a function: the bench runs under tsx, whose helpers (`__name`) don't exist in the page.
  return page.evaluate(`(() => {
    window.__kdBench = new Promise((resolve) => {
      let t0 = 0;
      let watching = null;
      const OPTIONS = { childList: true, subtree: true, attributes: true, attributeFilter: ['data-kd-query'] };
      window.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const root = document.querySelector('kd-palette')?.shadowRoot ?? null;
        if (root && root !== watching) {
          watching = root;
          observer.observe(root, OPTIONS);
        }
        const list = root?.querySelector('[role=listbox]');
        const input = root?.querySelector('[role=combobox]');
        if (t0 && list && input && list.children.length > 0 && list.getAttribute('data-kd-query') === input.value) {
          observer.disconnect();
          // Style and layout of the new rows are part of drawing them: force them here, so the figure cannot
          // improve by merely deferring that work past this callback. (Painting is left out.)
          list.getBoundingClientRect();
          resolve(performance.now() - t0);
        }
      });
      observer.observe(document.documentElement, { childList: true });
      const root = document.querySelector('kd-palette')?.shadowRoot ?? null;
      if (root) {
        watching = root;
        observer.observe(root, OPTIONS);
      }
    });
  })()`);
}

const measured = (page: Page) => page.evaluate('window.__kdBench') as Promise<number>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function contentScriptKiB() {
  const production = '.output/chrome-mv3';
  const which = existsSync(`${production}/content-scripts/buildkite.js`) ? production : CHROME_BUILD;
  return { ...inPageSizes(which), which };
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
  await context.route('https://buildkite.com/**', async (route) => {
    const url = new URL(route.request().url());
    const response = await fetch(`${FAKE_ORIGIN}${url.pathname}${url.search}`);
    await route.fulfill({ status: response.status, contentType: 'text/html', body: await response.text() });
  });
  try {
    await fake.reset();
    await fake.manyPipelines({ total: 5000 });
    await fake.limits({ enforce: false });
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${new URL(sw.url()).host}/popup.html`);
    await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
    await popup.getByRole('button', { name: 'Save token' }).click();
    await popup.getByText('Token works.').waitFor();
    await popup.close();
    await fake.clearRequests();

    const page = await context.newPage();
    await page.goto('https://buildkite.com/dashboard');
    const input = page.getByRole('combobox', { name: 'Search pipelines, builds and actions' });
    await page.keyboard.press('Control+k');
    await input.waitFor();
    await input.fill('initech');
    const status = page.locator('kd-palette .kd-status');
    await until(
      () => status.textContent(),
      (text) => !/Indexing/.test(text ?? ''),
      'the index',
    );
    const requests = (await fake.requests({})).filter((r) => r.operationName?.startsWith('Palette')).length;
    console.log(`palette index requests, 5000 pipelines: ${requests}`);

    const opens: number[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'detached' });
      await arm(page);
      await page.keyboard.press('Control+k');
      opens.push(await measured(page));
    }
    console.log(`palette open to first results, 5000 pipelines: ${median(opens).toFixed(1)} ms`);

    const keys: number[] = [];
    // Fragments of real names (each keystroke's answer has results); the field is cleared between them, unmeasured.
    const fragments = ['golden', 'amber', 'quantu', 'cobalt', 'misty', 'vault', 'ledger', 'orders', 'worker', 'search'];

    for (let i = 0; keys.length < 200; i++) {
      const fragment = fragments[i % fragments.length]!;
      await input.fill('');
      for (const ch of fragment) {
        if (keys.length >= 200) break;
        await arm(page);
        await page.keyboard.press(ch);
        keys.push(await measured(page));
      }
    }

    console.log(`palette keystroke to results, 5000 pipelines: ${p95(keys).toFixed(1)} ms`);
    // The p95 of a shared, loaded machine is mostly other processes' noise; the median shows the palette's own cost.
    console.log(`(keystroke to results, median of the same 200: ${median(keys).toFixed(1)} ms)`);
    const size = contentScriptKiB();
    console.log(`content script gzip, all in-page features: ${size.contentScriptKiB} KiB`);
    console.log(ON_DEMAND_LINE(size.onDemandKiB));
    console.log(
      `(goals: requests <= 11, open <= 50 ms, keystroke <= 16 ms, content script <= 25 KiB; size of ${size.which})`,
    );
  } finally {
    await context.close();
    await server.close();
  }
}
