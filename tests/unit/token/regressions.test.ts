// @vitest-environment node
// Expectations that the current source does not meet (see the report). Not skipped on purpose.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerTokenHandlers } from '@/entrypoints/background/token-handlers';
import { messenger } from '@/lib/messenger';
import { KITEDECK_SCOPES } from '@/lib/token/features';
import { checkTokenFormat } from '@/lib/token/format';
import { checkTokenHealth } from '@/lib/token/health';
import { describeCountdown } from '@/lib/token/report';
import { storeToken } from '@/lib/token/vault';
import { senders } from '../background/senders';

const API = 'https://api.buildkite.com/v2';
const GRAPHQL = 'https://graphql.buildkite.com/v1';
const OLD_TOKEN = 'bkua_1679091c5a880faf6fb5e6087eb1b2dc4daa3db3';
const NEW_TOKEN = 'bkua_8f14e45fceea167a5a36dedd4bea2543d6c2b1a9';
const buildkiteTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  messenger.removeAllListeners();
  fakeBrowser.reset();
  registerTokenHandlers();
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  messenger.removeAllListeners();
  server.close();
});

describe('describeCountdown', () => {
  it('less than a minute left reads "1 minute", not "1 minutes"', () => {
    expect(describeCountdown(1_000_000 + 30_000, 1_000_000)).toBe('1 minute');
  });
});

describe('checkTokenFormat', () => {
  it('a cut-off bktx_ token is too short, like a cut-off bkua_ one', () => {
    expect(checkTokenFormat('bktx_')).toMatchObject({ ok: false, message: expect.stringMatching(/too short/) });
    expect(checkTokenFormat('bktx_abc')).toMatchObject({ ok: false, message: expect.stringMatching(/too short/) });
  });
});

describe('checkTokenHealth', () => {
  it('a token Buildkite still accepts but whose expires_at has passed (clock skew) does not read "expires in expired"', async () => {
    const now = Date.now();
    server.use(
      http.get(`${API}/access-token`, () =>
        HttpResponse.json({
          uuid: 'u',
          scopes: [...KITEDECK_SCOPES],
          created_at: null,
          expires_at: buildkiteTime(now - 3_600_000),
          user: null,
        }),
      ),
      http.get(`${API}/organizations`, () => HttpResponse.json([{ id: 'o', slug: 'acme', name: 'Acme' }])),
      http.post(GRAPHQL, () => HttpResponse.json({ data: { viewer: null } })),
    );
    const report = await checkTokenHealth(NEW_TOKEN, null, () => now);
    expect(report.summary).not.toContain('expires in expired');
  });
});

describe('setToken while a health check of the previous token is in flight', () => {
  it('checks and reports the NEW token', async () => {
    await storeToken(OLD_TOKEN, false);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstSeen!: () => void;
    const oldCheckStarted = new Promise<void>((resolve) => (firstSeen = resolve));
    server.use(
      http.get(`${API}/access-token`, async ({ request }) => {
        const auth = request.headers.get('authorization');
        if (auth === `Bearer ${OLD_TOKEN}`) {
          firstSeen();
          await gate;
          return HttpResponse.json({ message: 'Authentication required.' }, { status: 401 });
        }
        return HttpResponse.json({
          uuid: 'new',
          scopes: [...KITEDECK_SCOPES],
          description: 'new token',
          created_at: null,
          expires_at: null,
          user: null,
        });
      }),
      http.get(`${API}/organizations`, () => HttpResponse.json([{ id: 'o', slug: 'acme', name: 'Acme' }])),
      http.post(GRAPHQL, () => HttpResponse.json({ data: { viewer: null } })),
    );
    const trigger = (type: string, data: unknown) =>
      fakeBrowser.runtime.onMessage.trigger({ id: Math.random(), type, data, timestamp: Date.now() }, senders.popup());

    // The popup opens and rechecks the stored (old, revoked) token...
    const recheck = trigger('checkTokenHealth', undefined);
    await oldCheckStarted;
    // ...and the user pastes a new token before that check has answered.
    const saved = trigger('setToken', { token: NEW_TOKEN, forgetOnClose: false });
    release();
    await recheck;
    const [reply] = (await saved) as unknown as {
      res: { ok: boolean; value: { verdict: string; token: { uuid: string } | null } };
    }[];
    expect(reply!.res.ok).toBe(true);
    expect(reply!.res.value.verdict).toBe('ok');
    expect(reply!.res.value.token?.uuid).toBe('new');
  });
});
