// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClient, type FakeClient } from '../fake-buildkite/client';
import { PIPELINES, gqlId } from '../fake-buildkite/seed-ids';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { startFakeBuildkite, type FakeBuildkite } from '../fake-buildkite/server';

/** The fake's pipeline-page routes: create builds (REST and GraphQL), list by branch, and the named presets. */
let server: FakeBuildkite;
let fake: FakeClient;

beforeAll(async () => {
  server = await startFakeBuildkite({ port: 0 });
  fake = fakeClient(server.url);
});
afterAll(() => server.close());
beforeEach(() => fake.reset());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKENS.full}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

describe('fake: new builds', () => {
  it('REST POST …/builds creates a scheduled build with env and meta-data (201)', async () => {
    const r = await call('POST', '/v2/organizations/acme/pipelines/web/builds', {
      commit: 'HEAD',
      branch: 'dev',
      message: 'Try',
      env: { A: '1' },
      meta_data: { release: '2' },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ state: 'scheduled', branch: 'dev', commit: 'HEAD', env: { A: '1' } });
    expect(r.json.meta_data).toEqual({ release: '2' });
  });

  it('REST refuses a build without commit or branch (422)', async () => {
    const r = await call('POST', '/v2/organizations/acme/pipelines/web/builds', { message: 'x' });
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { field: string }) => e.field)).toEqual(['commit', 'branch']);
  });

  it('GraphQL buildCreate takes KEY=value env and key/value meta-data', async () => {
    const r = await call('POST', '/graphql/v1', {
      query:
        'mutation($input: BuildCreateInput!) { buildCreate(input: $input) { build { number branch env metaData(first: 10) { edges { node { key value } } } } } }',
      variables: {
        input: {
          pipelineID: gqlId('Pipeline', PIPELINES.web.id),
          commit: 'HEAD',
          branch: 'dev',
          env: ['A=1=2'],
          metaData: [{ key: 'k', value: 'v' }],
        },
      },
    });
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.buildCreate.build).toMatchObject({ branch: 'dev', env: ['A=1=2'] });
    expect(r.json.data.buildCreate.build.metaData.edges[0].node).toEqual({ key: 'k', value: 'v' });
  });
});

describe('fake: presets', () => {
  it('superseded-branch: 6 builds on a branch, 4 running, newest last', async () => {
    await fake.preset('superseded-branch');
    const r = await call('GET', '/v2/organizations/acme/pipelines/web/builds?branch=feature/search&per_page=100');
    expect(r.json.map((b: { state: string }) => b.state)).toEqual([
      'running',
      'running',
      'failed',
      'running',
      'passed',
      'running',
    ]);
  });

  it('low-budget: a small REST budget in a short window', async () => {
    await fake.preset('low-budget', { limit: 3 });
    const r = await call('GET', '/v2/user');
    expect(r.headers.get('ratelimit-limit')).toBe('3');
    expect(r.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(r.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(15);
  });
});
