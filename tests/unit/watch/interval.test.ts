import { describe, expect, it } from 'vitest';
import { nextPollDelay, type IntervalInput } from '@/lib/watch/interval';

const base: IntervalInput = {
  activeCount: 2,
  autoWatch: false,
  budgetLeft: null,
  errorsInRow: 0,
  retryAt: null,
  now: 1_000_000,
};

describe('poll interval policy', () => {
  it.each<[string, Partial<IntervalInput>, number | null]>([
    ['nothing watched: no poll', { activeCount: 0 }, null],
    ['only auto-watch: slower', { activeCount: 0, autoWatch: true }, 60_000],
    ['base', {}, 30_000],
    ['budget plenty', { budgetLeft: 0.9 }, 30_000],
    ['budget under half', { budgetLeft: 0.4 }, 60_000],
    ['budget under a quarter', { budgetLeft: 0.2 }, 120_000],
    ['budget nearly gone', { budgetLeft: 0.05 }, 240_000],
    ['one error', { errorsInRow: 1 }, 60_000],
    ['three errors', { errorsInRow: 3 }, 240_000],
    ['many errors: capped at 10 min', { errorsInRow: 12 }, 600_000],
    ['429: not before the reset', { retryAt: 1_000_000 + 90_000 }, 91_000],
    ['429 reset already past', { retryAt: 999_000 }, 30_000],
  ])('%s', (_name, patch, expected) => {
    expect(nextPollDelay({ ...base, ...patch })).toBe(expected);
  });
});
