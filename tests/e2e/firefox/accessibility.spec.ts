import type { Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { COMMON_BUILDS } from '../chromium/surfaces';
import { createLogsBuild } from '../logs-scenario';
import { axeViolations as violations } from './axe';
import { expect, test } from './fixtures';

/** axe-core in real Firefox ESR (tests/e2e/firefox/axe.ts): the same 0-violation bar, light and dark. */

const text = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '').catch(() => '');

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(() => {
    test.use({ firefoxColorScheme: colorScheme });
    test.describe.configure({ timeout: 240_000 });
    test(`Firefox (${colorScheme}): popup without a token, then with 3 watched builds (<= 600 px), and every page: 0 axe violations`, async ({
      firefox,
    }) => {
      const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
      expect(await popup.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(
        colorScheme === 'dark',
      );
      await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('kd-token');
      expect(await violations(popup), 'popup, no token').toEqual([]);

      await popup.type('#kd-token', TOKENS.full);
      await popup.locator('button::-p-text(Save token)').click();
      await expect.poll(() => text(popup, '.kd-summary'), { timeout: 15_000 }).toContain('Token works.');
      await popup.waitForSelector('#kd-watch-url');
      for (const spec of COMMON_BUILDS) {
        const build = await fake.createBuild(spec);
        const key = `${spec.org}/${spec.pipeline}/${build.number}`;
        await popup.type('#kd-watch-url', `https://buildkite.com/${spec.org}/${spec.pipeline}/builds/${build.number}`);
        await popup.locator('button::-p-text(Watch)').click();
        await expect
          .poll(() => text(popup, `ul[aria-label="Watched builds"] li[data-build="${key}"]`), { timeout: 15_000 })
          .toMatch(/Running|Passed|Failed/);
      }
      await popup.setViewport({ width: 400, height: 100 });
      expect(await popup.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);
      expect(await violations(popup), 'popup, watching').toEqual([]);

      for (const [file, ready] of [
        ['console.html', '#kd-tab-graphql'],
        ['webhook-lab.html', '#kd-payload-title'],
        ['options.html', 'nav[aria-label="Kitedeck pages"]'],
        ['welcome.html', '.kd-steps'],
        [`digest.html?${(await createLogsBuild()).query}`, 'article[aria-label="Same failure in 3 jobs"]'],
      ] as const) {
        const page = await firefox.openExtensionPage(file, ready);
        expect(await violations(page), file).toEqual([]);
      }
    });
  });
}
