import type { BuildView } from '../builds/model';
import { previewRetry, type RetryOptions } from '../builds/retry-preview';
import { CANCELABLE_BUILD_STATES, jobName } from '../builds/rules';
import { rowKey, type BuildRow } from '../pipelines/model';

/**
 * Bulk actions on builds: what will happen to which build (the preview), and the re-check just before sending.
 * Pure: the background computes the plan from what it read, the panel shows it, and the same rules run again on the
 * builds read afresh right before the first write.
 */

export type BulkAction = 'cancel-superseded' | 'cancel' | 'retry-failed' | 'rebuild';

export interface PlannedJob {
  id: string;
  graphqlId: string | null;
  name: string;
}

export interface PlanItem {
  /** `org/pipeline/number` */
  key: string;
  build: Pick<BuildRow, 'id' | 'graphqlId' | 'org' | 'pipeline' | 'number' | 'state' | 'branch' | 'webUrl'>;
  /** What will be done to it, in words ("cancel (running)", "retry 2 jobs: Test, Lint"). */
  effect: string;
  /** retry-failed only: the jobs to retry. */
  jobs?: PlannedJob[];
}

export interface LeftOut {
  key: string;
  number: number;
  reason: string;
}

export interface BulkPlan {
  action: BulkAction;
  items: PlanItem[];
  leftOut: LeftOut[];
}

/** The states "cancel superseded" clears: queued or still running (REST `cancel` accepts these, digest §2.5). */
export const SUPERSEDABLE_STATES: readonly string[] = CANCELABLE_BUILD_STATES;
/** The retry preview's defaults, as on the build page. */
export const BULK_RETRY_OPTIONS: RetryOptions = { states: ['failed', 'timed_out'], onlyInfrastructure: false };

const words = (state: string) => state.replace(/_/g, ' ');
const itemOf = (row: BuildRow | BuildView, effect: string, jobs?: PlannedJob[]): PlanItem => {
  const pipeline = typeof row.pipeline === 'string' ? row.pipeline : row.pipeline.slug;
  const build = {
    id: row.id,
    graphqlId: row.graphqlId,
    org: row.org,
    pipeline,
    number: row.number,
    state: row.state,
    branch: row.branch,
    webUrl: row.webUrl,
  };
  return { key: rowKey(build), build, effect, ...(jobs ? { jobs } : {}) };
};

/** Newest first: by creation time, then by number (numbers grow per pipeline). */
const newerFirst = (a: BuildRow, b: BuildRow) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || b.number - a.number;

/**
 * "Cancel superseded builds on this branch": every scheduled or running build older than the newest build on the
 * branch. `builds` are the branch's builds (any state); the newest one is kept whatever its state.
 */
export function planSuperseded(builds: readonly BuildRow[], branch: string): BulkPlan {
  const onBranch = builds.filter((build) => build.branch === branch).sort(newerFirst);
  const [newest, ...older] = onBranch;
  const plan: BulkPlan = { action: 'cancel-superseded', items: [], leftOut: [] };
  if (!newest) return plan;
  plan.leftOut.push({ key: rowKey(newest), number: newest.number, reason: `the newest build on ${branch}: kept` });
  for (const build of older) {
    if (SUPERSEDABLE_STATES.includes(build.state))
      plan.items.push(itemOf(build, `cancel (${words(build.state)}, superseded by #${newest.number})`));
  }
  return plan;
}

function cancelReason(build: Pick<BuildRow, 'state'>): string | null {
  if (SUPERSEDABLE_STATES.includes(build.state)) return null;
  return build.state === 'canceling' ? 'already being canceled' : `already ${words(build.state)}`;
}

/** "Cancel selected". */
export function planCancel(selected: readonly BuildRow[]): BulkPlan {
  const plan: BulkPlan = { action: 'cancel', items: [], leftOut: [] };
  for (const build of selected) {
    const reason = cancelReason(build);
    if (reason) plan.leftOut.push({ key: rowKey(build), number: build.number, reason: `not canceled: ${reason}` });
    else plan.items.push(itemOf(build, `cancel (${words(build.state)})`));
  }
  return plan;
}

/** "Rebuild selected": a new build of the same commit and branch for each. */
export function planRebuild(selected: readonly BuildRow[]): BulkPlan {
  return {
    action: 'rebuild',
    items: selected.map((build) => itemOf(build, `rebuild ${build.branch} at ${build.commit.slice(0, 7)}`)),
    leftOut: [],
  };
}

/** "Retry failed jobs" across builds, with the build page's preview rules (lib/builds/retry-preview.ts). */
export function planRetry(builds: readonly BuildView[], options: RetryOptions = BULK_RETRY_OPTIONS): BulkPlan {
  const plan: BulkPlan = { action: 'retry-failed', items: [], leftOut: [] };
  for (const build of builds) {
    const preview = previewRetry(build, options);
    const key = `${build.org}/${build.pipeline.slug}/${build.number}`;
    if (preview.willRetry.length === 0) {
      const why = preview.leftOut.map(({ job, reason }) => `${jobName(job)}: ${reason}`);
      plan.leftOut.push({
        key,
        number: build.number,
        reason: why.length ? `no job to retry (${why.join('; ')})` : 'no failed job',
      });
      continue;
    }
    const jobs = preview.willRetry.map((job) => ({ id: job.id, graphqlId: job.graphqlId, name: jobName(job) }));
    const effect = `retry ${jobs.length} job${jobs.length === 1 ? '' : 's'}: ${jobs.map((job) => job.name).join(', ')}`;
    plan.items.push(itemOf(build, effect, jobs));
    for (const { job, reason } of preview.leftOut)
      plan.leftOut.push({ key, number: build.number, reason: `${jobName(job)} left out: ${reason}` });
  }
  return plan;
}

export interface Recheck {
  send: PlanItem[];
  skipped: { item: PlanItem; reason: string }[];
}

/**
 * Just before sending: each planned build read afresh (`fresh`, by key; absent = not found). A build whose state
 * changed so that the action no longer applies is skipped with the reason; retries keep only the planned jobs that
 * the preview rules still allow.
 */
export function recheckPlan(
  plan: Pick<BulkPlan, 'action' | 'items'>,
  fresh: ReadonlyMap<string, BuildRow | BuildView>,
  options: RetryOptions = BULK_RETRY_OPTIONS,
): Recheck {
  const result: Recheck = { send: [], skipped: [] };
  for (const item of plan.items) {
    const now = fresh.get(item.key);
    if (!now) {
      result.skipped.push({ item, reason: 'not found any more' });
      continue;
    }
    if (plan.action === 'cancel' || plan.action === 'cancel-superseded') {
      const reason = cancelReason(now);
      if (reason) result.skipped.push({ item, reason: `${reason} since the preview` });
      else result.send.push({ ...item, build: { ...item.build, state: now.state } });
      continue;
    }
    if (plan.action === 'rebuild') {
      result.send.push(item);
      continue;
    }
    if (!('jobs' in now) || !Array.isArray(now.jobs)) {
      result.skipped.push({ item, reason: 'its jobs could not be read' });
      continue;
    }
    const preview = previewRetry(now, options);
    const still = new Set(preview.willRetry.map((job) => job.id));
    const jobs = (item.jobs ?? []).filter((job) => still.has(job.id));
    if (jobs.length === 0) {
      const reasons = preview.leftOut
        .filter(({ job }) => item.jobs?.some((planned) => planned.id === job.id))
        .map(({ job, reason }) => `${jobName(job)}: ${reason}`);
      result.skipped.push({
        item,
        reason: `nothing left to retry since the preview${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
      });
    } else result.send.push({ ...item, jobs });
  }
  return result;
}
