// @vitest-environment node
/**
 * Undocumented behaviour (reference §8) as named variants: the product handles each one. The variants' bodies come
 * from the fake's own table (tests/fake-buildkite/undocumented.ts), so the fake and these tests cannot drift.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { errorFromResponse } from '@/lib/buildkite/errors';
import { checkTokenHealth } from '@/lib/token/health';
import {
  GRAPHQL_NO_ACCESS_VARIANTS,
  graphqlNoAccessAnswer,
  POLICY_VARIANTS,
  policyAnswer,
} from '../../fake-buildkite/undocumented';

const API = 'https://api.buildkite.com/v2';
const GRAPHQL = 'https://graphql.buildkite.com/v1';
const TOKEN = 'bkua_c4ca4238a0b923820dcc509a6f75849bc81e728d';
const ACCESS = (scopes: string[]) => ({
  uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
  scopes,
  description: 'Kitedeck',
  created_at: '2025-07-16 06:07:42 UTC',
  expires_at: null,
  user: { name: 'Jane Doe', email: 'jane@example.com' },
});
const VIEWER = {
  data: {
    viewer: {
      user: { id: 'VXNlci0tLQ==', uuid: 'u-1', name: 'Jane Doe', email: 'jane@example.com' },
      organizations: { edges: [{ node: { id: 'T3Jn', uuid: 'o-1', slug: 'acme', name: 'Acme Inc' } }] },
    },
  },
};
const ORGS = [{ id: 'a98961b7-adc1-41aa-8726-cfb2c46e42e0', slug: 'acme', name: 'Acme Inc' }];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => fakeBrowser.reset());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('IP allowlist / SSO policy: every undocumented shape reads as a policy, with Buildkite’s words', () => {
  const explained = {
    api: 'rest' as const,
    scope: 'read_builds',
    tokenScopes: ['read_builds'],
    org: 'acme',
    tokenOrgs: ['acme'],
  };
  it.each(POLICY_VARIANTS)('%s on a call the scopes and org access allow', (variant) => {
    const { status, message } = policyAnswer(variant);
    const error = errorFromResponse(status, new Headers(), { message }, explained);
    if (variant === '401-plain') {
      // Indistinguishable from a revoked token: the message says both.
      expect(error.kind).toBe('unauthorized');
      expect(error.detail).toMatch(/IP allowlist or SSO policy/);
    } else {
      expect(error.kind).toBe('ip-not-allowed');
      expect(error.title).toBe('Blocked by an IP allowlist or an SSO/organisation policy');
    }
    expect(error.detail).toContain(message);
  });

  it.each(POLICY_VARIANTS)('%s on GET /v2/access-token (needs nothing): the health report says so', async (variant) => {
    const { status, message } = policyAnswer(variant);
    server.use(
      http.get(`${API}/access-token`, () => HttpResponse.json({ message }, { status })),
      http.get(`${API}/organizations`, () => HttpResponse.json({ message }, { status })),
      http.post(GRAPHQL, () => HttpResponse.json({ errors: [{ message }] }, { status })),
    );
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.checks[0]?.detail).toContain(message);
    if (variant === '401-plain') expect(report.verdict).toBe('invalid');
    else {
      expect(report.verdict).toBe('error');
      expect(report.problem?.kind).toBe('ip-not-allowed');
      expect(report.summary).toMatch(/IP allowlist or an SSO\/organisation policy/);
    }
  });

  it('a 403 "Forbidden" the scopes and org access do not explain is a policy, not a scope problem', () => {
    const error = errorFromResponse(403, new Headers(), { message: 'Forbidden' }, explained);
    expect(error).toMatchObject({ kind: 'ip-not-allowed', status: 403 });
    expect(error.detail).toContain('“Forbidden”');
  });

  it('the same 403 with a missing scope, or an org the token does not reach, keeps its plain reading', () => {
    expect(
      errorFromResponse(403, new Headers(), { message: 'Forbidden' }, { ...explained, tokenScopes: [] }).kind,
    ).toBe('missing-scope');
    expect(
      errorFromResponse(403, new Headers(), { message: 'Forbidden' }, { ...explained, tokenOrgs: ['globex'] }).kind,
    ).toBe('no-org-access');
  });
});

describe('GraphQL access is judged by the live probe, not the scope string', () => {
  it('scope list without "graphql" but the probe answers: GraphQL enabled', async () => {
    server.use(
      http.get(`${API}/access-token`, () => HttpResponse.json(ACCESS(['read_builds', 'read_organizations']))),
      http.get(`${API}/organizations`, () => HttpResponse.json(ORGS)),
      http.post(GRAPHQL, () => HttpResponse.json(VIEWER)),
    );
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.graphqlEnabled).toBe(true);
    expect(report.features.find((f) => f.id === 'console-graphql')?.allowed).toBe(true);
    expect(report.checks.find((c) => c.id === 'graphql')?.status).toBe('pass');
  });

  it.each(GRAPHQL_NO_ACCESS_VARIANTS)(
    'scope list says "graphql", GraphQL answers no access as %s: GraphQL not enabled, REST still works',
    async (variant) => {
      const { status, body } = graphqlNoAccessAnswer(variant);
      server.use(
        http.get(`${API}/access-token`, () =>
          HttpResponse.json(ACCESS(['read_builds', 'read_organizations', 'graphql'])),
        ),
        http.get(`${API}/organizations`, () => HttpResponse.json(ORGS)),
        http.post(GRAPHQL, () => HttpResponse.json(body as object, { status })),
      );
      const report = await checkTokenHealth(TOKEN, null);
      expect(report.graphqlEnabled).toBe(false);
      expect(report.features.find((f) => f.id === 'console-graphql')?.allowed).toBe(false);
      expect(report.organizations.map((o) => o.slug)).toEqual(['acme']);
      const check = report.checks.find((c) => c.id === 'graphql');
      expect(check?.error?.title).toBe('GraphQL refused this token');
    },
  );

  it('a probe that could not tell (network) leaves it unknown: the scope string decides meanwhile', async () => {
    server.use(
      http.get(`${API}/access-token`, () => HttpResponse.json(ACCESS(['read_builds', 'graphql']))),
      http.get(`${API}/organizations`, () => HttpResponse.json([], { status: 403 })),
      http.post(GRAPHQL, () => HttpResponse.error()),
    );
    const report = await checkTokenHealth(TOKEN, null);
    expect(report.graphqlEnabled).toBeNull();
  });
});
