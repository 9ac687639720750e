import { randomUUID } from 'node:crypto';
import { iso, newBuild, newJob, type BuildRec, type FakeState, type JobRec } from './model';

/** An API-level failure; REST answers `status` + `body`, GraphQL turns `body.message` into an error. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public body: { message: string; errors?: unknown[] },
  ) {
    super(body.message);
  }
}

const ACTIVE_JOB: ReadonlySet<string> = new Set(['scheduled', 'assigned', 'accepted', 'running', 'pending', 'limited']);
const FINISHED_BUILD: ReadonlySet<string> = new Set(['passed', 'failed', 'canceled', 'skipped', 'not_run']);

export const findBuild = (s: FakeState, org: string, pipeline: string, number: number) =>
  s.builds.find((b) => b.org === org && b.pipeline === pipeline && b.number === number);
export const findBuildById = (s: FakeState, id: string) => s.builds.find((b) => b.id === id);
export function findJob(s: FakeState, jobId: string): { build: BuildRec; job: JobRec } | undefined {
  for (const build of s.builds) {
    const job = build.jobs.find((j) => j.id === jobId);
    if (job) return { build, job };
  }
  return undefined;
}

let requestSeq = 0;
/** The server calls this at the start of every API request. */
export function nextRequest(): void {
  requestSeq++;
}

/** Called on every read: a canceled build answers `canceling` to the cancel itself, then `canceled` to later reads. */
export function settle(build: BuildRec): BuildRec {
  if (build.state === 'canceling' && build.cancelRequestSeq !== null && requestSeq > build.cancelRequestSeq)
    finishCancel(build);
  return build;
}

function finishCancel(build: BuildRec): void {
  const now = iso();
  build.cancelRequestSeq = null;
  build.state = 'canceled';
  build.blocked = false;
  build.finishedAt = now;
  for (const job of build.jobs) {
    if (job.state === 'canceling') {
      Object.assign(job, {
        state: 'canceled',
        exitStatus: -1,
        signal: 'SIGTERM',
        signalReason: 'cancel',
        finishedAt: now,
        canceledAt: now,
      });
    }
  }
}

export function cancelBuild(build: BuildRec, userId: string): BuildRec {
  settle(build);
  if (!['scheduled', 'running', 'failing'].includes(build.state) || build.blocked) {
    throw new ApiError(422, {
      message: `Build can't be canceled because it's ${build.blocked ? 'blocked' : build.state}`,
    });
  }
  const now = iso();
  build.state = 'canceling';
  build.canceledAt = now;
  build.canceledById = userId;
  build.cancelRequestSeq = requestSeq;
  for (const job of build.jobs) {
    if (job.state === 'running' || job.state === 'assigned' || job.state === 'accepted') job.state = 'canceling';
    else if (ACTIVE_JOB.has(job.state) || job.state === 'waiting' || job.state === 'blocked') {
      Object.assign(job, { state: 'canceled', finishedAt: job.type === 'script' ? now : null, canceledAt: now });
    }
  }
  return build;
}

export function nextNumber(s: FakeState, org: string, pipeline: string): number {
  return Math.max(0, ...s.builds.filter((b) => b.org === org && b.pipeline === pipeline).map((b) => b.number)) + 1;
}

/** A fresh (not yet run) copy of a job, as a rebuild or a new build creates it. */
function freshJob(j: JobRec, now: string, first: boolean): JobRec {
  const initial =
    j.type === 'manual' ? (first ? 'blocked' : 'waiting') : first && j.type === 'script' ? 'scheduled' : 'waiting';
  return newJob({
    id: randomUUID(),
    type: j.type,
    name: j.name,
    stepKey: j.stepKey,
    stepId: randomUUID(),
    command: j.command,
    state: initial,
    agentQueryRules: j.agentQueryRules,
    createdAt: now,
    scheduledAt: now,
    prompt: j.prompt,
    fields: j.fields ? structuredClone(j.fields) : null,
    async: j.async,
  });
}

export function rebuild(s: FakeState, build: BuildRec, userId: string): BuildRec {
  settle(build);
  const now = iso();
  const steps = build.jobs.filter((j) => !j.retried);
  let gate = false;
  const jobs = steps.map((j) => {
    const job = freshJob(j, now, !gate);
    if (j.type === 'waiter' || j.type === 'manual') gate = true;
    return job;
  });
  const fresh = newBuild({
    id: randomUUID(),
    number: nextNumber(s, build.org, build.pipeline),
    org: build.org,
    pipeline: build.pipeline,
    creatorId: userId,
    state: 'scheduled',
    message: build.message,
    commit: build.commit,
    branch: build.branch,
    env: { ...build.env },
    source: 'api',
    pullRequest: build.pullRequest ? { ...build.pullRequest } : null,
    rebuiltFromId: build.id,
    createdAt: now,
    scheduledAt: now,
    jobs,
  });
  s.builds.push(fresh);
  return fresh;
}

/** After a retry or unblock: the build runs again. `failing_at` is never cleared. */
function reopen(build: BuildRec): void {
  const hardFailed = build.jobs.some((j) => !j.retried && j.state === 'failed' && !j.softFailed);
  build.state = hardFailed ? 'failing' : 'running';
  build.blocked = false;
  build.finishedAt = null;
}

function retryable(build: BuildRec, job: JobRec): void {
  if (build.state === 'canceled' || build.state === 'canceling') {
    throw new ApiError(422, { message: 'Jobs from canceled builds cannot be retried' });
  }
  if (job.type !== 'script' || !['failed', 'timed_out', 'canceled', 'expired'].includes(job.state)) {
    throw new ApiError(400, { message: 'Only failed, timed out or canceled jobs can be retried' });
  }
  if (job.retried) throw new ApiError(400, { message: 'Jobs can only be retried once' });
}

function doRetry(build: BuildRec, job: JobRec, userId: string): JobRec {
  const now = iso();
  const next = newJob({
    id: randomUUID(),
    type: job.type,
    name: job.name,
    stepKey: job.stepKey,
    stepId: job.stepId,
    command: job.command,
    agentQueryRules: job.agentQueryRules,
    priority: job.priority,
    state: 'scheduled',
    createdAt: now,
    scheduledAt: now,
    runnableAt: now,
    retriesCount: (job.retriesCount ?? 0) + 1,
    retryType: 'manual',
    retrySourceJobId: job.id,
  });
  Object.assign(job, { retried: true, retriedInJobId: next.id, retriedById: userId });
  build.jobs.splice(build.jobs.indexOf(job) + 1, 0, next);
  return next;
}

export function retryJob(build: BuildRec, job: JobRec, userId: string): JobRec {
  settle(build);
  retryable(build, job);
  const next = doRetry(build, job, userId);
  reopen(build);
  return next;
}

export const RETRY_STATES = ['canceled', 'expired', 'failed', 'soft_failed', 'timed_out'] as const;

/** REST `states` ("failed,soft_failed") / GraphQL `states`; default when omitted: failed and timed_out. */
export function retryFailedJobs(build: BuildRec, userId: string, states: string[] | null): number {
  settle(build);
  if (build.state === 'canceled' || build.state === 'canceling') {
    throw new ApiError(422, { message: 'Jobs from canceled builds cannot be retried' });
  }
  const wanted = new Set(states && states.length ? states : ['failed', 'timed_out']);
  const bad = [...wanted].filter((x) => !(RETRY_STATES as readonly string[]).includes(x));
  if (bad.length) throw new ApiError(400, { message: `Invalid states: ${bad.join(', ')}` });
  const picked = build.jobs.filter((j) => {
    if (j.type !== 'script' || j.retried) return false;
    if (j.state === 'failed') return wanted.has(j.softFailed ? 'soft_failed' : 'failed');
    return wanted.has(j.state);
  });
  for (const job of picked) doRetry(build, job, userId);
  if (picked.length) reopen(build);
  return picked.length;
}

export function cancelJob(build: BuildRec, job: JobRec): JobRec {
  settle(build);
  if (job.type !== 'script' || !ACTIVE_JOB.has(job.state)) {
    throw new ApiError(422, { message: `Job can't be canceled because it's ${job.state}` });
  }
  const now = iso();
  const ran = job.state === 'running';
  Object.assign(job, {
    state: 'canceled',
    canceledAt: now,
    finishedAt: now,
    ...(ran ? { exitStatus: -1, signal: 'SIGTERM', signalReason: 'cancel' } : {}),
  });
  return job;
}

export function unblockJob(
  s: FakeState,
  build: BuildRec,
  job: JobRec,
  userId: string,
  fields: Record<string, unknown> | null,
  unblocker?: string,
): JobRec {
  settle(build);
  if (job.type !== 'manual') throw new ApiError(400, { message: 'This job type cannot be unblocked' });
  if (build.state === 'canceled' || build.state === 'canceling') {
    throw new ApiError(422, { message: 'Jobs from canceled builds cannot be unblocked' });
  }
  if (job.state !== 'blocked')
    throw new ApiError(422, { message: `This job can't be unblocked because it's ${job.state}` });
  if (unblocker !== undefined && !s.users.some((u) => u.id === unblocker)) {
    throw new ApiError(422, { message: 'Unblocker is not a valid user id for this organization' });
  }
  const values = fields ?? {};
  const errors: { field: string; code: string; message?: string }[] = [];
  const accepted: Record<string, string> = {};
  for (const f of job.fields ?? []) {
    let v = values[f.key] ?? f.default;
    const list = Array.isArray(v)
      ? v.map(String)
      : typeof v === 'string'
        ? v.split('\n').filter(Boolean)
        : v == null
          ? []
          : [String(v)];
    if (!list.length || list.every((x) => x.trim() === '')) {
      if (f.required)
        errors.push({
          field: f.key,
          code: 'missing_field',
          message: `${f.type === 'text' ? f.text : f.select} is required`,
        });
      continue;
    }
    if (f.type === 'select') {
      const allowed = new Set(f.options.map((o) => o.value));
      if (!f.multiple && list.length > 1)
        errors.push({ field: f.key, code: 'invalid', message: 'Only one option can be selected' });
      else if (list.some((x) => !allowed.has(x)))
        errors.push({ field: f.key, code: 'invalid', message: 'is not a valid option' });
      v = list.join('\n');
    }
    accepted[f.key] = String(v);
  }
  if (errors.length) throw new ApiError(422, { message: 'Validation Failed', errors });
  const now = iso();
  Object.assign(job, {
    state: 'unblocked',
    unblockedAt: now,
    unblockedById: unblocker ?? userId,
    unblockedFields: accepted,
    finishedAt: now,
  });
  Object.assign(build.metaData, accepted);
  // the jobs behind the gate can run now
  const after = build.jobs.slice(build.jobs.indexOf(job) + 1);
  for (const j of after) {
    if (j.type === 'waiter' || j.type === 'manual') break;
    if (j.state === 'waiting') Object.assign(j, { state: 'scheduled', scheduledAt: now, runnableAt: now });
  }
  if (!build.jobs.some((j) => j.state === 'blocked')) {
    if (FINISHED_BUILD.has(build.state) || build.blocked) reopen(build);
    build.blocked = false;
  }
  return job;
}

export interface NewBuildSpec {
  commit?: unknown;
  branch?: unknown;
  message?: unknown;
  env?: unknown;
  metaData?: unknown;
  author?: unknown;
}

/**
 * `POST …/builds` / `buildCreate` (rest_api/builds.md): `commit` and `branch` are required (422 otherwise); the new
 * build is `scheduled` with one pipeline-upload job, created by the token's user, source `api`.
 */
export function createApiBuild(s: FakeState, org: string, pipeline: string, userId: string, spec: NewBuildSpec) {
  const missing = (['commit', 'branch'] as const).filter((k) => typeof spec[k] !== 'string' || spec[k] === '');
  if (missing.length)
    throw new ApiError(422, {
      message: 'Validation Failed',
      errors: missing.map((field) => ({ field, code: 'missing_field' })),
    });
  const env = Object.fromEntries(
    Object.entries((spec.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  const metaData = Object.fromEntries(
    Object.entries((spec.metaData ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  const now = iso();
  const build = newBuild({
    id: randomUUID(),
    number: nextNumber(s, org, pipeline),
    org,
    pipeline,
    creatorId: userId,
    state: 'scheduled',
    message: typeof spec.message === 'string' && spec.message ? spec.message : 'New build',
    commit: String(spec.commit),
    branch: String(spec.branch),
    env,
    metaData,
    source: 'api',
    createdAt: now,
    scheduledAt: now,
    jobs: [
      newJob({
        id: randomUUID(),
        type: 'script',
        name: ':pipeline: Pipeline upload',
        command: 'buildkite-agent pipeline upload',
        state: 'scheduled',
        createdAt: now,
        scheduledAt: now,
      }),
    ],
  });
  s.builds.push(build);
  return build;
}
