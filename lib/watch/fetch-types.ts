import type { Credentials } from '../buildkite/http';
import type { BuildObservation, WatchedBuild } from './model';

/** What a poll asks for: the active watched builds, and my builds created since auto-watch was turned on. */
export interface PollFetchRequest {
  builds: readonly WatchedBuild[];
  autoWatchSince: number | null;
}

export interface PollFetchResult {
  observations: Map<string, BuildObservation>;
  /** Builds Buildkite says don't exist (deleted, or out of the token's reach). */
  notFound: Set<string>;
  /** My builds created since auto-watch was turned on. */
  mine: BuildObservation[];
  /** How many requests the fetch made (for the benchmark and the popup's "last poll" line). */
  requests: number;
}

export type PollFetch = (credentials: Credentials, request: PollFetchRequest) => Promise<PollFetchResult>;

/** Auto-watch: my builds that started after the option was turned on. */
export function startedSince(observation: BuildObservation, since: number): boolean {
  return observation.startedAt !== null && observation.startedAt >= since;
}
