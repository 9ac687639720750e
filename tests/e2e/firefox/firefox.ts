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
  await browser.installExtension(path.resolve(FIREFOX_BUILD));
  const base = `moz-extension://${uuid}`;
  const open = async (url: string, readySelector: string) => {
    const page = await browser.newPage();
    void page.goto(url).catch(() => undefined);
    // While the tab is still swapping from about:blank to the page, BiDi's evaluate can fail outright
    // ("right-hand side of 'in' should be an object"): keep waiting until the element shows or time runs out.
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await page.waitForSelector(readySelector, { timeout: Math.max(1_000, deadline - Date.now()) });
        return page;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
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
