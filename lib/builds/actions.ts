import { browser } from '#imports';
import {
  BuildCancelMutation,
  BuildCancelResult,
  BuildRebuildMutation,
  BuildRebuildResult,
  JobCancelMutation,
  JobCancelResult,
  JobUnblockMutation,
  JobUnblockResult,
  NewestBranchBuildQuery,
  NewestBranchBuildResult,
} from './documents';
import type { Credentials } from '../buildkite/http';
import { restRead, restWrite } from '../buildkite/rest';
import { KdFailure, type KdError } from '../errors';
import { runChecked } from '../buildkite/graphql';
import { requireScope } from '../logs/scopes';
import { logPageUrl } from '../logs/urls';
import type { BuildRef, BuildView, JobView } from './model';
import { forgetBuild, hasScope, readBuild, readWithFallback } from './read';
import { canCancelBuild, canCancelJob, canUnblockJob, CANCELABLE_BUILD_STATES, jobName } from './rules';
import { RestBuildAnswer, RestBuildSummaries, RestJobAnswer, RestRebuilt } from './schemas';
import { checkFieldAnswers, defaultAnswers, encodeFieldAnswers, type FieldAnswers } from './unblock-fields';
import { safeBuildkiteUrl } from '../safe-url';
import { buildPageUrl } from '../pages';

/**
 * The build page's writes. Each is sent ONCE (never retried automatically), through the API the build was read
 * with (GraphQL when the token has it, else REST with `write_builds`), and answers with the build read afresh.
 * What Buildkite would refuse is refused here first, with the reason, before anything is sent.
 */

export const buildPath = (ref: BuildRef) => `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}`;

export function refused(
  title: string,
  detail: string,
  action = 'Refresh the page to see the build as it is now.',
): KdFailure {
  return new KdFailure({ kind: 'rejected', title, detail, action });
}

/** A Buildkite answer that lacked the object it should hold (e.g. a null mutation payload). */
export function emptyAnswer(what: string): KdFailure {
  return new KdFailure({
    kind: 'invalid-response',
    title: 'Unexpected answer from Buildkite',
    detail: `Buildkite's answer to ${what} held no result.`,
    action: 'Refresh the page to see whether it happened before trying again.',
  });
}

/** The build as cached when it allows `check`, else read afresh: a stale copy never refuses a valid action. */
export async function readFor(
  credentials: Credentials,
  ref: BuildRef,
  check: (build: BuildView) => boolean,
): Promise<BuildView> {
  const cached = await readBuild(credentials, ref);
  return check(cached) ? cached : readBuild(credentials, ref, { fresh: true });
}

export function findJob(build: BuildView, jobId: string): JobView {
  const job = build.jobs.find((candidate) => candidate.id === jobId);
  if (!job) {
    throw new KdFailure({
      kind: 'not-found',
      title: 'Job not found',
      detail: `Build #${build.number} has no job ${jobId}.`,
      action: 'Refresh the page: the job list may have changed.',
    });
  }
  return job;
}

const useGraphQL = (build: BuildView, id: string | null): id is string => build.source === 'graphql' && id !== null;

/** After a write: the next read must not come from the cache, and the caller gets the build as it is now. */
async function afterWrite(credentials: Credentials, ref: BuildRef): Promise<BuildView> {
  await forgetBuild(ref);
  return readBuild(credentials, ref, { fresh: true });
}

/** A build link from API data, through safeBuildkiteUrl; the page URL built from the ref when it is not safe. */
function linkTo(ref: BuildRef, number: number, url: string): { number: number; webUrl: string } {
  return { number, webUrl: safeBuildkiteUrl(url) ?? buildPageUrl(ref.org, ref.pipeline, number) };
}

export async function rebuildBuild(
  credentials: Credentials,
  ref: BuildRef,
): Promise<{ number: number; webUrl: string }> {
  const build = await readBuild(credentials, ref);
  let rebuilt: { number: number; webUrl: string };
  if (useGraphQL(build, build.graphqlId)) {
    const result = await runChecked(credentials, BuildRebuildMutation, { id: build.graphqlId }, BuildRebuildResult);
    if (!result.buildRebuild) throw emptyAnswer('the rebuild');
    rebuilt = linkTo(ref, result.buildRebuild.rebuild.number, result.buildRebuild.rebuild.url);
  } else {
    const { value } = await restWrite(credentials, {
      method: 'put',
      path: `${buildPath(ref)}/rebuild`,
      schema: RestRebuilt,
      scope: 'write_builds',
      org: ref.org,
    });
    rebuilt = linkTo(ref, value.number, value.web_url);
  }
  await forgetBuild(ref);
  return rebuilt;
}

export async function cancelBuild(credentials: Credentials, ref: BuildRef): Promise<BuildView> {
  const build = await readFor(credentials, ref, canCancelBuild);
  if (!canCancelBuild(build)) {
    throw refused(
      `Build #${build.number} can't be canceled`,
      `It is ${build.state.replace(/_/g, ' ')}${build.blocked ? ' and blocked' : ''}; Buildkite cancels only builds that are ${CANCELABLE_BUILD_STATES.join(', ')}.`,
    );
  }
  if (useGraphQL(build, build.graphqlId)) {
    const result = await runChecked(credentials, BuildCancelMutation, { id: build.graphqlId }, BuildCancelResult);
    if (!result.buildCancel) throw emptyAnswer('the cancel');
  } else {
    await restWrite(credentials, {
      method: 'put',
      path: `${buildPath(ref)}/cancel`,
      schema: RestBuildAnswer,
      scope: 'write_builds',
      org: ref.org,
    });
  }
  return afterWrite(credentials, ref);
}

export const GRAPHQL_NEEDED: KdError = {
  kind: 'missing-scope',
  scope: 'graphql',
  title: 'Canceling a job needs GraphQL access',
  detail:
    'Buildkite’s REST API cannot cancel a single job; only its GraphQL API can, and this token has no GraphQL access.',
  action: 'Create a token with “Enable GraphQL API access” (Kitedeck’s token health view links to a prefilled form).',
};

export async function cancelJob(credentials: Credentials, ref: BuildRef, jobId: string): Promise<BuildView> {
  if (hasScope(credentials, 'graphql') === false) throw new KdFailure(GRAPHQL_NEEDED);
  const build = await readFor(credentials, ref, (b) => canCancelJob(findJob(b, jobId)));
  const job = findJob(build, jobId);
  if (build.source !== 'graphql' || !job.graphqlId) throw new KdFailure(GRAPHQL_NEEDED);
  if (!canCancelJob(job)) {
    throw refused(
      `“${jobName(job)}” can't be canceled`,
      `It is ${job.state.replace(/_/g, ' ')}: only a command job that has not finished can be canceled.`,
    );
  }
  const result = await runChecked(credentials, JobCancelMutation, { id: job.graphqlId }, JobCancelResult);
  if (!result.jobTypeCommandCancel) throw emptyAnswer('the job cancel');
  return afterWrite(credentials, ref);
}

export async function unblockJob(
  credentials: Credentials,
  ref: BuildRef,
  jobId: string,
  answers: FieldAnswers,
): Promise<BuildView> {
  const build = await readFor(credentials, ref, (b) => canUnblockJob(b, findJob(b, jobId)));
  const job = findJob(build, jobId);
  if (!canUnblockJob(build, job)) {
    const why =
      job.type !== 'block'
        ? 'it is not a block step'
        : job.state !== 'blocked'
          ? `it is ${job.state.replace(/_/g, ' ')}`
          : job.unblockable === false
            ? 'it waits for earlier steps to finish'
            : `the build is ${build.state}`;
    throw refused(`“${jobName(job)}” can't be unblocked`, `Buildkite would refuse: ${why}.`);
  }
  const complete = { ...defaultAnswers(job.fields ?? []), ...answers };
  const problems = job.fields ? checkFieldAnswers(job.fields, complete) : [];
  if (problems.length) {
    throw new KdFailure({
      kind: 'bad-message',
      title: 'Some fields need a change',
      detail: problems.map((problem) => `${problem.label} ${problem.message}`).join('; ') + '.',
      action: 'Fix these fields and unblock again; nothing was sent.',
    });
  }
  const fields = encodeFieldAnswers(complete);
  if (useGraphQL(build, job.graphqlId)) {
    const variables = { id: job.graphqlId, fields: JSON.stringify(fields) };
    const result = await runChecked(credentials, JobUnblockMutation, variables, JobUnblockResult);
    if (!result.jobTypeBlockUnblock) throw emptyAnswer('the unblock');
  } else {
    await restWrite(credentials, {
      method: 'put',
      path: `${buildPath(ref)}/jobs/${jobId}/unblock`,
      json: { fields },
      schema: RestJobAnswer,
      scope: 'write_builds',
      org: ref.org,
    });
  }
  return afterWrite(credentials, ref);
}

/** One request: the newest build on `branch`; returned only when it is newer than this build. */
export async function findNewerBuild(
  credentials: Credentials,
  ref: BuildRef,
  branch: string,
): Promise<{ number: number; webUrl: string; state: string } | null> {
  const newest = await readWithFallback(
    credentials,
    async () => {
      const result = await runChecked(
        credentials,
        NewestBranchBuildQuery,
        { slug: `${ref.org}/${ref.pipeline}`, branch },
        NewestBranchBuildResult,
      );
      const node = result.pipeline?.builds?.edges?.[0]?.node;
      return node ? { ...linkTo(ref, node.number, node.url), state: node.state.toLowerCase() } : null;
    },
    async () => {
      const { value } = await restRead(credentials, {
        path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds`,
        searchParams: { branch, per_page: 1, exclude_jobs: true, exclude_pipeline: true },
        schema: RestBuildSummaries,
        scope: 'read_builds',
        org: ref.org,
      });
      const first = value[0];
      return first
        ? { ...linkTo(ref, first.number, first.web_url), state: first.blocked ? 'blocked' : first.state }
        : null;
    },
  );
  return newest && newest.number > ref.number ? newest : null;
}

/**
 * Opens Kitedeck's log page for the job next to the Buildkite tab (`job-log.html?org=…&job=…`). The page asks the
 * background for the log (lib/logs: Range tails, the IndexedDB cache with its byte cap), so nothing is kept in
 * `storage.session`. Without `read_build_logs` it refuses before opening anything.
 */
export async function openJobLog(
  credentials: Credentials,
  ref: BuildRef,
  jobId: string,
  openerTab?: { id?: number; index?: number },
): Promise<string> {
  requireScope(credentials, 'read_build_logs');
  const url = logPageUrl(ref, jobId);
  await browser.tabs.create({
    url,
    ...(openerTab?.id !== undefined ? { openerTabId: openerTab.id } : {}),
    ...(openerTab?.index !== undefined ? { index: openerTab.index + 1 } : {}),
  });
  return url;
}
