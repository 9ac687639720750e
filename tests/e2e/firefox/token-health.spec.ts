import type { Page } from 'puppeteer-core';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import type { FirefoxSession } from './firefox';
import { expect, test } from './fixtures';

/** Real Firefox ESR (puppeteer-core over WebDriver BiDi) with the e2e build, against the fake on loopback. */

const text = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '').catch(() => '');

async function waitForText(page: Page, selector: string, expected: string) {
  await expect.poll(() => text(page, selector), { timeout: 15_000 }).toContain(expected);
}

async function openPopup(firefox: FirefoxSession) {
  return firefox.openExtensionPage('popup.html', '#kd-token');
}

async function paste(page: Page, token: string, { report = true } = {}) {
  await page.type('#kd-token', token);
  await page.locator('button::-p-text(Save token)').click();
  // The popup opens on what needs you; the full report is its own view.
  if (report) await page.locator('button::-p-text(Token details)').click();
}

const badge = (page: Page) => page.evaluate(() => browser.action.getBadgeText({}));

test('Firefox: a pasted token shows owner and scopes; the badge is clear', async ({ firefox }) => {
  const popup = await openPopup(firefox);
  await paste(popup, TOKENS.full);
  await waitForText(popup, '.kd-summary', 'Token works.');
  await waitForText(popup, '[data-testid=kd-owner]', 'Kai Tester');
  await waitForText(popup, 'ul[aria-label=Scopes]', 'write_builds');
  await waitForText(popup, '[data-check=graphql]', 'GraphQL enabled');
  expect(await badge(popup)).toBe('');
  const seen = await fake.requests({ token: TOKENS.full });
  expect(seen.map((r) => `${r.method} ${r.path}`)).toContain('GET /v2/access-token');
});

test('Firefox: without write_builds, the write features are off and say why', async ({ firefox }) => {
  const popup = await openPopup(firefox);
  await paste(popup, TOKENS.readonly);
  await waitForText(popup, '[data-feature=retry] .kd-feature-state', 'Off: needs write_builds');
  await waitForText(popup, '[data-check=graphql]', 'GraphQL not enabled');
});

test('Firefox: revoked reads as invalid, IP-blocked as an IP problem; the badge changes', async ({ firefox }) => {
  const popup = await openPopup(firefox);
  await paste(popup, TOKENS.revoked);
  await waitForText(popup, '.kd-summary', 'not valid');
  await expect.poll(() => badge(popup)).toBe('!');

  await popup.locator('button::-p-text(Replace token)').click();
  await paste(popup, TOKENS.ipBlocked, { report: false });
  await waitForText(popup, '[data-check=valid]', 'Blocked by an IP allowlist or an SSO/organisation policy');
  expect(await text(popup, '[data-check=valid]')).not.toContain('scope');
});

test('Firefox: revoke sends DELETE and forgets the token', async ({ firefox }) => {
  const popup = await openPopup(firefox);
  await paste(popup, TOKENS.full);
  await waitForText(popup, '.kd-summary', 'Token works.');
  await popup.locator('button::-p-text(Revoke token)').click();
  await popup.locator('button::-p-text(Revoke now)').click();
  await popup.waitForSelector('#kd-token');
  await waitForText(popup, '.kd-summary', 'No token set');
  const deletes = (await fake.requests({ token: TOKENS.full })).filter((r) => r.method === 'DELETE');
  expect(deletes.map((r) => r.path)).toEqual(['/v2/access-token']);
  await expect.poll(() => badge(popup)).toBe('?');
});

test('Firefox: a build page shows the launcher, expanding into the panel; in-app navigation updates it; expanded and dock are remembered; g k goes to Kitedeck', async ({
  firefox,
}) => {
  const popup = await openPopup(firefox);
  await paste(popup, TOKENS.full);
  await waitForText(popup, '.kd-summary', 'Token works.');
  const { org, pipeline, number } = BUILDS.webFailed;
  const page = await firefox.openPage(`${FAKE_ORIGIN}/${org}/${pipeline}/builds/${number}`, 'kd-panel');
  const panelText = () => page.evaluate(() => document.querySelector('kd-panel')?.shadowRoot?.textContent ?? '');
  await expect.poll(panelText, { timeout: 15_000 }).toContain(`#${number} · 4 failed`);

  // The launcher expands into the panel, its heading focused.
  await page.locator('kd-panel >>> [data-kd=launcher]').click();
  const focused = () =>
    page.evaluate(() => {
      const active = document.querySelector('kd-panel')?.shadowRoot?.activeElement;
      return active ? `${active.tagName} ${active.getAttribute('aria-label') ?? active.textContent}` : null;
    });
  await expect.poll(focused).toMatch(/^H2 Kitedeck/);
  await expect.poll(() => text(page, 'kd-panel >>> [data-kd=build-state]')).toBe('failed');

  const next = BUILDS.webRunning;
  await page.evaluate((href) => history.pushState({}, '', href), `/${next.org}/${next.pipeline}/builds/${next.number}`);
  await expect.poll(panelText, { timeout: 15_000 }).toContain(`#${next.number}`);
  await expect.poll(() => text(page, 'kd-panel >>> [data-kd=build-state]')).toBe('running');
  expect(await page.evaluate(() => document.querySelectorAll('kd-panel').length)).toBe(1);

  // Remembered on the next page view: expanded, docked on the left; then collapsed, still on the left.
  await page.locator('kd-panel >>> button[aria-label="Move Kitedeck to the left"]').click();
  const url = `${FAKE_ORIGIN}/${org}/${pipeline}/builds/${number}`;
  const again = await firefox.openPage(url, 'kd-panel >>> button[aria-label="Collapse Kitedeck panel"]');
  expect(await again.$eval('kd-panel', (host) => host.getAttribute('data-dock'))).toBe('left');
  await again.locator('kd-panel >>> button[aria-label="Collapse Kitedeck panel"]').click();
  const launcherFocused = () =>
    again.evaluate(
      () => document.querySelector('kd-panel')?.shadowRoot?.activeElement?.getAttribute('data-kd') === 'launcher',
    );
  await expect.poll(launcherFocused).toBe(true);
  const third = await firefox.openPage(url, 'kd-panel >>> [data-kd=launcher]');
  expect(await third.$eval('kd-panel >>> [data-kd=launcher]', (b) => b.getAttribute('aria-expanded'))).toBe('false');
  expect(await third.$eval('kd-panel', (host) => host.getAttribute('data-dock'))).toBe('left');

  // g then k goes to Kitedeck.
  await third.mouse.click(5, 5);
  await third.keyboard.press('g');
  await third.keyboard.press('k');
  await expect
    .poll(() =>
      third.evaluate(
        () => document.querySelector('kd-panel')?.shadowRoot?.activeElement?.getAttribute('data-kd') ?? null,
      ),
    )
    .toBe('launcher');
});

test('Firefox: a hostile page cannot obtain the token', async ({ firefox }) => {
  const popup = await openPopup(firefox);
  await paste(popup, TOKENS.full);
  await waitForText(popup, '.kd-summary', 'Token works.');
  const { org, pipeline, number } = BUILDS.webPassed;
  await firefox.openPage(`${FAKE_ORIGIN}/${org}/${pipeline}/builds/${number}?hostile=1&delay=1000`, 'kd-panel');
  await expect.poll(async () => (await fake.loot()).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const loot = JSON.stringify(await fake.loot());
  expect(loot).not.toContain(TOKENS.full);
});

test('Firefox: a malformed token is refused before any request; a token that expires in 3 days warns, on the badge too', async ({
  firefox,
}) => {
  const popup = await openPopup(firefox);
  await fake.clearRequests();
  await paste(popup, 'bkpat_not-an-api-token-000000000000', { report: false });
  await expect.poll(() => text(popup, 'main'), { timeout: 15_000 }).toContain('portal access token');
  expect(await fake.requests({})).toHaveLength(0);

  // The form is still there: the user replaces what they pasted.
  await popup.click('#kd-token', { count: 3 });
  await popup.keyboard.press('Backspace');
  await paste(popup, TOKENS.expiring);
  await waitForText(popup, '.kd-summary', 'expires in 2 days');
  await waitForText(popup, '[data-testid=kd-expiry]', 'in 2 days');
  await expect.poll(() => badge(popup)).toBe('3d');
});
