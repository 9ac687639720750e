/** Control-API helpers: create a build from a spec and move builds/jobs between states with consistent timestamps. */
import { seedLogExtras, type LogExtrasSpec } from './logs';
import { randomUUID } from 'node:crypto';
import { USER } from './seed-ids';
import {
  iso,
  newBuild,
  newJob,
  type BlockField,
  type BuildRec,
  type BuildState,
  type FakeState,
  type JobRec,
  type JobState,
  type JobType,
} from './model';
import { ApiError, nextNumber } from './ops';

export interface JobSpec {
  id?: string;
  type?: JobType | 'command' | 'block' | 'wait';
  name?: string;
  label?: string;
  command?: string;
  step_key?: string;
  state?: JobState;
  exit_status?: number | null;
  soft_failed?: boolean;
  signal?: string | null;
  signal_reason?: string | null;
  prompt?: string;
  fields?: BlockField[];
  log?: string;
  retries_count?: number;
}

export interface BuildSpec extends LogExtrasSpec {
  org: string;
  pipeline: string;
  id?: string;
  number?: number;
  branch?: string;
  message?: string;
  commit?: string;
  state?: BuildState;
  blocked?: boolean;
  source?: BuildRec['source'];
  creator?: string;
  meta_data?: Record<string, string>;
  jobs?: JobSpec[];
}

export interface TransitionSpec {
  state?: BuildState;
  blocked?: boolean;
  jobs?: (Omit<JobSpec, 'id'> & { id: string })[];
}

const TYPE_ALIAS: Record<string, JobType> = { command: 'script', block: 'manual', wait: 'waiter' };
const DONE: ReadonlySet<string> = new Set([
  'passed',
  'failed',
  'timed_out',
  'canceled',
  'expired',
  'broken',
  'skipped',
]);
const ACTIVE: ReadonlySet<string> = new Set(['scheduled', 'assigned', 'accepted', 'running']);

/** Set a job's state and the timestamps/exit status that go with it. */
export function setJobState(job: JobRec, spec: Omit<JobSpec, 'id' | 'type'>, now = iso()): void {
  const state = spec.state ?? job.state;
  const wasRunning = job.state === 'running' || job.state === 'canceling';
  job.state = state;
  if (state === 'running' || state === 'assigned' || state === 'accepted') {
    job.runnableAt ??= now;
    if (state === 'running') job.startedAt ??= now;
    job.finishedAt = null;
  } else if (DONE.has(state)) {
    if (job.type === 'script' && ['passed', 'failed', 'timed_out'].includes(state)) {
      job.runnableAt ??= now;
      job.startedAt ??= now;
    }
    job.finishedAt ??= now;
    if (state === 'canceled') job.canceledAt ??= now;
    if (state === 'expired') job.expiredAt ??= now;
    if (job.type === 'script' && spec.exit_status === undefined && job.exitStatus === null) {
      if (state === 'passed') job.exitStatus = 0;
      else if (state === 'failed') job.exitStatus = 1;
      else if ((state === 'canceled' || state === 'timed_out') && wasRunning) {
        Object.assign(job, { exitStatus: -1, signal: 'SIGTERM', signalReason: state === 'canceled' ? 'cancel' : null });
      }
    }
  } else if (state === 'unblocked') {
    job.unblockedAt ??= now;
    job.finishedAt ??= now;
  } else {
    job.finishedAt = null;
  }
  if (spec.exit_status !== undefined) job.exitStatus = spec.exit_status;
  if (spec.soft_failed !== undefined) job.softFailed = spec.soft_failed;
  if (spec.signal !== undefined) job.signal = spec.signal;
  if (spec.signal_reason !== undefined) job.signalReason = spec.signal_reason;
  if (spec.log !== undefined) job.log = spec.log;
}

/** Set a build's state with consistent timestamps. `blocked` keeps the last state (REST) and sets `blocked: true`. */
export function setBuildState(build: BuildRec, state: BuildState, now = iso()): void {
  if (state === 'blocked') {
    const failed = build.jobs.some((j) => !j.retried && j.state === 'failed' && !j.softFailed);
    build.state = failed ? 'failed' : 'passed';
    build.blocked = true;
    build.startedAt ??= now;
    build.finishedAt ??= now;
    return;
  }
  build.state = state;
  build.blocked = false;
  build.cancelRequestSeq = null;
  if (state === 'running' || state === 'failing' || state === 'canceling') {
    build.startedAt ??= now;
    build.finishedAt = null;
  }
  if (state === 'failing' || state === 'failed') build.failingAt ??= now;
  if (['passed', 'failed', 'canceled', 'skipped', 'not_run'].includes(state)) {
    if (state !== 'skipped' && state !== 'not_run') build.startedAt ??= now;
    build.finishedAt = now;
  }
  if (state === 'canceled' || state === 'canceling') build.canceledAt ??= now;
  if (state === 'scheduled') Object.assign(build, { startedAt: null, finishedAt: null });
}

export function createBuild(s: FakeState, spec: BuildSpec): BuildRec {
  if (!spec || typeof spec.org !== 'string' || typeof spec.pipeline !== 'string') {
    throw new ApiError(400, { message: 'org and pipeline are required' });
  }
  if (!s.orgs.some((o) => o.slug === spec.org)) throw new ApiError(400, { message: `Unknown org ${spec.org}` });
  if (!s.pipelines.some((p) => p.org === spec.org && p.slug === spec.pipeline)) {
    s.pipelines.push({
      id: randomUUID(),
      org: spec.org,
      slug: spec.pipeline,
      name: spec.pipeline,
      description: null,
      repository: `git@github.com:${spec.org}/${spec.pipeline}.git`,
      defaultBranch: 'main',
      createdAt: iso(),
      createdById: USER.id,
    });
  }
  const number = spec.number ?? nextNumber(s, spec.org, spec.pipeline);
  if (s.builds.some((b) => b.org === spec.org && b.pipeline === spec.pipeline && b.number === number)) {
    throw new ApiError(422, { message: `Build ${spec.org}/${spec.pipeline}/${number} already exists` });
  }
  const created = iso(Date.now() - 60_000);
  const build = newBuild({
    id: spec.id ?? randomUUID(),
    number,
    org: spec.org,
    pipeline: spec.pipeline,
    creatorId: spec.creator ?? USER.id,
    branch: spec.branch ?? 'main',
    message: spec.message ?? 'Fake build',
    commit: spec.commit ?? randomUUID().replace(/-/g, '').padEnd(40, '0').slice(0, 40),
    source: spec.source ?? 'api',
    metaData: { ...(spec.meta_data ?? {}) },
    createdAt: created,
    scheduledAt: created,
  });
  for (const js of spec.jobs ?? []) {
    const type = TYPE_ALIAS[js.type ?? 'script'] ?? (js.type as JobType) ?? 'script';
    const name = js.name ?? js.label ?? (type === 'waiter' ? null : `Job ${build.jobs.length + 1}`);
    const job = newJob({
      id: js.id ?? randomUUID(),
      type,
      name,
      stepKey: js.step_key ?? null,
      createdAt: created,
      scheduledAt: created,
      command: type === 'script' ? (js.command ?? `./ci/step-${build.jobs.length + 1}.sh`) : null,
      state: type === 'manual' ? 'blocked' : type === 'waiter' ? 'waiting' : 'scheduled',
      prompt: js.prompt ?? null,
      fields: js.fields ?? (type === 'manual' ? [] : null),
      retriesCount: js.retries_count ?? null,
    });
    setJobState(job, { ...js, state: js.state ?? job.state });
    build.jobs.push(job);
  }
  seedLogExtras(build, spec);
  setBuildState(build, spec.state ?? 'scheduled');
  if (spec.blocked) setBuildState(build, 'blocked');
  s.builds.push(build);
  return build;
}

export function transitionBuild(build: BuildRec, spec: TransitionSpec): BuildRec {
  const now = iso();
  for (const js of spec.jobs ?? []) {
    const job = build.jobs.find((j) => j.id === js.id);
    if (!job) throw new ApiError(404, { message: `No job found: ${js.id}` });
    setJobState(job, js, now);
  }
  if (spec.state) {
    if (!spec.jobs?.length) {
      // move the jobs along with the build
      for (const job of build.jobs) {
        if (spec.state === 'passed' && (ACTIVE.has(job.state) || job.state === 'waiting')) {
          setJobState(job, { state: job.type === 'manual' ? 'unblocked' : 'passed' }, now);
        } else if (spec.state === 'failed' && job.state === 'running') setJobState(job, { state: 'failed' }, now);
        else if (spec.state === 'failed' && (ACTIVE.has(job.state) || job.state === 'waiting'))
          setJobState(job, { state: 'broken' }, now);
        else if (
          spec.state === 'canceled' &&
          (ACTIVE.has(job.state) || job.state === 'waiting' || job.state === 'canceling')
        ) {
          setJobState(job, { state: 'canceled' }, now);
        } else if (spec.state === 'running' && job.state === 'scheduled' && job.type === 'script') {
          setJobState(job, { state: 'running' }, now);
          break;
        }
      }
    }
    setBuildState(build, spec.state, now);
  }
  if (spec.blocked !== undefined) {
    if (spec.blocked) setBuildState(build, 'blocked', now);
    else build.blocked = false;
  }
  return build;
}
