// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { errorFromResponse, messageFromBody, type CallContext } from '@/lib/buildkite/errors';
import type { KdError } from '@/lib/errors';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const AUTH_MESSAGE =
  'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication';
const RATE_BODY = {
  message: 'You have exceeded your API rate limit. Please wait 42 seconds before making more requests.',
  scope: 'rest_user',
  limit: 50,
  current: 55,
  reset: 42,
};
const GRAPHQL_RATE_BODY = {
  errors: [
    {
      message: 'Your organization has exceeded the limit of 20000 complexity points. Please try again in 187 seconds.',
    },
  ],
};
const IP_MESSAGES = [
  'Your IP address 203.0.113.9 is not allowed to use this API Access Token',
  "Requests from this IP are not permitted by the organization's API IP allowlist",
  'Access denied: address not in the allow list',
];

interface Case {
  name: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  context?: CallContext;
  expected: Partial<KdError> & { kind: KdError['kind'] };
  /** Text the detail must include (Buildkite's own words reach the user). */
  detail?: string | RegExp;
  title?: RegExp;
  /** Properties that must be absent. */
  absent?: (keyof KdError)[];
}

const cases: Case[] = [
  // --- 401
  {
    name: '401 on REST',
    status: 401,
    body: { message: AUTH_MESSAGE },
    context: { api: 'rest' },
    expected: { kind: 'unauthorized', status: 401 },
    title: /token is not valid/,
    detail: AUTH_MESSAGE,
  },
  {
    name: '401 with no context is the REST reading',
    status: 401,
    body: null,
    expected: { kind: 'unauthorized', status: 401 },
    title: /token is not valid/,
    detail: /revoked/,
  },
  {
    name: '401 on GraphQL: may be GraphQL not enabled on the token',
    status: 401,
    body: { errors: [{ message: AUTH_MESSAGE }] },
    context: { api: 'graphql' },
    expected: { kind: 'unauthorized', status: 401 },
    title: /GraphQL/,
    detail: /GraphQL API access/,
  },
  // --- 403: IP allowlists come first, whatever the scopes
  ...IP_MESSAGES.map(
    (message): Case => ({
      name: `403 IP allowlist: "${message}"`,
      status: 403,
      body: { message },
      context: { scope: 'write_builds', tokenScopes: ['read_builds'], org: 'acme' },
      expected: { kind: 'ip-not-allowed', status: 403 },
      detail: message,
      absent: ['scope'],
    }),
  ),
  {
    name: '403 Forbidden, the token lacks the scope the endpoint needs',
    status: 403,
    body: { message: 'Forbidden' },
    context: { api: 'rest', scope: 'write_builds', tokenScopes: ['read_builds', 'graphql'], org: 'acme' },
    expected: { kind: 'missing-scope', status: 403, scope: 'write_builds' },
    title: /write_builds/,
    detail: /Forbidden/,
  },
  {
    name: '403 Forbidden, the token has no scopes at all',
    status: 403,
    body: { message: 'Forbidden' },
    context: { scope: 'read_organizations', tokenScopes: [] },
    expected: { kind: 'missing-scope', status: 403, scope: 'read_organizations' },
  },
  {
    name: '403 Forbidden, scope present, org in the path: no access to that org',
    status: 403,
    body: { message: 'Forbidden' },
    context: { scope: 'write_builds', tokenScopes: ['read_builds', 'write_builds'], org: 'acme' },
    expected: { kind: 'no-org-access', status: 403 },
    title: /acme/,
    detail: /acme/,
  },
  {
    name: '403 Forbidden, an org path that needs no scope',
    status: 403,
    body: { message: 'Forbidden' },
    context: { org: 'acme', tokenScopes: ['read_builds'] },
    expected: { kind: 'no-org-access', status: 403 },
  },
  {
    name: '403 Forbidden, scopes unknown: cannot tell which, keeps the scope',
    status: 403,
    body: { message: 'Forbidden' },
    context: { scope: 'write_builds', org: 'acme' },
    expected: { kind: 'forbidden', status: 403, scope: 'write_builds' },
  },
  {
    name: '403 Forbidden with no context at all',
    status: 403,
    body: { message: 'Forbidden' },
    expected: { kind: 'forbidden', status: 403 },
    absent: ['scope'],
  },
  {
    name: '403 without a body, scope missing',
    status: 403,
    body: null,
    context: { scope: 'write_builds', tokenScopes: ['read_builds'] },
    expected: { kind: 'missing-scope', scope: 'write_builds' },
  },
  // --- 404
  {
    name: '404 with Buildkite’s message',
    status: 404,
    body: { message: 'No job found' },
    expected: { kind: 'not-found', status: 404 },
    detail: 'No job found',
  },
  // --- 429
  {
    name: '429 with RateLimit-Reset',
    status: 429,
    body: null,
    headers: { 'RateLimit-Reset': '42' },
    expected: { kind: 'rate-limited', status: 429, retryAt: NOW + 42_000 },
  },
  {
    name: '429 with Retry-After',
    status: 429,
    body: null,
    headers: { 'Retry-After': '7' },
    expected: { kind: 'rate-limited', status: 429, retryAt: NOW + 7_000 },
  },
  {
    name: '429 with RateLimit-User-Reset (the user’s own budget)',
    status: 429,
    body: RATE_BODY,
    headers: { 'RateLimit-User-Reset': '13' },
    expected: { kind: 'rate-limited', status: 429, retryAt: NOW + 13_000 },
  },
  {
    name: '429 with only the documented body: reset 42',
    status: 429,
    body: RATE_BODY,
    expected: { kind: 'rate-limited', status: 429, retryAt: NOW + 42_000 },
    detail: 'Please wait 42 seconds',
  },
  {
    name: '429 with only "Please wait N seconds" in the message',
    status: 429,
    body: { message: 'You have exceeded your API rate limit. Please wait 9 seconds before making more requests.' },
    expected: { kind: 'rate-limited', retryAt: NOW + 9_000 },
  },
  {
    name: '429 from GraphQL: "Please try again in 187 seconds."',
    status: 429,
    body: GRAPHQL_RATE_BODY,
    expected: { kind: 'rate-limited', status: 429, retryAt: NOW + 187_000 },
    detail: '20000 complexity points',
  },
  {
    name: '429 with nothing to go on',
    status: 429,
    body: null,
    expected: { kind: 'rate-limited', status: 429, action: 'Wait a minute and try again.' },
    absent: ['retryAt'],
  },
  // --- 4xx refusals
  {
    name: '422 Validation Failed with field errors',
    status: 422,
    body: { message: 'Validation Failed', errors: [{ field: 'x', code: 'missing' }] },
    expected: { kind: 'rejected', status: 422 },
    detail: 'Validation Failed: x missing',
  },
  {
    name: '422 business rule',
    status: 422,
    body: { message: 'Jobs from canceled builds cannot be retried' },
    expected: { kind: 'rejected', status: 422 },
    detail: 'Jobs from canceled builds cannot be retried',
  },
  {
    name: '400 bad parameters',
    status: 400,
    body: { message: 'Only failed, timed out or canceled jobs can be retried' },
    expected: { kind: 'rejected', status: 400 },
    detail: 'Only failed, timed out or canceled jobs can be retried',
  },
  {
    name: '422 without a body still says the status',
    status: 422,
    body: null,
    expected: { kind: 'rejected', status: 422, detail: 'HTTP 422.' },
  },
  // --- 5xx
  { name: '500', status: 500, body: null, expected: { kind: 'server', status: 500 }, detail: 'HTTP 500' },
  {
    name: '502 with a message',
    status: 502,
    body: { message: 'Bad Gateway' },
    expected: { kind: 'server', status: 502 },
    detail: /HTTP 502.*Bad Gateway/,
  },
  { name: '503', status: 503, body: null, expected: { kind: 'server', status: 503 } },
  // --- anything else
  { name: '418', status: 418, body: null, expected: { kind: 'invalid-response', status: 418 }, detail: 'HTTP 418' },
];

describe('errorFromResponse', () => {
  it.each(cases)('$name → $expected.kind', ({ status, body, headers, context, expected, detail, title, absent }) => {
    const error = errorFromResponse(status, new Headers(headers), body, context, NOW);
    expect(error).toMatchObject(expected);
    expect(error.title).not.toBe('');
    expect(error.action).not.toBe('');
    if (typeof detail === 'string') expect(error.detail).toContain(detail);
    else if (detail) expect(error.detail).toMatch(detail);
    if (title) expect(error.title).toMatch(title);
    for (const key of absent ?? []) expect(error).not.toHaveProperty(key);
  });

  it('a rate-limit action tells how long to wait', () => {
    expect(errorFromResponse(429, new Headers({ 'RateLimit-Reset': '42' }), null, {}, NOW).action).toContain('42 s');
  });

  it('the 403 explanations differ: a regression that merges them would show', () => {
    const kinds = [
      errorFromResponse(403, new Headers(), { message: IP_MESSAGES[0] }, {}, NOW).kind,
      errorFromResponse(403, new Headers(), { message: 'Forbidden' }, { scope: 's', tokenScopes: [] }, NOW).kind,
      errorFromResponse(403, new Headers(), { message: 'Forbidden' }, { scope: 's', tokenScopes: ['s'], org: 'o' }, NOW)
        .kind,
      errorFromResponse(403, new Headers(), { message: 'Forbidden' }, {}, NOW).kind,
    ];
    expect(kinds).toEqual(['ip-not-allowed', 'missing-scope', 'no-org-access', 'forbidden']);
  });
});

describe('messageFromBody', () => {
  const cases: [body: unknown, expected: string | undefined][] = [
    [{ message: 'Forbidden' }, 'Forbidden'],
    [
      { message: 'Validation Failed', errors: [{ field: 'branch', code: 'missing' }, { field: 'commit' }] },
      'Validation Failed: branch missing; commit invalid',
    ],
    [{ errors: [{ message: 'a' }, { message: 'b' }] }, 'a; b'],
    [{ errors: ['plain'] }, 'plain'],
    [{ message: '   ' }, undefined],
    [{ errors: [] }, undefined],
    [null, undefined],
    ['Forbidden', undefined],
    [42, undefined],
  ];
  it.each(cases)('%j → %j', (body, expected) => {
    expect(messageFromBody(body)).toBe(expected);
  });
});
