// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerTokenHandlers } from '@/entrypoints/background/token-handlers';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { KITEDECK_SCOPES } from '@/lib/token/features';
import { healthReportItem } from '@/lib/token/report-store';
import { readToken } from '@/lib/token/vault';
import { senders, type Sender } from '../background/senders';

const API = 'https://api.buildkite.com/v2';
const TOKEN = 'bkua_a87ff679a2f3e71d9181a67b7542122c1e4fa3b2';
const BUILD_PAGE = 'https://buildkite.com/acme/web/builds/1';

const server = setupServer();
let requests: string[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  // fakeBrowser.reset() drops runtime.onMessage listeners: register the handlers again on a clean messenger.
  messenger.removeAllListeners();
  fakeBrowser.reset();
  registerTokenHandlers();
  requests = [];
  server.use(
    http.get(`${API}/access-token`, () => {
      requests.push('access-token');
      return HttpResponse.json({
        uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
        scopes: [...KITEDECK_SCOPES],
        description: 'Kitedeck',
        created_at: '2025-07-16 06:07:42 UTC',
        expires_at: null,
        user: { name: 'Jane Doe', email: 'jane@example.com' },
      });
    }),
    http.get(`${API}/organizations`, () => {
      requests.push('organizations');
      return HttpResponse.json([{ id: 'o-1', slug: 'acme', name: 'Acme Inc' }]);
    }),
    http.post('https://graphql.buildkite.com/v1', () => {
      requests.push('graphql');
      return HttpResponse.json({
        data: {
          viewer: {
            user: { id: 'u', uuid: 'u-1', name: 'Jane Doe', email: 'jane@example.com' },
            organizations: { edges: [{ node: { id: 'o', uuid: 'o-1', slug: 'acme', name: 'Acme Inc' } }] },
          },
        },
      });
    }),
  );
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  messenger.removeAllListeners();
  server.close();
});

type Wire = { res?: { ok: true; value: unknown } | { ok: false; error: KdError }; err?: unknown };
let nextId = 1;

/** Delivers a message as @webext-core/messaging puts it on the wire, and returns the one reply. */
async function deliver(type: string, data: unknown, sender: Sender): Promise<Wire> {
  const replies = (await fakeBrowser.runtime.onMessage.trigger(
    { id: nextId++, type, data, timestamp: Date.now() },
    sender,
  )) as unknown[];
  const answered = replies.filter((reply) => reply !== undefined);
  expect(answered).toHaveLength(1);
  return answered[0] as Wire;
}

/** Everything either storage area holds, as text. */
async function storedText(): Promise<string> {
  return JSON.stringify([await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null)]);
}

describe('token handlers through the real messaging', () => {
  it('setToken from a content script is refused and stores nothing', async () => {
    const reply = await deliver('setToken', { token: TOKEN, forgetOnClose: false }, senders.contentScript(BUILD_PAGE));
    expect(reply.res).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    expect(await readToken()).toBeNull();
    expect(await storedText()).not.toContain(TOKEN);
    expect(requests).toEqual([]);
  });

  const badPayloads: [name: string, data: unknown, path: RegExp][] = [
    ['a number instead of the token string', { token: 12345, forgetOnClose: false }, /token/],
    ['no forgetOnClose', { token: TOKEN }, /forgetOnClose/],
    ['no payload', undefined, /input|token/],
    ['a token longer than 512 characters', { token: `bkua_${'a'.repeat(600)}`, forgetOnClose: false }, /token/],
  ];
  it.each(badPayloads)('setToken from the popup with %s → bad-message, nothing stored', async (_name, data, path) => {
    const reply = await deliver('setToken', data, senders.popup());
    expect(reply.res).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    if (reply.res && !reply.res.ok) expect(reply.res.error.detail).toMatch(path);
    expect(await readToken()).toBeNull();
    expect(requests).toEqual([]);
  });

  it('setToken with something that is not a token is refused before any request', async () => {
    const reply = await deliver('setToken', { token: `bktr_${'0'.repeat(40)}`, forgetOnClose: false }, senders.popup());
    expect(reply.res).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    if (reply.res && !reply.res.ok) expect(reply.res.error.detail).toMatch(/pipeline trigger/);
    expect(await readToken()).toBeNull();
    expect(requests).toEqual([]);
  });

  it('setToken from the popup stores the token, checks it, and never replies with it', async () => {
    const reply = await deliver('setToken', { token: `  Bearer ${TOKEN}\n`, forgetOnClose: false }, senders.popup());
    expect(reply.res).toMatchObject({
      ok: true,
      value: { verdict: 'ok', organizations: [{ slug: 'acme', name: 'Acme Inc' }] },
    });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect(await readToken()).toBe(TOKEN);
    expect(requests.sort()).toEqual(['access-token', 'graphql', 'organizations']);
    // The stored report is the one replied with, and holds no token either.
    const stored = await healthReportItem.getValue();
    expect(stored?.verdict).toBe('ok');
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    // Stored in local storage only, not in the session area.
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(TOKEN);
  });

  it('setToken with forgetOnClose keeps the token in session storage only', async () => {
    const reply = await deliver('setToken', { token: TOKEN, forgetOnClose: true }, senders.popup());
    expect(reply.res?.ok).toBe(true);
    expect(await readToken()).toBe(TOKEN);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(TOKEN);
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain(TOKEN);
  });

  it('getTokenStatus from a Buildkite tab returns a summary without the token', async () => {
    await deliver('setToken', { token: TOKEN, forgetOnClose: false }, senders.popup());
    const reply = await deliver('getTokenStatus', undefined, senders.contentScript(BUILD_PAGE));
    expect(reply.res).toMatchObject({
      ok: true,
      value: { verdict: 'ok', summary: 'Token works.', scopes: [...KITEDECK_SCOPES] },
    });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    if (reply.res?.ok)
      expect(Object.keys(reply.res.value as object).sort()).toEqual(['checkedAt', 'scopes', 'summary', 'verdict']);
  });

  it('getTokenStatus with no token says so', async () => {
    const reply = await deliver('getTokenStatus', undefined, senders.contentScript(BUILD_PAGE));
    expect(reply.res).toMatchObject({ ok: true, value: { verdict: 'no-token', scopes: [] } });
  });

  const refusedReads: [name: string, type: string, sender: () => Sender][] = [
    ['getTokenStatus from evil.example', 'getTokenStatus', () => senders.contentScript('https://evil.example/')],
    ['getTokenStatus from another extension', 'getTokenStatus', senders.otherExtension],
    ['getTokenStatus from a sub-frame', 'getTokenStatus', () => senders.contentScript(BUILD_PAGE, 2)],
    [
      'getTokenHealth (the full report) from a Buildkite tab',
      'getTokenHealth',
      () => senders.contentScript(BUILD_PAGE),
    ],
    ['getVaultSettings from a Buildkite tab', 'getVaultSettings', () => senders.contentScript(BUILD_PAGE)],
    ['forgetToken from a Buildkite tab', 'forgetToken', () => senders.contentScript(BUILD_PAGE)],
    ['revokeToken from a Buildkite tab', 'revokeToken', () => senders.contentScript(BUILD_PAGE)],
  ];
  it.each(refusedReads)('%s is refused', async (_name, type, sender) => {
    await deliver('setToken', { token: TOKEN, forgetOnClose: false }, senders.popup());
    requests = [];
    const reply = await deliver(type, undefined, sender());
    expect(reply.res).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect(await readToken()).toBe(TOKEN);
    expect(requests).toEqual([]);
  });

  it('getTokenHealth from the popup returns the stored report, without the token', async () => {
    await deliver('setToken', { token: TOKEN, forgetOnClose: false }, senders.popup());
    const reply = await deliver('getTokenHealth', undefined, senders.popup());
    expect(reply.res).toMatchObject({ ok: true, value: { verdict: 'ok', graphqlEnabled: true } });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
  });

  it('forgetToken from the popup forgets it', async () => {
    await deliver('setToken', { token: TOKEN, forgetOnClose: false }, senders.popup());
    const reply = await deliver('forgetToken', undefined, senders.popup());
    expect(reply.res).toMatchObject({ ok: true, value: { verdict: 'no-token' } });
    expect(await readToken()).toBeNull();
    expect(await storedText()).not.toContain(TOKEN);
  });
});
