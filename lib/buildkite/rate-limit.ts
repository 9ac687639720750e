import { storage } from '#imports';

/** The last `RateLimit-*` figures Buildkite sent, per API. Kept in session storage so the worker can sleep. */
export interface RateLimitSnapshot {
  api: 'rest' | 'graphql';
  remaining: number | null;
  limit: number | null;
  /** Epoch ms when the window resets. */
  resetAt: number | null;
  userRemaining: number | null;
  userLimit: number | null;
  userResetAt: number | null;
  complexityRequested: number | null;
  complexityActual: number | null;
  at: number;
}

export const rateLimitItem = storage.defineItem<Partial<Record<'rest' | 'graphql', RateLimitSnapshot>>>(
  'session:rateLimits',
  { fallback: {} },
);

function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

export function readRateLimit(api: 'rest' | 'graphql', headers: Headers, now = Date.now()): RateLimitSnapshot | null {
  const remaining = numberHeader(headers, 'ratelimit-remaining');
  const userRemaining = numberHeader(headers, 'ratelimit-user-remaining');
  if (remaining === null && userRemaining === null) return null;
  const reset = numberHeader(headers, 'ratelimit-reset');
  const userReset = numberHeader(headers, 'ratelimit-user-reset');
  return {
    api,
    remaining,
    limit: numberHeader(headers, 'ratelimit-limit'),
    resetAt: reset === null ? null : now + reset * 1000,
    userRemaining,
    userLimit: numberHeader(headers, 'ratelimit-user-limit'),
    userResetAt: userReset === null ? null : now + userReset * 1000,
    complexityRequested: numberHeader(headers, 'ratelimit-complexity-requested'),
    complexityActual: numberHeader(headers, 'ratelimit-complexity-actual'),
    at: now,
  };
}

export async function recordRateLimit(api: 'rest' | 'graphql', headers: Headers): Promise<void> {
  const snapshot = readRateLimit(api, headers);
  if (!snapshot) return;
  const current = await rateLimitItem.getValue();
  await rateLimitItem.setValue({ ...current, [api]: snapshot });
}

/** The smaller share left of the org's and the user's budget, 0..1, or null when unknown. */
export function budgetLeft(snapshot: RateLimitSnapshot | undefined): number | null {
  if (!snapshot) return null;
  const shares = [
    snapshot.limit && snapshot.remaining !== null ? snapshot.remaining / snapshot.limit : null,
    snapshot.userLimit && snapshot.userRemaining !== null ? snapshot.userRemaining / snapshot.userLimit : null,
  ].filter((share): share is number => share !== null);
  return shares.length ? Math.min(...shares) : null;
}
