import type { Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { createLogsBuild, jobLog, readZip } from '../logs-scenario';
import { expect, saveToken, test } from './fixtures';

/** Real Firefox ESR: the failure digest, search and scopes against the fake on loopback. */

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

/**
 * Firefox ESR's WebDriver BiDi (what puppeteer drives) reports no download events, so the test takes what the page
 * hands to the browser's download: the zip's Blob (kept when `URL.createObjectURL` is called) and the artifact
 * link's signed URL (kept when the link is clicked), then checks their bytes.
 */
test('downloads: one zip file per job with the right bytes; the artifact follows the 302', async ({ firefox }) => {
  await saveToken(firefox, TOKENS.full);
  const build = await createLogsBuild();
  const page = await firefox.openExtensionPage(`digest.html?${build.query}`, 'form[role=search]');
  await page.evaluate(() => {
    const kept = window as unknown as { __kdBlobs: Blob[]; __kdLinks: string[] };
    kept.__kdBlobs = [];
    kept.__kdLinks = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) kept.__kdBlobs.push(blob);
      return create(blob);
    };
    const click = Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, 'click')?.value as (
      this: HTMLAnchorElement,
    ) => void;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      kept.__kdLinks.push(this.href);
      if (!this.href.startsWith('blob:')) return; // the signed URL is fetched by the test, not saved
      click.call(this);
    };
  });
  const press = async (selector: string) => {
    const button = await page.waitForSelector(selector);
    await button!.evaluate((b) => b.scrollIntoView({ block: 'center' }));
    await button!.click();
  };
  await press('button::-p-text(Download all logs)');
  const zipBase64 = await page.waitForFunction(
    () => {
      const blob = (window as unknown as { __kdBlobs: Blob[] }).__kdBlobs[0];
      if (!blob) return null;
      return blob.arrayBuffer().then((b) => {
        let s = '';
        for (const byte of new Uint8Array(b)) s += String.fromCharCode(byte);
        return btoa(s);
      });
    },
    { timeout: 30_000 },
  );
  const files = readZip(new Uint8Array(Buffer.from((await zipBase64.jsonValue()) as string, 'base64')));
  expect(files.size).toBe(20);
  build.jobs.forEach((job, i) => {
    const name = [...files.keys()].find((n) => n.endsWith(`${job.id}.log`))!;
    expect(name).toMatch(new RegExp(`^${String(i + 1).padStart(2, '0')}-shard-${i + 1}-`));
    const failed =
      i < 3
        ? `FAIL src/login.test.ts (${i + 2}.5 s)`
        : i === 3
          ? 'panic: runtime error: index out of range [3] with length 3'
          : i === 4
            ? 'error: lint warnings'
            : null;
    expect(files.get(name)).toBe(jobLog(i, failed));
  });

  await press('button::-p-text(List artifacts)');
  await press('button[aria-label="Download reports/junit.xml"]');
  const link = await page.waitForFunction(
    () => (window as unknown as { __kdLinks: string[] }).__kdLinks.find((l) => !l.startsWith('blob:')) ?? null,
    { timeout: 15_000 },
  );
  const signed = (await link.jsonValue()) as string;
  expect(await (await fetch(signed)).text()).toBe('<testsuite name="login"/>\n');
  const sent = await fake.requests({ token: TOKENS.full });
  expect(sent.some((r) => /\/jobs\/[^/]+\/artifacts\/[^/]+\/download$/.test(r.path) && r.status === 302)).toBe(true);
});
