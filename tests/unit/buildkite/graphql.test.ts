// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GRAPHQL_URL } from '@/lib/config';
import { KdFailure, type KdError } from '@/lib/errors';
import { graphql, runGraphQL } from '@/lib/buildkite/graphql';
import { rateLimitItem } from '@/lib/buildkite/rate-limit';

const ENDPOINT = 'https://graphql.buildkite.com/v1';
const TOKEN = 'bkua_8f14e45fceea167a5a36dedd4bea2543d6c2b1a9';
const BUILD_ID = 'QnVpbGQtLS0wMTkwYTFiMi1jM2Q0LTdlNWYtOGE5Yi0wYzFkMmUzZjRhNWI=';

const PipelineName = graphql(`
  query PipelineName($slug: ID!) {
    pipeline(slug: $slug) {
      name
    }
  }
`);
const PipelineNameResult = v.object({ pipeline: v.nullable(v.object({ name: v.string() })) });

const CancelBuild = graphql(`
  mutation CancelBuild($id: ID!) {
    buildCancel(input: { id: $id }) {
      build {
        id
        state
      }
    }
  }
`);
const BUILD_STATES = [
  'BLOCKED',
  'CANCELED',
  'CANCELING',
  'CREATING',
  'FAILED',
  'FAILING',
  'NOT_RUN',
  'PASSED',
  'RUNNING',
  'SCHEDULED',
  'SKIPPED',
] as const;
const CancelBuildResult = v.object({
  buildCancel: v.nullable(v.object({ build: v.object({ id: v.string(), state: v.picklist(BUILD_STATES) }) })),
});

interface Hit {
  authorization: string | null;
  contentType: string | null;
  body: { query: string; variables: unknown; operationName: string };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => fakeBrowser.reset());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function answer(...responses: (() => Response)[]): Hit[] {
  const hits: Hit[] = [];
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      hits.push({
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        body: (await request.json()) as Hit['body'],
      });
      return responses[Math.min(hits.length, responses.length) - 1]!();
    }),
  );
  return hits;
}

async function failure(promise: Promise<unknown>): Promise<KdError> {
  try {
    await promise;
  } catch (cause) {
    expect(cause).toBeInstanceOf(KdFailure);
    return (cause as KdFailure).error;
  }
  throw new Error('expected a KdFailure, got a value');
}

describe('runGraphQL', () => {
  it('posts to graphql.buildkite.com/v1', () => {
    expect(GRAPHQL_URL).toBe(ENDPOINT);
  });

  it('sends {query, variables, operationName} with the Bearer token, and returns the parsed data', async () => {
    const hits = answer(() => HttpResponse.json({ data: { pipeline: { name: 'Web' } } }));
    const data = await runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult);
    expect(data).toEqual({ pipeline: { name: 'Web' } });
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(hit!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(hit!.contentType).toMatch(/application\/json/);
    expect(Object.keys(hit!.body).sort()).toEqual(['operationName', 'query', 'variables']);
    expect(hit!.body.operationName).toBe('PipelineName');
    expect(hit!.body.variables).toEqual({ slug: 'acme/web' });
    expect(hit!.body.query).toMatch(/query PipelineName\(\$slug: ID!\)/);
    expect(hit!.body.query).toMatch(/pipeline\(slug: \$slug\)/);
  });

  it('sends a mutation with its name and variables', async () => {
    const hits = answer(() =>
      HttpResponse.json({ data: { buildCancel: { build: { id: BUILD_ID, state: 'CANCELING' } } } }),
    );
    const data = await runGraphQL({ token: TOKEN }, CancelBuild, { id: BUILD_ID }, CancelBuildResult);
    expect(data.buildCancel?.build.state).toBe('CANCELING');
    expect(hits[0]!.body).toMatchObject({ operationName: 'CancelBuild', variables: { id: BUILD_ID } });
    expect(hits[0]!.body.query).toMatch(/^mutation CancelBuild/);
  });

  it('errors with data: null are kind graphql, with Buildkite’s message', async () => {
    answer(() =>
      HttpResponse.json({ data: null, errors: [{ message: "Field 'pipelne' doesn't exist on type 'Query'" }] }),
    );
    const error = await failure(runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult));
    expect(error.kind).toBe('graphql');
    expect(error.detail).toContain("Field 'pipelne' doesn't exist on type 'Query'");
  });

  it('the complexity error (HTTP 200, errors, no data) is kind graphql with the message', async () => {
    answer(() =>
      HttpResponse.json({
        errors: [{ message: 'Query has complexity of 251503, which exceeds max complexity of 50000' }],
      }),
    );
    const error = await failure(runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult));
    expect(error.kind).toBe('graphql');
    expect(error.detail).toContain('exceeds max complexity of 50000');
  });

  it('a query with partial data and errors returns the data', async () => {
    answer(() => HttpResponse.json({ data: { pipeline: null }, errors: [{ message: 'Not found' }] }));
    expect(await runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/nope' }, PipelineNameResult)).toEqual({
      pipeline: null,
    });
  });

  it('a mutation with errors is a failure even when data came back', async () => {
    answer(() =>
      HttpResponse.json({ data: { buildCancel: null }, errors: [{ message: 'Build can no longer be canceled' }] }),
    );
    const error = await failure(runGraphQL({ token: TOKEN }, CancelBuild, { id: BUILD_ID }, CancelBuildResult));
    expect(error.kind).toBe('graphql');
    expect(error.detail).toContain('Build can no longer be canceled');
  });

  it('a 401 is unauthorized, read as "GraphQL refused this token"', async () => {
    const hits = answer(() =>
      HttpResponse.json(
        {
          errors: [
            {
              message:
                'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/graphql-api#authentication',
            },
          ],
        },
        { status: 401 },
      ),
    );
    const error = await failure(runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.title).toMatch(/GraphQL/);
    expect(hits).toHaveLength(1);
  });

  it('a mutation is never retried on 503', async () => {
    const hits = answer(
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({ data: { buildCancel: { build: { id: BUILD_ID, state: 'CANCELING' } } } }),
    );
    const error = await failure(runGraphQL({ token: TOKEN }, CancelBuild, { id: BUILD_ID }, CancelBuildResult));
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect(hits).toHaveLength(1);
  });

  it('a query is retried on 503 (the contrast with mutations)', async () => {
    const hits = answer(
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json({ data: { pipeline: { name: 'Web' } } }),
    );
    expect(await runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult)).toEqual({
      pipeline: { name: 'Web' },
    });
    expect(hits).toHaveLength(2);
  });

  it('a 429 with the org complexity message is rate-limited until the time it names, not retried', async () => {
    const hits = answer(() =>
      HttpResponse.json(
        {
          errors: [
            {
              message:
                'Your organization has exceeded the limit of 20000 complexity points. Please try again in 187 seconds.',
            },
          ],
        },
        { status: 429 },
      ),
    );
    const before = Date.now();
    const error = await failure(runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult));
    expect(hits).toHaveLength(1);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAt).toBeGreaterThanOrEqual(before + 187_000);
    expect(error.retryAt).toBeLessThanOrEqual(Date.now() + 187_000);
  });

  it('data of the wrong shape is an invalid response naming the operation and path', async () => {
    answer(() => HttpResponse.json({ data: { pipeline: { name: 42 } } }));
    const error = await failure(runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult));
    expect(error.kind).toBe('invalid-response');
    expect(error.detail).toContain('PipelineName');
    expect(error.detail).toContain('“pipeline.name”');
  });

  it('an envelope that is not GraphQL’s is an invalid response', async () => {
    answer(() => HttpResponse.json({ errors: 'nope' }));
    const error = await failure(runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult));
    expect(error.kind).toBe('invalid-response');
  });

  it('records the GraphQL rate-limit and complexity headers under graphql', async () => {
    answer(() =>
      HttpResponse.json(
        { data: { pipeline: { name: 'Web' } } },
        {
          headers: {
            'RateLimit-Remaining': '19900',
            'RateLimit-Limit': '20000',
            'RateLimit-Reset': '200',
            'RateLimit-Complexity-Actual': '3',
          },
        },
      ),
    );
    await runGraphQL({ token: TOKEN }, PipelineName, { slug: 'acme/web' }, PipelineNameResult);
    const stored = await rateLimitItem.getValue();
    expect(stored.rest).toBeUndefined();
    expect(stored.graphql).toMatchObject({ api: 'graphql', remaining: 19900, limit: 20000, complexityActual: 3 });
  });
});
