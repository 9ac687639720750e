// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  budgetKey,
  budgetLeft,
  lowBudgets,
  mergeBudget,
  readRateLimit,
  scopeOf,
  type RateLimitSnapshot,
} from '@/lib/buildkite/rate-limit';

const NOW = 1_800_000_000_000;

describe('readRateLimit', () => {
  it('reads the REST org and user headers, with resets as absolute times', () => {
    const headers = new Headers({
      'RateLimit-Scope': 'rest',
      'RateLimit-Remaining': '150',
      'RateLimit-Limit': '200',
      'RateLimit-Reset': '30',
      'RateLimit-User-Scope': 'rest_user',
      'RateLimit-User-Remaining': '40',
      'RateLimit-User-Limit': '50',
      'RateLimit-User-Reset': '12',
    });
    expect(readRateLimit('rest', headers, NOW)).toEqual({
      api: 'rest',
      remaining: 150,
      limit: 200,
      resetAt: NOW + 30_000,
      userRemaining: 40,
      userLimit: 50,
      userResetAt: NOW + 12_000,
      complexityRequested: null,
      complexityActual: null,
      at: NOW,
    });
  });

  it('reads the GraphQL complexity headers', () => {
    const headers = new Headers({
      'RateLimit-Remaining': '19990',
      'RateLimit-Limit': '20000',
      'RateLimit-Reset': '250',
      'RateLimit-Complexity-Requested': '57',
      'RateLimit-Complexity-Actual': '10',
    });
    expect(readRateLimit('graphql', headers, NOW)).toMatchObject({
      api: 'graphql',
      remaining: 19990,
      limit: 20000,
      resetAt: NOW + 250_000,
      userRemaining: null,
      complexityRequested: 57,
      complexityActual: 10,
    });
  });

  const partial: [name: string, headers: Record<string, string>, expected: Partial<RateLimitSnapshot> | null][] = [
    ['no rate-limit headers at all', { 'Content-Type': 'application/json' }, null],
    ['only a limit, no remaining', { 'RateLimit-Limit': '200' }, null],
    ['a non-numeric remaining', { 'RateLimit-Remaining': 'lots' }, null],
    ['an empty remaining', { 'RateLimit-Remaining': '' }, null],
    [
      'only the user headers',
      { 'RateLimit-User-Remaining': '3', 'RateLimit-User-Limit': '50' },
      { remaining: null, limit: null, resetAt: null, userRemaining: 3, userLimit: 50 },
    ],
    [
      'remaining 0 is a value, not missing',
      { 'RateLimit-Remaining': '0', 'RateLimit-Limit': '200' },
      { remaining: 0, limit: 200 },
    ],
    [
      'a garbage reset is null, not NaN',
      { 'RateLimit-Remaining': '5', 'RateLimit-Reset': 'soon' },
      { remaining: 5, resetAt: null },
    ],
  ];
  it.each(partial)('%s', (_name, headers, expected) => {
    const snapshot = readRateLimit('rest', new Headers(headers), NOW);
    if (expected === null) expect(snapshot).toBeNull();
    else expect(snapshot).toMatchObject(expected);
  });
});

describe('budgetLeft', () => {
  const snap = (patch: Partial<RateLimitSnapshot>): RateLimitSnapshot => ({
    api: 'rest',
    remaining: null,
    limit: null,
    resetAt: null,
    userRemaining: null,
    userLimit: null,
    userResetAt: null,
    complexityRequested: null,
    complexityActual: null,
    at: NOW,
    ...patch,
  });
  const cases: [name: string, snapshot: RateLimitSnapshot | undefined, expected: number | null][] = [
    ['unknown', undefined, null],
    ['nothing known in the snapshot', snap({}), null],
    ['org only', snap({ remaining: 150, limit: 200 }), 0.75],
    ['user only', snap({ userRemaining: 10, userLimit: 50 }), 0.2],
    ['the smaller of the two: user', snap({ remaining: 150, limit: 200, userRemaining: 10, userLimit: 50 }), 0.2],
    ['the smaller of the two: org', snap({ remaining: 20, limit: 200, userRemaining: 45, userLimit: 50 }), 0.1],
    ['an exhausted budget is 0, not unknown', snap({ remaining: 0, limit: 200, userRemaining: 50, userLimit: 50 }), 0],
    [
      'a limit of 0 is ignored (no division by zero)',
      snap({ remaining: 0, limit: 0, userRemaining: 25, userLimit: 50 }),
      0.5,
    ],
    ['a remaining without a limit is ignored', snap({ remaining: 3 }), null],
  ];
  it.each(cases)('%s → %s', (_name, snapshot, expected) => {
    expect(budgetLeft(snapshot)).toBe(expected);
  });
});

describe('budgets per organisation and scope', () => {
  const snapshot = (remaining: number, at = NOW, resetIn = 30): RateLimitSnapshot => ({
    api: 'rest',
    remaining,
    limit: 200,
    resetAt: at + resetIn * 1000,
    userRemaining: null,
    userLimit: null,
    userResetAt: null,
    complexityRequested: null,
    complexityActual: null,
    at,
  });

  it('names the scope from RateLimit-Scope, else the API', () => {
    expect(scopeOf('rest', new Headers({ 'RateLimit-Scope': 'graphql' }))).toBe('graphql');
    expect(scopeOf('graphql', new Headers())).toBe('graphql');
    expect(budgetKey('acme', 'rest')).toBe('acme/rest');
    expect(budgetKey(undefined, 'graphql')).toBe('*/graphql');
  });

  it('keeps the newest snapshot per key', () => {
    const first = mergeBudget({}, 'acme/rest', snapshot(150, NOW));
    const older = mergeBudget(first, 'acme/rest', snapshot(190, NOW - 1000));
    expect(older['acme/rest']!.remaining).toBe(150);
    const newer = mergeBudget(first, 'acme/rest', snapshot(120, NOW + 1000));
    expect(newer['acme/rest']!.remaining).toBe(120);
  });

  it('lists budgets under 25 %, lowest first, and forgets windows that have reset', () => {
    const all = {
      'acme/rest': snapshot(40, NOW),
      'globex/rest': snapshot(10, NOW),
      'acme/graphql': snapshot(199, NOW),
      'old/rest': snapshot(1, NOW, -5),
    };
    expect(lowBudgets(all, 0.25, NOW).map((view) => [view.org, view.remaining])).toEqual([
      ['globex', 10],
      ['acme', 40],
    ]);
  });
});
