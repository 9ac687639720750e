/** Where the watch lives between worker wake-ups: `storage.local`, so it survives sleep and browser restarts. */
import { storage } from '#imports';
import type { KdError } from '../errors';
import type { WatchedBuild } from './model';
import type { PlannedNotification } from './notification-plan';

export interface WatchPollState {
  lastPollAt: number | null;
  nextPollAt: number | null;
  /** Requests the last poll made. */
  lastRequests: number;
  errorsInRow: number;
  lastError: KdError | null;
  /** A 429's reset: no poll before. */
  retryAt: number | null;
  api: 'graphql' | 'rest' | null;
  /** When GraphQL last refused this token while REST worked (GraphQL access off): REST is used for a while. */
  graphqlRefusedAt: number | null;
  /** When auto-watch of my builds was (last) turned on; only builds created after it are picked up. */
  autoWatchSince: number | null;
  /** Builds the user unwatched: auto-watch never adds them back. */
  dismissed: string[];
  /** Notifications decided and remembered but maybe not shown yet (the worker may stop in between): re-sent on wake. */
  outbox: PlannedNotification[];
}

export const DEFAULT_POLL_STATE: WatchPollState = {
  lastPollAt: null,
  nextPollAt: null,
  lastRequests: 0,
  errorsInRow: 0,
  lastError: null,
  retryAt: null,
  api: null,
  graphqlRefusedAt: null,
  autoWatchSince: null,
  dismissed: [],
  outbox: [],
};

export const watchListItem = storage.defineItem<WatchedBuild[]>('local:watchList', { fallback: [], version: 1 });
export const watchPollItem = storage.defineItem<WatchPollState>('local:watchPoll', {
  fallback: DEFAULT_POLL_STATE,
  version: 1,
});

/** What each shown notification was (its text and what its click and buttons do), by notification id. */
export interface NotificationRecord extends PlannedNotification {
  openUrl: string;
  unblockUrl: string | null;
  shownAt: number;
}
export const notificationRecordsItem = storage.defineItem<Record<string, NotificationRecord>>(
  'local:watchNotifications',
  {
    fallback: {},
  },
);
export const MAX_NOTIFICATION_RECORDS = 50;

export async function readPollState(): Promise<WatchPollState> {
  return { ...DEFAULT_POLL_STATE, ...(await watchPollItem.getValue()) };
}

/** One change at a time to the list and poll state (a poll and a click on "Unwatch" must not overwrite each other). */
let queue: Promise<unknown> = Promise.resolve();
export function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}
