/**
 * What the user did, for ranking and the empty-query list: builds visited (recorded when a build page is read),
 * and opens per result (count and last time). Small capped lists in `storage.local`; ids and build numbers only,
 * never a secret.
 */
import { storage } from 'wxt/utils/storage';
import type { OpenStats, RecentBuild } from './search';

export const MAX_VISITS = 20;
export const MAX_OPEN_STATS = 200;

export const visitsItem = storage.defineItem<RecentBuild[]>('local:paletteVisits', { fallback: [] });
export const opensItem = storage.defineItem<OpenStats>('local:paletteOpens', { fallback: {} });

/** A build page was opened: keep it first in the visited list (at most one write a minute per build). */
export async function recordVisit(
  seen: {
    org: string;
    pipeline: { slug: string };
    number: number;
    state: string;
    blocked?: boolean;
    branch: string | null;
    message: string | null;
  },
  now = Date.now(),
): Promise<void> {
  const build = {
    org: seen.org,
    pipeline: seen.pipeline.slug,
    number: seen.number,
    state: seen.blocked ? 'blocked' : seen.state,
    branch: seen.branch,
    message: seen.message?.split('\n')[0]?.slice(0, 200) ?? null,
  };
  const visits = await visitsItem.getValue();
  const same = (v: RecentBuild) => v.org === build.org && v.pipeline === build.pipeline && v.number === build.number;
  const previous = visits.find(same);
  if (previous && now - previous.at < 60_000 && previous.state === build.state) return;
  const next = [{ ...build, at: now, source: 'visited' as const }, ...visits.filter((v) => !same(v))].slice(
    0,
    MAX_VISITS,
  );
  await visitsItem.setValue(next);
}

/** The user opened a result: count it (the oldest entries go past the cap). */
export async function recordOpen(id: string, now = Date.now()): Promise<void> {
  const stats = await opensItem.getValue();
  const entry = stats[id] ?? { n: 0, at: 0 };
  const next: OpenStats = { ...stats, [id]: { n: entry.n + 1, at: now } };
  const ids = Object.keys(next);
  if (ids.length > MAX_OPEN_STATS) {
    ids
      .sort((a, b) => next[a]!.at - next[b]!.at)
      .slice(0, ids.length - MAX_OPEN_STATS)
      .forEach((old) => delete next[old]);
  }
  await opensItem.setValue(next);
}
