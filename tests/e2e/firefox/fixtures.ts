import { test as base } from '@playwright/test';
import { fake } from '../env';
import { launchFirefox, type FirefoxSession } from './firefox';

interface Options {
  /** The pages' `prefers-color-scheme` (BiDi has no media emulation: set by a pref at launch); none by default. */
  firefoxColorScheme: 'light' | 'dark' | undefined;
}

interface Fixtures {
  /** Real Firefox ESR with the e2e build, launched against a freshly reset fake; closed after the test. */
  firefox: FirefoxSession;
}

/** The Firefox specs' shared set-up, like tests/e2e/chromium/fixtures.ts: `test('…', async ({ firefox }) => …)`. */
export const test = base.extend<Fixtures & Options>({
  firefoxColorScheme: [undefined, { option: true }],
  firefox: async ({ firefoxColorScheme }, use) => {
    await fake.reset();
    const firefox = await launchFirefox(firefoxColorScheme ? { colorScheme: firefoxColorScheme } : {});
    await use(firefox);
    await firefox.close();
  },
});

export const expect = test.expect;

/** Saves a token through the popup's form, as a user does, and waits for its check to finish. */
export async function saveToken(firefox: FirefoxSession, token: string) {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', token);
  await popup.locator('button::-p-text(Save token)').click();
  await expect
    .poll(() => popup.$eval('.kd-summary', (n) => n.textContent ?? ''), { timeout: 15_000 })
    .not.toMatch(/Checking|No token/);
  await popup.close();
}
