import { createHmac } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { closedPort, startReceiver } from '../webhook-receiver';
import { axeViolations } from './axe';
import type { FirefoxSession } from './firefox';
import { expect, saveToken, test } from './fixtures';

/**
 * The Webhook lab in real Firefox ESR (puppeteer-core over WebDriver BiDi), sending to a loopback receiver that
 * verifies with its own node:crypto code. Pipeline triggers are tested in Chromium only: Firefox can't intercept
 * the background's request to https://webhook.buildkite.com.
 */
const SECRET = 'ff-secret-3b8e0c5a9d1f7246e0a4c';
let receiver: Awaited<ReturnType<typeof startReceiver>>;

test.beforeEach(async () => {
  receiver = await startReceiver(SECRET);
});
test.afterEach(async () => {
  await receiver?.close();
});

const text = (page: Page, selector: string) => page.$eval(selector, (node) => node.textContent ?? '').catch(() => '');
async function waitForText(page: Page, selector: string, expected: string) {
  await expect.poll(() => text(page, selector), { timeout: 15_000 }).toContain(expected);
}
/** Empties a field and types `value` into it, as a user does. */
async function replaceText(page: Page, selector: string, value: string) {
  await page.click(selector, { count: 3 });
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.type(selector, value);
}
const button = (page: Page, name: string) => page.locator(`::-p-aria([name="${name}"][role="button"])`);
const openLab = (firefox: FirefoxSession) => firefox.openExtensionPage('webhook-lab.html', '#kd-payload');

test('Firefox: a saved signature endpoint gets a ping the receiver verifies; a fresh replay verifies again', async ({
  firefox,
}) => {
  const lab = await openLab(firefox);
  await lab.type('#kd-endpoint-name', 'Local receiver');
  await lab.type('#kd-endpoint-url', receiver.url);
  await lab.select('#kd-endpoint-mode', 'signature');
  await lab.type('#kd-endpoint-secret', SECRET);
  await button(lab, 'Save endpoint').click();
  await waitForText(lab, 'ul[aria-label="Saved endpoints"]', `••••${SECRET.slice(-4)}`);
  expect(await lab.content()).not.toContain(SECRET);

  await button(lab, 'Send').click();
  await waitForText(lab, '[aria-label="Send result"] [data-testid=kd-outcome]', 'HTTP 200 OK');
  expect(receiver.received).toHaveLength(1);
  const first = receiver.received[0]!;
  expect(first.verdict).toBe('signature-valid');
  expect(first.headers['x-buildkite-event']).toBe('ping');
  expect(first.headers['content-type']).toBe('application/json');

  // The sent delivery is selected under Recent deliveries: its Response tab, then the primary Redeliver.
  await lab.locator('section[aria-label="Delivery details"] ::-p-aria([name="Response"][role="tab"])').click();
  await waitForText(lab, 'section[aria-label="Delivery details"] [data-testid=kd-response-body]', '"received":true');
  // Redeliver by keyboard: one more delivery; its row is selected and focused; a polite status says how it went.
  const redeliver = await lab.waitForSelector(
    'section[aria-label="Delivery details"] ::-p-aria([name="Redeliver"][role="button"])',
  );
  await redeliver!.focus();
  await lab.keyboard.press('Enter');
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
  expect(receiver.received[1]!.verdict).toBe('signature-valid');
  expect(receiver.received[1]!.rawBody).toBe(first.rawBody);
  await waitForText(lab, 'ul[aria-label=Deliveries] > li:first-child', 'replay (fresh signature)');
  const status = '[role=status][aria-label="Redeliver result"][aria-live=polite]';
  await expect.poll(() => text(lab, status), { timeout: 15_000 }).toMatch(/^Redelivered: 200 OK in \d+ ms$/);
  await expect
    .poll(() =>
      lab.evaluate(() => document.activeElement?.matches('ul[aria-label=Deliveries] > li:first-child > button')),
    )
    .toBe(true);
  expect(await lab.$eval('ul[aria-label=Deliveries] > li:first-child > button', (row) => row.ariaCurrent)).toBe('true');
  expect(await axeViolations(lab)).toEqual([]);
  expect(await lab.content()).not.toContain(SECRET);
});

test('Firefox: token mode sends X-Buildkite-Token; the one-off URL is saved as an endpoint', async ({ firefox }) => {
  const lab = await openLab(firefox);
  await lab.select('#kd-event', 'job.started');
  await lab.type('#kd-oneoff-url', receiver.url);
  await lab.select('#kd-oneoff-mode', 'token');
  await lab.type('#kd-oneoff-secret', SECRET);
  await button(lab, 'Send').click();
  await waitForText(lab, '[aria-label="Send result"] [data-testid=kd-outcome]', 'HTTP 200 OK');
  expect(receiver.received[0]?.verdict).toBe('token-valid');
  expect(receiver.received[0]?.headers['x-buildkite-event']).toBe('job.started');
  expect(receiver.received[0]?.headers['x-buildkite-signature']).toBeUndefined();

  // A one-off URL can be kept: the typed secret goes to the background, the page keeps only its hint.
  await replaceText(lab, '#kd-save-oneoff-name', 'From one-off');
  await button(lab, 'Save this URL as an endpoint').click();
  await waitForText(lab, 'ul[aria-label="Saved endpoints"]', 'From one-off');
  await waitForText(lab, 'ul[aria-label="Saved endpoints"]', `token · secret ••••${SECRET.slice(-4)}`);
  await lab.waitForSelector('#kd-saved-endpoint');
  expect(await lab.$('form[aria-label="Save this URL"]')).toBeNull();
  expect(await lab.content()).not.toContain(SECRET);
});

test('Firefox: an unreachable endpoint shows a clear error', async ({ firefox }) => {
  const lab = await openLab(firefox);
  const port = await closedPort();
  await lab.type('#kd-oneoff-url', `http://127.0.0.1:${port}/hook`);
  await lab.type('#kd-oneoff-secret', SECRET);
  await button(lab, 'Send').click();
  await waitForText(lab, '[aria-label="Send result"] [role=alert]', 'Could not connect (refused or dropped)');
});

test('Firefox: the verifier accepts a good signature and flags a tampered body', async ({ firefox }) => {
  const lab = await openLab(firefox);
  const body = '{"event":"build.finished","build":{"state":"passed"}}';
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
  await lab.type('#kd-verify-header', `timestamp=${timestamp},signature=${signature}`);
  await lab.type('#kd-verify-body', body);
  await lab.type('#kd-verify-secret', SECRET);
  await button(lab, 'Verify signature').click();
  await waitForText(lab, '[data-testid=kd-verify-result]', 'Valid signature.');

  await replaceText(lab, '#kd-verify-body', body.replace('passed', 'failed'));
  await lab.type('#kd-verify-original', body);
  await button(lab, 'Verify signature').click();
  await waitForText(lab, '[data-testid=kd-verify-result]', 'Invalid: the body changed');
  await waitForText(lab, '[data-testid=kd-verify-result]', 'line 1, column 45');
});

test('Firefox: a redirecting endpoint is reported, not followed', async ({ firefox }) => {
  const lab = await openLab(firefox);
  await lab.type('#kd-oneoff-url', receiver.url.replace('/buildkite', '/moved'));
  await lab.type('#kd-oneoff-secret', SECRET);
  await button(lab, 'Send').click();
  await waitForText(lab, '[aria-label="Send result"] [role=alert]', 'Redirected.');
  expect(receiver.received).toHaveLength(1);
});

/**
 * How many Webhook lab tabs are open, asked of the extension itself: BiDi reports an extension page's URL as
 * about:blank, and a tab that a link opened into an extension page has no realm puppeteer can evaluate in.
 */
const labTabs = (page: Page) =>
  page.evaluate(
    () =>
      (browser.extension.getViews({ type: 'tab' }) as unknown as (typeof globalThis)[]).filter(
        (view) => view.location.pathname === '/webhook-lab.html',
      ).length,
  );

test('Firefox: invalid JSON disables Send; a template fills from a real build; the popup quick-sends and opens the lab', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const lab = await openLab(firefox);
  // Invalid JSON: Send is disabled, the line and column are shown.
  await lab.click('#kd-payload');
  await lab.keyboard.down('Control');
  await lab.keyboard.press('a');
  await lab.keyboard.up('Control');
  await lab.keyboard.press('Backspace');
  await lab.type('#kd-payload', '{\n  "event": "ping",\n  oops\n}');
  await waitForText(lab, '#kd-payload-status', 'Line 3, column 3');
  const send = await lab.waitForSelector('::-p-aria([name="Send"][role="button"])');
  expect(await send!.evaluate((node) => (node as HTMLButtonElement).disabled)).toBe(true);

  // A template from a real build, read with the API token.
  await lab.select('#kd-event', 'job.finished');
  await lab.type('#kd-build-url', 'https://buildkite.com/acme/web/builds/101');
  await button(lab, 'Fill from build').click();
  await waitForText(lab, 'fieldset', 'Filled from acme/web build 101.');
  const payload = JSON.parse(await lab.$eval('#kd-payload', (node) => (node as HTMLTextAreaElement).value));
  expect(payload).toMatchObject({ event: 'job.finished', build: { number: 101 }, pipeline: { slug: 'web' } });
  expect(payload.build.jobs).toBeUndefined();
  await waitForText(lab, '#kd-payload-status', 'Valid JSON');
  const reads = await fake.requests({ token: TOKENS.full });
  expect(reads.map((r) => `${r.method} ${r.path}`)).toContain('GET /v2/organizations/acme/pipelines/web/builds/101');

  // A saved endpoint, then the popup's quick-send to it.
  await lab.type('#kd-endpoint-name', 'Quick');
  await lab.type('#kd-endpoint-url', receiver.url);
  await lab.select('#kd-endpoint-mode', 'token');
  await lab.type('#kd-endpoint-secret', SECRET);
  await button(lab, 'Save endpoint').click();
  await waitForText(lab, 'body', 'Saved “Quick”.');
  const popup = await firefox.openExtensionPage('popup.html', 'nav[aria-label="Kitedeck pages"]');
  await popup.locator('summary::-p-text(Send a test webhook)').click();
  await popup.waitForSelector('#kd-quick-event');
  await popup.select('#kd-quick-event', 'agent.connected');
  await button(popup, 'Send webhook').click();
  await waitForText(popup, '[data-testid=kd-quick-result]', 'HTTP 200 OK');
  expect(receiver.received).toHaveLength(1);
  expect(receiver.received[0]?.headers['x-buildkite-event']).toBe('agent.connected');
  expect(receiver.received[0]?.verdict).toBe('token-valid');
  const before = await labTabs(popup);
  const link = await popup.waitForSelector('nav[aria-label="Kitedeck pages"] a[href="webhook-lab.html"]');
  await link!.click();
  await expect.poll(() => labTabs(popup)).toBe(before + 1);
});
