import * as v from 'valibot';
import type { Credentials } from '../buildkite/http';
import { restRead } from '../buildkite/rest';
import { runChecked } from '../buildkite/graphql';
import type { BuildRef } from '../builds/model';
import { hasScope, readBuild } from '../builds/read';
import { isInfrastructureFailure } from '../builds/retry-preview';
import { KdFailure, toKdError, type KdError } from '../errors';
import { parseLog } from './ansi';
import { FailureDigestQuery, FailureDigestResult, type FailureDigestJob } from './digest-query';
import { groupByErrors, highlights, type ErrorGroup, type NumberedLine } from './errors';
import { readLog } from './fetch';
import { missingScopeError } from './scopes';

/** The failure digest: plain data for the digest page (HTML annotations are sanitised there, by DOMPurify). */
export interface DigestJob {
  id: string;
  label: string | null;
  state: string;
  softFailed: boolean;
  exitStatus: number | null;
  signal: string | null;
  signalReason: string | null;
  /** Same rules as the retry preview (lib/builds/retry-preview.ts). */
  infrastructure: boolean;
  durationMs: number | null;
  webUrl: string;
  /** Earlier attempts of this job, newest first. */
  attempts: { id: string; state: string; exitStatus: number | null; signalReason: string | null }[];
  log: DigestLog | { error: KdError } | null;
}

export interface DigestLog {
  errors: NumberedLine[];
  tail: NumberedLine[];
  /** Byte where the fetched part starts (0: the whole log; line numbers are then the log's own). */
  start: number;
  totalBytes: number | null;
}

export interface DigestAnnotation {
  id: string;
  style: 'error' | 'warning';
  context: string;
  /** Buildkite's rendered HTML: UNTRUSTED, sanitised before display. */
  html: string;
}

export interface FailureDigest {
  build: { org: string; pipeline: string; number: number; state: string; webUrl: string };
  jobs: DigestJob[];
  groups: ErrorGroup[];
  annotations: DigestAnnotation[];
  /** Failed jobs whose tails were not fetched (past `maxJobs`): the page fetches them on request. */
  notFetched: number;
  /** Requests sent to Buildkite to build this digest (cached logs cost none). */
  requests: number;
}

/** The first fetch of each failed job's log: its last 64 KiB. More on request. */
export const DIGEST_TAIL_BYTES = 64 * 1024;
const MAX_JOBS_FETCHED = 20;
const FAILED_STATES = new Set(['failed', 'timed_out', 'expired', 'broken']);

const exitNumber = (value: string | number | null) => {
  if (value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
const lower = (value: string | null) => value?.toLowerCase() ?? null;

interface RawJob {
  id: string;
  label: string | null;
  state: string;
  softFailed: boolean;
  exitStatus: number | null;
  signal: string | null;
  signalReason: string | null;
  retried: boolean;
  retrySourceId: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  webUrl: string;
}

/** GraphQL says FINISHED for a finished command job, with `passed` (true for a soft failure, too). */
function stateOf(job: FailureDigestJob): string {
  const state = job.state.toLowerCase();
  if (state !== 'finished') return state;
  return job.passed && !job.softFailed ? 'passed' : 'failed';
}

const fromGraphQL = (job: FailureDigestJob): RawJob => ({
  id: job.uuid,
  label: job.label,
  state: stateOf(job),
  softFailed: job.softFailed,
  exitStatus: exitNumber(job.exitStatus),
  signal: job.signal,
  signalReason: lower(job.signalReason),
  retried: job.retried,
  retrySourceId: job.retrySource?.uuid ?? null,
  startedAt: job.startedAt ? Date.parse(job.startedAt) : null,
  finishedAt: job.finishedAt ? Date.parse(job.finishedAt) : null,
  webUrl: job.url,
});

const RestAnnotations = v.array(
  v.object({ id: v.string(), context: v.string(), style: v.nullish(v.string(), null), body_html: v.string() }),
);

async function readJobsAndAnnotations(
  credentials: Credentials,
  ref: BuildRef,
): Promise<{ build: FailureDigest['build']; jobs: RawJob[]; annotations: DigestAnnotation[]; requests: number }> {
  if (hasScope(credentials, 'graphql') !== false) {
    const result = await runChecked(
      credentials,
      FailureDigestQuery,
      { slug: `${ref.org}/${ref.pipeline}/${ref.number}` },
      FailureDigestResult,
    );
    const b = result.build;
    if (!b) {
      throw new KdFailure({
        kind: 'not-found',
        title: 'Build not found',
        detail: `Buildkite has no build ${ref.org}/${ref.pipeline} #${ref.number} that this token can see.`,
        action: 'Check the build exists and that the token can access its organisation.',
      });
    }
    const jobs = (b.jobs?.edges ?? [])
      .map((edge) => edge?.node)
      .filter((node): node is FailureDigestJob => !!node && 'uuid' in node)
      .map(fromGraphQL)
      // Newest first (RECENTLY_CREATED): shown in the build's own order.
      .reverse();
    const annotations = (b.annotations?.edges ?? []).flatMap((edge): DigestAnnotation[] => {
      const node = edge?.node;
      const style = lower(node?.style ?? null);
      if (!node || (style !== 'error' && style !== 'warning')) return [];
      return [{ id: node.uuid, style, context: node.context, html: node.body?.html ?? '' }];
    });
    return {
      build: { org: ref.org, pipeline: ref.pipeline, number: b.number, state: b.state.toLowerCase(), webUrl: b.url },
      jobs,
      annotations,
      requests: 1,
    };
  }
  // No GraphQL access: the build page's REST read, and the annotations over REST.
  const [view, annotations] = await Promise.all([
    readBuild(credentials, ref),
    restRead(credentials, {
      path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}/annotations`,
      schema: RestAnnotations,
      scope: 'read_builds',
      org: ref.org,
    }),
  ]);
  return {
    build: { org: ref.org, pipeline: ref.pipeline, number: view.number, state: view.state, webUrl: view.webUrl },
    jobs: view.jobs
      .filter((job) => job.type === 'command')
      .map((job) => ({
        id: job.id,
        label: job.label,
        state: job.state,
        softFailed: job.softFailed,
        exitStatus: job.exitStatus,
        signal: job.signal,
        signalReason: job.signalReason,
        retried: job.retried,
        retrySourceId: null,
        startedAt: null,
        finishedAt: null,
        webUrl: job.webUrl,
      })),
    annotations: annotations.value.flatMap((a): DigestAnnotation[] =>
      a.style === 'error' || a.style === 'warning'
        ? [{ id: a.id, style: a.style, context: a.context, html: a.body_html }]
        : [],
    ),
    requests: 2,
  };
}

/** The lines that matter in a log piece. */
export function digestLog(text: string, start: number, totalBytes: number | null): DigestLog {
  const lines = parseLog(text).map((line) => line.text);
  // A tail starts mid-line: its first line is partial, so it is dropped.
  if (start > 0 && lines.length > 1) lines.shift();
  return { ...highlights(lines), start, totalBytes };
}

/**
 * Builds the digest: one GraphQL request for jobs and annotations, then the tail of each failed job's log (up to
 * 20 jobs; 4 at a time, paced). The last attempt of each job is shown, with its earlier attempts as history.
 */
export async function failureDigest(
  credentials: Credentials,
  ref: BuildRef,
  { softFailed = false, tailBytes = DIGEST_TAIL_BYTES }: { softFailed?: boolean; tailBytes?: number } = {},
): Promise<FailureDigest> {
  const { build, jobs, annotations, requests } = await readJobsAndAnnotations(credentials, ref);
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const failed = jobs.filter((job) => !job.retried && FAILED_STATES.has(job.state) && (softFailed || !job.softFailed));
  const canReadLogs = hasScope(credentials, 'read_build_logs') !== false;
  let sent = requests;
  const fetched = failed.slice(0, MAX_JOBS_FETCHED);
  const logs = await Promise.all(
    fetched.map(async (job): Promise<DigestJob['log']> => {
      if (!canReadLogs) return null;
      try {
        const piece = await readLog(credentials, ref, job.id, { tailBytes, final: true });
        if (!piece.cached) sent++;
        return digestLog(piece.text, piece.start, piece.totalBytes);
      } catch (cause) {
        sent++;
        return { error: toKdError(cause) };
      }
    }),
  );
  const digestJobs: DigestJob[] = failed.map((job, i) => {
    const attempts: DigestJob['attempts'] = [];
    const seen = new Set<string>();
    for (let source = job.retrySourceId; source && !seen.has(source); ) {
      seen.add(source);
      const earlier = byId.get(source);
      if (!earlier) break;
      attempts.push({
        id: earlier.id,
        state: earlier.state,
        exitStatus: earlier.exitStatus,
        signalReason: earlier.signalReason,
      });
      source = earlier.retrySourceId;
    }
    return {
      id: job.id,
      label: job.label,
      state: job.state,
      softFailed: job.softFailed,
      exitStatus: job.exitStatus,
      signal: job.signal,
      signalReason: job.signalReason,
      infrastructure: isInfrastructureFailure(job),
      durationMs: job.startedAt !== null && job.finishedAt !== null ? job.finishedAt - job.startedAt : null,
      webUrl: job.webUrl,
      attempts,
      log: i < fetched.length ? (logs[i] ?? null) : null,
    };
  });
  const groups = groupByErrors(
    digestJobs.flatMap((job) => (job.log && 'errors' in job.log ? [{ jobId: job.id, errors: job.log.errors }] : [])),
  );
  if (!canReadLogs && failed.length) requireScopeNote(digestJobs);
  return {
    build,
    jobs: digestJobs,
    groups,
    annotations,
    notFetched: failed.length - fetched.length,
    requests: sent,
  };
}

/** Without `read_build_logs`, each job says why its log is missing. */
function requireScopeNote(jobs: DigestJob[]): void {
  const error = missingScopeError('read_build_logs');
  for (const job of jobs) job.log = { error };
}
