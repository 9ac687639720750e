import type { BuildCapabilities, BuildView, JobView } from '../builds/model';
import { canCancelBuild, canCancelJob, canRetryJob, canUnblockJob } from '../builds/rules';

/**
 * Which quick-action controls show, and which are disabled and why. Pure: table-tested.
 * Read-only mode (settings) hides every control that writes; a missing scope disables it with the reason.
 */
export type Control = 'rebuild' | 'cancel' | 'retry' | 'unblock' | 'retry-job' | 'cancel-job' | 'log';

export interface ControlState {
  /** Not offered at all (read-only mode, or the build/job state makes it meaningless). */
  hidden: boolean;
  /** Offered but disabled, with the reason (a missing scope). */
  disabledReason: string | null;
}

export const TOKEN_HINT = 'Check the token in Kitedeck’s popup (toolbar icon).';

const WRITES: ReadonlySet<Control> = new Set(['rebuild', 'cancel', 'retry', 'unblock', 'retry-job', 'cancel-job']);
export const blockedJobs = (build: BuildView) => build.jobs.filter((job) => canUnblockJob(build, job));

export function controlState(
  control: Control,
  capabilities: BuildCapabilities,
  build: BuildView,
  job?: JobView,
): ControlState {
  if (WRITES.has(control) && capabilities.readOnlyMode) return { hidden: true, disabledReason: null };
  if (!offered(control, build, job)) return { hidden: true, disabledReason: null };
  return { hidden: false, disabledReason: missing(control, capabilities) };
}

function offered(control: Control, build: BuildView, job?: JobView): boolean {
  switch (control) {
    case 'cancel':
      return canCancelBuild(build);
    case 'retry':
      // Only when the preview would list something (failed or timed out jobs that can be retried).
      return build.jobs.some(
        (j) => canRetryJob(build, j) && (j.state === 'failed' || j.state === 'timed_out') && !j.softFailed,
      );
    case 'unblock':
      return job ? canUnblockJob(build, job) : blockedJobs(build).length > 0;
    case 'retry-job':
      return !!job && canRetryJob(build, job);
    case 'cancel-job':
      return !!job && canCancelJob(job);
    case 'log':
      return !!job && job.type === 'command';
    default:
      return true;
  }
}

function missing(control: Control, capabilities: BuildCapabilities): string | null {
  if (control === 'log')
    return capabilities.canReadLogs ? null : 'Needs the read_build_logs scope, which your token lacks.';
  if (!capabilities.canWrite) return 'Needs the write_builds scope, which your token lacks.';
  if (control === 'cancel-job' && !capabilities.graphql) {
    return 'Cancelling one job needs GraphQL access (REST has no job cancel); your token lacks the graphql scope.';
  }
  return null;
}
