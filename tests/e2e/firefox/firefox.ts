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
export async function launchFirefox(): Promise<FirefoxSession> {
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
    },
  });
  await browser.installExtension(path.resolve(FIREFOX_BUILD));
  const base = `moz-extension://${uuid}`;
  const open = async (url: string, readySelector: string) => {
    const page = await browser.newPage();
    void page.goto(url).catch(() => undefined);
    await page.waitForSelector(readySelector, { timeout: 20_000 });
    return page;
  };
  return {
    browser,
    base,
    openExtensionPage: (file, readySelector) => open(`${base}/${file}`, readySelector),
    openPage: open,
    close: () => browser.close(),
  };
}
