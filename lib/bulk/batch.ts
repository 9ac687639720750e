/**
 * Splitting a bulk job's GraphQL mutations into aliased requests that stay under Buildkite's complexity limits
 * (digest §3.3): requested complexity at most 50,000 per query; each object field costs 1. A batch is also kept
 * under the GraphQL budget Buildkite last reported as left (org and user), so one request never spends it all.
 */

/** Buildkite's cap on requested complexity per query. */
export const MAX_QUERY_COMPLEXITY = 50_000;
/** Aliases per request: a readable answer, and a failure stays small. */
export const MAX_ALIASES = 100;

export interface BatchLimits {
  /** Complexity one alias asks for (object fields in its selection, including the mutation field). */
  costPerItem: number;
  /** The GraphQL points left (smaller of org and user), when known. */
  remainingPoints?: number | null;
  maxAliases?: number;
}

/** How many aliases one request may carry. At least 1: a single mutation is always allowed to try. */
export function batchSize(limits: BatchLimits): number {
  const byQuery = Math.floor(MAX_QUERY_COMPLEXITY / Math.max(1, limits.costPerItem));
  const byBudget =
    limits.remainingPoints == null
      ? Infinity
      : Math.floor(Math.max(0, limits.remainingPoints) / 2 / Math.max(1, limits.costPerItem));
  return Math.max(1, Math.min(limits.maxAliases ?? MAX_ALIASES, byQuery, byBudget));
}

export function toBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  const step = Math.max(1, Math.floor(size));
  for (let index = 0; index < items.length; index += step) batches.push(items.slice(index, index + step));
  return batches;
}

/** Requests a job of `count` writes needs: GraphQL batches, or one REST call per write. */
export function requestsFor(count: number, api: 'graphql' | 'rest', limits: BatchLimits): number {
  if (count === 0) return 0;
  return api === 'rest' ? count : Math.ceil(count / batchSize(limits));
}
