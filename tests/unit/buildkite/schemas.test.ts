// @vitest-environment node
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AccessToken, parseBuildkiteTime } from '@/lib/buildkite/schemas';

describe('parseBuildkiteTime', () => {
  const cases: [input: string, expected: number | null][] = [
    // /v2/access-token's own format (digest §1.3)
    ['2025-07-16 06:07:42 UTC', Date.UTC(2025, 6, 16, 6, 7, 42)],
    ['2025-07-23 06:07:42 UTC', Date.UTC(2025, 6, 23, 6, 7, 42)],
    ['  2025-07-16 06:07:42 UTC\n', Date.UTC(2025, 6, 16, 6, 7, 42)],
    ['2025-07-16 06:07:42.250 UTC', Date.UTC(2025, 6, 16, 6, 7, 42, 250)],
    // ISO 8601 (go-buildkite's fixture, other REST objects)
    ['2026-05-21T12:00:00.000Z', Date.UTC(2026, 4, 21, 12, 0, 0)],
    ['2026-05-21T12:00:00Z', Date.UTC(2026, 4, 21, 12, 0, 0)],
    ['2026-05-21T14:00:00+02:00', Date.UTC(2026, 4, 21, 12, 0, 0)],
    // garbage
    ['garbage', null],
    ['', null],
    ['   ', null],
    ['2025-07-16', null],
    ['1752646062', null],
    ['2025-07-16 06:07:42', null],
    ['2025-07-16 06:07:42 PST', null],
    ['2025-13-45 06:07:42 UTC', null],
    ['2026-05-21T99:99:00Z', null],
    ['next tuesday', null],
  ];

  it.each(cases)('%j → %s', (input, expected) => {
    expect(parseBuildkiteTime(input)).toBe(expected);
  });
});

describe('AccessToken schema', () => {
  const docsExample = {
    uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
    scopes: ['read_build'],
    description: 'Kitedeck',
    created_at: '2025-07-16 06:07:42 UTC',
    expires_at: '2025-07-23 06:07:42 UTC',
    user: { name: 'Jane Doe', email: 'jane@example.com' },
  };

  it('parses the documented example, turning both timestamps into epoch ms', () => {
    expect(v.parse(AccessToken, docsExample)).toEqual({
      ...docsExample,
      created_at: Date.UTC(2025, 6, 16, 6, 7, 42),
      expires_at: Date.UTC(2025, 6, 23, 6, 7, 42),
    });
  });

  const accepted: { name: string; patch: Record<string, unknown>; check: (out: AccessToken) => void }[] = [
    {
      name: 'ISO timestamps (go-buildkite fixture)',
      patch: { created_at: '2026-05-21T12:00:00.000Z', expires_at: '2026-05-28T12:00:00.000Z' },
      check: (out) => {
        expect(out.created_at).toBe(Date.UTC(2026, 4, 21, 12));
        expect(out.expires_at).toBe(Date.UTC(2026, 4, 28, 12));
      },
    },
    {
      name: 'expires_at: null (never expires)',
      patch: { expires_at: null },
      check: (out) => expect(out.expires_at).toBeNull(),
    },
    { name: 'expires_at absent', patch: { expires_at: undefined }, check: (out) => expect(out.expires_at).toBeNull() },
    { name: 'description null', patch: { description: null }, check: (out) => expect(out.description).toBeNull() },
    {
      name: 'description absent',
      patch: { description: undefined },
      check: (out) => expect(out.description).toBeNull(),
    },
    { name: 'user null', patch: { user: null }, check: (out) => expect(out.user).toBeNull() },
    {
      name: 'user without an email',
      patch: { user: { name: 'Jane' } },
      check: (out) => expect(out.user).toEqual({ name: 'Jane', email: null }),
    },
    { name: 'no scopes at all', patch: { scopes: [] }, check: (out) => expect(out.scopes).toEqual([]) },
  ];

  it.each(accepted)('accepts $name', ({ patch, check }) => {
    const input = Object.fromEntries(
      Object.entries({ ...docsExample, ...patch }).filter(([, value]) => value !== undefined),
    );
    const result = v.safeParse(AccessToken, input);
    expect(result.success).toBe(true);
    if (result.success) check(result.output);
  });

  const refused: { name: string; patch: Record<string, unknown>; path: string }[] = [
    { name: 'a garbage expires_at', patch: { expires_at: 'garbage' }, path: 'expires_at' },
    { name: 'a garbage created_at', patch: { created_at: 'yesterday' }, path: 'created_at' },
    { name: 'a numeric expires_at', patch: { expires_at: 1752646062 }, path: 'expires_at' },
    { name: 'scopes as a string', patch: { scopes: 'read_builds' }, path: 'scopes' },
    { name: 'a missing uuid', patch: { uuid: undefined }, path: 'uuid' },
  ];

  it.each(refused)('refuses $name, naming the field', ({ patch, path }) => {
    const input = Object.fromEntries(
      Object.entries({ ...docsExample, ...patch }).filter(([, value]) => value !== undefined),
    );
    const result = v.safeParse(AccessToken, input);
    expect(result.success).toBe(false);
    if (!result.success) expect(v.getDotPath(result.issues[0])).toBe(path);
  });
});
