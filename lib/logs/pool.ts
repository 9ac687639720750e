import { KdFailure } from '../errors';
import { budgetLeft, rateLimitItem } from '../buildkite/rate-limit';

/**
 * Log requests share the organisation's REST budget (200 a minute, for everyone in it): at most 4 in flight, and
 * when less than a tenth of the budget is left, the next one waits for the window to reset (up to a minute) or
 * stops with the reason. In memory on purpose: it only spans the requests in flight.
 */
export const LOG_CONCURRENCY = 4;
const LOW_BUDGET = 0.1;
const MAX_WAIT_MS = 60_000;

let active = 0;
const waiting: (() => void)[] = [];

async function acquire(): Promise<void> {
  if (active < LOG_CONCURRENCY) {
    active++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else active--;
}

/** The wait before the next log request, from the last rate-limit figures Buildkite sent. */
export function paceDelay(
  snapshot: Parameters<typeof budgetLeft>[0],
  now = Date.now(),
): { waitMs: number } | { refuse: number } {
  const left = budgetLeft(snapshot);
  if (left === null || left >= LOW_BUDGET || !snapshot) return { waitMs: 0 };
  const resets = [snapshot.resetAt, snapshot.userResetAt].filter((at): at is number => at !== null);
  const resetAt = resets.length ? Math.max(...resets) : now + 10_000;
  if (resetAt <= now) return { waitMs: 0 };
  return resetAt - now > MAX_WAIT_MS ? { refuse: resetAt } : { waitMs: resetAt - now };
}

async function pace(): Promise<void> {
  const snapshot = (await rateLimitItem.getValue()).rest;
  const decision = paceDelay(snapshot);
  if ('refuse' in decision) {
    throw new KdFailure({
      kind: 'rate-limited',
      title: 'Paused to spare the organisation’s API budget',
      detail: 'Less than a tenth of the REST rate limit is left for this minute; Kitedeck stopped fetching logs.',
      action: `Try again after ${new Date(decision.refuse).toLocaleTimeString()}.`,
      retryAt: decision.refuse,
    });
  }
  if (decision.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.waitMs));
}

/** Runs one log request within the pool and the pace. */
export async function limited<T>(run: () => Promise<T>): Promise<T> {
  await acquire();
  try {
    await pace();
    return await run();
  } finally {
    release();
  }
}
