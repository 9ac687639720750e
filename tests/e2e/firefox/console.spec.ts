import type { Page } from 'puppeteer-core';
import { PORTALS } from '../../fake-buildkite/portals';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { PARTIAL_ANSWER, PARTIAL_ERROR_LINE, PARTIAL_QUERY } from '../console-scenario';
import { fake } from '../env';
import type { FirefoxSession } from './firefox';
import { expect, test } from './fixtures';

/** The API console in real Firefox ESR (puppeteer-core over WebDriver BiDi), against the fake on loopback. */

const text = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '').catch(() => '');

async function waitForText(page: Page, selector: string, expected: string) {
  await expect.poll(() => text(page, selector), { timeout: 15_000 }).toContain(expected);
}

/** Replaces a field's text the way typing does (so the page's input handlers see it); the query editor too. */
async function replace(page: Page, selector: string, value: string) {
  if (selector === QUERY) {
    // The query editor (CodeMirror): select its whole document and insert the text as an input event does
    // (WebDriver BiDi key actions into CodeMirror's contenteditable close the target in Firefox ESR).
    await page.$eval(
      selector,
      (node, text) => {
        (node as HTMLElement).focus();
        document.getSelection()?.selectAllChildren(node);
        document.execCommand('insertText', false, text);
      },
      value,
    );
    return;
  }
  await page.$eval(selector, (node) => (node as HTMLInputElement | HTMLTextAreaElement).select());
  await page.type(selector, value);
}

/**
 * WebDriver BiDi sometimes fails an evaluate while a fresh tab is still on about:blank ("right-hand side of 'in'
 * should be an object, got null"): a harness race, not the page. One more try in that case only.
 */
async function openExtensionPage(firefox: FirefoxSession, file: string, readySelector: string): Promise<Page> {
  try {
    return await firefox.openExtensionPage(file, readySelector);
  } catch (error) {
    if (!String(error).includes('Protocol error')) throw error;
    return firefox.openExtensionPage(file, readySelector);
  }
}

async function openConsole(firefox: FirefoxSession): Promise<Page> {
  const popup = await openExtensionPage(firefox, 'popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.full);
  await popup.locator('button::-p-text(Save token)').click();
  await waitForText(popup, '.kd-summary', 'Token works.');
  return openExtensionPage(firefox, 'console.html', '#kd-tab-graphql');
}

const QUERY = '.cm-content[aria-label="GraphQL query"]';
const VARIABLES = 'textarea[aria-describedby=kd-gql-variables-error]';

test('Firefox: a GraphQL query runs with the stored token; an unknown field is refused before sending', async ({
  firefox,
}) => {
  const page = await openConsole(firefox);
  await fake.clearRequests();
  await replace(page, QUERY, 'query Me { viewer { user { name } } }');
  await replace(page, VARIABLES, '{}');
  await page.locator('button::-p-text(Run query)').click();
  await waitForText(page, 'ul[aria-label="Response data"]', '"Kai Tester"');
  await waitForText(page, 'dl[aria-label="Rate limits"]', 'Complexity used');
  const seen = await fake.requests({ pathPrefix: '/graphql' });
  expect(seen.map((r) => [r.operationName, r.headers.authorization])).toEqual([['Me', `Bearer ${TOKENS.full}`]]);

  await fake.clearRequests();
  await replace(page, QUERY, 'query Me { viewer { user { nickname } } }');
  await page.locator('button::-p-text(Run query)').click();
  await waitForText(page, 'ul[aria-label="Query problems"]', 'Line 1, column 28 (field “nickname”)');
  expect(await fake.requests({ pathPrefix: '/graphql' })).toHaveLength(0);
  expect(await page.content()).not.toContain(TOKENS.full);
});

test('Firefox: a REST call shows the body and RateLimit headers, Next page follows Link; the history keeps no token', async ({
  firefox,
}) => {
  const page = await openConsole(firefox);
  await page.locator('#kd-tab-rest').click();
  await page.waitForSelector('#kd-panel-rest input[type=text]');
  await fake.clearRequests();
  await replace(page, '#kd-panel-rest input[type=text]', '/v2/organizations/acme/pipelines?per_page=1');
  await page.locator('button::-p-text(Send)').click();
  await waitForText(page, 'pre[aria-label="Response body"]', '"slug": "web"');
  await waitForText(page, 'tr[data-ratelimit=true]', 'ratelimit');
  await page.locator('button::-p-text(Next page)').click();
  await waitForText(page, 'pre[aria-label="Response body"]', '"slug": "deploy"');
  const seen = await fake.requests({ pathPrefix: '/v2/organizations/acme/pipelines' });
  expect(seen.map((r) => [r.query, r.token])).toEqual([
    [{ per_page: '1' }, TOKENS.full],
    [{ per_page: '1', page: '2' }, TOKENS.full],
  ]);
  // The history lists the call and keeps no token (storage.local is readable by content scripts).
  await waitForText(page, 'ul[aria-label="Past runs"]', 'GET /v2/organizations/acme/pipelines?per_page=1&page=2');
  const stored = JSON.stringify(await page.evaluate(() => browser.storage.local.get('consoleHistory')));
  expect(stored).toContain('/v2/organizations/acme/pipelines');
  expect(stored).not.toContain(TOKENS.full);
});

test('Firefox: a GraphQL error is shown next to partial data; a portal call carries the portal token only; the popup shows MCP readiness without the token', async ({
  firefox,
}) => {
  const popup = await openExtensionPage(firefox, 'popup.html', '#kd-token');
  await popup.type('#kd-token', TOKENS.full);
  await popup.locator('button::-p-text(Save token)').click();
  await waitForText(popup, '.kd-summary', 'Token works.');
  const page = await openExtensionPage(firefox, 'console.html', '#kd-tab-graphql');
  await fake.scenario(PARTIAL_ANSWER);
  await replace(page, QUERY, PARTIAL_QUERY);
  await replace(page, VARIABLES, '{}');
  await page.locator('button::-p-text(Run query)').click();
  await waitForText(page, 'ul[aria-label="GraphQL errors"]', PARTIAL_ERROR_LINE);
  await waitForText(page, '#kd-panel-graphql h3', 'GraphQL errors (with partial data below)');
  await waitForText(page, 'ul[aria-label="Response data"]', '"Kai Tester"');

  // Portals: an API token is refused as a portal token; the portal's own token is the only one sent.
  const portal = PORTALS.latestBuilds;
  await page.locator('#kd-tab-portal').click();
  const field = (label: string) => `#kd-panel-portal label::-p-text(${label}) :is(input, textarea)`;
  await page.waitForSelector(field('Portal URL'));
  await page.type(
    field('Portal URL'),
    `https://portal.buildkite.com/organizations/${portal.org}/portals/${portal.slug}`,
  );
  await page.type(field('Portal token'), TOKENS.full);
  await page.locator('button::-p-text(Save portal token)').click();
  await waitForText(page, '#kd-panel-portal section[aria-label="Portal token"]', 'That is an API access token.');
  await replace(page, field('Portal token'), portal.token);
  await page.locator('button::-p-text(Save portal token)').click();
  await waitForText(
    page,
    '[data-testid=kd-portal-token-hint]',
    `Portal token saved for acme/latest-builds: bkpat_…${portal.token.slice(-4)}`,
  );
  expect(await page.content()).not.toContain(portal.token);

  await fake.clearRequests();
  await replace(page, field('Variables (JSON)'), '{"pipelineSlug": "acme/web"}');
  await page.type(field('Operation name'), 'PipelineBuilds');
  await page.locator('button::-p-text(Run portal)').click();
  await waitForText(page, '#kd-panel-portal ul[aria-label="Response data"]', 'slug: "web"');
  await waitForText(page, '#kd-panel-portal', 'Organisation (portal)');
  const seen = await fake.requests({ pathPrefix: '/portal/' });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({
    method: 'POST',
    token: portal.token,
    body: { pipelineSlug: 'acme/web' },
    query: { operation_name: 'PipelineBuilds' },
  });
  expect(seen[0]?.headers.authorization).toBe(`Bearer ${portal.token}`);
  expect(await fake.requests({ token: TOKENS.full })).toHaveLength(0);
  await page.locator('#kd-panel-portal button::-p-text(Copy as curl)').click();
  await waitForText(page, '#kd-panel-portal pre[aria-label="curl command"]', '$BUILDKITE_PORTAL_TOKEN');
  await page.locator('button::-p-text(Forget portal token)').click();
  await page.waitForSelector(field('Portal token'));

  // MCP readiness, for a token without write_builds: per toolset, and client configurations without the token.
  await popup.bringToFront();
  await popup.locator('button::-p-text(Token details)').click();
  await popup.locator('button::-p-text(Replace token)').click();
  await popup.waitForSelector('#kd-token');
  await popup.type('#kd-token', TOKENS.readonly);
  await popup.locator('button::-p-text(Save token)').click(); // the token's own view stays open
  await waitForText(popup, '[data-testid=kd-mcp-summary]', 'covers 8 of 11 toolsets');
  await popup.locator('summary::-p-text(Toolsets and the scopes they need)').click();
  await waitForText(popup, '[data-toolset=builds] .kd-feature-state', 'Read-only: writes need write_builds');
  await waitForText(popup, '[data-toolset=tests] .kd-feature-state', 'Not covered: needs read_suites');
  await popup.locator('summary::-p-text(Client configuration (no token inside))').click();
  const local = 'pre[aria-label="Local server (Docker)"]';
  await waitForText(popup, local, '"BUILDKITE_API_TOKEN": "${BUILDKITE_API_TOKEN}"');
  await waitForText(popup, local, '"BUILDKITE_READ_ONLY": "true"');
  expect(await popup.content()).not.toContain(TOKENS.readonly);
});
