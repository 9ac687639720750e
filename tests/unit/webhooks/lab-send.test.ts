// @vitest-environment node
// (node, not happy-dom: happy-dom's fetch applies page CORS rules that an extension background with host access doesn't have.)
import { createHmac } from 'node:crypto';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KdFailure } from '@/lib/errors';
import { RESPONSE_BODY_CAP } from '@/lib/webhooks/deliver';
import { readEndpoints, listEndpoints, saveEndpoint, deleteEndpoint } from '@/lib/webhooks/endpoint-vault';
import { HISTORY_CAP, readHistory, listDeliveries, recordDelivery, type StoredDelivery } from '@/lib/webhooks/history';
import { deliveryCurl, replayDelivery, sendWebhook } from '@/lib/webhooks/send';

const URL_ = 'https://hooks.example.com/buildkite';
const SECRET = 'unit-secret-5f1e9a3c7b2d4e60a8';
const BODY = '{"event":"ping","service":{"id":"x"}}';

interface Seen {
  headers: Headers;
  body: string;
  url: string;
}
const seen: Seen[] = [];
const MOVED_URL = 'https://new-host.example.net/buildkite';
const record = async ({ request }: { request: Request }) => {
  seen.push({ headers: request.headers, body: await request.text(), url: request.url });
  return HttpResponse.json({ ok: true }, { status: 202, headers: { 'X-Receiver': 'msw' } });
};
const server = setupServer(http.post(URL_, record), http.post(MOVED_URL, record));

/** node:crypto, independent of lib/webhooks. */
function verifiesIndependently(header: string | null, body: string): boolean {
  const match = /^timestamp=(\d+),signature=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  return createHmac('sha256', SECRET).update(`${match[1]}.${body}`).digest('hex') === match[2];
}

let granted = true;
let contains: ReturnType<typeof vi.spyOn>;
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fakeBrowser.reset();
  seen.length = 0;
  granted = true;
  contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(() => Promise.resolve(granted));
});
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function failureOf(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (error instanceof KdFailure) return error.error;
    throw error;
  }
  throw new Error('expected a KdFailure');
}

describe('saved endpoints', () => {
  it('keeps the secret in the background and replies with a hint only', async () => {
    const view = await saveEndpoint({ name: 'Prod', url: URL_, authMode: 'signature', secret: SECRET });
    expect(view).toEqual({
      id: view.id,
      name: 'Prod',
      url: URL_,
      authMode: 'signature',
      secretHint: `••••${SECRET.slice(-4)}`,
    });
    expect(JSON.stringify(await listEndpoints())).not.toContain(SECRET);
    expect((await readEndpoints())[0]?.secret).toBe(SECRET);
  });

  it('keeps the stored secret when an edit leaves it out, and deletes', async () => {
    const created = await saveEndpoint({ name: 'A', url: URL_, authMode: 'token', secret: SECRET });
    const edited = await saveEndpoint({ id: created.id, name: 'B', url: URL_, authMode: 'signature' });
    expect(edited.name).toBe('B');
    expect((await readEndpoints())[0]?.secret).toBe(SECRET);
    expect(await deleteEndpoint(created.id)).toEqual([]);
  });

  it('masks short secrets completely and refuses plain http to another machine', async () => {
    expect((await saveEndpoint({ name: 'S', url: URL_, authMode: 'token', secret: 'abc' })).secretHint).toBe('••••');
    const error = await failureOf(
      saveEndpoint({ name: 'X', url: 'http://example.com/hook', authMode: 'token', secret: SECRET }),
    );
    expect(error.detail).toContain('Plain http:// is only allowed to this machine');
  });
});

describe('sending', () => {
  it('signs what it sends (checked with node:crypto), masks the reply and records the delivery', async () => {
    const endpoint = await saveEndpoint({ name: 'Prod', url: URL_, authMode: 'signature', secret: SECRET });
    const view = await sendWebhook({ target: { endpointId: endpoint.id }, event: 'ping', body: BODY });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toBe(BODY);
    expect(seen[0]?.headers.get('x-buildkite-event')).toBe('ping');
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(verifiesIndependently(seen[0]!.headers.get('x-buildkite-signature'), BODY)).toBe(true);
    expect(view.response).toMatchObject({ status: 202, body: '{"ok":true}' });
    expect(view.response?.headers['x-receiver']).toBe('msw');
    const sentSignature = seen[0]!.headers.get('x-buildkite-signature')!;
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(sentSignature.split('signature=')[1]);
    expect(view.request.headers['X-Buildkite-Signature']).toMatch(/^timestamp=\d+,signature=••••[0-9a-f]{4}$/);
    expect(await listDeliveries()).toHaveLength(1);
  });

  it('sends X-Buildkite-Token in token mode with a one-off secret', async () => {
    const view = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'build.finished',
      body: BODY,
    });
    expect(seen[0]?.headers.get('x-buildkite-token')).toBe(SECRET);
    expect(seen[0]?.headers.get('x-buildkite-signature')).toBeNull();
    expect(view.request.headers['X-Buildkite-Token']).toBe(`••••${SECRET.slice(-4)}`);
  });

  it('refuses, without sending, when host permission is missing', async () => {
    granted = false;
    const error = await failureOf(
      sendWebhook({ target: { url: URL_, authMode: 'token', secret: SECRET }, event: 'ping', body: BODY }),
    );
    expect(error.detail).toBe(
      'Kitedeck needs permission to reach https://hooks.example.com/* — click Send again and allow it.',
    );
    expect(contains).toHaveBeenCalledWith({ origins: ['https://hooks.example.com/*'] });
    expect(seen).toHaveLength(0);
  });

  it('refuses invalid JSON with its line and column', async () => {
    const error = await failureOf(
      sendWebhook({ target: { url: URL_, authMode: 'token', secret: SECRET }, event: 'ping', body: '{\n  oops\n}' }),
    );
    expect(error.detail).toMatch(/^Line 2, column 3/);
  });

  it('caps the response body at 64 KiB and says so', async () => {
    server.use(http.post(URL_, () => new HttpResponse('x'.repeat(RESPONSE_BODY_CAP + 5000), { status: 500 })));
    const view = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'ping',
      body: BODY,
    });
    expect(view.response?.status).toBe(500);
    expect(view.response?.body).toHaveLength(RESPONSE_BODY_CAP);
    expect(view.truncated).toBe(true);
  });

  it('tells a network failure without claiming which one, and a timeout for sure', async () => {
    server.use(http.post(URL_, () => HttpResponse.error()));
    const failed = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'ping',
      body: BODY,
    });
    expect(failed.response).toBeNull();
    expect(failed.failure?.title).toBe('Could not connect (refused, DNS or TLS)');
    server.use(
      http.post(URL_, async () => {
        await delay('infinite');
        return HttpResponse.text('never');
      }),
    );
    const slow = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'ping',
      body: BODY,
      timeoutMs: 1000,
    });
    expect(slow.failure).toMatchObject({ kind: 'timeout', title: 'Timed out' });
    expect((await listDeliveries()).map((d) => d.failure?.kind)).toEqual(['timeout', 'network']);
  });
});

describe('replay and curl', () => {
  it('replays as sent (same signature) or fresh (new timestamp, still valid)', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-28T12:00:00Z'), toFake: ['Date'] });
    const first = await sendWebhook({
      target: { url: URL_, authMode: 'signature', secret: SECRET },
      event: 'ping',
      body: BODY,
    });
    vi.setSystemTime(new Date('2026-11-28T12:10:00Z'));
    const asSent = await replayDelivery(first.id, 'as-sent');
    const fresh = await replayDelivery(first.id, 'fresh');
    const [original, same, renewed] = seen.map((s) => s.headers.get('x-buildkite-signature'));
    expect(same).toBe(original);
    expect(renewed).not.toBe(original);
    expect(renewed).toMatch(new RegExp(`^timestamp=${Date.parse('2026-11-28T12:10:00Z') / 1000},`));
    expect(verifiesIndependently(renewed!, BODY)).toBe(true);
    expect(asSent.replayOf).toEqual({ id: first.id, mode: 'as-sent' });
    expect(fresh.replayOf).toEqual({ id: first.id, mode: 'fresh' });
  });

  it('fresh replay of a saved endpoint signs with its current secret', async () => {
    const endpoint = await saveEndpoint({
      name: 'P',
      url: URL_,
      authMode: 'signature',
      secret: 'old-secret-000000000000',
    });
    const first = await sendWebhook({ target: { endpointId: endpoint.id }, event: 'ping', body: BODY });
    await saveEndpoint({ id: endpoint.id, name: 'P', url: URL_, authMode: 'signature', secret: SECRET });
    await replayDelivery(first.id, 'fresh');
    expect(verifiesIndependently(seen[1]!.headers.get('x-buildkite-signature'), BODY)).toBe(true);
  });

  it('fresh replay after the endpoint URL changed: the old host gets the original secret, never the new one', async () => {
    const endpoint = await saveEndpoint({ name: 'P', url: URL_, authMode: 'signature', secret: SECRET });
    const first = await sendWebhook({ target: { endpointId: endpoint.id }, event: 'ping', body: BODY });
    const NEW_SECRET = 'new-host-secret-9999999999';
    await saveEndpoint({ id: endpoint.id, name: 'P', url: MOVED_URL, authMode: 'signature', secret: NEW_SECRET });
    const replay = await replayDelivery(first.id, 'fresh');
    expect(seen[1]!.url).toBe(URL_);
    expect(verifiesIndependently(seen[1]!.headers.get('x-buildkite-signature'), BODY)).toBe(true);
    const match = /signature=([0-9a-f]{64})$/.exec(seen[1]!.headers.get('x-buildkite-signature') ?? '');
    const withNew = createHmac('sha256', NEW_SECRET)
      .update(`${/timestamp=(\d+)/.exec(seen[1]!.headers.get('x-buildkite-signature')!)![1]}.${BODY}`)
      .digest('hex');
    expect(match?.[1]).not.toBe(withNew);
    expect(replay.secretHint).toBe(`••••${SECRET.slice(-4)}`);
  });

  it('token-mode fresh replay after a URL edit sends the original token to the original host', async () => {
    const endpoint = await saveEndpoint({ name: 'T', url: URL_, authMode: 'token', secret: SECRET });
    const first = await sendWebhook({ target: { endpointId: endpoint.id }, event: 'ping', body: BODY });
    await saveEndpoint({
      id: endpoint.id,
      name: 'T',
      url: MOVED_URL,
      authMode: 'token',
      secret: 'brand-new-token-123456',
    });
    await replayDelivery(first.id, 'fresh');
    expect(seen[1]!.url).toBe(URL_);
    expect(seen[1]!.headers.get('x-buildkite-token')).toBe(SECRET);
  });

  it('deleting an endpoint purges its secret from the history; its deliveries are no longer replayed', async () => {
    const endpoint = await saveEndpoint({ name: 'Gone', url: URL_, authMode: 'token', secret: SECRET });
    const first = await sendWebhook({ target: { endpointId: endpoint.id }, event: 'ping', body: BODY });
    const other = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: 'one-off-secret-abcdef' },
      event: 'ping',
      body: BODY,
    });
    await deleteEndpoint(endpoint.id);
    const stored = await readHistory();
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(JSON.stringify(stored)).toContain('one-off-secret-abcdef');
    expect((await listDeliveries()).find((d) => d.id === first.id)?.secretHint).toBe('deleted with its endpoint');
    for (const mode of ['as-sent', 'fresh'] as const) {
      expect((await failureOf(replayDelivery(first.id, mode))).title).toBe('This delivery can’t be replayed');
    }
    expect(await deliveryCurl(first.id, true)).not.toContain(SECRET);
    expect(seen).toHaveLength(2);
    await replayDelivery(other.id, 'as-sent');
    expect(seen).toHaveLength(3);
  });

  it('copies as curl with the secret masked unless revealed', async () => {
    const view = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'ping',
      body: BODY,
    });
    const masked = await deliveryCurl(view.id, false);
    expect(masked).not.toContain(SECRET);
    expect(masked).toContain('$BUILDKITE_WEBHOOK_TOKEN');
    expect(await deliveryCurl(view.id, true)).toContain(`X-Buildkite-Token: ${SECRET}`);
  });

  it('keeps at most 50 deliveries, newest first', async () => {
    const view = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'ping',
      body: BODY,
    });
    const stored = (await readHistory())[0]!;
    for (let i = 0; i < HISTORY_CAP + 5; i++)
      await recordDelivery({ ...stored, id: `d-${i}` } satisfies StoredDelivery);
    const all = await listDeliveries();
    expect(all).toHaveLength(HISTORY_CAP);
    expect(all[0]?.id).toBe(`d-${HISTORY_CAP + 4}`);
    expect(all.some((d) => d.id === view.id)).toBe(false);
    const error = await failureOf(replayDelivery(view.id, 'fresh'));
    expect(error.kind).toBe('not-found');
  });
});

describe('redirects', () => {
  it('are shown, not followed', async () => {
    let followed = false;
    server.use(
      http.post(
        URL_,
        () => new HttpResponse(null, { status: 302, headers: { Location: 'https://hooks.example.com/elsewhere' } }),
      ),
      http.all('https://hooks.example.com/elsewhere', () => {
        followed = true;
        return HttpResponse.text('followed');
      }),
    );
    const view = await sendWebhook({
      target: { url: URL_, authMode: 'token', secret: SECRET },
      event: 'ping',
      body: BODY,
    });
    expect(followed).toBe(false);
    expect(view.response?.status ?? view.failure?.title).toBe(view.response ? 302 : 'Redirected');
  });
});
