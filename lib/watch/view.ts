import type { KdError } from '../errors';
import type { Settings } from '../settings/messages';
import type { WatchedBuild } from './model';
import type { WatchPollState } from './store';

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

/** The popup's view of the stored list, poll state and settings (the background's reply and the popup's snapshot). */
export function watchListView(
  builds: WatchedBuild[],
  poll: WatchPollState,
  settings: Pick<Settings, 'autoWatchMine'>,
): WatchListView {
  return {
    builds,
    lastPollAt: poll.lastPollAt,
    nextPollAt: poll.nextPollAt,
    lastError: poll.lastError,
    api: poll.api,
    autoWatchMine: settings.autoWatchMine,
    autoWatchSince: poll.autoWatchSince,
  };
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
