// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { featureVerdicts, KITEDECK_SCOPES, newTokenUrl } from '@/lib/token/features';
import { checkTokenHealth } from '@/lib/token/health';
import type { TokenHealthReport } from '@/lib/token/report';

const API = 'https://api.buildkite.com/v2';
const GRAPHQL = 'https://graphql.buildkite.com/v1';
const TOKEN = 'bkua_c4ca4238a0b923820dcc509a6f75849bc81e728d';
const DAY = 86_400_000;
const AUTH_MESSAGE =
  'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication';
const IP_MESSAGE = 'Your IP address 203.0.113.9 is not in the allowed IP addresses for this API Access Token';
const READ_ONLY = ['read_builds', 'read_build_logs', 'read_pipelines', 'read_organizations', 'read_user'];

/** `YYYY-MM-DD HH:MM:SS UTC`, as `/v2/access-token` writes it. */
const buildkiteTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');

const accessToken = (scopes: readonly string[], expiresAt: number | null = null) => ({
  uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
  scopes,
  description: 'Kitedeck',
  created_at: '2025-07-16 06:07:42 UTC',
  expires_at: expiresAt === null ? null : buildkiteTime(expiresAt),
  user: { name: 'Jane Doe', email: 'jane@example.com' },
});
const ORGS = [
  {
    id: 'a98961b7-adc1-41aa-8726-cfb2c46e42e0',
    graphql_id: 'T3Jn',
    slug: 'acme',
    name: 'Acme Inc',
    web_url: 'https://buildkite.com/acme',
  },
  { id: 'c98961b7-adc1-41aa-8726-cfb2c46e42e1', slug: 'widgets', name: 'Widgets' },
];
const VIEWER = {
  data: {
    viewer: {
      user: { id: 'VXNlci0tLQ==', uuid: 'u-1', name: 'Jane Doe', email: 'jane@example.com' },
      organizations: { edges: [{ node: { id: 'T3Jn', uuid: 'o-1', slug: 'acme', name: 'Acme Inc' } }] },
    },
  },
};

type Route = (request: Request) => Response | Promise<Response>;
interface Routes {
  accessToken: Route;
  organizations: Route;
  graphql: Route;
}
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => fakeBrowser.reset());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serve(routes: Routes) {
  const hits: string[] = [];
  server.use(
    http.get(`${API}/access-token`, ({ request }) => (hits.push('access-token'), routes.accessToken(request))),
    http.get(`${API}/organizations`, ({ request }) => (hits.push('organizations'), routes.organizations(request))),
    http.post(GRAPHQL, ({ request }) => (hits.push('graphql'), routes.graphql(request))),
  );
  return hits;
}

const json =
  (body: unknown, status = 200): Route =>
  () =>
    HttpResponse.json(body as object, { status });
const checkStatus = (report: TokenHealthReport) =>
  Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
const feature = (report: TokenHealthReport, id: string) => report.features.find((verdict) => verdict.id === id)!;

describe('checkTokenHealth', () => {
  it('a full token: every check passes, every feature allowed, organisations listed', async () => {
    const now = Date.now();
    const hits = serve({
      accessToken: json(accessToken([...KITEDECK_SCOPES, 'read_agents'], now + 200 * DAY)),
      organizations: json(ORGS),
      graphql: json(VIEWER),
    });
    const report = await checkTokenHealth(TOKEN, null, () => now);
    expect(report).toMatchObject({ verdict: 'ok', summary: 'Token works.', graphqlEnabled: true, checkedAt: now });
    expect(checkStatus(report)).toEqual({ valid: 'pass', expiry: 'pass', graphql: 'pass', organizations: 'pass' });
    expect(report.features.every((verdict) => verdict.allowed && verdict.missing.length === 0)).toBe(true);
    expect(report.organizations).toEqual([
      { slug: 'acme', name: 'Acme Inc' },
      { slug: 'widgets', name: 'Widgets' },
    ]);
    expect(report.token).toMatchObject({
      uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
      description: 'Kitedeck',
      createdAt: Date.UTC(2025, 6, 16, 6, 7, 42),
      scopes: [...KITEDECK_SCOPES, 'read_agents'],
      owner: { name: 'Jane Doe', email: 'jane@example.com' },
      prefixed: true,
    });
    expect(report.token!.expiresAt).toBe(Math.floor((now + 200 * DAY) / 1000) * 1000);
    expect(report.problem).toBeUndefined();
    expect(report.formatNote).toBeUndefined();
    expect(hits.sort()).toEqual(['access-token', 'graphql', 'organizations']);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('asks for organisations with per_page=100 and sends the token on every request', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const record =
      (route: Route): Route =>
      (request) => (seen.push({ url: request.url, auth: request.headers.get('authorization') }), route(request));
    serve({
      accessToken: record(json(accessToken(KITEDECK_SCOPES))),
      organizations: record(json(ORGS)),
      graphql: record(json(VIEWER)),
    });
    await checkTokenHealth(TOKEN, null);
    expect(seen.map((entry) => entry.auth)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(seen.map((entry) => entry.url)).toContain(`${API}/organizations?per_page=100`);
  });

  it('no graphql and no write_builds: graphql warns, write features off with write_builds missing', async () => {
    serve({
      accessToken: json(accessToken(READ_ONLY)),
      organizations: json(ORGS.slice(0, 1)),
      graphql: json({ errors: [{ message: AUTH_MESSAGE.replace('rest-api', 'graphql-api') }] }, 401),
    });
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.verdict).toBe('warning');
    expect(report.graphqlEnabled).toBe(false);
    expect(checkStatus(report)).toEqual({ valid: 'pass', expiry: 'pass', graphql: 'warn', organizations: 'pass' });
    for (const id of ['quick-actions', 'retry', 'unblock']) {
      expect(feature(report, id), id).toMatchObject({ allowed: false, missing: ['write_builds'] });
    }
    expect(feature(report, 'job-cancel')).toMatchObject({ allowed: false, missing: ['graphql'] });
    expect(feature(report, 'logs')).toMatchObject({ allowed: true });
    expect(feature(report, 'watch')).toMatchObject({ allowed: true });
    expect(feature(report, 'watch').degraded.map((item) => item.scope)).toEqual(['graphql']);
    expect(report.organizations).toEqual([{ slug: 'acme', name: 'Acme Inc' }]);
    expect(report.problem).toBeUndefined();
  });

  it('the graphql scope with a failing probe: graphql fails, GraphQL-only features are off', async () => {
    serve({
      accessToken: json(accessToken(KITEDECK_SCOPES)),
      organizations: json(ORGS),
      graphql: () => new HttpResponse(null, { status: 401 }),
    });
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.verdict).toBe('warning');
    expect(report.graphqlEnabled).toBe(false);
    expect(checkStatus(report).graphql).toBe('fail');
    expect(feature(report, 'job-cancel')).toMatchObject({ allowed: false, missing: ['graphql'] });
    expect(report.problem?.kind).toBe('unauthorized');
  });

  it('without read_organizations, the organisations come from the GraphQL probe', async () => {
    serve({
      accessToken: json(accessToken(['read_builds', 'write_builds', 'graphql'])),
      organizations: json({ message: 'Forbidden' }, 403),
      graphql: json(VIEWER),
    });
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.organizations).toEqual([{ slug: 'acme', name: 'Acme Inc' }]);
    expect(checkStatus(report).organizations).toBe('pass');
  });

  /** A report from an earlier, successful check, as the service keeps it. */
  const previousReport = (expiresAt: number | null): TokenHealthReport => ({
    checkedAt: Date.now() - 2 * DAY,
    verdict: 'ok',
    summary: 'Token works.',
    token: {
      uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
      description: 'Kitedeck',
      createdAt: Date.UTC(2025, 6, 16, 6, 7, 42),
      expiresAt,
      scopes: [...KITEDECK_SCOPES],
      owner: { name: 'Jane Doe', email: 'jane@example.com' },
      prefixed: true,
    },
    checks: [],
    features: featureVerdicts(KITEDECK_SCOPES),
    organizations: [{ slug: 'acme', name: 'Acme Inc' }],
    graphqlEnabled: true,
    newTokenUrl: newTokenUrl(),
  });
  const revoked: [name: string, previous: TokenHealthReport | null, verdict: 'invalid' | 'expired', summary: RegExp][] =
    [
      ['no previous report', null, 'invalid', /not valid/],
      ['a previous report of a token that never expires', previousReport(null), 'invalid', /not valid/],
      [
        'a previous report whose expiry is still ahead (revoked)',
        previousReport(Date.now() + 5 * DAY),
        'invalid',
        /not valid/,
      ],
      ['a previous report whose expiry has passed', previousReport(Date.now() - DAY), 'expired', /expired/],
    ];
  it.each(revoked)('a 401 on access-token with %s → %s', async (_name, previous, verdict, summary) => {
    serve({
      accessToken: json({ message: AUTH_MESSAGE }, 401),
      organizations: json({ message: AUTH_MESSAGE }, 401),
      graphql: json({ errors: [{ message: AUTH_MESSAGE }] }, 401),
    });
    const report = await checkTokenHealth(TOKEN, previous);
    expect(report.verdict).toBe(verdict);
    expect(report.summary).toMatch(summary);
    expect(report.token).toBeNull();
    expect(report.problem?.kind).toBe('unauthorized');
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: 'valid', status: 'fail' });
    expect(report.features.filter((item) => item.allowed).map((item) => item.id)).toEqual(['console-rest']);
    expect(report.organizations).toEqual([]);
  });

  it('IP-blocked (403 with an IP message on everything): verdict error, ip-not-allowed, not missing-scope', async () => {
    serve({
      accessToken: json({ message: IP_MESSAGE }, 403),
      organizations: json({ message: IP_MESSAGE }, 403),
      graphql: json({ errors: [{ message: IP_MESSAGE }] }, 403),
    });
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.verdict).toBe('error');
    expect(report.problem?.kind).toBe('ip-not-allowed');
    expect(report.problem?.detail).toContain(IP_MESSAGE);
    expect(report.summary).toMatch(/IP allowlist or an SSO\/organisation policy/);
    expect(JSON.stringify(report)).not.toContain('missing-scope');
  });

  it('a 500 on access-token: verdict error with a server problem', async () => {
    serve({
      accessToken: () => new HttpResponse(null, { status: 500 }),
      organizations: json(ORGS),
      graphql: json(VIEWER),
    });
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.verdict).toBe('error');
    expect(report.problem?.kind).toBe('server');
  });

  it('a token expiring in 3 days: verdict expiring, with the countdown', async () => {
    const now = Date.now();
    serve({
      accessToken: json(accessToken(KITEDECK_SCOPES, now + 3 * DAY + 2 * 3_600_000 + 30_000)),
      organizations: json(ORGS),
      graphql: json(VIEWER),
    });
    const report = await checkTokenHealth(TOKEN, null, () => now);
    expect(report.verdict).toBe('expiring');
    expect(report.summary).toBe('Token works, but expires in 3 days 2 hours.');
    expect(report.checks.find((check) => check.id === 'expiry')).toMatchObject({
      status: 'warn',
      title: 'Expires in 3 days 2 hours',
    });
  });

  it('a token expiring in 30 days is ok', async () => {
    const now = Date.now();
    serve({
      accessToken: json(accessToken(KITEDECK_SCOPES, now + 30 * DAY)),
      organizations: json(ORGS),
      graphql: json(VIEWER),
    });
    const report = await checkTokenHealth(TOKEN, null, () => now);
    expect(report.verdict).toBe('ok');
    expect(checkStatus(report).expiry).toBe('pass');
  });

  it('an unprefixed token carries the format note', async () => {
    serve({ accessToken: json(accessToken(KITEDECK_SCOPES)), organizations: json(ORGS), graphql: json(VIEWER) });
    const report = await checkTokenHealth('0123456789abcdef0123456789abcdef01234567', null);
    expect(report.formatNote).toMatch(/No bkua_ prefix/);
    expect(report.token?.prefixed).toBe(false);
  });

  it('makes the three requests in parallel: all three arrive before any is answered', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A sequential regression would never reach three hits: let it fail on the assertion, not hang.
    const fallback = setTimeout(() => release(), 3_000);
    const held =
      (name: string, route: Route): Route =>
      async (request) => {
        events.push(`hit:${name}`);
        if (events.filter((event) => event.startsWith('hit:')).length === 3) release();
        await gate;
        events.push(`answer:${name}`);
        return route(request);
      };
    serve({
      accessToken: held('access-token', json(accessToken(KITEDECK_SCOPES))),
      organizations: held('organizations', json(ORGS)),
      graphql: held('graphql', json(VIEWER)),
    });
    const report = await checkTokenHealth(TOKEN, null);
    clearTimeout(fallback);
    expect(events.slice(0, 3).every((event) => event.startsWith('hit:'))).toBe(true);
    expect(events.slice(0, 3).sort()).toEqual(['hit:access-token', 'hit:graphql', 'hit:organizations']);
    expect(report.verdict).toBe('ok');
  });
});
