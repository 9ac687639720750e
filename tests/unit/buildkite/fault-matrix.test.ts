// @vitest-environment node
/**
 * The fault matrix: one table of what Buildkite, the network or the browser can do, each row driven through the
 * real transport (ky + schema + error vocabulary) with msw. Every row: the message the user sees, no crash (the
 * promise settles with a KdFailure), reads back off (bounded attempts), and a write is sent exactly once.
 */
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deadlines, readTextWithin, TIMEOUT_MS } from '@/lib/buildkite/http';
import { runGraphQL } from '@/lib/buildkite/graphql';
import { TokenHealthQuery as Probe, TokenHealthResult as ProbeResult } from '@/lib/token/documents';
import { restRead, restWrite } from '@/lib/buildkite/rest';
import { KdFailure, type KdError } from '@/lib/errors';
import {
  graphqlNoAccessAnswer,
  GRAPHQL_NO_ACCESS_VARIANTS,
  policyAnswer,
  POLICY_VARIANTS,
} from '../../fake-buildkite/undocumented';

const API = 'https://api.buildkite.com/v2';
const GRAPHQL = 'https://graphql.buildkite.com/v1';
const CREDS = { token: 'bkua_matrix', scopes: ['read_builds', 'write_builds'], orgs: ['acme'] };
const PATH = 'organizations/acme/pipelines/web/builds/1';
const Any = v.looseObject({});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  fakeBrowser.reset();
  deadlines.attemptMs = 400;
});
afterEach(() => {
  server.resetHandlers();
  deadlines.attemptMs = TIMEOUT_MS;
});
afterAll(() => server.close());

const stalled = () =>
  new HttpResponse(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id": "0190'));
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );

interface Row {
  name: string;
  answer: () => Response | Promise<Response>;
  kind: KdError['kind'];
  /** what the user reads (title) */
  title: RegExp;
  /** words of Buildkite's own that must reach the user */
  detail?: RegExp;
  /** how many requests a read may make (backing off), at most */
  readAttempts: number;
}

const rateHeaders = (org: number, user: number, orgLeft: number, userLeft: number) => ({
  'RateLimit-Remaining': String(orgLeft),
  'RateLimit-Limit': '200',
  'RateLimit-Reset': String(org),
  'RateLimit-User-Remaining': String(userLeft),
  'RateLimit-User-Limit': '50',
  'RateLimit-User-Reset': String(user),
});

const restRows: Row[] = [
  {
    name: '401',
    answer: () => HttpResponse.json({ message: 'Authentication required.' }, { status: 401 }),
    kind: 'unauthorized',
    title: /token is not valid/,
    detail: /Authentication required/,
    readAttempts: 1,
  },
  {
    name: '403 scope',
    answer: () => HttpResponse.json({ message: 'Forbidden' }, { status: 403 }),
    kind: 'missing-scope',
    title: /lacks the read_pipelines scope/,
    readAttempts: 1,
  },
  ...POLICY_VARIANTS.filter((variant) => variant !== '401-plain').map(
    (variant): Row => ({
      name: `IP/SSO policy ${variant}`,
      answer: () =>
        HttpResponse.json({ message: policyAnswer(variant).message }, { status: policyAnswer(variant).status }),
      kind: 'ip-not-allowed',
      title: /Blocked by an IP allowlist or an SSO\/organisation policy/,
      detail: new RegExp(
        policyAnswer(variant)
          .message.slice(0, 20)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      ),
      readAttempts: 1,
    }),
  ),
  {
    name: '404',
    answer: () => HttpResponse.json({ message: 'No build found' }, { status: 404 }),
    kind: 'not-found',
    title: /Not found/,
    detail: /No build found/,
    readAttempts: 1,
  },
  {
    name: '422',
    answer: () =>
      HttpResponse.json({ message: 'Validation Failed', errors: [{ field: 'x', code: 'bad' }] }, { status: 422 }),
    kind: 'rejected',
    title: /refused the request/,
    detail: /Validation Failed: x bad/,
    readAttempts: 1,
  },
  {
    name: '429 org (resets in 50 s: told, not retried)',
    answer: () =>
      HttpResponse.json(
        {
          message: 'You have exceeded your API rate limit. Please wait 50 seconds before making more requests.',
          scope: 'rest',
          limit: 200,
          current: 201,
          reset: 50,
        },
        { status: 429, headers: rateHeaders(50, 5, 0, 40) },
      ),
    kind: 'rate-limited',
    title: /Rate limited/,
    detail: /organisation’s REST budget/,
    readAttempts: 1,
  },
  {
    name: '429 user (user resets in 50 s, org in 5 s: waits for the user’s)',
    answer: () =>
      HttpResponse.json(
        {
          message: 'You have exceeded your API rate limit. Please wait 50 seconds before making more requests.',
          scope: 'rest_user',
          limit: 50,
          current: 51,
          reset: 50,
        },
        { status: 429, headers: rateHeaders(5, 50, 150, 0) },
      ),
    kind: 'rate-limited',
    title: /Rate limited/,
    detail: /Your own REST budget/,
    readAttempts: 1,
  },
  ...[500, 502, 503].map(
    (status): Row => ({
      name: String(status),
      answer: () => new HttpResponse(`<html>${status}</html>`, { status, headers: { 'content-type': 'text/html' } }),
      kind: 'server',
      title: /Buildkite had a problem/,
      detail: new RegExp(`HTTP ${status}`),
      readAttempts: 3,
    }),
  ),
  {
    name: 'timeout before headers',
    answer: async () => {
      await delay('infinite');
      return HttpResponse.json({});
    },
    kind: 'timeout',
    title: /did not answer in time/,
    readAttempts: 1,
  },
  {
    name: 'stalled body after a 200',
    answer: stalled,
    kind: 'timeout',
    title: /did not answer in time/,
    readAttempts: 1,
  },
  {
    name: 'offline',
    answer: () => HttpResponse.error(),
    kind: 'network',
    title: /Could not reach Buildkite/,
    readAttempts: 3,
  },
  {
    name: 'malformed JSON',
    answer: () => new HttpResponse('{"id": "0190', { status: 200, headers: { 'content-type': 'application/json' } }),
    kind: 'invalid-response',
    title: /Unexpected answer/,
    detail: /not valid JSON/,
    readAttempts: 1,
  },
];

async function failureOf(promise: Promise<unknown>): Promise<KdError> {
  const outcome = await promise.then(
    () => null,
    (cause: unknown) => cause,
  );
  expect(outcome).toBeInstanceOf(KdFailure);
  return (outcome as KdFailure).error;
}

describe('fault matrix: REST', () => {
  it.each(restRows)('$name → $kind (read backs off, write sent once)', async (row) => {
    let reads = 0;
    let writes = 0;
    server.use(
      http.get(`${API}/${PATH}`, () => (reads++, row.answer())),
      http.put(`${API}/${PATH}/cancel`, () => (writes++, row.answer())),
    );
    const read = await failureOf(
      restRead(CREDS, {
        path: PATH,
        schema: Any,
        scope: row.name === '403 scope' ? 'read_pipelines' : 'read_builds',
        org: 'acme',
      }),
    );
    expect(read.kind).toBe(row.kind);
    expect(read.title).toMatch(row.title);
    if (row.detail) expect(`${read.detail} ${read.action}`).toMatch(row.detail);
    expect(read.action).not.toBe('');
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(row.readAttempts);

    const write = await failureOf(
      restWrite(CREDS, {
        method: 'put',
        path: `${PATH}/cancel`,
        schema: Any,
        scope: row.name === '403 scope' ? 'read_pipelines' : 'write_builds',
        org: 'acme',
      }),
    );
    expect(write.kind).toBe(row.kind);
    // A write that timed out (before the headers or in a stalled body) was sent: its outcome is unknown.
    if (row.kind === 'timeout') expect(write.title).toMatch(/the outcome is unknown/);
    expect(writes).toBe(1);
  });

  it('429 user: the wait shown is the user budget’s 50 s, not the org’s 5 s', async () => {
    const now = Date.now();
    server.use(
      http.get(`${API}/${PATH}`, () =>
        HttpResponse.json(
          { message: 'You have exceeded your API rate limit.', scope: 'rest_user', reset: 50 },
          { status: 429, headers: rateHeaders(5, 50, 150, 0) },
        ),
      ),
    );
    const error = await failureOf(restRead(CREDS, { path: PATH, schema: Any }));
    expect(error.rateScope).toBe('rest_user');
    expect(error.action).toContain('50 s');
    expect(error.retryAt! - now).toBeGreaterThanOrEqual(49_000);
  });

  it('429 that resets now: a read waits for that reset once, then succeeds; a write is not repeated', async () => {
    let reads = 0;
    let writes = 0;
    const limited = () =>
      HttpResponse.json(
        { message: 'You have exceeded your API rate limit.', scope: 'rest', reset: 0 },
        { status: 429, headers: rateHeaders(0, 30, 0, 20) },
      );
    server.use(
      http.get(`${API}/${PATH}`, () => (++reads === 1 ? limited() : HttpResponse.json({ id: 'b' }))),
      http.put(`${API}/${PATH}/cancel`, () => (writes++, limited())),
    );
    await expect(restRead(CREDS, { path: PATH, schema: Any })).resolves.toMatchObject({ value: { id: 'b' } });
    expect(reads).toBe(2);
    await failureOf(restWrite(CREDS, { method: 'put', path: `${PATH}/cancel`, schema: Any }));
    expect(writes).toBe(1);
  });
});

describe('fault matrix: GraphQL', () => {
  const rows: { name: string; answer: () => Response; kind: KdError['kind']; title: RegExp }[] = [
    ...GRAPHQL_NO_ACCESS_VARIANTS.map((variant) => ({
      name: `no GraphQL access as ${variant}`,
      answer: () =>
        HttpResponse.json(graphqlNoAccessAnswer(variant).body as object, {
          status: graphqlNoAccessAnswer(variant).status,
        }),
      kind: 'unauthorized' as const,
      title: /GraphQL refused this token/,
    })),
    {
      name: '200 with errors and no data (whole document)',
      answer: () =>
        HttpResponse.json({
          errors: [{ message: 'Query has complexity of 251503, which exceeds max complexity of 50000' }],
        }),
      kind: 'graphql',
      title: /GraphQL query failed/,
    },
    {
      name: '429 per-user complexity',
      answer: () =>
        HttpResponse.json(
          {
            errors: [
              {
                message:
                  'You have exceeded your per-user limit of 5000 complexity points. Please try again in 120 seconds.',
              },
            ],
          },
          { status: 429, headers: rateHeaders(30, 120, 100, 0) },
        ),
      kind: 'rate-limited',
      title: /Rate limited/,
    },
  ];
  it.each(rows)('$name → $kind', async (row) => {
    let calls = 0;
    server.use(http.post(GRAPHQL, () => (calls++, row.answer())));
    const error = await failureOf(runGraphQL(CREDS, Probe, {}, ProbeResult));
    expect(error.kind).toBe(row.kind);
    expect(error.title).toMatch(row.title);
    expect(calls).toBe(1);
  });

  it('429 per-user complexity: the wait is the user’s reset (120 s), from the message and header', async () => {
    const now = Date.now();
    server.use(http.post(GRAPHQL, () => rows.at(-1)!.answer()));
    const error = await failureOf(runGraphQL(CREDS, Probe, {}, ProbeResult));
    expect(error.rateScope).toBe('graphql_user');
    expect(error.retryAt! - now).toBeGreaterThanOrEqual(119_000);
  });
});

describe('stalled body: the deadline wins the race with the aborted read', () => {
  it('a body read that the abort rejects at once (as in Chromium) still ends as the deadline', async () => {
    const abort = new AbortController();
    // Chromium rejects a body read synchronously inside `abort()`; msw's stream does not, so model it here.
    const response = {
      text: () =>
        new Promise<string>((_, reject) =>
          abort.signal.addEventListener('abort', () => reject(new DOMException('The user aborted.', 'AbortError'))),
        ),
    } as unknown as Response;
    await expect(readTextWithin(response, 10, abort)).rejects.toThrow(/No complete answer/);
    expect(abort.signal.aborted).toBe(true);
  });
});
