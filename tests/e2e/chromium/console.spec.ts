import type { BrowserContext, Page } from '@playwright/test';
import { PORTALS } from '../../fake-buildkite/portals';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { PARTIAL_ANSWER, PARTIAL_ERROR_LINE, PARTIAL_QUERY } from '../console-scenario';
import { fake } from '../env';
import { expect, test } from './fixtures';

/** Sets the API token through the popup, then opens the console from the popup's nav. */
async function openConsole(context: BrowserContext, openExtensionPage: (file: string) => Promise<Page>): Promise<Page> {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).toHaveText('Token works.');
  const opened = context.waitForEvent('page');
  await popup.getByRole('navigation', { name: 'Kitedeck pages' }).getByRole('link', { name: 'Console' }).click();
  const page = await opened;
  await expect(page.getByRole('heading', { name: 'Kitedeck API console' })).toBeVisible();
  return page;
}

const graphqlRequests = async () =>
  (await fake.requests({ pathPrefix: '/graphql' })).filter((r) => r.operationName !== 'TokenHealth');

test('a valid query runs in the background with the Bearer token and shows data, rate limits and complexity', async ({
  context,
  openExtensionPage,
}) => {
  const page = await openConsole(context, openExtensionPage);
  await fake.clearRequests();
  await page.getByLabel('GraphQL query').fill('query Me {\n  viewer { user { name email } }\n}');
  await page.getByLabel('Variables (JSON)').fill('{}');
  await page.getByLabel('GraphQL query').press('Control+Enter');

  const data = page.getByRole('list', { name: 'Response data' });
  await expect(data).toContainText('"Kai Tester"');
  await expect(data).toContainText('"kai@kitedeck.test"');
  await expect(page.getByLabel('Rate limits')).toContainText('of 20000 left');
  await expect(page.getByText('Complexity used')).toBeVisible();
  await expect(page.getByTestId('kd-http-status')).toHaveText('HTTP 200 OK');

  const seen = await graphqlRequests();
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({ method: 'POST', operationName: 'Me', token: TOKENS.full, variables: {} });
  expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKENS.full}`);
  expect(seen[0]?.headers['buildkite-include-query-stats']).toBe('true');
  await expect(page.getByText(TOKENS.full)).toHaveCount(0);
  expect(await page.content()).not.toContain(TOKENS.full);

  // The data tree is keyboard-operable.
  const toggle = data.getByRole('button', { name: 'viewer' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(data).not.toContainText('Kai Tester');
});

test('a query with an unknown field is refused before any request, pointing at line, column and field', async ({
  context,
  openExtensionPage,
}) => {
  const page = await openConsole(context, openExtensionPage);
  await fake.clearRequests();
  await page.getByLabel('GraphQL query').fill('query Me {\n  viewer {\n    user { name favouriteColour }\n  }\n}');
  await page.getByLabel('Variables (JSON)').fill('{}');
  await page.getByRole('button', { name: 'Run query' }).click();
  const problems = page.getByRole('list', { name: 'Query problems' });
  await expect(problems).toContainText(
    'Line 3, column 17 (field “favouriteColour”): Cannot query field "favouriteColour" on type "User".',
  );
  await expect(page.getByText('Not sent: the query does not match Buildkite’s schema.')).toBeVisible();
  expect(await fake.requests({ pathPrefix: '/graphql' })).toHaveLength(0);

  // Broken variables are shown inline and nothing is sent either.
  await page.getByLabel('GraphQL query').fill('query Me { viewer { user { name } } }');
  await page.getByLabel('Variables (JSON)').fill('{\n  "first": ,\n}');
  await expect(page.getByText(/^Line 2, column 12:/)).toBeVisible();
  await page.getByRole('button', { name: 'Run query' }).click();
  expect(await fake.requests({ pathPrefix: '/graphql' })).toHaveLength(0);
});

test('a GraphQL error response is shown readably next to partial data', async ({ context, openExtensionPage }) => {
  const page = await openConsole(context, openExtensionPage);
  await fake.scenario(PARTIAL_ANSWER);
  await page.getByLabel('GraphQL query').fill(PARTIAL_QUERY);
  await page.getByLabel('Variables (JSON)').fill('{}');
  await page.getByRole('button', { name: 'Run query' }).click();
  const errors = page.getByRole('list', { name: 'GraphQL errors' });
  await expect(errors).toContainText(PARTIAL_ERROR_LINE);
  await expect(page.getByRole('heading', { name: 'GraphQL errors (with partial data below)' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Response data' })).toContainText('"Kai Tester"');
});

test('REST: Link pagination follows next on the REST base; RateLimit headers are highlighted; history keeps no token', async ({
  context,
  openExtensionPage,
  serviceWorker,
}) => {
  const page = await openConsole(context, openExtensionPage);
  await page.getByRole('tab', { name: 'REST' }).click();
  await fake.clearRequests();
  await page.getByLabel('Path (under /v2)').fill('/v2/organizations/acme/pipelines?per_page=1');
  await page.getByRole('button', { name: 'Send' }).click();
  const body = page.getByLabel('Response body');
  await expect(body).toContainText('"slug": "web"');
  const rateRow = page.getByRole('row', { name: /^ratelimit-remaining \(rate limit\)/ });
  await expect(rateRow).toHaveAttribute('data-ratelimit', 'true');
  await expect(page.getByRole('row', { name: /^content-type/ })).toHaveAttribute('data-ratelimit', 'false');

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(body).toContainText('"slug": "deploy"');
  await expect(page.getByLabel('Path (under /v2)')).toHaveValue('/v2/organizations/acme/pipelines?per_page=1&page=2');
  const seen = (await fake.requests({ pathPrefix: '/v2/organizations/acme/pipelines' })).map((r) => ({
    query: r.query,
    token: r.token,
  }));
  expect(seen).toEqual([
    { query: { per_page: '1' }, token: TOKENS.full },
    { query: { per_page: '1', page: '2' }, token: TOKENS.full },
  ]);
  await expect(page.getByRole('button', { name: 'Previous page' })).toBeVisible();

  // A path off /v2 is refused before anything is sent.
  await fake.clearRequests();
  await page.getByLabel('Path (under /v2)').fill('https://evil.example/v2/user');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Give a path under /v2, not a URL')).toBeVisible();
  expect(await fake.requests({})).toHaveLength(0);

  // Copy as curl: the token is an environment variable.
  await page.getByLabel('Path (under /v2)').fill('/v2/user');
  await page.getByRole('button', { name: 'Copy as curl' }).click();
  const curl = page.getByLabel('curl command');
  await expect(curl).toContainText('-H "Authorization: Bearer $BUILDKITE_API_TOKEN"');
  await expect(curl).not.toContainText(TOKENS.full);

  const history = page.getByRole('list', { name: 'Past runs' });
  await expect(history).toContainText('GET /v2/organizations/acme/pipelines?per_page=1&page=2');
  const stored = await serviceWorker.evaluate(() => browser.storage.local.get('consoleHistory'));
  expect(JSON.stringify(stored)).toContain('/v2/organizations/acme/pipelines');
  expect(JSON.stringify(stored)).not.toContain(TOKENS.full);
});

test('a portal call carries the portal token, never the API token, and shows the portal rate limit', async ({
  context,
  openExtensionPage,
}) => {
  const portal = PORTALS.latestBuilds;
  const page = await openConsole(context, openExtensionPage);
  await page.getByRole('tab', { name: 'Portals' }).click();
  await page
    .getByLabel('Portal URL')
    .fill(`https://portal.buildkite.com/organizations/${portal.org}/portals/${portal.slug}`);
  await page.getByLabel('Portal token (bkpat_…)').fill(TOKENS.full);
  await page.getByRole('button', { name: 'Save portal token' }).click();
  await expect(page.getByText('That is an API access token.')).toBeVisible();
  await page.getByLabel('Portal token (bkpat_…)').fill(portal.token);
  await page.getByRole('button', { name: 'Save portal token' }).click();
  await expect(page.getByTestId('kd-portal-token-hint')).toHaveText(
    `Portal token saved for acme/latest-builds: bkpat_…${portal.token.slice(-4)}`,
  );
  expect(await page.content()).not.toContain(portal.token);

  await fake.clearRequests();
  await page.getByLabel('Variables (JSON)').fill('{"pipelineSlug": "acme/web"}');
  await page.getByLabel('Operation name (when the portal has several)').fill('PipelineBuilds');
  await page.getByRole('button', { name: 'Run portal' }).click();
  await expect(page.getByRole('list', { name: 'Response data' })).toContainText('slug: "web"');
  await expect(page.getByText('Organisation (portal)')).toBeVisible();

  const seen = await fake.requests({ pathPrefix: '/portal/' });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({
    method: 'POST',
    token: portal.token,
    body: { pipelineSlug: 'acme/web' },
    query: { operation_name: 'PipelineBuilds' },
  });
  expect(seen[0]?.headers.authorization).toBe(`Bearer ${portal.token}`);
  expect(seen[0]?.headers.authorization).not.toContain(TOKENS.full);
  expect(await fake.requests({ token: TOKENS.full })).toHaveLength(0);

  await page.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(page.getByLabel('curl command')).toContainText('$BUILDKITE_PORTAL_TOKEN');

  await page.getByRole('button', { name: 'Forget portal token' }).click();
  await expect(page.getByLabel('Portal token (bkpat_…)')).toBeVisible();
});

test('the popup shows MCP readiness per toolset and configurations without the token', async ({
  openExtensionPage,
}) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.readonly);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await popup.getByRole('button', { name: 'Token details' }).click();
  await expect(popup.getByTestId('kd-mcp-summary')).toContainText('covers 8 of 11 toolsets');
  await popup.getByText('Toolsets and the scopes they need').click();
  await expect(popup.locator('[data-toolset=builds] .kd-feature-state')).toHaveText(
    'Read-only: writes need write_builds',
  );
  await expect(popup.locator('[data-toolset=tests] .kd-feature-state')).toHaveText('Not covered: needs read_suites');
  await popup.getByText('Client configuration (no token inside)').click();
  const local = popup.getByLabel('Local server (Docker)', { exact: true });
  await expect(local).toContainText('"BUILDKITE_API_TOKEN": "${BUILDKITE_API_TOKEN}"');
  await expect(local).toContainText('"BUILDKITE_READ_ONLY": "true"');
  expect(await popup.content()).not.toContain(TOKENS.readonly);
});
