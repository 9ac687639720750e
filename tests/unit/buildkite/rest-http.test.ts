// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REST_BASE } from '@/lib/config';
import { KdFailure, type KdError } from '@/lib/errors';
import { rateLimitItem } from '@/lib/buildkite/rate-limit';
import { restRead, restUrl, restWrite } from '@/lib/buildkite/rest';
import { AccessToken, NoContent, Organizations } from '@/lib/buildkite/schemas';

const API = 'https://api.buildkite.com/v2';
const TOKEN = 'bkua_8f14e45fceea167a5a36dedd4bea2543d6c2b1a9';
const ACCESS_TOKEN = {
  uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
  scopes: ['read_builds', 'write_builds'],
  description: 'Kitedeck',
  created_at: '2025-07-16 06:07:42 UTC',
  expires_at: null,
  user: { name: 'Jane Doe', email: 'jane@example.com' },
};
const BUILD = v.object({ number: v.number(), state: v.string() });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => fakeBrowser.reset());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Awaits a promise that must reject with a KdFailure, and returns its error. */
async function failure(promise: Promise<unknown>): Promise<KdError> {
  try {
    await promise;
  } catch (cause) {
    expect(cause).toBeInstanceOf(KdFailure);
    return (cause as KdFailure).error;
  }
  throw new Error('expected a KdFailure, got a value');
}

/** Answers a route with the given responses in turn (the last one repeats), counting hits. */
function sequence(method: 'get' | 'put' | 'post' | 'delete', path: string, ...responses: (() => Response)[]) {
  const hits: Request[] = [];
  server.use(
    http[method](`${API}/${path}`, ({ request }) => {
      hits.push(request);
      return responses[Math.min(hits.length, responses.length) - 1]!();
    }),
  );
  return hits;
}

describe('REST client setup', () => {
  it('talks to api.buildkite.com/v2 in unit tests', () => {
    expect(REST_BASE).toBe('https://api.buildkite.com/v2/');
  });

  const urls: [path: string, params: Parameters<typeof restUrl>[1], expected: string][] = [
    ['access-token', undefined, `${API}/access-token`],
    ['/organizations', { per_page: 100 }, `${API}/organizations?per_page=100`],
    [
      'organizations/acme/builds',
      { branch: 'feature/x y', state: undefined, exclude_jobs: true },
      `${API}/organizations/acme/builds?branch=feature%2Fx+y&exclude_jobs=true`,
    ],
    [
      'builds',
      new URLSearchParams([
        ['state[]', 'failed'],
        ['state[]', 'running'],
      ]),
      `${API}/builds?state%5B%5D=failed&state%5B%5D=running`,
    ],
  ];
  it.each(urls)('restUrl(%j, %j)', (path, params, expected) => {
    expect(restUrl(path, params)).toBe(expected);
  });
});

describe('restRead', () => {
  it('sends the token as a Bearer header, and parses the answer with the schema', async () => {
    const hits = sequence('get', 'access-token', () => HttpResponse.json(ACCESS_TOKEN));
    const result = await restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(hits[0]!.method).toBe('GET');
    expect(result.status).toBe(200);
    expect(result.value.created_at).toBe(Date.UTC(2025, 6, 16, 6, 7, 42));
    expect(result.value.scopes).toEqual(['read_builds', 'write_builds']);
  });

  it('makes identical concurrent reads once, and reads again once the first has finished', async () => {
    const hits = sequence('get', 'access-token', () => HttpResponse.json(ACCESS_TOKEN));
    const call = { path: 'access-token', schema: AccessToken };
    const [first, second] = await Promise.all([restRead({ token: TOKEN }, call), restRead({ token: TOKEN }, call)]);
    expect(hits).toHaveLength(1);
    expect(second.value).toEqual(first.value);
    await restRead({ token: TOKEN }, call);
    expect(hits).toHaveLength(2);
  });

  it('does not share a read between two tokens or two URLs', async () => {
    const hits = sequence('get', 'organizations', () => HttpResponse.json([]));
    await Promise.all([
      restRead({ token: TOKEN }, { path: 'organizations', schema: Organizations }),
      restRead({ token: `${TOKEN}x` }, { path: 'organizations', schema: Organizations }),
      restRead({ token: TOKEN }, { path: 'organizations', searchParams: { page: 2 }, schema: Organizations }),
    ]);
    expect(hits).toHaveLength(3);
    expect(hits.map((request) => request.headers.get('authorization')).sort()).toEqual(
      [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}x`].sort(),
    );
  });

  it('retries a read after a 503, then succeeds', async () => {
    const hits = sequence(
      'get',
      'access-token',
      () => HttpResponse.json({ message: 'Service Unavailable' }, { status: 503 }),
      () => HttpResponse.json(ACCESS_TOKEN),
    );
    const result = await restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken });
    expect(hits).toHaveLength(2);
    expect(result.value.uuid).toBe(ACCESS_TOKEN.uuid);
  });

  it('gives up after the retry limit with a server error', async () => {
    const hits = sequence('get', 'access-token', () => new HttpResponse(null, { status: 502 }));
    const error = await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
    expect(error).toMatchObject({ kind: 'server', status: 502 });
    expect(hits).toHaveLength(3);
  });

  it('retries a 429 with Retry-After: 1 once, after waiting, and succeeds', async () => {
    const hits = sequence(
      'get',
      'access-token',
      () =>
        HttpResponse.json(
          { message: 'You have exceeded your API rate limit.' },
          { status: 429, headers: { 'Retry-After': '1' } },
        ),
      () => HttpResponse.json(ACCESS_TOKEN),
    );
    const started = Date.now();
    const result = await restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken });
    expect(hits).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result.value.uuid).toBe(ACCESS_TOKEN.uuid);
  });

  it('does not retry a 429 whose RateLimit-Reset is 42 s away: rate-limited until then', async () => {
    const hits = sequence('get', 'access-token', () =>
      HttpResponse.json(
        {
          message: 'You have exceeded your API rate limit. Please wait 42 seconds before making more requests.',
          scope: 'rest',
          limit: 200,
          current: 201,
          reset: 42,
        },
        { status: 429, headers: { 'RateLimit-Reset': '42', 'RateLimit-Remaining': '0', 'RateLimit-Limit': '200' } },
      ),
    );
    const before = Date.now();
    const error = await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
    const after = Date.now();
    expect(hits).toHaveLength(1);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAt).toBeGreaterThanOrEqual(before + 42_000);
    expect(error.retryAt).toBeLessThanOrEqual(after + 42_000);
  });

  it('does not retry a 401, and says the token is not valid', async () => {
    const hits = sequence('get', 'access-token', () =>
      HttpResponse.json(
        { message: 'Authentication required. Please supply a valid API Access Token' },
        { status: 401 },
      ),
    );
    const error = await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
    expect(hits).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.detail).toContain('Authentication required');
  });

  it('explains a 403 with the scope the call needs and the scopes the token has', async () => {
    sequence('get', 'organizations/acme/pipelines/web/builds/1', () =>
      HttpResponse.json({ message: 'Forbidden' }, { status: 403 }),
    );
    const call = {
      path: 'organizations/acme/pipelines/web/builds/1',
      schema: BUILD,
      scope: 'read_builds',
      org: 'acme',
    };
    const missing = await failure(restRead({ token: TOKEN, scopes: ['write_builds'] }, call));
    expect(missing).toMatchObject({ kind: 'missing-scope', scope: 'read_builds' });
    const noOrg = await failure(restRead({ token: TOKEN, scopes: ['read_builds'] }, call));
    expect(noOrg).toMatchObject({ kind: 'no-org-access' });
    expect(noOrg.title).toContain('acme');
  });

  it('an answer that is not JSON is an invalid response', async () => {
    sequence(
      'get',
      'access-token',
      () => new HttpResponse('{"uuid": "b632', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    const error = await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(error.detail).toMatch(/not valid JSON/);
  });

  const shapes: [name: string, body: unknown, path: string][] = [
    ['scopes as a string', { ...ACCESS_TOKEN, scopes: 'read_builds' }, 'scopes'],
    ['a garbage expires_at', { ...ACCESS_TOKEN, expires_at: 'soon' }, 'expires_at'],
    ['a numeric user name', { ...ACCESS_TOKEN, user: { name: 42, email: 'x' } }, 'user.name'],
    ['an array instead of an object', [ACCESS_TOKEN], ''],
  ];
  it.each(shapes)(
    'valid JSON of the wrong shape (%s) is an invalid response naming the path',
    async (_name, body, path) => {
      sequence('get', 'access-token', () => HttpResponse.json(body as object));
      const error = await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
      expect(error).toMatchObject({ kind: 'invalid-response', status: 200 });
      expect(error.detail).toMatch(/did not have the expected shape/);
      if (path) expect(error.detail).toContain(`“${path}”`);
    },
  );

  it('a network failure is kind network', async () => {
    sequence('get', 'access-token', () => HttpResponse.error());
    const error = await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
    expect(error.kind).toBe('network');
  });

  it('records the RateLimit headers of an answer in rateLimitItem', async () => {
    sequence('get', 'access-token', () =>
      HttpResponse.json(ACCESS_TOKEN, {
        headers: {
          'RateLimit-Remaining': '150',
          'RateLimit-Limit': '200',
          'RateLimit-Reset': '30',
          'RateLimit-User-Remaining': '45',
          'RateLimit-User-Limit': '50',
          'RateLimit-User-Reset': '30',
        },
      }),
    );
    expect(await rateLimitItem.getValue()).toEqual({});
    const before = Date.now();
    await restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken });
    const stored = await rateLimitItem.getValue();
    expect(stored.graphql).toBeUndefined();
    expect(stored.rest).toMatchObject({ api: 'rest', remaining: 150, limit: 200, userRemaining: 45, userLimit: 50 });
    expect(stored.rest!.resetAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(stored.rest!.resetAt).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('records the RateLimit headers of a failed answer too', async () => {
    sequence('get', 'access-token', () =>
      HttpResponse.json(
        { message: 'Forbidden' },
        { status: 403, headers: { 'RateLimit-Remaining': '7', 'RateLimit-Limit': '200' } },
      ),
    );
    await failure(restRead({ token: TOKEN }, { path: 'access-token', schema: AccessToken }));
    expect((await rateLimitItem.getValue()).rest).toMatchObject({ remaining: 7, limit: 200 });
  });
});

describe('restWrite', () => {
  const cancel = { method: 'put' as const, path: 'organizations/acme/pipelines/web/builds/1/cancel', schema: BUILD };

  it('sends the method, the Bearer header and the JSON body', async () => {
    const hits = sequence('put', 'organizations/acme/pipelines/web/builds/1/retry_failed_jobs', () =>
      HttpResponse.json({ number: 1, state: 'running' }, { status: 202 }),
    );
    const result = await restWrite(
      { token: TOKEN },
      {
        ...cancel,
        path: 'organizations/acme/pipelines/web/builds/1/retry_failed_jobs',
        json: { states: 'failed,soft_failed' },
      },
    );
    expect(result).toMatchObject({ status: 202, value: { number: 1, state: 'running' } });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.method).toBe('PUT');
    expect(hits[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(hits[0]!.headers.get('content-type')).toMatch(/application\/json/);
    expect(await hits[0]!.json()).toEqual({ states: 'failed,soft_failed' });
  });

  it('is never retried: a 503 on a PUT makes exactly one request', async () => {
    const hits = sequence(
      'put',
      cancel.path,
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({ number: 1, state: 'canceling' }),
    );
    const error = await failure(restWrite({ token: TOKEN }, cancel));
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect(hits).toHaveLength(1);
  });

  it('is never retried: a 429 with Retry-After: 1 on a PUT makes exactly one request', async () => {
    const hits = sequence(
      'put',
      cancel.path,
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } }),
      () => HttpResponse.json({ number: 1, state: 'canceling' }),
    );
    const error = await failure(restWrite({ token: TOKEN }, cancel));
    expect(error.kind).toBe('rate-limited');
    expect(hits).toHaveLength(1);
  });

  it('two identical writes at once are both sent (writes are not deduplicated)', async () => {
    const hits = sequence('put', cancel.path, () => HttpResponse.json({ number: 1, state: 'canceling' }));
    await Promise.all([restWrite({ token: TOKEN }, cancel), restWrite({ token: TOKEN }, cancel)]);
    expect(hits).toHaveLength(2);
  });

  it('a 204 DELETE parses as no content', async () => {
    const hits = sequence('delete', 'access-token', () => new HttpResponse(null, { status: 204 }));
    const result = await restWrite({ token: TOKEN }, { method: 'delete', path: 'access-token', schema: NoContent });
    expect(result).toMatchObject({ status: 204, value: null });
    expect(hits).toHaveLength(1);
  });

  it('a 422 refusal carries Buildkite’s reason', async () => {
    sequence('put', cancel.path, () =>
      HttpResponse.json({ message: 'Validation Failed', errors: [{ field: 'x', code: 'missing' }] }, { status: 422 }),
    );
    const error = await failure(restWrite({ token: TOKEN }, cancel));
    expect(error).toMatchObject({ kind: 'rejected', status: 422 });
    expect(error.detail).toContain('Validation Failed: x missing');
  });
});
