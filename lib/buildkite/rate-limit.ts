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

/**
 * Records an answer's budget: the latest per API (`rateLimitItem`, what the watch poller reads) and the latest per
 * organisation and scope (`rateBudgetItem`, what bulk jobs pace by and the popup/panel show). `org` is the
 * organisation the request was about when the caller knows it.
 */
export async function recordRateLimit(api: 'rest' | 'graphql', headers: Headers, org?: string): Promise<void> {
  const snapshot = readRateLimit(api, headers);
  if (!snapshot) return;
  const current = await rateLimitItem.getValue();
  await rateLimitItem.setValue({ ...current, [api]: snapshot });
  await recordBudget(budgetKey(org, scopeOf(api, headers)), snapshot);
}

/** The scope an answer's budget belongs to: `RateLimit-Scope` (`rest` / `graphql`), else the API it came from. */
export function scopeOf(api: 'rest' | 'graphql', headers: Headers): 'rest' | 'graphql' {
  const scope = headers.get('ratelimit-scope')?.trim().toLowerCase();
  return scope === 'rest' || scope === 'graphql' ? scope : api;
}

/** `org/scope`; `*` when the request named no organisation (e.g. a GraphQL call). */
export const budgetKey = (org: string | undefined, scope: 'rest' | 'graphql'): string => `${org ?? '*'}/${scope}`;

/** The latest budget per organisation and scope (kept in session storage: the worker sleeps). At most 50 keys. */
export const rateBudgetItem = storage.defineItem<Record<string, RateLimitSnapshot>>('session:rateBudgets', {
  fallback: {},
});

const MAX_BUDGET_KEYS = 50;

/** Keeps the newest snapshot per key; the oldest keys go first when there are too many. */
export function mergeBudget(
  current: Readonly<Record<string, RateLimitSnapshot>>,
  key: string,
  snapshot: RateLimitSnapshot,
): Record<string, RateLimitSnapshot> {
  const previous = current[key];
  if (previous && previous.at > snapshot.at) return { ...current };
  const next = { ...current, [key]: snapshot };
  const keys = Object.keys(next).sort((a, b) => next[b]!.at - next[a]!.at);
  return Object.fromEntries(keys.slice(0, MAX_BUDGET_KEYS).map((k) => [k, next[k]!]));
}

/** Session-storage writes of the budget are chained so two answers landing together don't lose one. */
let budgetWrites: Promise<void> = Promise.resolve();
function recordBudget(key: string, snapshot: RateLimitSnapshot): Promise<void> {
  budgetWrites = budgetWrites
    .catch(() => undefined)
    .then(async () => rateBudgetItem.setValue(mergeBudget(await rateBudgetItem.getValue(), key, snapshot)));
  return budgetWrites;
}

/** The latest budget of one organisation and scope (falls back to the org-less record of that scope). */
export async function readBudget(org: string, scope: 'rest' | 'graphql'): Promise<RateLimitSnapshot | null> {
  const all = await rateBudgetItem.getValue();
  return all[budgetKey(org, scope)] ?? all[budgetKey(undefined, scope)] ?? null;
}

/** The budget figures the UI shows: the smaller of org and user remaining, as a share, and when it resets. */
export interface BudgetView {
  org: string;
  scope: 'rest' | 'graphql';
  remaining: number;
  limit: number;
  share: number;
  resetAt: number | null;
  at: number;
}

export function budgetView(key: string, snapshot: RateLimitSnapshot, now = Date.now()): BudgetView | null {
  const [org = '*', scope] = key.split('/');
  if (scope !== 'rest' && scope !== 'graphql') return null;
  // A window that has reset since the answer is full again; the figure would only alarm.
  const resetAt = snapshot.resetAt ?? snapshot.userResetAt;
  if (resetAt !== null && resetAt <= now) return null;
  const pairs: [number, number, number | null][] = [];
  if (snapshot.remaining !== null && snapshot.limit) pairs.push([snapshot.remaining, snapshot.limit, snapshot.resetAt]);
  if (snapshot.userRemaining !== null && snapshot.userLimit)
    pairs.push([snapshot.userRemaining, snapshot.userLimit, snapshot.userResetAt]);
  const lowest = pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1])[0];
  if (!lowest) return null;
  const [remaining, limit, reset] = lowest;
  return { org, scope, remaining, limit, share: remaining / limit, resetAt: reset, at: snapshot.at };
}

/** Budgets under `threshold` (default 25 %), lowest first: what the popup and the panel warn about. */
export function lowBudgets(
  all: Readonly<Record<string, RateLimitSnapshot>>,
  threshold = 0.25,
  now = Date.now(),
): BudgetView[] {
  return Object.entries(all)
    .map(([key, snapshot]) => budgetView(key, snapshot, now))
    .filter((view): view is BudgetView => view !== null && view.share < threshold)
    .sort((a, b) => a.share - b.share);
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
