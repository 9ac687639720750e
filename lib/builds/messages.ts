import * as v from 'valibot';
import { message } from '../message-spec';
import type { JobLogRecord } from './job-log';
import type { BuildCapabilities, BuildRef, BuildView, JobView, RetryFailedJobsResult } from './model';

const Slug = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/));
const Uuid = v.pipe(v.string(), v.uuid());
export const BuildRefSchema = v.strictObject({
  org: Slug,
  pipeline: Slug,
  number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1)),
});
const JobRefSchema = v.strictObject({ ...BuildRefSchema.entries, jobId: Uuid });
export const RETRY_STATES = ['failed', 'timed_out', 'canceled', 'expired', 'soft_failed'] as const;

/**
 * In-page quick actions. Sent by the content script on a Buildkite tab; every write is sent once (never retried
 * automatically, and checked by the write policy before any handler runs) and answered with the fresh build so the page shows the result at once.
 */
export const buildMessages = {
  /** The build, its jobs and the pipeline: one GraphQL request (REST fallback), briefly cached and deduplicated. */
  getBuild: message<{ build: BuildView; capabilities: BuildCapabilities }>()(
    'buildkite-tab',
    v.strictObject({ ...BuildRefSchema.entries, fresh: v.optional(v.boolean()) }),
  ),
  rebuildBuild: message<{ number: number; webUrl: string }>()('buildkite-tab', BuildRefSchema, {
    writes: 'write_builds',
  }),
  cancelBuild: message<BuildView>()('buildkite-tab', BuildRefSchema, { writes: 'write_builds' }),
  /**
   * Retries the failed jobs the preview listed (also while the build runs). `jobIds` is what the user confirmed
   * in the preview; the background re-checks each against the current build before sending.
   */
  retryFailedJobs: message<RetryFailedJobsResult>()(
    'buildkite-tab',
    v.strictObject({
      ...BuildRefSchema.entries,
      jobIds: v.pipe(v.array(Uuid), v.minLength(1), v.maxLength(500)),
    }),
    { writes: 'write_builds' },
  ),
  retryJob: message<{ job: JobView | null; build: BuildView }>()('buildkite-tab', JobRefSchema, {
    writes: 'write_builds',
  }),
  /** GraphQL only (REST has no job cancel). */
  cancelJob: message<{ build: BuildView }>()('buildkite-tab', JobRefSchema, { writes: 'write_builds' }),
  unblockJob: message<{ build: BuildView }>()(
    'buildkite-tab',
    v.strictObject({
      ...JobRefSchema.entries,
      fields: v.record(
        v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,100}$/)),
        v.union([
          v.pipe(v.string(), v.maxLength(10_000)),
          v.pipe(v.array(v.pipe(v.string(), v.maxLength(1000))), v.maxLength(200)),
        ]),
      ),
    }),
    { writes: 'write_builds' },
  ),
  /** For the stale-deploy warning before an unblock: is there a newer build on the same branch? */
  findNewerBuild: message<{ number: number; webUrl: string; state: string } | null>()(
    'buildkite-tab',
    v.strictObject({ ...BuildRefSchema.entries, branch: v.pipe(v.string(), v.maxLength(500)) }),
  ),
  /** Opens the job's raw log in a Kitedeck page (the log is fetched by the background with the token). */
  openJobLog: message<null>()('buildkite-tab', JobRefSchema),
  /** Kitedeck's job-log page reads the log `openJobLog` stored (`job-log.html?key=…`); null when it is gone. */
  getJobLog: message<JobLogRecord | null>()(
    'extension-page',
    v.strictObject({ key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{32}$/)) }),
  ),
};

export type { BuildRef };
