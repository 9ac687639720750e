// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { BADGE_AMBER, BADGE_RED, tokenBadge } from '@/lib/token/badge';
import { featureVerdicts, newTokenUrl } from '@/lib/token/features';
import { describeCountdown, summarise, type TokenHealthReport, type Verdict } from '@/lib/token/report';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('describeCountdown', () => {
  const cases: [name: string, ms: number, expected: string][] = [
    ['3 days 4 hours', 3 * DAY + 4 * HOUR, '3 days 4 hours'],
    ['whole days drop the hours', 2 * DAY, '2 days'],
    ['minutes under a day are dropped past a day', 2 * DAY + 30 * MIN, '2 days'],
    ['singular day', DAY, '1 day'],
    ['singular day and hour', DAY + HOUR, '1 day 1 hour'],
    ['just under a day', DAY - MIN, '23 hours 59 min'],
    ['hours and minutes', 5 * HOUR + 7 * MIN, '5 hours 7 min'],
    ['singular hour', HOUR, '1 hour 0 min'],
    ['45 minutes', 45 * MIN, '45 minutes'],
    ['45 minutes and some seconds rounds down', 45 * MIN + 59_000, '45 minutes'],
    ['2 minutes', 2 * MIN, '2 minutes'],
    ['one minute', MIN, '1 minute'],
    ['the expiry instant', 0, 'expired'],
    ['past', -5 * MIN, 'expired'],
  ];
  it.each(cases)('%s', (_name, ms, expected) => {
    expect(describeCountdown(NOW + ms, NOW)).toBe(expected);
  });
});

function report(verdict: Verdict, patch: Partial<TokenHealthReport> = {}): TokenHealthReport {
  return {
    checkedAt: NOW,
    verdict,
    summary: `summary for ${verdict}`,
    token: {
      uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e',
      description: 'Kitedeck',
      createdAt: NOW - 30 * DAY,
      expiresAt: null,
      scopes: ['read_builds'],
      owner: { name: 'Jane', email: 'jane@example.com' },
      prefixed: true,
    },
    checks: [],
    features: featureVerdicts(['read_builds']),
    organizations: [],
    graphqlEnabled: false,
    newTokenUrl: newTokenUrl(),
    ...patch,
  };
}

describe('tokenBadge', () => {
  const withExpiry = (expiresAt: number | null) =>
    report('expiring', { token: { ...report('expiring').token!, expiresAt } });
  const cases: [name: string, input: TokenHealthReport | null, expected: { text: string; color: string } | null][] = [
    ['no report yet', null, { text: '?', color: BADGE_AMBER }],
    ['no-token', report('no-token', { token: null }), { text: '?', color: BADGE_AMBER }],
    ['invalid', report('invalid', { token: null }), { text: '!', color: BADGE_RED }],
    ['expired', report('expired', { token: null }), { text: 'exp', color: BADGE_RED }],
    ['expiring in 3 days', withExpiry(NOW + 3 * DAY), { text: '3d', color: BADGE_AMBER }],
    ['expiring in 2.5 days rounds up', withExpiry(NOW + 2.5 * DAY), { text: '3d', color: BADGE_AMBER }],
    ['expiring in an hour', withExpiry(NOW + HOUR), { text: '1d', color: BADGE_AMBER }],
    ['expiring, already past', withExpiry(NOW - HOUR), { text: '0d', color: BADGE_AMBER }],
    ['error', report('error', { token: null }), { text: '!', color: BADGE_AMBER }],
    ['ok: no badge', report('ok'), null],
    ['warning: no badge', report('warning'), null],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const badge = tokenBadge(input, NOW);
    if (expected === null) {
      expect(badge).toBeNull();
      return;
    }
    expect(badge).toMatchObject(expected);
    expect(badge!.title).toMatch(/^Kitedeck: /);
    if (input && input.verdict !== 'no-token') expect(badge!.title).toBe(`Kitedeck: ${input.summary}`);
  });

  it('red is for a token that no longer works, amber for one that soon won’t or could not be checked', () => {
    expect(BADGE_RED).not.toBe(BADGE_AMBER);
  });
});

describe('summarise (what the in-page panel gets)', () => {
  it('no report: no-token, no scopes', () => {
    expect(summarise(null)).toMatchObject({ verdict: 'no-token', scopes: [], checkedAt: null });
  });
  it('a report: verdict, summary, scopes and time only', () => {
    const summary = summarise(report('ok'));
    expect(summary).toEqual({ verdict: 'ok', summary: 'summary for ok', scopes: ['read_builds'], checkedAt: NOW });
  });
});
