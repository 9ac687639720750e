import { createHmac } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { TRIGGERS } from '../../fake-buildkite/triggers';
import { fake, FAKE_ORIGIN } from '../env';
import { closedPort, startReceiver } from '../webhook-receiver';
import { expect, test } from './fixtures';

const SECRET = 'e2e-secret-7c1d9a4b2f6e8305d3f9a';
let receiver: Awaited<ReturnType<typeof startReceiver>>;
test.beforeEach(async () => {
  receiver = await startReceiver(SECRET);
});
test.afterEach(async () => {
  await receiver.close();
});

async function saveEndpoint(lab: Page, name: string, url: string, mode: 'signature' | 'token') {
  await lab.getByLabel('Name', { exact: true }).fill(name);
  await lab.getByLabel('URL', { exact: true }).fill(url);
  await lab.getByLabel('Authentication').last().selectOption(mode);
  await lab.getByLabel('Webhook token (secret)', { exact: true }).first().fill(SECRET);
  await lab.getByRole('button', { name: 'Save endpoint' }).click();
  await expect(lab.getByText(`Saved “${name}”.`)).toBeVisible();
}

test('the lab signs a ping for a saved endpoint; the receiver verifies it on its own; fresh replay verifies again', async ({
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  const lab = await openExtensionPage('webhook-lab.html');
  await saveEndpoint(lab, 'Local receiver', receiver.url, 'signature');
  await expect(lab.getByRole('list', { name: 'Saved endpoints' })).toContainText(`••••${SECRET.slice(-4)}`);
  expect(await lab.content()).not.toContain(SECRET);

  // Send by keyboard: the focus stays on Send while it runs and after (it is aria-disabled, not disabled, meanwhile).
  const send = lab.getByRole('button', { name: 'Send', exact: true });
  await send.focus();
  await send.press('Enter');
  const result = lab.getByRole('status', { name: 'Send result' });
  await expect(result.getByTestId('kd-outcome')).toHaveText('HTTP 200 OK');
  await expect(send).toBeFocused();

  // The delivery is selected in "Recent deliveries": Request, then Response (ARIA tabs, arrow keys).
  const details = lab.getByRole('region', { name: 'Delivery details' });
  await expect(details.getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true');
  await expect(details.getByRole('definition').first()).toBeVisible();
  await expect(details.getByTestId('kd-request-body')).toContainText('"event": "ping"');
  await details.getByRole('tab', { name: 'Request' }).press('ArrowRight');
  await expect(details.getByRole('tab', { name: 'Response' })).toBeFocused();
  await expect(details.getByTestId('kd-response-body')).toContainText('"received":true');

  expect(receiver.received).toHaveLength(1);
  const first = receiver.received[0]!;
  expect(first.verdict).toBe('signature-valid');
  expect(first.headers['x-buildkite-event']).toBe('ping');
  expect(first.headers['content-type']).toBe('application/json');
  expect(first.headers['x-buildkite-token']).toBeUndefined();
  expect(JSON.parse(first.rawBody)).toMatchObject({ event: 'ping' });

  const history = lab.getByRole('list', { name: 'Deliveries' });
  const focusedRow = () =>
    lab.evaluate(() => {
      const row = document.activeElement;
      const list = row?.closest('ul');
      return list?.getAttribute('aria-label') === 'Deliveries'
        ? { index: [...list.querySelectorAll('li > button')].indexOf(row!), current: row!.getAttribute('aria-current') }
        : (row?.textContent ?? row?.tagName ?? null);
    });
  // By keyboard: Enter on Redeliver. The new delivery's row is selected and takes the focus; a polite status says how it went.
  const redeliver = details.getByRole('button', { name: 'Redeliver' });
  const redelivered = details.getByRole('status', { name: 'Redeliver result' });
  await expect(redelivered).toHaveAttribute('aria-live', 'polite');
  await redeliver.focus();
  await redeliver.press('Enter');
  await expect(redelivered).toHaveText(/^Redelivered: 200 OK in \d+ ms$/);
  await expect.poll(focusedRow).toEqual({ index: 0, current: 'true' });
  await expect.poll(() => receiver.received.length).toBe(2);
  const second = receiver.received[1]!;
  expect(second.verdict).toBe('signature-valid');
  expect(second.rawBody).toBe(first.rawBody);
  expect(second.timestamp).toBeGreaterThanOrEqual(first.timestamp!);
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history.getByRole('listitem').first()).toContainText('replay (fresh signature)');
  await expect(history.getByRole('button').first()).toHaveAttribute('aria-current', 'true');

  // "More actions" is an ARIA menu button: arrow keys move, Esc closes and gives focus back.
  const more = details.getByRole('button', { name: 'More actions' });
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await more.focus();
  await more.press('ArrowDown');
  await expect(details.getByRole('menuitem', { name: 'Replay as sent' })).toBeFocused();
  await lab.keyboard.press('ArrowUp');
  await expect(details.getByRole('menuitem', { name: 'Copy as curl with the secret' })).toBeFocused();
  await lab.keyboard.press('Escape');
  await expect(details.getByRole('menu')).toBeHidden();
  await expect(more).toBeFocused();
  // Choosing a replay in the menu by keyboard: one more delivery, whose row takes the focus (not the page's body).
  await more.press('ArrowDown');
  await expect(details.getByRole('menuitem', { name: 'Replay as sent' })).toBeFocused();
  await lab.keyboard.press('ArrowDown');
  await expect(details.getByRole('menuitem', { name: 'Replay with fresh timestamp and signature' })).toBeFocused();
  await lab.keyboard.press('Enter');
  await expect.poll(() => receiver.received.length).toBe(3);
  expect(receiver.received[2]!.verdict).toBe('signature-valid');
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await expect.poll(focusedRow).toEqual({ index: 0, current: 'true' });
  await expect(redelivered).toHaveText(/^Redelivered: 200 OK in \d+ ms$/);

  // The deliveries UI with a selection and its menu open: 0 axe violations, light and dark.
  await more.click();
  for (const colorScheme of ['light', 'dark'] as const) {
    await lab.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page: lab }).analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`),
      colorScheme,
    ).toEqual([]);
  }
  await details.getByRole('menuitem', { name: 'Compare with previous' }).click();
  await expect(details.getByTestId('kd-comparison')).toContainText('Request body: identical');
  await more.click();
  await details.getByRole('menuitem', { name: 'Copy as curl', exact: true }).click();
  await expect(details.getByTestId('kd-curl')).toContainText('$BUILDKITE_WEBHOOK_SECRET');
  expect(await lab.content()).not.toContain(SECRET);
});

test('token mode sends X-Buildkite-Token and no signature', async ({ openExtensionPage }) => {
  const lab = await openExtensionPage('webhook-lab.html');
  await lab.getByLabel('Event', { exact: true }).selectOption('build.finished');
  await lab.getByLabel('Endpoint URL').fill(receiver.url);
  await lab.getByLabel('Authentication').first().selectOption('token');
  await lab.getByLabel('Webhook token (the secret)').fill(SECRET);
  await lab.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(lab.getByRole('status', { name: 'Send result' }).getByTestId('kd-outcome')).toHaveText('HTTP 200 OK');
  const [delivery] = receiver.received;
  expect(delivery?.verdict).toBe('token-valid');
  expect(delivery?.headers['x-buildkite-signature']).toBeUndefined();
  expect(delivery?.headers['x-buildkite-event']).toBe('build.finished');
  expect(delivery?.headers['content-type']).toBe('application/json');

  // A one-off URL can be kept: the typed secret goes to the background, the page keeps only its hint.
  await lab.getByLabel('Endpoint name').fill('From one-off');
  await lab.getByRole('button', { name: 'Save this URL as an endpoint' }).click();
  // The form goes away once saved: the focus moves to the endpoint Send now uses, and the status says so.
  await expect(lab.getByLabel('Saved endpoint', { exact: true })).toBeFocused();
  await expect(lab.getByRole('status', { name: 'Send result' })).toContainText(
    'Saved “From one-off”: Send now goes to this endpoint.',
  );
  const saved = lab.getByRole('list', { name: 'Saved endpoints' });
  await expect(saved).toContainText('From one-off');
  await expect(saved).toContainText(`token · secret ••••${SECRET.slice(-4)}`);
  await expect(lab.getByLabel('Saved endpoint', { exact: true })).toBeVisible();
  await expect(lab.getByRole('button', { name: 'Save this URL as an endpoint' })).toHaveCount(0);
  expect(await lab.content()).not.toContain(SECRET);
});

test('invalid JSON disables Send with the line and column', async ({ openExtensionPage }) => {
  const lab = await openExtensionPage('webhook-lab.html');
  await lab.getByLabel('Payload (JSON, sent exactly as written)').fill('{\n  "event": "ping",\n  oops\n}');
  await expect(lab.locator('#kd-payload-status')).toContainText('Line 3, column 3');
  await expect(lab.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
});

test('an unreachable endpoint (a closed port) shows a clear error', async ({ openExtensionPage }) => {
  const lab = await openExtensionPage('webhook-lab.html');
  const port = await closedPort();
  await lab.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${port}/hook`);
  await lab.getByLabel('Webhook token (the secret)').fill(SECRET);
  await lab.getByRole('button', { name: 'Send', exact: true }).click();
  const result = lab.getByRole('status', { name: 'Send result' });
  await expect(result.getByRole('alert')).toContainText('Could not connect (refused or dropped)');
  await expect(result.getByRole('alert')).toContainText(`listening on port ${port}`);
});

test('the verifier accepts a good signature and flags a re-serialised body, showing where it differs', async ({
  openExtensionPage,
}) => {
  const lab = await openExtensionPage('webhook-lab.html');
  const body = '{"event":"ping","service":{"id":"x"}}';
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
  await lab.getByLabel('X-Buildkite-Signature header').fill(`timestamp=${timestamp},signature=${signature}`);
  await lab.getByLabel('Raw request body (exactly as received)').fill(body);
  await lab.getByLabel('Webhook token (secret)').last().fill(SECRET);
  await lab.getByRole('button', { name: 'Verify signature' }).click();
  const outcome = lab.getByRole('status', { name: 'Verification result' });
  await expect(outcome).toContainText('Valid signature.');

  await lab.getByLabel('Raw request body (exactly as received)').fill(JSON.stringify(JSON.parse(body), null, 2));
  await lab.getByRole('button', { name: 'Verify signature' }).click();
  await expect(outcome).toContainText('Invalid: the body changed');
  await expect(outcome).toContainText('line 1, column 2');
});

test('a pipeline trigger creates a build at the (routed) fake; the lab shows the delivery id', async ({
  context,
  openExtensionPage,
}) => {
  await context.route('https://webhook.buildkite.com/**', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const response = await fetch(`${FAKE_ORIGIN}${url.pathname}`, {
      method: request.method(),
      headers: { 'content-type': (await request.headerValue('content-type')) ?? 'application/json' },
      body: request.postData() ?? '',
    });
    await route.fulfill({ status: response.status, contentType: 'application/json', body: await response.text() });
  });
  const lab = await openExtensionPage('webhook-lab.html');
  await lab.getByRole('tab', { name: 'Pipeline triggers' }).click();
  await lab.getByLabel('Trigger URL').fill(`https://webhook.buildkite.com/deliver/${TRIGGERS.webGeneric}`);
  await lab.getByLabel('Trigger payload (JSON)').fill('{"release":"v1.2.3"}');
  await lab.getByRole('button', { name: 'Send to trigger' }).click();
  const outcome = lab.getByRole('status', { name: 'Trigger result' });
  await expect(outcome).toContainText('HTTP 201: Buildkite accepted it');
  const state = await fake.state();
  const created = state.builds.find((build) => build.metaData['buildkite:webhook'] === '{"release":"v1.2.3"}');
  expect(created).toMatchObject({
    org: 'acme',
    pipeline: 'web',
    source: 'webhook',
    branch: 'main',
    commit: 'HEAD',
    message: 'Triggered build',
  });

  await lab.getByLabel('Trigger URL').fill(`https://webhook.buildkite.com/deliver/${TRIGGERS.deployDisabled}`);
  await lab.getByRole('button', { name: 'Send to trigger' }).click();
  await expect(outcome).toContainText('HTTP 403: Pipeline trigger is disabled');
});

test('a template fills from a real build fetched with the API token', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).toHaveText('Token works.');
  const lab = await openExtensionPage('webhook-lab.html');
  await lab.getByLabel('Event', { exact: true }).selectOption('job.finished');
  await lab.getByLabel('Build URL').fill('https://buildkite.com/acme/web/builds/101');
  await lab.getByRole('button', { name: 'Fill from build' }).click();
  await expect(lab.getByText('Filled from acme/web build 101.')).toBeVisible();
  const payload = JSON.parse(await lab.getByLabel('Payload (JSON, sent exactly as written)').inputValue());
  expect(payload).toMatchObject({ event: 'job.finished', build: { number: 101 }, pipeline: { slug: 'web' } });
  expect(payload.build.jobs).toBeUndefined();
  const reads = await fake.requests({ token: TOKENS.full });
  expect(reads.map((r) => `${r.method} ${r.path}`)).toContain('GET /v2/organizations/acme/pipelines/web/builds/101');
});

test('the popup quick-sends to a saved endpoint and opens the lab', async ({ context, openExtensionPage }) => {
  const lab = await openExtensionPage('webhook-lab.html');
  await saveEndpoint(lab, 'Quick', receiver.url, 'token');
  const popup = await openExtensionPage('popup.html');
  await popup.getByText('Send a test webhook').click();
  await popup.getByLabel('Event').selectOption('agent.connected');
  await popup.getByRole('button', { name: 'Send webhook' }).click();
  await expect(popup.getByTestId('kd-quick-result')).toContainText('HTTP 200 OK');
  expect(receiver.received[0]?.headers['x-buildkite-event']).toBe('agent.connected');
  expect(receiver.received[0]?.verdict).toBe('token-valid');
  const opened = context.waitForEvent('page');
  await popup.getByRole('navigation', { name: 'Kitedeck pages' }).getByRole('link', { name: 'Webhook lab' }).click();
  await expect(await opened).toHaveURL(/webhook-lab\.html$/);
});

test('history and saved secrets survive a stopped service worker; an as-sent replay repeats the very same signature', async ({
  context,
  openExtensionPage,
}) => {
  const lab = await openExtensionPage('webhook-lab.html');
  await saveEndpoint(lab, 'Durable', receiver.url, 'signature');
  await lab.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(lab.getByRole('status', { name: 'Send result' }).getByTestId('kd-outcome')).toHaveText('HTTP 200 OK');

  const cdp = await context.newCDPSession(lab);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await lab.reload();

  const history = lab.getByRole('list', { name: 'Deliveries' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  const details = lab.getByRole('region', { name: 'Delivery details' });
  await details.getByRole('button', { name: 'More actions' }).click();
  await details.getByRole('menuitem', { name: 'Replay as sent' }).click();
  await expect.poll(() => receiver.received.length).toBe(2);
  expect(receiver.received[1]!.headers['x-buildkite-signature']).toBe(
    receiver.received[0]!.headers['x-buildkite-signature'],
  );
  expect(receiver.received[1]!.verdict).toBe('signature-valid');
  await expect(details.getByRole('status', { name: 'Redeliver result' })).toContainText('Redelivered as sent: 200 OK');
  await expect(details).toContainText('Replayed with the original timestamp');
  expect(await lab.content()).not.toContain(SECRET);
});

test('a redirecting endpoint is reported, not followed', async ({ openExtensionPage }) => {
  const lab = await openExtensionPage('webhook-lab.html');
  await lab.getByLabel('Endpoint URL').fill(receiver.url.replace('/buildkite', '/moved'));
  await lab.getByLabel('Webhook token (the secret)').fill(SECRET);
  await lab.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(lab.getByRole('status', { name: 'Send result' }).getByRole('alert')).toContainText('Redirected.');
  expect(receiver.received).toHaveLength(1);
});
