import type { Page } from 'puppeteer-core';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import { BLOCKED_BUILD, COMMON_BUILDS } from '../chromium/surfaces';
import { createLogsBuild } from '../logs-scenario';
import { axeViolations as violations } from './axe';
import type { FirefoxSession } from './firefox';
import { expect, saveToken, test } from './fixtures';

/** axe-core in real Firefox ESR (tests/e2e/firefox/axe.ts): the same 0-violation bar, light and dark. */

const text = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '').catch(() => '');

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(() => {
    test.use({ firefoxColorScheme: colorScheme });
    test.describe.configure({ timeout: 240_000 });
    test(`Firefox (${colorScheme}): popup without a token, then with 3 watched builds (<= 600 px, focus on what needs you), its token report, and every page with the shared header: 0 axe violations`, async ({
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

      // A fresh popup opens with the focus on what needs you (the failed build's retry); its token report.
      const again = await firefox.openExtensionPage('popup.html', 'section.kd-needs');
      await expect
        .poll(() => again.evaluate(() => document.activeElement?.textContent ?? ''))
        .toMatch(/^Retry failed jobs of Deploy #\d+$/);
      await again.locator('button::-p-text(Token details)').click();
      await expect.poll(() => again.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Back$/);
      expect(await violations(again), 'popup, token report').toEqual([]);
      await again.keyboard.press('Enter');
      await again.waitForSelector('::-p-text(Token details)');

      for (const [file, ready] of [
        ['console.html', '#kd-tab-graphql'],
        ['webhook-lab.html', '#kd-payload-title'],
        ['options.html', 'nav[aria-label="Kitedeck pages"]'],
        ['welcome.html', '.kd-steps'],
        ['job-log.html?key=gone', 'main h1'],
        [`digest.html?${(await createLogsBuild()).query}`, 'article[aria-label="Same failure in 3 jobs"]'],
      ] as const) {
        const page = await firefox.openExtensionPage(file, ready);
        // The shared header: every page links the others.
        expect(
          await page.$$eval('nav[aria-label="Kitedeck pages"] a', (links) => links.map((a) => a.textContent)),
          file,
        ).toEqual(['Popup', 'Console', 'Webhook lab', 'Options']);
        expect(await violations(page), file).toEqual([]);
      }
    });
  });
}

test('Firefox: the first-run page walks token → pin → try; the popup with a blocked step opens on "Needs you" with the unblock action focused; 0 axe violations', async ({
  firefox,
}) => {
  // The fixture already saw the first install open welcome.html (it fails otherwise) and closed it.
  const welcome = await firefox.openExtensionPage('welcome.html', '#kd-token');
  await expect.poll(() => welcome.evaluate(() => document.activeElement?.id)).toBe('kd-token');
  await welcome.type('#kd-token', TOKENS.full);
  await welcome.locator('button::-p-text(Save token)').click();
  await expect.poll(() => text(welcome, '.kd-steps .kd-summary'), { timeout: 15_000 }).toBe('Token works.');
  expect(await welcome.$eval('.kd-steps > li:first-child', (li) => li.getAttribute('data-done'))).toBe('true');
  expect(await text(welcome, '.kd-steps > li:nth-child(2)')).toMatch(/Pin the Kitedeck icon.*Pin to Toolbar/s);
  expect(
    await welcome.$$eval('.kd-steps a', (links) => links.find((a) => a.textContent === 'Open Buildkite')?.href),
  ).toBe('https://buildkite.com/');

  const popup = await firefox.openExtensionPage('popup.html', '#kd-watch-url');
  const build = await fake.createBuild(BLOCKED_BUILD);
  await popup.type('#kd-watch-url', `https://buildkite.com/acme/deploy/builds/${build.number}`);
  await popup.locator('button::-p-text(Watch)').click();
  await popup.waitForSelector(`ul[aria-label="Blocked steps"] li[data-build="acme/deploy/${build.number}"]`);
  const again = await firefox.openExtensionPage('popup.html', 'section.kd-needs');
  // "Needs you" is the popup's first section.
  expect(await again.$eval('main section', (section) => section.querySelector('h2')?.textContent)).toBe('Needs you');
  await expect
    .poll(() => again.evaluate(() => document.activeElement?.textContent ?? ''))
    .toBe(`Open unblock form for Deploy #${build.number}`);
  expect(await violations(again), 'popup, blocked').toEqual([]);
});

async function openPanel(firefox: FirefoxSession, build: { org: string; pipeline: string; number: number }) {
  const page = await firefox.openPage(
    `${FAKE_ORIGIN}/${build.org}/${build.pipeline}/builds/${build.number}`,
    'kd-panel[data-kd-build=ready]',
  );
  const expanded = () =>
    page.evaluate(() => !!document.querySelector('kd-panel')?.shadowRoot?.querySelector('.kd-panel:not([hidden])'));
  if (!(await expanded())) {
    expect(await violations(page, 'kd-panel'), 'launcher').toEqual([]);
    await page.locator('kd-panel >>> [data-kd=launcher]').click();
  }
  await expect.poll(expanded).toBe(true);
  return page;
}
const dialogTitle = (page: Page) =>
  page.evaluate(
    () => document.querySelector('kd-panel')?.shadowRoot?.querySelector('dialog[open] h2')?.textContent ?? null,
  );
const panelButton = (page: Page, name: string) => page.locator(`kd-panel >>> .kd-panel button::-p-text(${name})`);

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(() => {
    test.use({ firefoxColorScheme: colorScheme });
    test(`Firefox (${colorScheme}): panel states (launcher, passed, retry preview, ? overlay, unblock form) have no axe violations`, async ({
      firefox,
    }) => {
      await saveToken(firefox, TOKENS.full);
      const passed = await openPanel(firefox, BUILDS.webPassed);
      expect(await violations(passed, 'kd-panel'), 'passed').toEqual([]);

      const failed = await openPanel(firefox, BUILDS.webFailed);
      await panelButton(failed, 'Retry failed jobs').click();
      await expect.poll(() => dialogTitle(failed)).toBe(`Retry failed jobs of #${BUILDS.webFailed.number}`);
      expect(await violations(failed, 'kd-panel'), 'retry preview').toEqual([]);
      await failed.keyboard.press('Escape');
      await expect.poll(() => dialogTitle(failed)).toBeNull();
      await failed.keyboard.press('?');
      await expect.poll(() => dialogTitle(failed)).toBe('Kitedeck keyboard shortcuts');
      expect(await violations(failed, 'kd-panel'), '? overlay').toEqual([]);
      await failed.keyboard.press('Escape');

      const blocked = await openPanel(firefox, BUILDS.deployBlocked);
      await expect.poll(() => text(blocked, 'kd-panel >>> [data-kd=build-state]')).toBe('blocked');
      await panelButton(blocked, 'Unblock Release').click();
      await expect.poll(() => dialogTitle(blocked)).toBe('Unblock “Release”');
      expect(await violations(blocked, 'kd-panel'), 'unblock form').toEqual([]);
    });
  });
}
