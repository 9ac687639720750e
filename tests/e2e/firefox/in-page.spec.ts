import type { Page } from 'puppeteer-core';
import { FAKE_ORIGIN } from '../env';
import { expect, test } from './fixtures';

/** The in-page panel in real Firefox ESR, without a token (the fake's pages on loopback). */

const panelCount = (page: Page) => page.evaluate(() => document.querySelectorAll('kd-panel').length);

test('Firefox: the panel says when there is no token, on a page with no Buildkite markup; no panel on a page no feature serves, and the panel goes on in-app navigation there', async ({
  firefox,
}) => {
  // `partial=1`: the fake's bare fragment, no layout, no landmarks (here a "Page not found" for build 999).
  const bare = await firefox.openPage(`${FAKE_ORIGIN}/acme/web/builds/999?partial=1`, 'kd-panel');
  expect(await bare.evaluate(() => document.querySelector('main, nav, header') === null)).toBe(true);
  await expect
    .poll(() =>
      bare
        .$eval('kd-panel >>> [data-kd=launcher]', (b) => `${b.getAttribute('aria-label')} | ${b.textContent}`)
        .catch(() => ''),
    )
    .toMatch(/^Kitedeck: .*\| .*#999 · token problem/);
  // The bare fragment renders in quirks mode, where puppeteer's own "is it in the viewport" check fails
  // (documentElement is as short as the content): click the launcher's centre with the mouse, a real click all the same.
  const box = await bare.$eval('kd-panel >>> [data-kd=launcher]', (b) => {
    const r = b.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await bare.mouse.click(box.x, box.y);
  const status = () => bare.$eval('kd-panel >>> [role=status]', (n) => n.textContent ?? '').catch(() => '');
  await expect.poll(status).toContain('No token set');

  const page = await firefox.openPage(`${FAKE_ORIGIN}/acme/web/builds`, 'main');
  await page.evaluate((href: string) => history.pushState({}, '', href), '/acme/web/builds/101');
  await page.waitForSelector('kd-panel >>> [data-kd=launcher]');
  // Pipeline pages and the dashboard have their own launcher; an organisation page has none.
  await page.evaluate((href: string) => history.pushState({}, '', href), '/acme');
  await expect.poll(() => panelCount(page)).toBe(0);
});
