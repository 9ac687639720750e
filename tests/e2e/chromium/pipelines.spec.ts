import type { BrowserContext, Page } from '@playwright/test';
import { BUILDS, USER } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { expect, test } from './fixtures';

/** Pipeline pages and build lists: new build, rebuild with changes, bulk actions with preview, pacing and Stop. */

const BRANCH = 'feature/search';
type Made = { id: string; number: number; state: string };

async function saveToken(openExtensionPage: (file: string) => Promise<Page>, token: string) {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).not.toContainText('Checking');
  await popup.close();
}

/** The panel starts as a launcher (or expanded, when the user left it so): expand it, and answer its region. */
async function openPanel(page: Page) {
  const launcher = page.locator('kd-panel [data-kd=launcher]');
  await expect(launcher).toBeVisible();
  if ((await launcher.getAttribute('aria-expanded')) === 'false') await launcher.click();
  return page.getByRole('region', { name: 'Kitedeck' });
}

async function openList(context: BrowserContext, path = '/acme/web') {
  const page = await context.newPage();
  await page.goto(`https://buildkite.com${path}`);
  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'Show builds' }).click();
  await expect(panel.locator('[data-kd=build-list] li').first()).toBeVisible();
  return { page, panel };
}

const superseded = async () => (await fake.preset('superseded-branch')) as Made[];
const stateAtFake = async (id: string) => (await fake.state()).builds.find((b) => b.id === id)!.state;

test.describe('pipeline pages (GraphQL token)', () => {
  test.beforeEach(async ({ openExtensionPage }) => {
    await saveToken(openExtensionPage, TOKENS.full);
  });

  test('new build with environment and meta-data, as received at the fake; validation next to the field', async ({
    context,
  }) => {
    const page = await context.newPage();
    await page.goto('https://buildkite.com/acme/web');
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'New build' }).click();
    const dialog = page.getByRole('dialog', { name: 'New build: web' });
    await expect(dialog.getByLabel('Branch', { exact: true })).toHaveValue('main');
    await dialog.getByLabel('Commit', { exact: true }).fill('main');
    await expect(dialog.getByText('Use HEAD or a commit SHA (7 to 40 hexadecimal characters).')).toBeVisible();
    await dialog.getByLabel('Commit', { exact: true }).fill('HEAD');
    await dialog.getByLabel('Branch', { exact: true }).fill('dev');
    await dialog.getByLabel('Message', { exact: true }).fill('Try the search');
    await dialog.getByRole('button', { name: 'Add environment variable' }).click();
    await dialog.getByLabel('Environment variable 1 key').fill('DEPLOY_ENV');
    await dialog.getByLabel('Environment variable 1 value').fill('staging');
    await dialog.getByRole('button', { name: 'Add meta-data' }).click();
    await dialog.getByLabel('Meta-data 1 key').fill('release');
    await dialog.getByLabel('Meta-data 1 value').fill('2.5');
    await fake.clearRequests();
    await dialog.getByRole('button', { name: 'Create build' }).click();
    await expect(dialog.getByRole('status')).toContainText(/Build #\d+ created/);
    const creates = (await fake.requests({ operationName: 'BuildCreate' })) as { variables: any }[];
    expect(creates).toHaveLength(1);
    expect(creates[0]!.variables.input).toMatchObject({
      commit: 'HEAD',
      branch: 'dev',
      message: 'Try the search',
      env: ['DEPLOY_ENV=staging'],
      metaData: [{ key: 'release', value: '2.5' }],
    });
    await expect(dialog.getByRole('link', { name: /Open build #\d+/ })).toBeVisible();
    await dialog.getByRole('button', { name: 'Watch it' }).click();
    await expect(dialog.getByRole('status')).toContainText('Watching build');
  });

  test('rebuild with changes: same commit and branch, new environment', async ({ context }) => {
    const page = await context.newPage();
    await page.goto(`https://buildkite.com/acme/web/builds/${BUILDS.webFailed.number}`);
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Rebuild with changes' }).click();
    const dialog = page.getByRole('dialog', { name: `Rebuild #${BUILDS.webFailed.number} with changes` });
    const original = (await fake.state()).builds.find((b) => b.id === BUILDS.webFailed.id)!;
    await expect(dialog.getByLabel('Branch', { exact: true })).toHaveValue(original.branch);
    await expect(dialog.getByLabel('Commit', { exact: true })).toHaveValue(original.commit);
    await dialog.getByRole('button', { name: 'Add environment variable' }).click();
    const row = Object.keys(original.env).length + 1;
    await dialog.getByLabel(`Environment variable ${row} key`).fill('DEBUG');
    await dialog.getByLabel(`Environment variable ${row} value`).fill('1');
    await dialog.getByRole('button', { name: 'Create build' }).click();
    await expect(dialog.getByRole('status')).toContainText(/Build #\d+ created/);
    const [create] = (await fake.requests({ operationName: 'BuildCreate' })) as { variables: any }[];
    expect(create!.variables.input).toMatchObject({ commit: original.commit, branch: original.branch });
    expect(create!.variables.input.env).toContain('DEBUG=1');
  });

  test('cancel superseded: exactly the 3 older running builds, each reported', async ({ context }) => {
    const made = await superseded();
    const { panel, page } = await openList(context, `/acme/web/builds?branch=${encodeURIComponent(BRANCH)}`);
    await expect(panel.locator('[data-kd=build-list] li')).toHaveCount(6);
    await panel.getByRole('button', { name: 'Cancel superseded on this branch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel superseded builds' });
    const older = [made[4]!, made[2]!, made[0]!];
    await expect(dialog.locator('[data-kd=bulk-preview] li')).toHaveText(
      older.map((b) => `#${b.number}: cancel (running, superseded by #${made[5]!.number})`),
    );
    await expect(dialog.locator('[data-kd=bulk-budget]')).toContainText('2 requests to send');
    await fake.clearRequests();
    await dialog.getByRole('button', { name: 'Confirm: 3 builds' }).click();
    const progress = panel.getByRole('region', { name: 'Cancel superseded builds' });
    await expect(progress.getByRole('status')).toHaveText('Finished: 3 of 3 done.');
    await expect(progress.locator('[data-kd=bulk-outcomes] li')).toHaveCount(3);
    for (const b of older)
      await expect(progress.locator('[data-kd=bulk-outcomes] li', { hasText: `#${b.number}:` })).toContainText(
        'canceled',
      );
    const cancels = (await fake.requests({ operationName: 'BulkCancel' })) as { variables: any }[];
    expect(cancels).toHaveLength(1);
    expect(Object.keys(cancels[0]!.variables)).toHaveLength(3);
    expect(await stateAtFake(made[5]!.id)).toBe('running');
    for (const b of older) expect(['canceling', 'canceled']).toContain(await stateAtFake(b.id));
  });

  test('a build that finished between preview and send is skipped with the reason', async ({ context }) => {
    const made = await superseded();
    const { panel, page } = await openList(context, `/acme/web/builds?branch=${encodeURIComponent(BRANCH)}`);
    await panel.getByRole('button', { name: 'Cancel superseded on this branch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel superseded builds' });
    await expect(dialog.locator('[data-kd=bulk-preview] li')).toHaveCount(3);
    await fake.transitionBuild(made[2]!.id, { state: 'passed' });
    await dialog.getByRole('button', { name: 'Confirm: 3 builds' }).click();
    const progress = panel.getByRole('region', { name: 'Cancel superseded builds' });
    await expect(progress.getByRole('status')).toHaveText('Finished: 2 of 3 done.');
    await expect(progress.locator('[data-kd=bulk-outcomes] li', { hasText: `#${made[2]!.number}:` })).toContainText(
      'skipped: already passed since the preview',
    );
    const [cancel] = (await fake.requests({ operationName: 'BulkCancel' })) as { variables: any }[];
    expect(Object.keys(cancel!.variables)).toHaveLength(2);
  });
});

test('the dashboard lists your builds across organisations, read only once the panel is expanded', async ({
  context,
  openExtensionPage,
}) => {
  await saveToken(openExtensionPage, TOKENS.full);
  await fake.clearRequests();
  const page = await context.newPage();
  await page.goto('https://buildkite.com/dashboard');
  const launcher = page.locator('kd-panel [data-kd=launcher]');
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
  expect(await fake.requests({ operationName: 'MyBuilds' })).toHaveLength(0);
  await launcher.click();
  const list = page.getByRole('region', { name: 'Kitedeck' }).getByRole('region', { name: 'Your builds' });
  const mine = (await fake.state()).builds.filter((b) => b.creatorId === USER.id);
  expect(new Set(mine.map((b) => b.org))).toEqual(new Set(['acme', 'globex']));
  await expect(list.locator('[data-kd=build-list] li')).toHaveCount(mine.length);
  for (const b of mine)
    await expect(
      list.getByRole('checkbox', { name: new RegExp(`^${b.org}/${b.pipeline} #${b.number} `) }),
    ).toBeVisible();
  expect(await fake.requests({ operationName: 'MyBuilds' })).toHaveLength(1);
  await expect(list.getByRole('button', { name: 'Cancel selected' })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Cancel superseded on this branch' })).toHaveCount(0);
});

test.describe('pipeline pages (REST token, low budget)', () => {
  test.beforeEach(async ({ openExtensionPage }) => {
    await saveToken(openExtensionPage, TOKENS.legacy);
  });

  async function selectRunning(panel: ReturnType<Page['getByRole']>, made: Made[]) {
    for (const b of made.filter((x) => x.state === 'running'))
      await panel.getByRole('checkbox', { name: new RegExp(`^#${b.number} `) }).check();
  }

  test('pacing under a low budget shows the wait and never meets a 429', async ({ context }) => {
    const made = await superseded();
    const { panel, page } = await openList(context, `/acme/web/builds?branch=${encodeURIComponent(BRANCH)}`);
    await selectRunning(panel, made);
    await fake.preset('low-budget', { limit: 6, windowMs: 6000 });
    await fake.clearRequests();
    await panel.getByRole('button', { name: 'Cancel selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel selected builds' });
    await expect(dialog.locator('[data-kd=bulk-preview] li')).toHaveCount(4);
    await expect(dialog.locator('[data-kd=bulk-budget]')).toContainText('of 6 REST requests left');
    await dialog.getByRole('button', { name: 'Confirm: 4 builds' }).click();
    const progress = panel.getByRole('region', { name: 'Cancel selected builds' });
    await expect(progress.getByRole('status')).toContainText('leaving half of the organisation');
    await expect(progress.getByRole('status')).toHaveText('Finished: 4 of 4 done.', { timeout: 20_000 });
    const answers = await fake.requests({});
    expect(answers.filter((r) => r.method === 'PUT')).toHaveLength(4);
    expect(answers.filter((r) => r.status === 429)).toEqual([]);
  });

  test('Stop mid-way sends nothing more', async ({ context }) => {
    const made = await superseded();
    const { panel, page } = await openList(context, `/acme/web/builds?branch=${encodeURIComponent(BRANCH)}`);
    await selectRunning(panel, made);
    await fake.preset('low-budget', { limit: 6, windowMs: 60_000 });
    await fake.clearRequests();
    await panel.getByRole('button', { name: 'Cancel selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel selected builds' });
    await dialog.getByRole('button', { name: 'Confirm: 4 builds' }).click();
    const progress = panel.getByRole('region', { name: 'Cancel selected builds' });
    await expect(progress.getByRole('status')).toContainText('Waiting');
    const sentBeforeStop = (await fake.requests({ method: 'PUT' })).length;
    await progress.getByRole('button', { name: 'Stop' }).click();
    await expect(progress.getByRole('status')).toHaveText(`Stopped: ${sentBeforeStop} of 4 done.`);
    await expect(progress.locator('[data-kd=bulk-outcomes] li', { hasText: 'not sent: stopped' })).toHaveCount(
      4 - sentBeforeStop,
    );
    expect(await fake.requests({ method: 'PUT' })).toHaveLength(sentBeforeStop);
  });
});
