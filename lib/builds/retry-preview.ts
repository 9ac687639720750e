import type { AutomaticRetryRule, BuildView, JobView } from './model';
import {
  isBuildCanceled,
  isBuildFinished,
  jobName,
  retryCategory,
  RUNNING_JOB_STATES,
  type RetryCategory,
} from './rules';

/**
 * "Retry failed jobs" preview: which jobs a retry would send, and why each other candidate is left out, in plain
 * language. Pure (runs in the content script for the preview and in the background to re-check before sending).
 *
 * Candidates are the build's failed-ish jobs (any failure category, any job type) and its running command jobs;
 * passed jobs and jobs that have not started are not candidates, so the "left out" list stays about failures.
 */

export interface RetryOptions {
  /** Failure categories to include: `failed`, `soft_failed`, `timed_out`, `canceled`, `expired` (RETRY_STATES). */
  states: readonly string[];
  onlyInfrastructure: boolean;
}

export interface RetryPreview {
  willRetry: JobView[];
  leftOut: { job: JobView; reason: string }[];
}

/**
 * Signal reasons (GraphQL enum `JobEventSignalReason`, REST `signal_reason`, lower-cased) that mean the
 * infrastructure, not the job's command, made the job fail. From the enum's documentation:
 * - `agent_stop`: "the agent sent the signal to the process because the agent was stopped" (agent shut down,
 *   instance terminated).
 * - `process_run_error`: "the agent was unable to start the job process, often due to memory or resource
 *   constraints"; the command never ran.
 * - `stack_error`: "the job couldn't be launched by the stack controlling agents ... misconfiguration of the job,
 *   or a lack of resources"; the command never ran.
 * - `agent_refused`: "the agent refused the job ... the job was not run at all" (the agent's own policy or hooks).
 * - `agent_incompatible`: "the agent was incompatible with the job requirements (e.g. version too old)"; not run.
 * Not infrastructure:
 * - `cancel`: someone canceled the job.
 * - `signature_rejected`: the agent could not verify the step's signature: a security verdict a retry must not
 *   try to get around.
 * - a signal with NO reason: "the command was killed by another process or by the operating system" (for example
 *   the OOM killer reacting to the tests' own memory use): not provably the infrastructure, so left out.
 */
const INFRASTRUCTURE_SIGNAL_REASONS: ReadonlySet<string> = new Set([
  'agent_stop',
  'process_run_error',
  'stack_error',
  'agent_refused',
  'agent_incompatible',
]);

/**
 * Was this failure caused by the infrastructure (agent lost or stopped, the process could not start) rather than
 * by the command? Decided only from what the API documents:
 * - a signal reason from the list above;
 * - exit status -1 with no signal and no signal reason: `JobEventFinished.exitStatus` says "-1 indicates either
 *   that the agent was lost or the process was killed. If the process was killed, the `signal` field will be
 *   non-null", so -1 without a signal is a lost agent;
 * - state `expired`: the job "expired before being picked up by an agent" (`BuildRetryFailedJobsStates.EXPIRED`):
 *   no agent was available, the command never ran.
 * A plain non-zero exit status (1, 2, 255...) is the command's own failure, and a canceled job was canceled by
 * someone; neither is infrastructure.
 */
export function isInfrastructureFailure(
  job: Pick<JobView, 'state' | 'exitStatus' | 'signal' | 'signalReason'>,
): boolean {
  const reason = job.signalReason?.toLowerCase() ?? null;
  if (reason !== null) return INFRASTRUCTURE_SIGNAL_REASONS.has(reason);
  if (job.state === 'canceled' || job.state === 'canceling') return false;
  if (job.state === 'expired') return true;
  return job.exitStatus === -1 && !job.signal;
}

const CATEGORY_WORDS: Record<RetryCategory, string> = {
  failed: 'failed',
  soft_failed: 'soft-failed',
  timed_out: 'timed out',
  canceled: 'canceled',
  expired: 'expired',
};

const matches = (wanted: string | null, actual: string | number | null): boolean =>
  wanted === null || wanted === '*' || (actual !== null && wanted.toLowerCase() === String(actual).toLowerCase());

function ruleMatches(rule: AutomaticRetryRule, job: JobView): boolean {
  const exitStatuses = rule.exitStatus === null ? [null] : rule.exitStatus.split(/[\s,]+/).filter(Boolean);
  return (
    exitStatuses.some((status) => matches(status, job.exitStatus)) &&
    matches(rule.signal, job.signal) &&
    matches(rule.signalReason, job.signalReason)
  );
}

/**
 * Buildkite retries this job by itself soon: it failed while the build still runs, nothing retried it yet, and one
 * of its step's automatic retry rules matches with attempts left (`retriesCount` counts the retries so far; a rule
 * without a limit is taken to allow one more). Only GraphQL exposes the rules; over REST this is unknown (false).
 */
export function awaitsAutomaticRetry(build: Pick<BuildView, 'state' | 'blocked'>, job: JobView): boolean {
  if (job.retried || isBuildFinished(build) || isBuildCanceled(build)) return false;
  if (job.state !== 'failed' && job.state !== 'timed_out') return false;
  const rules = job.retryRules?.automatic ?? [];
  return rules.some((rule) => ruleMatches(rule, job) && (rule.limit === null || job.retriesCount < rule.limit));
}

function alreadyRetried(build: BuildView, job: JobView): string {
  const next = job.retriedInJobId ? build.jobs.find((other) => other.id === job.retriedInJobId) : undefined;
  if (!next) return 'already retried';
  const where = `in ${next.label && next.label === job.label ? `job ${next.id.slice(0, 8)}` : jobName(next)}`;
  const state = next.state.replace(/_/g, ' ');
  if (next.retryType !== 'automatic') return `already retried (${where}, now ${state})`;
  // Buildkite made the retry itself and it has not finished: the user's retry would race it.
  const settled = retryCategory(next) !== null || ['passed', 'broken', 'skipped'].includes(next.state);
  return settled
    ? `already retried automatically (${where}, now ${state})`
    : `waiting for an automatic retry (${where}, now ${state})`;
}

/** What the API says about how the job ended, in words. */
function failureDetail(job: JobView, category: RetryCategory): string {
  if (job.signalReason)
    return `${job.signal ? `${job.signal}, ` : ''}${job.signalReason.toLowerCase().replace(/_/g, ' ')}`;
  if (job.signal) return `killed by ${job.signal} from outside the agent`;
  return job.exitStatus !== null ? `exit status ${job.exitStatus}` : CATEGORY_WORDS[category];
}

/** Why a failed-ish job is left out, or null when it will be retried. */
function reasonToLeaveOut(
  build: BuildView,
  job: JobView,
  category: RetryCategory,
  options: RetryOptions,
): string | null {
  if (job.type !== 'command')
    return `not a command job (only command steps can be retried; this ${job.type} step ${CATEGORY_WORDS[category]})`;
  if (isBuildCanceled(build)) return 'the build was canceled: Buildkite does not retry jobs of a canceled build';
  if (job.retried) return alreadyRetried(build, job);
  if (job.retryRules?.manual === false) return 'its step does not allow manual retries';
  if (awaitsAutomaticRetry(build, job))
    return 'waiting for an automatic retry (its step retries this failure by itself)';
  if (!options.states.includes(category)) {
    return category === 'soft_failed'
      ? 'soft-failed (allowed to fail; include soft-failed jobs to retry it)'
      : `${CATEGORY_WORDS[category]} (include ${CATEGORY_WORDS[category]} jobs to retry it)`;
  }
  if (options.onlyInfrastructure && !isInfrastructureFailure(job)) {
    return `not an infrastructure failure (${failureDetail(job, category)})`;
  }
  return null;
}

export function previewRetry(build: BuildView, options: RetryOptions): RetryPreview {
  const preview: RetryPreview = { willRetry: [], leftOut: [] };
  for (const job of build.jobs) {
    const category = job.type === 'command' || job.type === 'trigger' ? retryCategory(job) : null;
    if (category === null) {
      if (job.type === 'command' && RUNNING_JOB_STATES.includes(job.state)) {
        preview.leftOut.push({ job, reason: `still running (${job.state.replace(/_/g, ' ')})` });
      }
      continue;
    }
    const reason = reasonToLeaveOut(build, job, category, options);
    if (reason === null) preview.willRetry.push(job);
    else preview.leftOut.push({ job, reason });
  }
  return preview;
}
