import type { Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
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

test('Firefox: a REST call shows the body and RateLimit headers, and Next page follows Link', async ({ firefox }) => {
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
});
