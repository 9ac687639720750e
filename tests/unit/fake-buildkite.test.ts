// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClient, type FakeClient } from '../fake-buildkite/client';
import { renderPage } from '../fake-buildkite/pages';
import { BUILDS, JOBS, REVIEWER, gqlId } from '../fake-buildkite/seed-ids';
import { TOKENS } from '../fake-buildkite/seed-tokens';
import { startFakeBuildkite, type FakeBuildkite } from '../fake-buildkite/server';
import { seed } from '../fake-buildkite/state';

let server: FakeBuildkite;
let fake: FakeClient;

beforeAll(async () => {
  server = await startFakeBuildkite({ port: 0 });
  fake = fakeClient(server.url);
});
afterAll(() => server.close());
beforeEach(() => fake.reset());

const AUTH_401 = {
  message:
    'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication',
};
const GQL_401 =
  'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/graphql-api#authentication';

async function rest(method: string, path: string, token: string | null = TOKENS.full, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const postGraphQL = (query: string, variables: Record<string, unknown> = {}, token: string | null = TOKENS.full) =>
  rest('POST', '/graphql/v1', token, { query, variables });

const TOKEN_HEALTH =
  'query TokenHealth { viewer { user { id uuid name email } organizations(first: 50) { edges { node { id uuid slug name } } } } }';
const W = (n: number) => `/v2/organizations/acme/pipelines/web/builds/${n}`;

describe('auth', () => {
  it('answers the unauthenticated ping', async () => {
    const r = await rest('GET', '/', null);
    expect(r.status).toBe(200);
    expect(r.json.message).toBe('🛠');
    expect(Math.abs(r.json.timestamp - Date.now() / 1000)).toBeLessThan(5);
  });

  it.each([
    ['missing', null],
    ['unknown', 'bkua_nope'],
    ['revoked', TOKENS.revoked],
    ['expired', TOKENS.expired],
  ])('401 with the documented body for a %s token', async (_name, token) => {
    const r = await rest('GET', '/v2/user', token);
    expect(r.status).toBe(401);
    expect(r.json).toEqual(AUTH_401);
  });

  it('403 with the IP message for an IP-blocked token, on REST and GraphQL', async () => {
    const r = await rest('GET', '/v2/access-token', TOKENS.ipBlocked);
    expect(r.status).toBe(403);
    expect(r.json.message).toMatch(
      /^Forbidden: this API access token does not allow requests from your IP address \(203\.0\.113\.7\)/,
    );
    const g = await postGraphQL(TOKEN_HEALTH, {}, TOKENS.ipBlocked);
    expect(g.status).toBe(403);
    expect(g.json.errors[0].message).toBe(r.json.message);
  });

  it('access-token uses the documented non-ISO timestamps; null expiry for an old token', async () => {
    const r = await rest('GET', '/v2/access-token', TOKENS.expiring);
    expect(r.status).toBe(200);
    expect(r.json.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(r.json.expires_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    const days = (Date.parse(r.json.expires_at.replace(' UTC', 'Z').replace(' ', 'T')) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    expect(Object.keys(r.json).sort()).toEqual(['created_at', 'description', 'expires_at', 'scopes', 'user', 'uuid']);
    const legacy = await rest('GET', '/v2/access-token', TOKENS.legacy);
    expect(legacy.json.expires_at).toBeNull();
    expect(legacy.json.scopes).not.toContain('graphql');
  });

  it('DELETE /v2/access-token revokes the token', async () => {
    expect((await rest('DELETE', '/v2/access-token')).status).toBe(204);
    expect((await rest('GET', '/v2/access-token')).status).toBe(401);
  });

  it('tokens added through the control API work, with their scopes and orgs', async () => {
    await fake.addToken({
      value: 'bkua_custom',
      scopes: ['read_user'],
      orgs: ['acme'],
      user: { name: 'Pat', email: 'pat@x.test' },
    });
    const u = await rest('GET', '/v2/user', 'bkua_custom');
    expect(u.json).toMatchObject({ name: 'Pat', email: 'pat@x.test' });
    expect(u.json.created_at).toMatch(/T.*Z$/);
    expect((await rest('GET', '/v2/organizations', 'bkua_custom')).status).toBe(403);
  });
});

describe('scopes and orgs', () => {
  it('403 Forbidden for a missing scope', async () => {
    const r = await rest('PUT', `${W(105)}/cancel`, TOKENS.readonly);
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ message: 'Forbidden' });
  });

  it('403 for an org the token cannot access, 404 for an unknown org', async () => {
    expect(await rest('GET', '/v2/organizations/globex', TOKENS.readonly)).toMatchObject({
      status: 403,
      json: { message: 'Forbidden' },
    });
    expect(await rest('GET', '/v2/organizations/nope', TOKENS.readonly)).toMatchObject({
      status: 404,
      json: { message: 'Not Found' },
    });
    const list = await rest('GET', '/v2/organizations', TOKENS.readonly);
    expect(list.json.map((o: any) => o.slug)).toEqual(['acme']);
    expect(list.json[0]).toMatchObject({
      graphql_id: gqlId('Organization', list.json[0].id),
      web_url: 'https://buildkite.com/acme',
    });
  });

  it('404 with the documented messages for unknown builds and jobs', async () => {
    expect((await rest('GET', W(999))).json).toEqual({ message: 'No build found' });
    expect((await rest('GET', `${W(101)}/jobs/0000`)).json).toEqual({ message: 'No job found' });
  });
});

describe('rate limits', () => {
  it('sends REST rate-limit headers whose remaining goes down', async () => {
    const a = await rest('GET', '/v2/user');
    const b = await rest('GET', '/v2/user');
    expect(a.headers.get('ratelimit-scope')).toBe('rest');
    expect(a.headers.get('ratelimit-limit')).toBe('200');
    expect(a.headers.get('ratelimit-user-scope')).toBe('rest_user');
    expect(a.headers.get('ratelimit-user-limit')).toBe('50');
    expect(Number(b.headers.get('ratelimit-remaining'))).toBe(Number(a.headers.get('ratelimit-remaining')) - 1);
    expect(Number(b.headers.get('ratelimit-user-remaining'))).toBe(
      Number(a.headers.get('ratelimit-user-remaining')) - 1,
    );
    const reset = Number(b.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
  });

  it('answers 429 once the user window is exhausted', async () => {
    await fake.limits({ restUser: 2 });
    await rest('GET', '/v2/user');
    await rest('GET', '/v2/user');
    const r = await rest('GET', '/v2/user');
    expect(r.status).toBe(429);
    expect(r.json).toMatchObject({ scope: 'rest_user', limit: 2, current: 3 });
    expect(r.headers.get('ratelimit-user-remaining')).toBe('0');
    // Buildkite documents RateLimit-* only: Retry-After is an opt-in variant.
    expect(r.headers.get('retry-after')).toBeNull();
    await fake.variants({ retryAfterOn429: true });
    const again = await rest('GET', '/v2/user');
    expect(again.headers.get('retry-after')).toBe(String(again.json.reset));
  });

  it('a rate-limited scenario with times: 1 fires once', async () => {
    await fake.scenario({
      match: { pathPrefix: '/v2/user' },
      respond: { kind: 'rate-limited', resetSeconds: 7 },
      times: 1,
    });
    const first = await rest('GET', '/v2/user');
    expect(first.status).toBe(429);
    expect(first.json).toEqual({
      message: 'You have exceeded your API rate limit. Please wait 7 seconds before making more requests.',
      scope: 'rest',
      limit: 200,
      current: 201,
      reset: 7,
    });
    expect(first.headers.get('ratelimit-remaining')).toBe('0');
    expect(first.headers.get('ratelimit-reset')).toBe('7');
    expect(first.headers.get('retry-after')).toBeNull();
    expect((await rest('GET', '/v2/user')).status).toBe(200);
  });

  it('a slow scenario delays, then answers normally; OPTIONS preflights get 204', async () => {
    await fake.scenario({ match: { pathPrefix: '/v2/user' }, respond: { kind: 'slow', delayMs: 300 }, times: 1 });
    const t0 = Date.now();
    const r = await rest('GET', '/v2/user');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.json.name).toBe('Kai Tester');
    const pre = await fetch(`${server.url}/v2/user`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('scenarios can match a GraphQL operation name', async () => {
    const s = await fake.scenario({
      match: { operationName: 'TokenHealth' },
      respond: { kind: 'rate-limited', resetSeconds: 9 },
    });
    const r = await postGraphQL(TOKEN_HEALTH);
    expect(r.status).toBe(429);
    expect(r.json.errors[0].message).toBe(
      'Your organization has exceeded the limit of 20000 complexity points. Please try again in 9 seconds.',
    );
    expect((await postGraphQL('query Other { viewer { user { name } } }')).status).toBe(200);
    await fake.removeScenario(s.id);
    expect((await postGraphQL(TOKEN_HEALTH)).status).toBe(200);
  });

  it('server-error and malformed scenarios', async () => {
    await fake.scenario({
      match: { method: 'GET', pathPrefix: '/v2/organizations' },
      respond: { kind: 'server-error' },
      times: 1,
    });
    const e = await rest('GET', '/v2/organizations');
    expect(e.status).toBe(502);
    expect(e.headers.get('content-type')).toContain('text/html');
    await fake.scenario({ match: { token: TOKENS.full }, respond: { kind: 'malformed' }, times: 1 });
    expect((await rest('GET', '/v2/user')).json).toBeUndefined();
    await fake.scenario({ match: {}, respond: { kind: 'malformed', body: { surprise: true } }, times: 1 });
    expect((await rest('GET', '/v2/user')).json).toEqual({ surprise: true });
  });
});

describe('GraphQL', () => {
  it('answers TokenHealth for a graphql token, with complexity headers', async () => {
    const r = await postGraphQL(TOKEN_HEALTH);
    expect(r.status).toBe(200);
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.viewer.user).toMatchObject({
      name: 'Kai Tester',
      id: gqlId('User', r.json.data.viewer.user.uuid),
    });
    expect(r.json.data.viewer.organizations.edges.map((e: any) => e.node.slug)).toEqual(['acme', 'globex']);
    expect(Number(r.headers.get('ratelimit-complexity-requested'))).toBeGreaterThan(0);
    expect(Number(r.headers.get('ratelimit-complexity-actual'))).toBeGreaterThan(0);
    expect(r.headers.get('ratelimit-user-limit')).toBe('5000');
  });

  it('401 with the GraphQL message for a token without graphql', async () => {
    const r = await postGraphQL(TOKEN_HEALTH, {}, TOKENS.readonly);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ errors: [{ message: GQL_401 }] });
  });

  it('an invalid field gives a standard errors array with HTTP 200', async () => {
    const r = await postGraphQL('query Bad { viewer { user { nope } } }');
    expect(r.status).toBe(200);
    expect(r.json.data).toBeUndefined();
    expect(r.json.errors[0].message).toMatch(/^Cannot query field "nope" on type "User"\./);
    expect(r.json.errors[0].locations).toEqual([{ line: 1, column: 29 }]);
  });

  it('reads a build with its jobs, and the same node by its REST graphql_id', async () => {
    const q = `query BuildWithJobs($slug: ID!) { build(slug: $slug) { id uuid number state blockedState url
      jobs(first: 100) { edges { node { __typename
        ... on JobTypeCommand { uuid state exitStatus softFailed passed retried signalReason url }
        ... on JobTypeBlock { uuid state isUnblockable } } } pageInfo { hasNextPage } } } }`;
    const r = await postGraphQL(q, { slug: 'acme/web/104' });
    const b = r.json.data.build;
    expect(b).toMatchObject({ uuid: BUILDS.webFailing.id, number: 104, state: 'FAILING', blockedState: null });
    const byUuid = Object.fromEntries(b.jobs.edges.map((e: any) => [e.node.uuid, e.node]));
    expect(byUuid[JOBS.failingUnit]).toMatchObject({
      __typename: 'JobTypeCommand',
      state: 'FINISHED',
      exitStatus: '1',
      passed: false,
    });
    expect(byUuid[JOBS.failingBlock]).toMatchObject({
      __typename: 'JobTypeBlock',
      state: 'BLOCKED',
      isUnblockable: true,
    });
    const restBuild = (await rest('GET', W(104))).json;
    expect(restBuild.graphql_id).toBe(b.id);
    const node = await postGraphQL('query N($id: ID!) { node(id: $id) { __typename ... on Build { number } } }', {
      id: restBuild.graphql_id,
    });
    expect(node.json.data.node).toEqual({ __typename: 'Build', number: 104 });
    const lost = await postGraphQL(
      'query J($u: ID!) { job(uuid: $u) { ... on JobTypeCommand { exitStatus signal signalReason } } }',
      { u: JOBS.agentStopped },
    );
    expect(lost.json.data.job).toEqual({ exitStatus: '-1', signal: 'SIGTERM', signalReason: 'AGENT_STOP' });
  });

  it('mutations share the REST transitions', async () => {
    const cancel = await postGraphQL(
      'mutation CancelBuild($id: ID!) { buildCancel(input: { id: $id }) { build { id state } } }',
      {
        id: gqlId('Build', BUILDS.webRunning.id),
      },
    );
    expect(cancel.json.data.buildCancel.build.state).toBe('CANCELING');
    expect((await rest('GET', W(105))).json.state).toBe('canceled');
    const unblock = await postGraphQL(
      'mutation Unblock($id: ID!, $fields: JSON) { jobTypeBlockUnblock(input: { id: $id, fields: $fields }) { jobTypeBlock { state isUnblockable } } }',
      { id: gqlId('Job', JOBS.blockedRelease), fields: { 'release-notes': 'Fixes' } },
    );
    expect(unblock.json.data.jobTypeBlockUnblock.jobTypeBlock).toEqual({ state: 'UNBLOCKED', isUnblockable: false });
    const again = await postGraphQL(
      'mutation RetryJob($id: ID!) { jobTypeCommandRetry(input: { id: $id }) { retriedInJobTypeCommand { uuid } } }',
      {
        id: gqlId('Job', JOBS.retriedOriginal),
      },
    );
    expect(again.json.errors[0].message).toBe('Jobs can only be retried once');
  });
});

describe('builds and jobs', () => {
  it('cancel goes canceling, then canceled on the next read; finished builds cannot be canceled', async () => {
    const c = await rest('PUT', `${W(105)}/cancel`);
    expect(c.status).toBe(200);
    expect(c.json.state).toBe('canceling');
    const after = await rest('GET', W(105));
    expect(after.json.state).toBe('canceled');
    expect(after.json.finished_at).not.toBeNull();
    const test = after.json.jobs.find((j: any) => j.id === JOBS.runningTest);
    expect(test).toMatchObject({ state: 'canceled', exit_status: -1, signal_reason: 'cancel' });
    const again = await rest('PUT', `${W(101)}/cancel`);
    expect(again.status).toBe(422);
    expect(again.json.message).toMatch(/passed/);
  });

  it('retry_failed_jobs retries into new job ids', async () => {
    const r = await rest('PUT', `${W(103)}/retry_failed_jobs`, TOKENS.full, { states: 'failed' });
    expect(r.status).toBe(202);
    // Unit tests, the agent-lost job, the agent_stop job and the second "Flaky suite" attempt
    expect(r.json.retried_jobs_count).toBe(4);
    expect(r.json.state).toBe('running');
    const all = (await rest('GET', `${W(103)}?include_retried_jobs=true`)).json.jobs;
    const old = all.find((j: any) => j.id === JOBS.failedUnit);
    expect(old).toMatchObject({ retried: true });
    const fresh = all.find((j: any) => j.id === old.retried_in_job_id);
    expect(fresh).toMatchObject({
      state: 'scheduled',
      retried: false,
      retries_count: 1,
      retry_type: 'manual',
      name: 'Unit tests',
    });
    expect(fresh.id).not.toBe(JOBS.failedUnit);
    const visible = (await rest('GET', W(103))).json.jobs.map((j: any) => j.id);
    expect(visible).not.toContain(JOBS.failedUnit);
    expect(visible).toContain(fresh.id);
  });

  it('job retry: once per job id, and only failed/timed-out/canceled jobs', async () => {
    expect(await rest('PUT', `${W(103)}/jobs/${JOBS.retriedOriginal}/retry`)).toMatchObject({
      status: 400,
      json: { message: 'Jobs can only be retried once' },
    });
    expect(await rest('PUT', `${W(103)}/jobs/${JOBS.failedLint}/retry`)).toMatchObject({
      status: 400,
      json: { message: 'Only failed, timed out or canceled jobs can be retried' },
    });
    const ok = await rest('PUT', `/v2/organizations/acme/jobs/${JOBS.agentLost}/retry`);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ state: 'scheduled', retries_count: 1 });
    expect(ok.json.web_url).toBe(`https://buildkite.com/acme/web/builds/103#${ok.json.id}`);
  });

  it('the agent-lost job has exit status -1 and no signal', async () => {
    const job = (await rest('GET', `${W(103)}/jobs/${JOBS.agentLost}`)).json;
    expect(job).toMatchObject({ state: 'failed', exit_status: -1, signal: null, signal_reason: null });
  });

  it('unblock checks required fields (422), job type (400), then unblocks', async () => {
    const url = `${W(104)}/jobs/${JOBS.failingBlock}/unblock`;
    const missing = await rest('PUT', url, TOKENS.full, { fields: { regions: ['eu-west'] } });
    expect(missing.status).toBe(422);
    expect(missing.json.message).toBe('Validation Failed');
    expect(missing.json.errors.map((e: any) => e.field)).toEqual(['release-name']);
    const bad = await rest('PUT', url, TOKENS.full, { fields: { 'release-name': 'x', environment: 'moon' } });
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: 'environment', code: 'invalid' })]);
    const notBlock = await rest('PUT', `${W(104)}/jobs/${JOBS.failingUnit}/unblock`, TOKENS.full, {});
    expect(notBlock).toMatchObject({ status: 400, json: { message: 'This job type cannot be unblocked' } });
    const ok = await rest('PUT', url, TOKENS.full, {
      unblocker: REVIEWER.id,
      fields: { 'release-name': 'Lynx', environment: 'production', regions: ['eu-west', 'us-east'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      type: 'manual',
      state: 'unblocked',
      unblockable: false,
      unblocked_by: { id: REVIEWER.id },
    });
    const b = (await rest('GET', W(104))).json;
    expect(b.meta_data).toMatchObject({
      'release-name': 'Lynx',
      environment: 'production',
      regions: 'eu-west\nus-east',
    });
  });

  it('rebuild returns the new build with the next number', async () => {
    const r = await rest('PUT', `${W(103)}/rebuild`);
    expect(r.json).toMatchObject({
      number: 106,
      state: 'scheduled',
      rebuilt_from: { id: BUILDS.webFailed.id, number: 103 },
    });
  });

  it('lists builds newest first with filters and Link pagination', async () => {
    const r = await rest('GET', '/v2/organizations/acme/pipelines/web/builds?per_page=2&page=2&exclude_jobs=true');
    expect(r.json.map((b: any) => b.number)).toEqual([103, 102]);
    expect(r.json[0].jobs).toBeUndefined();
    const link = r.headers.get('link')!;
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="prev"');
    expect(link).toMatch(/<[^>]*[?&]page=3[&>][^>]*>; rel="last"/);
    expect(link).toMatch(/<[^>]*[?&]page=1[&>][^>]*>; rel="first"/);
    const failed = await rest('GET', '/v2/builds?state[]=failed&state[]=failing');
    expect(failed.json.map((b: any) => `${b.pipeline.slug}#${b.number}`)).toEqual(['web#104', 'web#103', 'api#1']);
    const feature = await rest('GET', '/v2/organizations/acme/builds?branch=feature/*');
    expect(feature.json.map((b: any) => b.number)).toEqual([104]);
  });

  it('serves job logs', async () => {
    const r = await rest('GET', `${W(103)}/jobs/${JOBS.failedUnit}/log`);
    expect(r.json.content).toContain('1 failing');
    expect(r.json.size).toBe(Buffer.byteLength(r.json.content));
    expect(Array.isArray(r.json.header_times)).toBe(true);
    expect((await rest('GET', `${W(103)}/jobs/${JOBS.failedUnit}/log`, TOKENS.legacy)).status).toBe(200);
  });
});

describe('control API', () => {
  it('records requests with lower-cased headers, filterable by token and path', async () => {
    await rest('GET', '/v2/user', TOKENS.readonly);
    await postGraphQL(TOKEN_HEALTH);
    const reqs = await fake.requests({ token: TOKENS.readonly });
    expect(reqs).toHaveLength(1);
    expect(reqs[0]).toMatchObject({ method: 'GET', path: '/v2/user', status: 200, token: TOKENS.readonly });
    expect(reqs[0]!.headers.authorization).toBe(`Bearer ${TOKENS.readonly}`);
    const g = await fake.requests({ pathPrefix: '/graphql' });
    expect(g[0]).toMatchObject({ operationName: 'TokenHealth', variables: {} });
    await fake.clearRequests();
    expect(await fake.requests()).toEqual([]);
  });

  it('creates a build from a spec and transitions it with consistent timestamps', async () => {
    const b = await fake.createBuild({
      org: 'acme',
      pipeline: 'web',
      branch: 'watch-me',
      state: 'running',
      jobs: [
        { id: 'job-a', name: 'A', state: 'running' },
        { id: 'job-b', type: 'block', label: 'Go?', fields: [] },
      ],
    });
    expect(b).toMatchObject({ number: 106, state: 'running', branch: 'watch-me' });
    expect(b.started_at).not.toBeNull();
    const failing = await fake.transitionBuild(b.id, {
      state: 'failing',
      jobs: [{ id: 'job-a', state: 'failed', exit_status: 3 }],
    });
    expect(failing.failing_at).not.toBeNull();
    const failed = await fake.transitionBuild(b.id, { state: 'failed' });
    expect(failed).toMatchObject({ state: 'failed' });
    const a = failed.jobs.find((j) => j.id === 'job-a')!;
    expect(a).toMatchObject({ state: 'failed', exit_status: 3 });
    expect(Date.parse(String(a.finished_at))).toBeGreaterThanOrEqual(Date.parse(String(a.started_at)));
    expect(Date.parse(String(failed.finished_at))).toBeGreaterThanOrEqual(Date.parse(String(failed.started_at)));
    const seen = (await rest('GET', W(106))).json;
    expect(seen.state).toBe('failed');
    const lost = await fake.createBuild({
      org: 'acme',
      pipeline: 'web',
      state: 'failed',
      jobs: [{ id: 'job-l', state: 'failed', exit_status: -1, signal_reason: 'agent_lost' }],
    });
    expect(lost.jobs[0]).toMatchObject({ exit_status: -1, signal_reason: 'agent_lost' });
    const g = await postGraphQL('query J { job(uuid: "job-l") { ... on JobTypeCommand { exitStatus signalReason } } }');
    expect(g.json.data.job).toEqual({ exitStatus: '-1', signalReason: null });
  });

  it('reset restores the seed', async () => {
    await rest('PUT', `${W(105)}/cancel`);
    await fake.reset();
    expect((await rest('GET', W(105))).json.state).toBe('running');
  });
});

describe('fixture pages', () => {
  it('serves a build page with job links and no Buildkite classes', async () => {
    const res = await fetch(`${server.url}/acme/web/builds/104`);
    const html = await res.text();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain(`<a href="/acme/web/builds/104#${JOBS.failingUnit}">Unit tests</a>`);
    expect(html).toContain('data-spa');
    expect(html).not.toMatch(/class=/);
    expect(renderPage(seed(), '/acme/web/builds/104').body).toContain(JOBS.failingBlock);
    expect((await fetch(`${server.url}/acme/web/builds/999`)).status).toBe(404);
  });

  it('page scripts are valid JavaScript', async () => {
    for (const path of ['/acme/web/builds/104?hostile=1', '/__fake/page/hostile']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      expect(scripts.length).toBe(2);
      for (const s of scripts) expect(() => new Function(s)).not.toThrow();
    }
  });

  it('serves the hostile page and records loot', async () => {
    const html = await (await fetch(`${server.url}/__fake/page/hostile`)).text();
    expect(html).toContain('/__fake/loot');
    expect(html).toContain('sendMessage');
    await fetch(`${server.url}/__fake/loot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"html":"x"}',
    });
    expect((await fake.loot())[0]!.body).toEqual({ html: 'x' });
  });
});
