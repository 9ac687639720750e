import { createHmac } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { closedPort, startReceiver } from '../webhook-receiver';
import { axeViolations } from './axe';
import type { FirefoxSession } from './firefox';
import { expect, test } from './fixtures';

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

test('Firefox: token mode sends X-Buildkite-Token', async ({ firefox }) => {
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
});

test('Firefox: an unreachable endpoint shows a clear error', async ({ firefox }) => {
  const lab = await openLab(firefox);
  const port = await closedPort();
  await lab.type('#kd-oneoff-url', `http://127.0.0.1:${port}/hook`);
  await lab.type('#kd-oneoff-secret', SECRET);
  await button(lab, 'Send').click();
  await waitForText(lab, '[aria-label="Send result"] [role=alert]', 'Could not connect (refused or dropped)');
});

test('Firefox: the verifier flags a tampered body', async ({ firefox }) => {
  const lab = await openLab(firefox);
  const body = '{"event":"build.finished","build":{"state":"passed"}}';
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
  await lab.type('#kd-verify-header', `timestamp=${timestamp},signature=${signature}`);
  await lab.type('#kd-verify-body', body.replace('passed', 'failed'));
  await lab.type('#kd-verify-original', body);
  await lab.type('#kd-verify-secret', SECRET);
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
