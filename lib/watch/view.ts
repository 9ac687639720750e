import type { KdError } from '../errors';
import type { WatchedBuild } from './model';

/** What the popup shows: the list, the poll's health and the auto-watch option. Never the token. */
export interface WatchListView {
  builds: WatchedBuild[];
  lastPollAt: number | null;
  nextPollAt: number | null;
  /** The last poll's failure, shown until a poll succeeds. */
  lastError: KdError | null;
  api: 'graphql' | 'rest' | null;
  autoWatchMine: boolean;
  autoWatchSince: number | null;
}

/** For the in-page toggle. */
export interface WatchState {
  watched: boolean;
  state: WatchedBuild['state'];
  end: WatchedBuild['end'];
}

export interface TestNotificationResult {
  /** `notifications.getPermissionLevel()`: `granted`, `denied`, or `unknown` where the browser lacks it (Firefox). */
  permission: 'granted' | 'denied' | 'unknown';
  shown: boolean;
  error: string | null;
}
