import type { BuildView, JobView } from './model';

/**
 * What Buildkite allows on a build or job, from its documented rules. Pure: the in-page UI uses
 * these to offer a control, and the background checks them again before sending anything.
 */

/** `PUT …/cancel`: "only when state is scheduled, running or failing; 422 with a reason otherwise". */
export const CANCELABLE_BUILD_STATES: readonly string[] = ['scheduled', 'running', 'failing'];

/**
 * A blocked build keeps its last state (`blocked: true`), so a build that is blocked while jobs still run
 * (`running` + blocked) can be canceled, and one that is blocked after passing cannot.
 */
export function canCancelBuild(build: Pick<BuildView, 'state'>): boolean {
  return CANCELABLE_BUILD_STATES.includes(build.state);
}

/** The build is done: nothing runs and nothing will start by itself. */
export function isBuildFinished(build: Pick<BuildView, 'state' | 'blocked'>): boolean {
  return ['passed', 'failed', 'canceled', 'skipped', 'not_run'].includes(build.state) && !build.blocked;
}

/** "Jobs from canceled builds cannot be retried" (422). */
export function isBuildCanceled(build: Pick<BuildView, 'state'>): boolean {
  return build.state === 'canceled' || build.state === 'canceling';
}

/** A command job's failure category, as `retry_failed_jobs` `states` names them; null when it did not fail. */
export type RetryCategory = 'failed' | 'soft_failed' | 'timed_out' | 'canceled' | 'expired';

export function retryCategory(job: Pick<JobView, 'state' | 'softFailed'>): RetryCategory | null {
  if (job.state === 'failed') return job.softFailed ? 'soft_failed' : 'failed';
  if (job.state === 'timed_out' || job.state === 'canceled' || job.state === 'expired') return job.state;
  return null;
}

/** Job states in which the command is still being run (or stopped). */
export const RUNNING_JOB_STATES: readonly string[] = ['assigned', 'accepted', 'running', 'canceling', 'timing_out'];
/** Job states a command job can be canceled in (GraphQL `jobTypeCommandCancel`). */
export const CANCELABLE_JOB_STATES: readonly string[] = [
  'pending',
  'waiting',
  'limited',
  'limiting',
  'scheduled',
  'reserved',
  'assigned',
  'accepted',
  'running',
  'platform_limited',
  'platform_limiting',
];

/** A single manual retry: a failed/timed-out/canceled/expired command job that was not retried yet. */
export function canRetryJob(build: Pick<BuildView, 'state'>, job: JobView): boolean {
  return (
    job.type === 'command' &&
    !isBuildCanceled(build) &&
    !job.retried &&
    retryCategory(job) !== null &&
    job.retryRules?.manual !== false
  );
}

export function canCancelJob(job: JobView): boolean {
  return job.type === 'command' && CANCELABLE_JOB_STATES.includes(job.state);
}

/** A block job that waits for someone: blocked, and Buildkite says it can be unblocked now (null = unknown: try). */
export function canUnblockJob(build: Pick<BuildView, 'state'>, job: JobView): boolean {
  return job.type === 'block' && job.state === 'blocked' && job.unblockable !== false && !isBuildCanceled(build);
}

/** A short, readable reference to a job: its label, else the start of its UUID. */
export function jobName(job: Pick<JobView, 'label' | 'id'>): string {
  return job.label?.trim() || `job ${job.id.slice(0, 8)}`;
}
