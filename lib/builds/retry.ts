import { parse } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import * as v from 'valibot';
import type { Credentials } from '../buildkite/http';
import { restWrite } from '../buildkite/rest';
import { KdFailure, type KdError } from '../errors';
import { buildPath, emptyAnswer, findJob, readFor, refused } from './actions';
import { graphql, runAliased, runChecked } from '../buildkite/graphql';
import { RETRY_STATES } from './messages';
import type { BuildRef, BuildView, JobView, RetriedJob, RetryFailedJobsResult } from './model';
import { forgetBuild, readBuild } from './read';
import { previewRetry } from './retry-preview';
import { isBuildFinished, jobName, retryCategory, type RetryCategory } from './rules';
import { RestJobAnswer, RestRetriedFailedJobs } from './schemas';

// The retry mutations, beside the code that sends them (validated with every document by
// tests/unit/builds/graphql-contract.test.ts).
const nullish = <S extends v.GenericSchema>(schema: S) => v.nullish(schema, null);

/** Buildkite's own "retry failed jobs" (used only when it would retry exactly the jobs the user confirmed). */
export const BuildRetryFailedJobsMutation = graphql(`
  mutation BuildRetryFailedJobs($id: ID!, $states: [BuildRetryFailedJobsStates!]!) {
    buildRetryFailedJobs(input: { id: $id, states: $states }) {
      retriedJobsCount
    }
  }
`);

export const JobRetryMutation = graphql(`
  mutation JobRetry($id: ID!) {
    jobTypeCommandRetry(input: { id: $id }) {
      jobTypeCommand {
        uuid
      }
      retriedInJobTypeCommand {
        uuid
      }
    }
  }
`);

/**
 * Several job retries in ONE request: one aliased `jobTypeCommandRetry` per job (`retry0`, `retry1`...), each
 * with its own variable. GraphQL runs mutation fields one after the other and reports each failure at its alias,
 * so a partial result says exactly which jobs were retried. The selection is the same as `JobRetryMutation`.
 */
export function retryJobsDocument(count: number): TadaDocumentNode<Record<string, unknown>, Record<string, string>> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('retryJobsDocument needs at least one job');
  const indexes = Array.from({ length: count }, (_, index) => index);
  const variables = indexes.map((index) => `$id${index}: ID!`).join(', ');
  const fields = indexes
    .map(
      (index) =>
        `retry${index}: jobTypeCommandRetry(input: { id: $id${index} }) { jobTypeCommand { uuid } retriedInJobTypeCommand { uuid } }`,
    )
    .join('\n  ');
  const document: TadaDocumentNode<Record<string, unknown>, Record<string, string>> = parse(
    `mutation JobRetries(${variables}) {\n  ${fields}\n}`,
  );
  return document;
}

export const BuildRetryFailedJobsResult = v.object({
  buildRetryFailedJobs: nullish(v.object({ retriedJobsCount: nullish(v.number()) })),
});
/** One `jobTypeCommandRetry` payload (also each alias of `retryJobsDocument`). */
export const JobRetryPayload = v.object({
  jobTypeCommand: v.object({ uuid: v.string() }),
  retriedInJobTypeCommand: v.object({ uuid: v.string() }),
});
export const JobRetryResult = v.object({ jobTypeCommandRetry: nullish(JobRetryPayload) });

/**
 * Retrying jobs. The jobs the user confirmed are checked again against the build read afresh, then sent ONCE:
 * - Buildkite's own "retry failed jobs" (one request) only when the build has finished AND it would retry exactly
 *   the confirmed jobs (same failure categories, nothing else in them);
 * - otherwise (the build still runs, or only some jobs were picked) one retry per job: over GraphQL in ONE request
 *   (aliased `jobTypeCommandRetry` fields), over REST one PUT per job, in order, stopping at the first failure.
 * A failure after some retries went through says which ones did (the page refreshes to show them).
 */

const ALL_STATES = [...RETRY_STATES];

/** The failure categories of `jobs`, if Buildkite's bulk retry with them would pick exactly these jobs. */
export function bulkRetryStates(build: BuildView, jobs: readonly JobView[]): RetryCategory[] | null {
  if (!isBuildFinished(build)) return null;
  const categories = new Set(jobs.map((job) => retryCategory(job)).filter((category) => category !== null));
  const wanted = new Set(jobs.map((job) => job.id));
  const bulk = build.jobs.filter((job) => {
    const category = retryCategory(job);
    return job.type === 'command' && !job.retried && category !== null && categories.has(category);
  });
  return bulk.length === wanted.size && bulk.every((job) => wanted.has(job.id)) ? [...categories] : null;
}

function partialFailure(
  error: KdError,
  done: readonly JobView[],
  failed: JobView,
  notSent: readonly JobView[],
): KdFailure {
  const names = (jobs: readonly JobView[]) => jobs.map(jobName).join(', ');
  const parts = [
    done.length ? `Retried: ${names(done)}.` : 'Nothing was retried.',
    `“${jobName(failed)}” failed: ${error.detail}`,
    notSent.length ? `Not sent: ${names(notSent)}.` : '',
  ];
  return new KdFailure({
    ...error,
    title: done.length
      ? `Retried ${done.length} of ${done.length + 1 + notSent.length} jobs, then one failed`
      : error.title,
    detail: parts.filter(Boolean).join(' '),
  });
}

async function retryEachViaGraphQL(credentials: Credentials, jobs: readonly JobView[]): Promise<RetriedJob[]> {
  const variables = Object.fromEntries(jobs.map((job, index) => [`id${index}`, job.graphqlId ?? '']));
  const answer = await runAliased(credentials, retryJobsDocument(jobs.length), variables, {
    operationName: 'JobRetries',
    kind: 'mutation',
  });
  const retried: RetriedJob[] = [];
  const done: JobView[] = [];
  const failures: { job: JobView; message: string }[] = [];
  jobs.forEach((job, index) => {
    const payload = v.safeParse(JobRetryPayload, answer.data[`retry${index}`]);
    if (payload.success) {
      retried.push({ oldJobId: job.id, newJobId: payload.output.retriedInJobTypeCommand.uuid });
      done.push(job);
    } else {
      failures.push({ job, message: answer.errors.get(`retry${index}`) ?? answer.errors.get('') ?? 'no result' });
    }
  });
  const first = failures[0];
  if (!first) return retried;
  const said = failures.map(({ job, message }) => `“${jobName(job)}”: Buildkite said “${message}”`).join('; ');
  throw new KdFailure({
    kind: 'graphql',
    title: done.length ? `Retried ${done.length} of ${jobs.length} jobs` : 'Buildkite refused the retry',
    detail: `${done.length ? `Retried: ${done.map(jobName).join(', ')}. ` : ''}Not retried: ${said}.`,
    action: 'Read the reasons above; the page now shows the build as it is.',
  });
}

async function retryEachViaRest(
  credentials: Credentials,
  ref: BuildRef,
  jobs: readonly JobView[],
): Promise<RetriedJob[]> {
  const retried: RetriedJob[] = [];
  for (const [index, job] of jobs.entries()) {
    try {
      const { value } = await restWrite(credentials, {
        method: 'put',
        path: `${buildPath(ref)}/jobs/${job.id}/retry`,
        schema: RestJobAnswer,
        scope: 'write_builds',
        org: ref.org,
      });
      retried.push({ oldJobId: job.id, newJobId: value.id });
    } catch (cause) {
      if (!(cause instanceof KdFailure)) throw cause;
      throw partialFailure(cause.error, jobs.slice(0, index), job, jobs.slice(index + 1));
    }
  }
  return retried;
}

async function retryInBulk(
  credentials: Credentials,
  ref: BuildRef,
  build: BuildView,
  states: RetryCategory[],
): Promise<void> {
  if (build.source === 'graphql' && build.graphqlId) {
    const upper = states.map((state) => state.toUpperCase() as Uppercase<RetryCategory>);
    const result = await runChecked(
      credentials,
      BuildRetryFailedJobsMutation,
      { id: build.graphqlId, states: upper },
      BuildRetryFailedJobsResult,
    );
    if (!result.buildRetryFailedJobs) throw emptyAnswer('the retry');
    return;
  }
  await restWrite(credentials, {
    method: 'put',
    path: `${buildPath(ref)}/retry_failed_jobs`,
    json: { states: states.join(',') },
    schema: RestRetriedFailedJobs,
    scope: 'write_builds',
    org: ref.org,
  });
}

/**
 * Retries `jobIds` (what the user confirmed in the build page's preview), or `'all-failed'`: every job the
 * preview would retry now (the popup's watch list and the notifications, where there is no preview).
 */
export async function retryFailedJobs(
  credentials: Credentials,
  ref: BuildRef,
  which: readonly string[] | 'all-failed',
): Promise<RetryFailedJobsResult> {
  const build = await readBuild(credentials, ref, { fresh: true });
  const preview = previewRetry(build, { states: ALL_STATES, onlyInfrastructure: false });
  if (which === 'all-failed' && preview.willRetry.length === 0) {
    throw refused('Nothing to retry', 'This build has no failed job that can be retried now.');
  }
  const jobIds = which === 'all-failed' ? preview.willRetry.map((job) => job.id) : which;
  const retryable = new Map(preview.willRetry.map((job) => [job.id, job]));
  const reasons = new Map(preview.leftOut.map(({ job, reason }) => [job.id, reason]));
  const chosen = [...new Set(jobIds)].flatMap((id) => retryable.get(id) ?? []);
  const skipped = [...new Set(jobIds)]
    .filter((id) => !retryable.has(id))
    .map((jobId) => ({
      jobId,
      reason:
        reasons.get(jobId) ?? (build.jobs.some((job) => job.id === jobId) ? 'not failed' : 'no longer in this build'),
    }));
  if (chosen.length === 0) {
    const why = skipped.map(
      ({ jobId, reason }) =>
        `${jobName(build.jobs.find((job) => job.id === jobId) ?? { id: jobId, label: null })}: ${reason}`,
    );
    throw refused('Nothing to retry', `None of the chosen jobs can be retried now (${why.join('; ')}).`);
  }
  let retried: RetriedJob[];
  const bulkStates = bulkRetryStates(build, chosen);
  try {
    if (bulkStates) {
      await retryInBulk(credentials, ref, build, bulkStates);
      retried = [];
    } else if (build.source === 'graphql' && chosen.every((job) => job.graphqlId)) {
      retried = await retryEachViaGraphQL(credentials, chosen);
    } else {
      retried = await retryEachViaRest(credentials, ref, chosen);
    }
  } finally {
    await forgetBuild(ref);
  }
  const fresh = await readBuild(credentials, ref, { fresh: true });
  if (bulkStates) {
    retried = chosen.map((job) => ({ oldJobId: job.id, newJobId: findJob(fresh, job.id).retriedInJobId }));
  }
  return { retried, build: fresh, skipped };
}

export async function retryJob(
  credentials: Credentials,
  ref: BuildRef,
  jobId: string,
): Promise<{ job: JobView | null; build: BuildView }> {
  const retryableIn = (b: BuildView) =>
    previewRetry(b, { states: ALL_STATES, onlyInfrastructure: false }).willRetry.some((job) => job.id === jobId);
  const build = await readFor(credentials, ref, retryableIn);
  const job = findJob(build, jobId);
  if (!retryableIn(build)) {
    const reason = previewRetry(build, { states: ALL_STATES, onlyInfrastructure: false }).leftOut.find(
      (item) => item.job.id === jobId,
    )?.reason;
    throw refused(
      `“${jobName(job)}” can't be retried`,
      `It is ${reason ?? job.state.replace(/_/g, ' ')}; Buildkite retries only failed, timed-out, canceled or expired command jobs, once each.`,
    );
  }
  let newJobId: string;
  try {
    if (build.source === 'graphql' && job.graphqlId) {
      const result = await runChecked(credentials, JobRetryMutation, { id: job.graphqlId }, JobRetryResult);
      if (!result.jobTypeCommandRetry) throw emptyAnswer('the retry');
      newJobId = result.jobTypeCommandRetry.retriedInJobTypeCommand.uuid;
    } else {
      const { value } = await restWrite(credentials, {
        method: 'put',
        path: `${buildPath(ref)}/jobs/${jobId}/retry`,
        schema: RestJobAnswer,
        scope: 'write_builds',
        org: ref.org,
      });
      newJobId = value.id;
    }
  } finally {
    await forgetBuild(ref);
  }
  const fresh = await readBuild(credentials, ref, { fresh: true });
  return { job: fresh.jobs.find((candidate) => candidate.id === newJobId) ?? null, build: fresh };
}
