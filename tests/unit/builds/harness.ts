import { bypass, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeClient, type FakeClient } from '../../fake-buildkite/client';
import { FULL_SCOPES, READ_SCOPES, TOKENS } from '../../fake-buildkite/seed-tokens';
import { startFakeBuildkite, type FakeBuildkite } from '../../fake-buildkite/server';
import type { Credentials } from '@/lib/buildkite/http';

/**
 * Unit-test harness for the build page's background code: msw intercepts the calls to Buildkite's real hosts,
 * records what was sent (method, path, GraphQL operation and variables, body) and, unless a test overrides a
 * route, forwards them to the in-process fake Buildkite (REST v2 + GraphQL executed against the real schema).
 */

export interface Sent {
  method: string;
  /** REST path under /v2/, or `graphql` */
  path: string;
  search: string;
  operationName: string | null;
  variables: Record<string, unknown> | null;
  body: unknown;
  headers: Record<string, string>;
}

export const REST = 'https://api.buildkite.com/v2';
export const GRAPHQL = 'https://graphql.buildkite.com/v1';

export const FULL: Credentials = { token: TOKENS.full, scopes: [...FULL_SCOPES] };
export const REST_ONLY: Credentials = {
  token: TOKENS.legacy,
  scopes: ['read_user', 'read_organizations', 'read_pipelines', 'read_builds', 'read_build_logs', 'write_builds'],
};
export const READ_ONLY: Credentials = { token: TOKENS.readonly, scopes: [...READ_SCOPES] };

export const sent: Sent[] = [];
let fake: FakeBuildkite;
export let control: FakeClient;

async function record(request: Request): Promise<Sent> {
  const url = new URL(request.url);
  const text = await request.clone().text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  const graphql = url.host === 'graphql.buildkite.com';
  const payload = (body ?? {}) as { operationName?: string; variables?: Record<string, unknown> };
  const entry: Sent = {
    method: request.method,
    path: graphql ? 'graphql' : url.pathname.replace(/^\/v2\//, ''),
    search: url.search,
    operationName: graphql ? (payload.operationName ?? null) : null,
    variables: graphql ? (payload.variables ?? null) : null,
    body,
    headers: Object.fromEntries(request.headers.entries()),
  };
  sent.push(entry);
  return entry;
}

async function forward(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const target =
    url.host === 'graphql.buildkite.com' ? `${fake.url}/graphql/v1` : `${fake.url}${url.pathname}${url.search}`;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().text();
  const response = await fetch(bypass(new Request(target, { method: request.method, headers: request.headers, body })));
  return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
}

export const server = setupServer(
  http.all(`${REST}/*`, async ({ request }) => {
    await record(request);
    return forward(request);
  }),
  http.post(GRAPHQL, async ({ request }) => {
    await record(request);
    return forward(request);
  }),
);

/**
 * Overrides one route: `handler` answers instead of the fake (the request is still recorded); when it returns
 * undefined the request goes on to the fake.
 */
export function answer(
  method: 'get' | 'put' | 'post',
  url: string,
  handler: (request: Request, sentAs: Sent) => Response | undefined | Promise<Response | undefined>,
) {
  server.use(
    http[method](url, async ({ request }) => {
      const entry = await record(request);
      return (await handler(request, entry)) ?? forward(request);
    }),
  );
}

/** The recorded GraphQL request of an operation. */
export const operation = (name: string) => sent.find((item) => item.operationName === name);

export const graphqlError = (status: number, message: string) =>
  HttpResponse.json({ errors: [{ message }] }, { status });

export const operations = () => sent.filter((item) => item.path === 'graphql').map((item) => item.operationName);
export const restCalls = () =>
  sent.filter((item) => item.path !== 'graphql').map((item) => `${item.method} ${item.path}`);

export function useFakeBuildkite(): void {
  beforeAll(async () => {
    fake = await startFakeBuildkite({ port: 0 });
    control = fakeClient(fake.url);
    server.listen({
      // Buildkite's hosts must go through a handler; the fake's control API (loopback) passes.
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname.endsWith('buildkite.com')) print.error();
      },
    });
  });
  afterAll(async () => {
    server.close();
    await fake.close();
  });
  beforeEach(async () => {
    fakeBrowser.reset();
    sent.length = 0;
    await control.reset();
  });
  afterEach(() => server.resetHandlers());
}
