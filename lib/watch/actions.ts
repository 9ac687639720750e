/** What the notification buttons and the popup's watch list do. Writes are sent once, never retried. */
import * as v from 'valibot';
import { browser } from '#imports';
import { restWrite } from '../buildkite/rest';
import { describeError, toKdError } from '../errors';
import { buildPageUrl } from '../pages';
import { credentials } from '../token/service';
import { rearmAfterRetry } from './decide';
import { buildKey, type BuildKeyParts } from './model';
import { buildTitle } from './notification-plan';
import { showResult } from './notify';
import { serial, watchListItem } from './store';
import type { RetryResult } from './view';
import { safeBuildkiteUrl } from '../safe-url';

const RetryFailedJobsReply = v.looseObject({ retried_jobs_count: v.optional(v.nullable(v.number()), null) });

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
 * `PUT /v2/organizations/{org}/pipelines/{p}/builds/{n}/retry_failed_jobs` (digest §2.5), sent once. The result
 * is shown as a notification (and returned to the popup). The build runs again, so its result is news again.
 */
export async function retryFailedJobs(ref: BuildKeyParts, onRetried: () => Promise<void>): Promise<RetryResult> {
  const key = buildKey(ref);
  const build = (await watchListItem.getValue()).find((b) => b.key === key);
  const name = build ? buildTitle(build) : `${ref.pipeline} #${ref.number}`;
  try {
    const { value } = await restWrite(await credentials(), {
      method: 'put',
      path: `organizations/${encodeURIComponent(ref.org)}/pipelines/${encodeURIComponent(ref.pipeline)}/builds/${ref.number}/retry_failed_jobs`,
      schema: RetryFailedJobsReply,
      scope: 'write_builds',
      org: ref.org,
    });
    const count = value.retried_jobs_count;
    const message =
      count === null
        ? `Retried the failed jobs of ${name}.`
        : `Retried ${count} failed job${count === 1 ? '' : 's'} of ${name}.`;
    await serial(async () => {
      const list = await watchListItem.getValue();
      await watchListItem.setValue(list.map((b) => (b.key === key ? rearmAfterRetry(b, Date.now()) : b)));
    });
    await showResult(key, `${name}: failed jobs retried`, message);
    await onRetried();
    return { ok: true, retriedJobs: count, message };
  } catch (cause) {
    const error = toKdError(cause);
    const message = describeError(error);
    await showResult(key, `${name}: could not retry failed jobs`, message);
    return { ok: false, retriedJobs: null, message };
  }
}
