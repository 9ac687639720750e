import path from 'node:path';
import { randomUUID } from 'node:crypto';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_BUILD, FIREFOX_PATH } from '../env';

/** Must match `GECKO_ID` in wxt.config.ts. */
const GECKO_ID = 'kitedeck@kitedeck.dev';

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://UUID */
  base: string;
  /** Opens an extension page; `goto` never resolves for extension pages, so wait for `readySelector` instead. */
  openExtensionPage(file: string, readySelector: string): Promise<Page>;
  openPage(url: string, readySelector: string): Promise<Page>;
  close(): Promise<void>;
}

/** Real Firefox ESR with the e2e build installed as a temporary add-on, its moz-extension UUID pinned. */
export async function launchFirefox({ colorScheme }: { colorScheme?: 'light' | 'dark' } = {}): Promise<FirefoxSession> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Let the temporary add-on's content script and background talk to the loopback fake without prompts.
      'extensions.webextensions.restrictedDomains': '',
      'datareporting.policy.dataSubmissionEnabled': false,
      // BiDi has no media emulation: pages' prefers-color-scheme is set by this pref (0 dark, 1 light).
      ...(colorScheme ? { 'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1 } : {}),
    },
  });
  const before = (await browser.pages()).length;
  await browser.installExtension(path.resolve(FIREFOX_BUILD));
  const base = `moz-extension://${uuid}`;
  await closeFirstRunTab(browser, before, base);
  const open = async (url: string, readySelector: string) => {
    // While a tab is still swapping from about:blank to an extension page, BiDi's evaluate can fail
    // ("right-hand side of 'in' should be an object"), and now and then that tab's realm never recovers: keep
    // waiting for the element, and after 10 s give up on that tab and open the page in a fresh one (3 tabs at most).
    for (let attempt = 1; ; attempt++) {
      const page = await browser.newPage();
      void page.goto(url).catch(() => undefined);
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await page.waitForSelector(readySelector, { timeout: Math.max(1_000, deadline - Date.now()) });
          // A tab in the background gets no animation frames, and puppeteer's click waits for one: the page under
          // test is the one in front, as it is for a user.
          await page.bringToFront();
          return page;
        } catch (error) {
          if (Date.now() < deadline) continue;
          if (attempt === 3) throw error;
          await page.close().catch(() => undefined);
          break;
        }
      }
    }
  };
  return {
    browser,
    base,
    openExtensionPage: (file, readySelector) => open(`${base}/${file}`, readySelector),
    openPage: open,
    close: () => browser.close(),
  };
}

/**
 * The first install opens the welcome page in a new tab. Left open, it races the test's own tab for the front, and a
 * background tab never paints: wait for it (it must be the welcome page), then close it.
 */
async function closeFirstRunTab(browser: Browser, before: number, base: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // BiDi reports an extension page's URL as about:blank: ask the page itself.
    const pages = (await browser.pages()).slice(before);
    const urls = await Promise.all(pages.map((page) => page.evaluate(() => location.href).catch(() => '')));
    const index = urls.indexOf(`${base}/welcome.html`);
    if (index >= 0) return pages[index]!.close();
    if (Date.now() >= deadline)
      throw new Error(`The first install did not open ${base}/welcome.html (${urls.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
