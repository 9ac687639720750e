import type { Page, Worker } from '@playwright/test';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import { expect, test } from './fixtures';

async function pasteToken(popup: Page, token: string, { report = true } = {}) {
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  // The popup opens on what needs you; the full report is one click away, in its own view.
  if (report) await popup.getByRole('button', { name: 'Token details' }).click();
}

const badgeText = (worker: Worker) => worker.evaluate(() => browser.action.getBadgeText({}));

test('a pasted token shows its owner, scopes and what it unlocks; the fake saw the Bearer token', async ({
  openExtensionPage,
  serviceWorker,
}) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByRole('status')).toContainText('No token set');
  await pasteToken(popup, `  ${TOKENS.full}\n`);
  await expect(popup.getByRole('status')).toHaveText('Token works.');
  await expect(popup.getByTestId('kd-owner')).toContainText('Kai Tester');
  const scopes = popup.getByRole('list', { name: 'Scopes' });
  await expect(scopes.getByText('write_builds', { exact: true })).toBeVisible();
  await expect(scopes.getByText('graphql', { exact: true })).toBeVisible();
  await expect(popup.locator('[data-check=graphql]')).toContainText('GraphQL enabled');
  await expect(popup.locator('[data-check=organizations]')).toContainText('Acme Inc');
  await expect(popup.locator('[data-feature=retry] .kd-feature-state')).toHaveText('Yes');
  await expect(popup.getByText(TOKENS.full)).toHaveCount(0);

  const seen = await fake.requests({ token: TOKENS.full });
  const paths = seen.map((request) => `${request.method} ${request.path}`);
  expect(paths).toContain('GET /v2/access-token');
  expect(paths).toContain('POST /graphql/v1');
  expect(seen.every((request) => request.headers.authorization === `Bearer ${TOKENS.full}`)).toBe(true);
  expect(await badgeText(serviceWorker)).toBe('');
});

test('a token without write_builds says which features are off and why', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.readonly);
  await expect(popup.locator('[data-check=valid]')).toContainText('Token is valid');
  await expect(popup.locator('[data-feature=retry] .kd-feature-state')).toHaveText('Off: needs write_builds');
  await expect(popup.locator('[data-feature=quick-actions] .kd-feature-state')).toHaveText('Off: needs write_builds');
  await expect(popup.locator('[data-feature=logs] .kd-feature-state')).toHaveText('Yes');
  await expect(popup.locator('[data-check=graphql]')).toContainText('GraphQL not enabled');
  await expect(popup.locator('[data-feature=console-graphql] .kd-feature-state')).toHaveText('Off: needs graphql');
});

test('a revoked token reads as invalid and the badge says so', async ({ openExtensionPage, serviceWorker }) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.revoked);
  await expect(popup.getByRole('status')).toContainText('not valid');
  await expect(popup.locator('[data-check=valid]')).toContainText('Authentication required');
  await expect.poll(() => badgeText(serviceWorker)).toBe('!');
});

test('an IP-allowlist 403 reads as an IP problem, not a scope problem', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.ipBlocked);
  const check = popup.locator('[data-check=valid]');
  await expect(check).toContainText('Blocked by an IP allowlist or an SSO/organisation policy');
  await expect(check).not.toContainText('scope');
});

test('a token that expires in 3 days warns, with a countdown, on the badge too', async ({
  openExtensionPage,
  serviceWorker,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.expiring);
  await expect(popup.getByRole('status')).toContainText('expires in 2 days');
  await expect(popup.getByTestId('kd-expiry')).toContainText('in 2 days');
  await expect.poll(() => badgeText(serviceWorker)).toBe('3d');
});

test('a malformed token is refused before any request', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await fake.clearRequests();
  await pasteToken(popup, 'bkpat_not-an-api-token-000000000000', { report: false });
  await expect(popup.getByText('portal access token')).toBeVisible();
  expect(await fake.requests({})).toHaveLength(0);
});

test('revoke asks first, sends DELETE /v2/access-token, then forgets the token', async ({
  openExtensionPage,
  serviceWorker,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  await expect(popup.getByRole('status')).toHaveText('Token works.');
  await popup.getByRole('button', { name: 'Revoke token…' }).click();
  await popup.getByRole('button', { name: 'Keep it' }).click();
  expect((await fake.requests({ token: TOKENS.full })).filter((r) => r.method === 'DELETE')).toHaveLength(0);

  await popup.getByRole('button', { name: 'Revoke token…' }).click();
  await popup.getByRole('alertdialog').getByRole('button', { name: 'Revoke now' }).click();
  await expect(popup.getByLabel('Buildkite API access token')).toBeVisible();
  await expect(popup.getByRole('status')).toContainText('No token set');
  const deletes = (await fake.requests({ token: TOKENS.full })).filter((r) => r.method === 'DELETE');
  expect(deletes.map((r) => r.path)).toEqual(['/v2/access-token']);
  await expect.poll(() => badgeText(serviceWorker)).toBe('?');
  // Buildkite now refuses it too.
  const check = await fetch(`${FAKE_ORIGIN}/v2/access-token`, { headers: { Authorization: `Bearer ${TOKENS.full}` } });
  expect(check.status).toBe(401);
});

test('the popup shows the last result at once after the worker restarts, then refreshes it', async ({
  context,
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await pasteToken(popup, TOKENS.full);
  await expect(popup.getByRole('status')).toHaveText('Token works.');
  const cdp = await context.newCDPSession(popup);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await fake.clearRequests();
  const again = await openExtensionPage('popup.html');
  await again.getByRole('button', { name: 'Token details' }).click();
  await expect(again.getByTestId('kd-owner')).toContainText('Kai Tester');
  await expect
    .poll(async () => (await fake.requests({ token: TOKENS.full })).some((r) => r.path === '/v2/access-token'))
    .toBe(true);
});
