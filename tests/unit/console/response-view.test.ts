import { describe, expect, it } from 'vitest';
import { jsonBodyProblem, parseJsonObject } from '@/lib/console/json-input';
import { graphqlErrors, isRateLimitHeader, prettyBody, rateFigures } from '@/lib/console/response-view';

describe('rateFigures', () => {
  it('reads org, user and complexity figures from GraphQL headers', () => {
    const headers: [string, string][] = [
      ['ratelimit-complexity-actual', '4'],
      ['ratelimit-complexity-requested', '12'],
      ['ratelimit-limit', '20000'],
      ['ratelimit-remaining', '19996'],
      ['ratelimit-reset', '240'],
      ['ratelimit-scope', 'graphql'],
      ['ratelimit-user-limit', '5000'],
      ['ratelimit-user-remaining', '4996'],
      ['ratelimit-user-reset', '240'],
      ['ratelimit-user-scope', 'graphql_user'],
    ];
    expect(rateFigures(headers)).toEqual([
      { label: 'Organisation (graphql)', value: '19996 of 20000 left, resets in 240 s' },
      { label: 'You (graphql_user)', value: '4996 of 5000 left, resets in 240 s' },
      { label: 'Complexity requested', value: '12' },
      { label: 'Complexity used', value: '4' },
    ]);
  });

  it('falls back to the body stats, and reads the portal scope', () => {
    expect(rateFigures([], { stats: { requestedComplexity: 7, actualComplexity: 3 } })).toEqual([
      { label: 'Complexity requested', value: '7' },
      { label: 'Complexity used', value: '3' },
    ]);
    expect(
      rateFigures([
        ['ratelimit-scope', 'portal'],
        ['ratelimit-remaining', '199'],
        ['ratelimit-limit', '200'],
      ]),
    ).toEqual([{ label: 'Organisation (portal)', value: '199 of 200 left' }]);
  });

  it('marks rate-limit headers', () => {
    expect(['RateLimit-Remaining', 'Ratelimit-Scope', 'retry-after', 'link'].map(isRateLimitHeader)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('graphqlErrors', () => {
  it('shows message, path and locations', () => {
    expect(
      graphqlErrors({
        data: { build: null },
        errors: [{ message: 'No build found', path: ['build', 0, 'jobs'], locations: [{ line: 2, column: 3 }] }, 'odd'],
      }),
    ).toEqual([
      { message: 'No build found', path: 'build.0.jobs', locations: 'line 2, column 3' },
      { message: '"odd"', path: null, locations: null },
    ]);
    expect(graphqlErrors({ data: {} })).toEqual([]);
  });
});

describe('JSON input', () => {
  it('says where variables are broken', () => {
    expect(parseJsonObject('{\n  "org": acme\n}')).toEqual({
      ok: false,
      message: expect.stringMatching(/^Line 2, column 10: /),
    });
    expect(parseJsonObject('[1]')).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
    expect(parseJsonObject('')).toEqual({ ok: true, value: {} });
    expect(jsonBodyProblem('')).toBeNull();
    expect(jsonBodyProblem('{"a":')).toMatch(/^Line 1, column 6/);
  });

  it('pretty-prints JSON bodies and leaves text alone', () => {
    expect(prettyBody('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyBody('<html>')).toBe('<html>');
  });
});
