import type { BrowserContext, Page } from '@playwright/test';
import { BUILDS, gqlId, JOBS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { expect, test } from './fixtures';

type BuildRef = { org: string; pipeline: string; number: number; id: string };
const buildUrl = (b: { org: string; pipeline: string; number: number }) =>
  `https://buildkite.com/${b.org}/${b.pipeline}/builds/${b.number}`;

async function saveToken(openExtensionPage: (file: string) => Promise<Page>, token: string) {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).not.toContainText('Checking');
  await expect(popup.getByRole('status')).not.toContainText('No token set');
  await popup.close();
}

async function openBuild(context: BrowserContext, build: BuildRef) {
  const page = await context.newPage();
  await page.goto(buildUrl(build));
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  const panel = page.getByRole('region', { name: 'Kitedeck' });
  await expandPanel(page);
  return { page, panel, feedback: page.locator('[data-kd=feedback]') };
}

/** The panel starts as a launcher (or expanded, when the user left it so): expand it. */
async function expandPanel(page: Page) {
  const launcher = page.locator('kd-panel [data-kd=launcher]');
  if (await launcher.isVisible()) await launcher.click();
  await expect(page.getByRole('button', { name: 'Collapse Kitedeck panel' })).toBeVisible();
}

const mutations = async (token: string, operationName: string) =>
  (await fake.requests({ token })).filter((r) => r.operationName === operationName);

test.describe('quick actions (full token)', () => {
  test.beforeEach(async ({ openExtensionPage }) => {
    await saveToken(openExtensionPage, TOKENS.full);
  });

  test('one GraphQL request per build page view', async ({ context }) => {
    await fake.clearRequests();
    await openBuild(context, BUILDS.webFailed);
    const seen = (await fake.requests({ token: TOKENS.full })).map((r) => r.operationName ?? `${r.method} ${r.path}`);
    expect(seen).toEqual(['BuildPage']);
  });

  test('rebuild: the fake receives one rebuild; the panel links to the new build; a double click sends once', async ({
    context,
  }) => {
    const { panel, feedback } = await openBuild(context, BUILDS.webFailed);
    await panel.getByRole('button', { name: 'Rebuild', exact: true }).dblclick();
    await expect(feedback).toContainText(/Rebuilt as #\d+/);
    const sent = await mutations(TOKENS.full, 'BuildRebuild');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('POST');
    expect(sent[0]!.variables).toEqual({ id: gqlId('Build', BUILDS.webFailed.id) });
    const number = Number((await feedback.textContent())!.match(/#(\d+)/)![1]);
    await expect(feedback.getByRole('link', { name: `#${number}` })).toHaveAttribute(
      'href',
      buildUrl({ ...BUILDS.webFailed, number }),
    );
  });

  test('cancel asks first and is offered only while the build can be canceled', async ({ context }) => {
    const failed = await openBuild(context, BUILDS.webFailed);
    await expect(failed.panel.getByRole('button', { name: 'Rebuild', exact: true })).toBeVisible();
    await expect(failed.panel.getByRole('button', { name: 'Cancel build' })).toBeHidden();

    const { page, panel, feedback } = await openBuild(context, BUILDS.webRunning);
    await panel.getByRole('button', { name: 'Cancel build' }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel build #${BUILDS.webRunning.number}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep running' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('button', { name: 'Cancel build' })).toBeFocused();
    expect(await mutations(TOKENS.full, 'BuildCancel')).toHaveLength(0);

    await panel.getByRole('button', { name: 'Cancel build' }).click();
    await dialog.getByRole('button', { name: 'Cancel build' }).click();
    await expect(feedback).toContainText(`Build #${BUILDS.webRunning.number} is cancel`);
    const sent = await mutations(TOKENS.full, 'BuildCancel');
    expect(sent.map((r) => r.variables)).toEqual([{ id: gqlId('Build', BUILDS.webRunning.id) }]);
  });

  test('retry failed jobs: the preview explains, the options filter, the fake receives the chosen jobs', async ({
    context,
  }) => {
    const { page, panel, feedback } = await openBuild(context, BUILDS.webFailed);
    await panel.getByRole('button', { name: 'Retry failed jobs' }).click();
    const dialog = page.getByRole('dialog', { name: `Retry failed jobs of #${BUILDS.webFailed.number}` });
    const will = dialog.getByRole('list', { name: 'Jobs that will be retried' });
    const left = dialog.getByRole('list', { name: 'Jobs left out' });
    await expect(will).toContainText('Unit tests');
    await expect(left).toContainText('Flaky suite: already retried');
    await dialog.getByLabel('Only infrastructure failures (agent lost or stopped)').check();
    await expect(will.getByRole('listitem')).toHaveText(['Integration tests', 'E2E tests']);
    await expect(left).toContainText('Unit tests: not an infrastructure failure (exit status 1)');
    await dialog.getByRole('button', { name: 'Retry 2 jobs' }).click();
    await expect(feedback).toContainText('Retried 2 jobs.');
    const requests = (await fake.requests({ token: TOKENS.full })).filter(
      (r) => /Retr/.test(r.operationName ?? '') || /retry/.test(r.path),
    );
    const body = JSON.stringify(requests.map((r) => r.variables ?? r.body));
    expect(body).toContain(gqlId('Job', JOBS.agentLost));
    expect(body).toContain(gqlId('Job', JOBS.agentStopped));
    expect(body).not.toContain(gqlId('Job', JOBS.failedUnit));
  });

  test('per job: retry and cancel from the job menu, inline next to the page’s job link too', async ({ context }) => {
    const { page, panel, feedback } = await openBuild(context, BUILDS.webFailed);
    await page.getByRole('link', { name: 'Unit tests' }).hover(); // the inline button comes when a job link is reached
    await page.getByRole('button', { name: 'Kitedeck actions for Unit tests' }).click();
    const menu = page.getByRole('dialog', { name: 'Job: Unit tests' });
    await menu.getByRole('button', { name: 'Retry job' }).click();
    await expect(feedback).toContainText('Retried Unit tests.');
    expect((await mutations(TOKENS.full, 'JobRetry')).map((r) => r.variables)).toEqual([
      { id: gqlId('Job', JOBS.failedUnit) },
    ]);

    const running = await openBuild(context, BUILDS.webRunning);
    await running.panel.getByRole('button', { name: 'Job actions: Test' }).click();
    await running.page.getByRole('dialog', { name: 'Job: Test' }).getByRole('button', { name: 'Cancel job' }).click();
    await expect(running.feedback).toContainText('Canceled Test.');
    expect((await mutations(TOKENS.full, 'JobCancel')).map((r) => r.variables)).toEqual([
      { id: gqlId('Job', JOBS.runningTest) },
    ]);
    await expect(panel).toBeVisible();
  });

  test('open raw log opens Kitedeck’s log page as text; copy job id', async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { page, panel } = await openBuild(context, BUILDS.webFailed);
    await panel.getByRole('button', { name: 'Job actions: Unit tests' }).click();
    const menu = page.getByRole('dialog', { name: 'Job: Unit tests' });
    await menu.getByRole('button', { name: 'Copy job id' }).click();
    await expect(menu.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(JOBS.failedUnit);
    const opened = context.waitForEvent('page');
    await menu.getByRole('button', { name: 'Open raw log' }).click();
    const logPage = await opened;
    await expect(logPage.getByRole('heading', { name: 'Log of Unit tests' })).toBeVisible();
    const log = await logPage.getByLabel('Log').textContent();
    expect(log).not.toContain('\x1b');
    expect(log!.length).toBeGreaterThan(0);
    await expect(logPage.getByRole('link', { name: 'Back to the job on Buildkite' })).toHaveAttribute(
      'href',
      new RegExp(JOBS.failedUnit),
    );
    expect(
      (await fake.requests({ token: TOKENS.full })).some((r) => r.path.endsWith(`/jobs/${JOBS.failedUnit}/log`)),
    ).toBe(true);
  });

  test('unblock: required fields are validated, then the fields are sent', async ({ context }) => {
    const { page, panel, feedback } = await openBuild(context, BUILDS.webFailing);
    await panel.getByRole('button', { name: 'Unblock Deploy to staging?' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unblock “Deploy to staging?”' });
    await expect(dialog.getByLabel('Release name (required)')).toBeFocused();
    // Buildkite documents no API for a block step's fields: the form says where they came from
    await expect(dialog).toContainText('Fields from the pipeline’s steps.');
    await dialog.getByRole('button', { name: 'Unblock' }).click();
    await expect(dialog.getByText('Release name is required.')).toBeVisible();
    await expect(dialog.getByLabel('Release name (required)')).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByLabel('Release name (required)').fill('v2.5.0');
    await dialog.getByLabel('Environment (required)').selectOption('production');
    await dialog.getByLabel('EU West').check();
    await dialog.getByRole('button', { name: 'Unblock' }).click();
    await expect(feedback).toContainText('Unblocked “Deploy to staging?”.');
    await expect(dialog).toBeHidden();
    const sent = await mutations(TOKENS.full, 'JobUnblock');
    expect(sent).toHaveLength(1);
    const variables = sent[0]!.variables as { id: string; fields: string };
    expect(variables.id).toBe(gqlId('Job', JOBS.failingBlock));
    expect(JSON.parse(variables.fields)).toMatchObject({
      'release-name': 'v2.5.0',
      environment: 'production',
      regions: expect.stringContaining('eu-west'),
    });
  });

  test('unblock warns when a newer build exists on the branch and needs “Unblock anyway”', async ({ context }) => {
    const blocked = await fake.getBuild(BUILDS.deployBlocked.id);
    const newer = await fake.createBuild({
      org: 'acme',
      pipeline: 'deploy',
      branch: String(blocked.branch),
      state: 'running',
      message: 'Release 2.6.0',
    });
    const { page, panel, feedback } = await openBuild(context, BUILDS.deployBlocked);
    await panel.getByRole('button', { name: 'Unblock Release' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unblock “Release”' });
    await dialog.getByLabel('Release notes (required)').fill('Fixes');
    await dialog.getByRole('button', { name: 'Unblock' }).click();
    await expect(dialog.getByRole('alert')).toContainText(
      `A newer build exists on ${String(blocked.branch)}: #${newer.number}`,
    );
    await expect(dialog.getByRole('link', { name: `#${newer.number}` })).toHaveAttribute(
      'href',
      buildUrl({ org: 'acme', pipeline: 'deploy', number: newer.number }),
    );
    expect(await mutations(TOKENS.full, 'JobUnblock')).toHaveLength(0);
    await dialog.getByRole('button', { name: 'Unblock anyway' }).click();
    await expect(feedback).toContainText('Unblocked “Release”.');
    expect(await mutations(TOKENS.full, 'JobUnblock')).toHaveLength(1);
  });

  test('a 422 and a 5xx are shown in the error vocabulary; mutations are not retried', async ({ context }) => {
    const { panel, feedback } = await openBuild(context, BUILDS.webFailed);
    await fake.scenario({
      match: { operationName: 'BuildRebuild' },
      respond: { kind: 'status', status: 422, body: { message: 'Build can not be rebuilt' } },
      times: 1,
    });
    await panel.getByRole('button', { name: 'Rebuild', exact: true }).click();
    await expect(feedback).toHaveAttribute('data-state', 'error');
    await expect(feedback).toContainText('Build can not be rebuilt');
    expect(await mutations(TOKENS.full, 'BuildRebuild')).toHaveLength(1);

    await fake.scenario({
      match: { operationName: 'BuildRebuild' },
      respond: { kind: 'server-error', status: 502 },
      times: 1,
    });
    await panel.getByRole('button', { name: 'Rebuild', exact: true }).click();
    await expect(feedback).toHaveAttribute('data-kind', 'server');
    expect(await mutations(TOKENS.full, 'BuildRebuild')).toHaveLength(2);
    await expect(panel.getByRole('button', { name: 'Rebuild', exact: true })).toBeEnabled();
  });

  test('in-app navigation to another build: one panel, and actions act on the new build', async ({ context }) => {
    const { page, panel, feedback } = await openBuild(context, BUILDS.webFailed);
    await page.evaluate((href) => history.pushState({}, '', href), `/acme/web/builds/${BUILDS.webRunning.number}`);
    await expect(panel.locator('[data-kd=build-summary]')).toContainText(`#${BUILDS.webRunning.number} running`);
    await expect(page.locator('kd-panel')).toHaveCount(1);
    await panel.getByRole('button', { name: 'Cancel build' }).click();
    await page
      .getByRole('dialog', { name: `Cancel build #${BUILDS.webRunning.number}?` })
      .getByRole('button', { name: 'Cancel build' })
      .click();
    await expect(feedback).toContainText(`Build #${BUILDS.webRunning.number} is cancel`);
    expect((await mutations(TOKENS.full, 'BuildCancel')).map((r) => r.variables)).toEqual([
      { id: gqlId('Build', BUILDS.webRunning.id) },
    ]);
  });

  test('keyboard: r then f opens the preview, ? the overlay, Escape closes; typing in a field does nothing', async ({
    context,
  }) => {
    const { page, panel } = await openBuild(context, BUILDS.webFailed);
    await page.evaluate(() =>
      document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<label>Search <input id="q"></label>'),
    );
    await page.getByLabel('Search').pressSequentially('rf?u');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByLabel('Search')).toHaveValue('rf?u');

    await page.locator('main h1').click();
    await page.keyboard.press('r');
    await page.keyboard.press('f');
    const preview = page.getByRole('dialog', { name: `Retry failed jobs of #${BUILDS.webFailed.number}` });
    await expect(preview).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(preview).toBeHidden();

    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Kitedeck keyboard shortcuts' });
    await expect(overlay).toContainText('Retry failed jobs');
    await page.keyboard.press('Tab');
    await expect(overlay.getByRole('button', { name: 'Close' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(overlay.getByRole('button', { name: 'Close' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();
    await panel.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(overlay).toBeVisible();
    await overlay.getByRole('button', { name: 'Close' }).click();
    await expect(panel.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused();
  });

  test('copy as curl and as a bk command: the token is never in it', async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { page, panel } = await openBuild(context, BUILDS.webFailed);
    await panel.getByRole('button', { name: 'Copy helpers' }).click();
    await panel.getByRole('button', { name: 'Copy as curl' }).click();
    await expect(panel.getByRole('button', { name: 'Copied' })).toBeVisible();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toBe(
      'curl -H "Authorization: Bearer $BUILDKITE_API_TOKEN" https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/103',
    );
    expect(curl).not.toContain(TOKENS.full);
    await panel.getByRole('button', { name: 'Copy as bk command' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('bk build view 103 -p acme/web');
    await panel.getByRole('button', { name: 'Copy commit SHA' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^[0-9a-f]{40}$/);
  });

  test('read-only mode (options page) hides every control that writes', async ({ context, openExtensionPage }) => {
    const options = await openExtensionPage('options.html');
    await options.getByLabel('Read-only mode').check();
    await expect(options.getByRole('status')).toContainText('Saved');
    const { panel } = await openBuild(context, BUILDS.webFailing);
    await expect(panel.getByRole('button', { name: 'Copy helpers' })).toBeVisible();
    for (const name of ['Rebuild', 'Cancel build', 'Retry failed jobs', 'Unblock Deploy to staging?']) {
      await expect(panel.getByRole('button', { name, exact: true })).toBeHidden();
    }
  });

  test('a feature switched off in the options does not run', async ({ context, openExtensionPage }) => {
    const options = await openExtensionPage('options.html');
    await options.getByRole('checkbox', { name: 'Keyboard shortcuts enabled' }).uncheck();
    await expect(options.getByRole('status')).toContainText('Saved');
    const { panel } = await openBuild(context, BUILDS.webFailed);
    await expect(panel.getByRole('button', { name: 'Rebuild', exact: true })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  });
});

test('a token without write_builds: write controls are disabled with the reason', async ({
  context,
  openExtensionPage,
}) => {
  await saveToken(openExtensionPage, TOKENS.readonly);
  const { panel } = await openBuild(context, BUILDS.webFailing);
  const rebuild = panel.getByRole('button', { name: 'Rebuild', exact: true });
  await expect(rebuild).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Retry failed jobs' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Unblock Deploy to staging?' })).toBeDisabled();
  await expect(rebuild).toHaveAccessibleDescription(/write_builds.*popup/);
  expect(
    (await fake.requests({ token: TOKENS.readonly })).filter(
      (r) => r.method !== 'GET' && !r.operationName?.match(/^(BuildPage|TokenHealth)$/),
    ),
  ).toHaveLength(0);
});
