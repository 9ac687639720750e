/**
 * How long until the next poll. Base 30 s (the shortest `alarms` period Chrome allows); slower when the rate-limit
 * budget left runs low (Buildkite's budget is shared by everyone in the organisation), after errors (doubling, up to
 * 10 min), and never before a 429's reset. No poll at all when nothing is watched, or while the token is refused.
 */
export const BASE_INTERVAL_MS = 30_000;
/** Auto-watch on, nothing watched yet: look for new builds of mine less often. */
export const AUTO_ONLY_INTERVAL_MS = 60_000;
export const MAX_INTERVAL_MS = 10 * 60_000;

export interface IntervalInput {
  /** Builds still being polled. */
  activeCount: number;
  /** Auto-watch of my builds is on (it needs a poll even with nothing watched). */
  autoWatch: boolean;
  /** Share of the rate-limit budget left, 0..1, or null when unknown (lib/buildkite/rate-limit.ts `budgetLeft`). */
  budgetLeft: number | null;
  /** Failed polls in a row. */
  errorsInRow: number;
  /** Epoch ms before which Buildkite asked us not to call again (429 reset). */
  retryAt: number | null;
  /** Buildkite refused the token (or there is none): nothing is polled until a token is saved again. */
  tokenRefused?: boolean;
  now: number;
}

/** Delay in ms, or null: stop polling (nothing to watch). */
export function nextPollDelay(input: IntervalInput): number | null {
  if (input.activeCount === 0 && !input.autoWatch) return null;
  if (input.tokenRefused) return null; // every poll would be refused the same way; afterTokenSaved() starts again
  let delay = input.activeCount === 0 ? AUTO_ONLY_INTERVAL_MS : BASE_INTERVAL_MS;
  const budget = input.budgetLeft;
  if (budget !== null) {
    if (budget < 0.1) delay *= 8;
    else if (budget < 0.25) delay *= 4;
    else if (budget < 0.5) delay *= 2;
  }
  if (input.errorsInRow > 0) delay *= 2 ** Math.min(input.errorsInRow, 5);
  delay = Math.min(delay, MAX_INTERVAL_MS);
  if (input.retryAt !== null && input.retryAt > input.now) delay = Math.max(delay, input.retryAt - input.now + 1000);
  return delay;
}
