import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { createLogsBuild, jobLog, LOGS_PIPELINE, readZip } from '../logs-scenario';
import { expect, test } from './fixtures';

async function saveToken(openExtensionPage: (file: string) => Promise<Page>, token: string) {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).not.toContainText('Checking');
  await expect(popup.getByRole('status')).not.toContainText('No token set');
  await popup.close();
}

test.describe('why did it fail: digest, search, downloads', () => {
  test('digest shows each failed job’s error lines, groups identical ones, renders the annotation without its script', async ({
    openExtensionPage,
  }) => {
    await saveToken(openExtensionPage, TOKENS.full);
    const build = await createLogsBuild();
    await fake.clearRequests();
    const page = await openExtensionPage(`digest.html?${build.query}`);
    const group = page.getByRole('article', { name: 'Same failure in 3 jobs' });
    await expect(group.getByRole('heading', { name: 'The same 1 line failed in 3 jobs' })).toBeVisible();
    await expect(group.getByRole('list', { name: 'Error lines' })).toContainText('FAIL src/login.test.ts (2.5 s)');
    for (const name of ['Shard 1', 'Shard 2', 'Shard 3']) await expect(group.getByRole('link', { name })).toBeVisible();
    const own = page.getByRole('article', { name: 'Failed job Shard 4' });
    await expect(own.getByRole('list', { name: 'Error lines' })).toContainText('panic: runtime error');
    // Soft-failed jobs only on request.
    await expect(page.getByRole('article', { name: 'Failed job Shard 5' })).toHaveCount(0);
    const annotation = page.getByRole('article', { name: 'Annotation tests' });
    await expect(annotation).toContainText('Broken tests in shard 3');
    expect(await annotation.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __kdPwned?: number }).__kdPwned)).toBeUndefined();
    await expect(page.getByRole('article', { name: 'Annotation coverage' })).toHaveCount(0);
    // One GraphQL request and one Range tail per failed job.
    const sent = await fake.requests({ token: TOKENS.full });
    expect(sent.filter((r) => r.operationName === 'FailureDigest')).toHaveLength(1);
    const tails = sent.filter((r) => r.path.endsWith('/log'));
    expect(tails).toHaveLength(4);
    for (const r of tails) expect(r.headers.range).toMatch(/^bytes=-\d+$/);

    await page.getByRole('checkbox', { name: 'Include soft-failed jobs' }).check();
    await expect(page.getByRole('article', { name: 'Failed job Shard 5' })).toContainText('error: lint warnings');
  });

  test('search finds a regex across 20 jobs, opens the line; a bad regex is explained', async ({
    openExtensionPage,
  }) => {
    await saveToken(openExtensionPage, TOKENS.full);
    const build = await createLogsBuild();
    const page = await openExtensionPage(`digest.html?${build.query}`);
    const search = page.getByRole('search');
    await search.getByRole('searchbox', { name: 'Search for' }).fill('needle-1(0[5-9]|1\\d)');
    await search.getByRole('checkbox', { name: 'Regular expression' }).check();
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('#kd-search-status')).toHaveText(
      'Done: 15 matching lines in 15 jobs (20 of 20 logs searched)',
    );
    const results = page.getByRole('list', { name: 'Search results' });
    await expect(results.locator('mark').first()).toHaveText(/^needle-1\d\d$/);
    const link = results.getByRole('link', { name: 'Shard 8 · line 34' });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole('heading', { name: 'Log of Shard 8' })).toBeVisible();
    const row = page.locator('[data-line="34"]');
    await expect(row).toHaveClass(/kd-row-target/);
    await expect(row).toContainText('needle-107 seen in shard 7');
    // The group header renders as a toggle; colours are spans, not escapes.
    await expect(page.getByRole('button', { name: /Running tests \(shard 7\)/ })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(await page.getByRole('log', { name: 'Log' }).textContent()).not.toContain('\x1b');

    await page.goBack();
    const again = page.getByRole('search');
    await again.getByRole('searchbox', { name: 'Search for' }).fill('fail(');
    await again.getByRole('checkbox', { name: 'Regular expression' }).check();
    await again.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('alert')).toContainText('Not a valid regular expression');
  });

  test('download all logs: one zip, one file per job with the right bytes; artifact download follows the 302', async ({
    openExtensionPage,
  }) => {
    await saveToken(openExtensionPage, TOKENS.full);
    const build = await createLogsBuild();
    const page = await openExtensionPage(`digest.html?${build.query}`);
    const downloads = page.getByRole('region', { name: 'Downloads' });
    const zipDownload = page.waitForEvent('download');
    await downloads.getByRole('button', { name: 'Download all logs' }).click();
    const zip = await zipDownload;
    expect(zip.suggestedFilename()).toBe(`acme-${LOGS_PIPELINE}-${build.number}-logs.zip`);
    const files = readZip(new Uint8Array(readFileSync((await zip.path())!)));
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

    await downloads.getByRole('button', { name: 'List artifacts' }).click();
    const row = downloads.getByRole('row', { name: /reports\/junit\.xml/ });
    await expect(row).toContainText('26 B');
    await expect(row).toContainText('finished');
    const artifactDownload = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Download reports/junit.xml' }).click();
    const artifact = await artifactDownload;
    expect(readFileSync((await artifact.path())!, 'utf8')).toBe('<testsuite name="login"/>\n');
    const sent = await fake.requests({ token: TOKENS.full });
    expect(sent.some((r) => /\/jobs\/[^/]+\/artifacts\/[^/]+\/download$/.test(r.path) && r.status === 302)).toBe(true);
  });

  test('a token without read_build_logs / read_artifacts: the reason is shown, nothing is fetched', async ({
    openExtensionPage,
  }) => {
    const token = 'bkua_nologs0kitedeck0fake0token0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    await fake.addToken({
      value: token,
      scopes: ['read_user', 'read_organizations', 'read_pipelines', 'read_builds', 'graphql'],
    });
    await saveToken(openExtensionPage, token);
    const build = await createLogsBuild();
    await fake.clearRequests();
    const page = await openExtensionPage(`digest.html?${build.query}`);
    await expect(page.getByRole('article', { name: 'Failed job Shard 4' }).getByRole('alert')).toContainText(
      'The token lacks the read_build_logs scope',
    );
    const downloads = page.getByRole('region', { name: 'Downloads' });
    await downloads.getByRole('button', { name: 'List artifacts' }).click();
    await expect(downloads.getByRole('alert')).toContainText('The token lacks the read_artifacts scope');
    const sent = await fake.requests({ token });
    expect(sent.filter((r) => r.path.endsWith('/log') || r.path.endsWith('/artifacts'))).toHaveLength(0);
  });
});
