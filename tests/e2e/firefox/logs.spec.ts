import type { Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { createLogsBuild } from '../logs-scenario';
import type { FirefoxSession } from './firefox';
import { expect, test } from './fixtures';

/** Real Firefox ESR: the failure digest, search and scopes against the fake on loopback. */

async function saveToken(firefox: FirefoxSession, token: string) {
  const popup = await firefox.openExtensionPage('popup.html', '#kd-token');
  await popup.type('#kd-token', token);
  await popup.locator('button::-p-text(Save token)').click();
  await expect
    .poll(() => popup.$eval('.kd-summary', (n) => n.textContent ?? ''), { timeout: 15_000 })
    .not.toMatch(/Checking|No token/);
  await popup.close();
}

const text = (page: Page, selector: string) =>
  page.evaluate((s: string) => [...document.querySelectorAll(s)].map((n) => n.textContent ?? '').join('\n'), selector);

test('digest: error lines of each failed job, identical ones grouped, annotation script not run', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const build = await createLogsBuild();
  const page = await firefox.openExtensionPage(`digest.html?${build.query}`, '.kd-group');
  expect(await text(page, '.kd-group h3')).toBe('The same 1 line failed in 3 jobs');
  expect(await text(page, '.kd-group .kd-error-lines')).toContain('FAIL src/login.test.ts (2.5 s)');
  expect(await text(page, '[aria-label="Failed job Shard 4"] .kd-error-lines')).toContain('panic: runtime error');
  expect(await text(page, '.kd-annotation-body')).toContain('Broken tests in shard 3');
  expect(await page.evaluate(() => document.querySelectorAll('.kd-annotation-body script').length)).toBe(0);
  expect(await page.evaluate(() => (window as { __kdPwned?: number }).__kdPwned ?? null)).toBeNull();
});

test('search: a regex across 20 jobs streams results; a bad regex is explained', async ({ firefox }) => {
  await saveToken(firefox, TOKENS.full);
  const build = await createLogsBuild();
  const page = await firefox.openExtensionPage(`digest.html?${build.query}`, 'form[role=search]');
  await page.type('input[type=search]', 'needle-1(0[5-9]|1\\d)');
  await page.click('form[role=search] input[type=checkbox]');
  await page.click('form[role=search] button[type=submit]');
  await expect
    .poll(() => text(page, '#kd-search-status'), { timeout: 30_000 })
    .toBe('Done: 15 matching lines in 15 jobs (20 of 20 logs searched)');
  const href = await page.$eval('.kd-search-results a', (a) => (a as HTMLAnchorElement).href);
  expect(href).toMatch(/job-log\.html\?org=acme&pipeline=logs-e2e&build=\d+&job=[0-9a-f-]+#L34$/);

  await page.click('input[type=search]', { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type('input[type=search]', 'fail(');
  await page.click('form[role=search] button[type=submit]');
  await expect.poll(() => text(page, '[role=alert]'), { timeout: 10_000 }).toContain('Not a valid regular expression');
});

test('missing read_build_logs: the digest says why, no log is fetched', async ({ firefox }) => {
  const token = 'bkua_nologs0kitedeck0fake0token0cccccccccccccccccccccccccccccc';
  await fake.addToken({
    value: token,
    scopes: ['read_user', 'read_organizations', 'read_pipelines', 'read_builds', 'graphql'],
  });
  await saveToken(firefox, token);
  const build = await createLogsBuild();
  await fake.clearRequests();
  const page = await firefox.openExtensionPage(`digest.html?${build.query}`, '.kd-failed-job [role=alert]');
  expect(await text(page, '.kd-failed-job [role=alert]')).toContain('The token lacks the read_build_logs scope');
  expect((await fake.requests({ token })).filter((r) => r.path.endsWith('/log'))).toHaveLength(0);
});
