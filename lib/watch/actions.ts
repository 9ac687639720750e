/** What the notification buttons and the popup's watch list do. Writes are sent once, never retried. */
import { browser } from '#imports';
import type { RetryFailedJobsResult } from '../builds/model';
import { retryFailedJobs } from '../builds/retry';
import { describeError, toKdError } from '../errors';
import { buildPageUrl } from '../pages';
import { credentials } from '../token/service';
import { rearmAfterRetry } from './decide';
import { buildKey, type BuildKeyParts } from './model';
import { retriedMessage, watchedName } from './notification-plan';
import { showResult } from './notify';
import { serial, watchListItem } from './store';
import { safeBuildkiteUrl } from '../safe-url';

/** Only Buildkite pages are opened (safeBuildkiteUrl): a notification's link comes from API data. */
export async function openUrl(url: string): Promise<void> {
  const safe = safeBuildkiteUrl(url);
  if (safe) await browser.tabs.create({ url: safe });
}

/** Opens the build page at the block job: Buildkite's unblock form for that step is there. */
export async function openUnblockForm(ref: BuildKeyParts & { jobId: string }): Promise<void> {
  await openUrl(buildPageUrl(ref.org, ref.pipeline, ref.number, ref.jobId));
}

/**
 * "Retry failed jobs" from the popup's watch list and from a notification: the build page's retry
 * (lib/builds/retry.ts) for every job that can be retried now. Sent once. The write policy is the
 * `retryWatchedBuild` message's: `handle()` applies it before the popup's call; a notification's button (not a
 * message) passes it as `checkWrite`, which runs first, so a refusal is notified like any failure. The result is
 * shown as a notification too; the build runs again, so its result is news again.
 */
export async function retryWatchedBuild(
  ref: BuildKeyParts,
  onRetried: () => Promise<void>,
  checkWrite?: () => Promise<void>,
): Promise<RetryFailedJobsResult> {
  const key = buildKey(ref);
  const name = watchedName(await watchListItem.getValue(), ref);
  try {
    await checkWrite?.();
    const result = await retryFailedJobs(await credentials(), ref, 'all-failed');
    await serial(async () => {
      const list = await watchListItem.getValue();
      await watchListItem.setValue(list.map((b) => (b.key === key ? rearmAfterRetry(b, Date.now()) : b)));
    });
    await showResult(key, `${name}: failed jobs retried`, retriedMessage(name, result));
    await onRetried();
    return result;
  } catch (cause) {
    await showResult(key, `${name}: could not retry failed jobs`, describeError(toKdError(cause)));
    throw cause;
  }
}
