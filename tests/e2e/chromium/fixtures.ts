import path from 'node:path';
import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { CHROME_BUILD, CHROMIUM_PATH, FAKE_ORIGIN, fake } from '../env';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface Fixtures {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Opens an extension page (e.g. `popup.html`) in a tab. */
  openExtensionPage: (file: string) => Promise<Page>;
}

/**
 * Real Chromium with the unpacked e2e build in a fresh profile. `https://buildkite.com/**` is routed to the fake's
 * fixture pages, so the content script runs under its production match pattern.
 */
export async function launchWithExtension(): Promise<BrowserContext> {
  const dir = path.resolve(CHROME_BUILD);
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  await context.route('https://buildkite.com/**', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const body = request.postData();
    const response = await fetch(`${FAKE_ORIGIN}${url.pathname}${url.search}`, {
      method: request.method(),
      headers: { 'content-type': (await request.headerValue('content-type')) ?? 'text/plain' },
      ...(body && request.method() !== 'GET' ? { body } : {}),
    });
    await route.fulfill({
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'text/html',
      body: await response.text(),
    });
  });
  return context;
}

/** One browser per test (`launchWithExtension`), after `fake.reset()`. */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    await fake.reset();
    const context = await launchWithExtension();
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

export const expect = test.expect;
