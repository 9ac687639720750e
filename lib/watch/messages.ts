import * as v from 'valibot';
import { BuildRefSchema } from '../builds/messages';
import { message, NoInput, type MessageSpec } from '../message-spec';
import type { RetryFailedJobsResult } from '../builds/model';
import type { WatchListView, WatchState, TestNotificationResult } from './view';

const JobUuid = v.pipe(v.string(), v.uuid());

/** Watched builds, notifications, blocked-step inbox (issue: watch). */
export const watchMessages = {
  /** Watch a build (from its page, or the popup); it is read once to check it exists and to know its state now. */
  watchBuild: message<WatchState>()('buildkite-tab', BuildRefSchema),
  unwatchBuild: message<WatchState>()('buildkite-tab', BuildRefSchema),
  getWatchState: message<WatchState>()('buildkite-tab', BuildRefSchema),
  /** The popup's paste-a-URL field: any Buildkite build URL (a job or tab URL of a build works too). */
  watchBuildUrl: message<WatchListView>()(
    'extension-page',
    v.strictObject({ url: v.pipe(v.string(), v.maxLength(2000)) }),
  ),
  getWatchList: message<WatchListView>()('extension-page', NoInput),
  removeWatchedBuild: message<WatchListView>()('extension-page', BuildRefSchema),
  /** Poll now (the popup's "Check now"; a poll already under way is joined, not repeated). */
  pollWatchedNow: message<WatchListView>()('extension-page', NoInput),
  /** After a token problem: watch the ended builds again. */
  resumeWatching: message<WatchListView>()('extension-page', NoInput),
  /**
   * Retries every job of the build that can be retried now: the build page's retry code and result shape
   * (lib/builds/retry.ts), the same function as the notification's button (lib/watch/actions.ts). Sent once.
   */
  retryWatchedBuild: message<RetryFailedJobsResult>()('extension-page', BuildRefSchema, { writes: 'write_builds' }),
  /** Opens the build page at the block job, where Buildkite's unblock form is. Same code as the notification's. */
  openUnblockForm: message<null>()('extension-page', v.strictObject({ ...BuildRefSchema.entries, jobId: JobUuid })),
  sendTestNotification: message<TestNotificationResult>()('extension-page', NoInput),
} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;
