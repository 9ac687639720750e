/**
 * Storage budgets for the watch list (`storage.local` is 10 MB in Chrome, shared with everything else): finished
 * watches are pruned after 7 days, the list never holds more than 200 builds, and commit messages are cut.
 */
import { isActive, type WatchedBuild } from './model';

export const MAX_WATCHED = 200;
export const FINISHED_KEEP_MS = 7 * 86_400_000;

/**
 * Drops watches that finished (or ended) more than 7 days ago, then, above 200, the oldest finished ones first and
 * the oldest still-active ones last. Order is kept.
 */
export function pruneWatchList(list: readonly WatchedBuild[], now: number): WatchedBuild[] {
  const kept = list.filter((build) => isActive(build) || now - build.updatedAt <= FINISHED_KEEP_MS);
  if (kept.length <= MAX_WATCHED) return kept.length === list.length ? [...list] : kept;
  const byAge = [...kept].sort(
    (a, b) =>
      Number(isActive(a)) - Number(isActive(b)) || (isActive(a) ? a.addedAt - b.addedAt : a.updatedAt - b.updatedAt),
  );
  const dropped = new Set(byAge.slice(0, kept.length - MAX_WATCHED).map((build) => build.key));
  return kept.filter((build) => !dropped.has(build.key));
}
