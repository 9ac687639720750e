import { storage } from '#imports';
import * as v from 'valibot';
import { BuildPageResult, isKnownJob } from '../builds/documents';
import type { Credentials } from '../buildkite/http';
import { budgetView, readBudget, budgetKey, type BudgetView } from '../buildkite/rate-limit';
import { restRead, restWrite } from '../buildkite/rest';
import { buildFromGraphQL, buildFromRest } from '../builds/map';
import type { BuildView } from '../builds/model';
import { RestBuild } from '../builds/schemas';
import { KdFailure, describeError, toKdError } from '../errors';
import { runAliased } from '../buildkite/graphql';
import { listBuilds, useGraphQL } from '../pipelines/api';
import {
  BuildStateAnswer,
  CancelAnswer,
  CANCEL_COST,
  RebuildAnswer,
  REBUILD_COST,
  RetryAnswer,
  RETRY_JOB_COST,
  buildStatesDocument,
  buildsWithJobsDocument,
  bulkCancelDocument,
  bulkRebuildDocument,
  bulkRetryJobsDocument,
} from '../pipelines/documents';
import type { BuildRow } from '../pipelines/model';
import { rowFromGraphQL, rowFromRest, RestBuildRow } from '../pipelines/rows';
import { requestsFor } from './batch';
import {
  planCancel,
  planRebuild,
  planRetry,
  planSuperseded,
  type BulkAction,
  type BulkPlan,
  type PlanItem,
} from './plan';
import { runBulk, type BulkReport, type SendResult } from './run';

/**
 * The background side of bulk actions: read what the preview needs, keep the previewed plan (the page confirms a
 * plan id, never a list it could have changed), run the job in the background (a closed tab does not lose it) and
 * keep its report in session storage for the page to poll. Stop is honoured before every request.
 */

export interface BuildRefInput {
  org: string;
  pipeline: string;
  number: number;
}

export interface PreviewInput {
  action: BulkAction;
  /** cancel-superseded: the pipeline and branch. */
  org?: string | undefined;
  pipeline?: string | undefined;
  branch?: string | undefined;
  /** the selection (other actions) */
  builds?: BuildRefInput[] | undefined;
}

export interface BulkPreview {
  planId: string;
  plan: BulkPlan;
  api: 'graphql' | 'rest';
  requests: {
    /** Reads the preview made. */
    preview: number;
    /** What confirming sends: one re-check read (REST: one per pipeline or build) + the writes. */
    recheck: number;
    writes: number;
    total: number;
  };
  budget: BudgetView | null;
  /** Share of the current budget the job takes (requests, or GraphQL points), when the budget is known. */
  share: number | null;
}

const PLAN_TTL_MS = 10 * 60_000;
const planItem = (id: string) => `session:kd-bulk-plan:${id}` as const;
const reportItem = (id: string) => `session:kd-bulk-job:${id}` as const;
const stopItem = (id: string) => `session:kd-bulk-stop:${id}` as const;

const slugOf = (ref: BuildRefInput) => `${ref.org}/${ref.pipeline}/${ref.number}`;
const newId = () => crypto.randomUUID();

// ---------- reads ----------

interface Reader {
  requests: number;
}

async function readRowsGraphQL(credentials: Credentials, refs: readonly BuildRefInput[], counter: Reader) {
  const rows = new Map<string, BuildRow>();
  if (!refs.length) return rows;
  const org = refs[0]!.org;
  counter.requests += 1;
  const answer = await runAliased(
    credentials,
    buildStatesDocument(refs.length),
    Object.fromEntries(refs.map((ref, i) => [`id${i}`, slugOf(ref)])),
    { operationName: 'BulkBuildStates', kind: 'query', org },
  );
  refs.forEach((ref, i) => {
    const parsed = v.safeParse(BuildStateAnswer, answer.data[`b${i}`]);
    if (parsed.success) rows.set(slugOf(ref), rowFromGraphQL(parsed.output, ref));
  });
  return rows;
}

async function readRowsRest(credentials: Credentials, refs: readonly BuildRefInput[], counter: Reader) {
  const rows = new Map<string, BuildRow>();
  const pipelines = [...new Set(refs.map((ref) => `${ref.org}/${ref.pipeline}`))];
  for (const slug of pipelines) {
    const [org = '', pipeline = ''] = slug.split('/');
    const numbers = refs.filter((ref) => ref.org === org && ref.pipeline === pipeline).map((ref) => ref.number);
    counter.requests += 1;
    const { value } = await restRead(credentials, {
      path: `organizations/${org}/pipelines/${pipeline}/builds`,
      searchParams: { per_page: 100, exclude_jobs: true },
      schema: v.array(RestBuildRow),
      scope: 'read_builds',
      org,
    });
    for (const build of value)
      if (numbers.includes(build.number)) rows.set(`${slug}/${build.number}`, rowFromRest(build, { org, pipeline }));
  }
  return rows;
}

async function readBuildsWithJobs(credentials: Credentials, refs: readonly BuildRefInput[], counter: Reader) {
  const builds = new Map<string, BuildView>();
  if (!refs.length) return builds;
  if (useGraphQL(credentials)) {
    counter.requests += 1;
    const answer = await runAliased(
      credentials,
      buildsWithJobsDocument(refs.length),
      Object.fromEntries(refs.map((ref, i) => [`id${i}`, slugOf(ref)])),
      { operationName: 'BulkBuildsWithJobs', kind: 'query', org: refs[0]!.org },
    );
    refs.forEach((ref, i) => {
      const parsed = v.safeParse(BuildPageResult, { build: answer.data[`b${i}`] ?? null });
      const build = parsed.success ? parsed.output.build : null;
      if (!build) return;
      const jobs = (build.jobs?.edges ?? []).flatMap((edge) =>
        edge?.node && isKnownJob(edge.node) ? [edge.node] : [],
      );
      builds.set(slugOf(ref), buildFromGraphQL(ref, build, jobs));
    });
    return builds;
  }
  for (const ref of refs) {
    counter.requests += 1;
    try {
      const { value } = await restRead(credentials, {
        path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}`,
        schema: RestBuild,
        scope: 'read_builds',
        org: ref.org,
      });
      builds.set(slugOf(ref), buildFromRest(ref, value));
    } catch (cause) {
      if (!(cause instanceof KdFailure) || cause.error.kind !== 'not-found') throw cause;
    }
  }
  return builds;
}

const readRows = (credentials: Credentials, refs: readonly BuildRefInput[], counter: Reader) =>
  useGraphQL(credentials) ? readRowsGraphQL(credentials, refs, counter) : readRowsRest(credentials, refs, counter);

const refOf = (item: PlanItem): BuildRefInput => ({
  org: item.build.org,
  pipeline: item.build.pipeline,
  number: item.build.number,
});

function costPerItem(plan: BulkPlan): number {
  if (plan.action === 'retry-failed')
    return RETRY_JOB_COST * Math.max(1, ...plan.items.map((item) => item.jobs?.length ?? 1));
  return plan.action === 'rebuild' ? REBUILD_COST : CANCEL_COST;
}

function writesFor(plan: BulkPlan, api: 'graphql' | 'rest', remainingPoints: number | null): number {
  if (api === 'rest')
    return plan.items.reduce((sum, item) => sum + (plan.action === 'retry-failed' ? (item.jobs?.length ?? 0) : 1), 0);
  return requestsFor(plan.items.length, 'graphql', { costPerItem: costPerItem(plan), remainingPoints });
}

// ---------- preview ----------

export async function previewBulk(credentials: Credentials, input: PreviewInput): Promise<BulkPreview> {
  const api = useGraphQL(credentials) ? 'graphql' : 'rest';
  const counter: Reader = { requests: 0 };
  let plan: BulkPlan;
  const refs = input.builds ?? [];
  if (input.action === 'cancel-superseded') {
    if (!input.org || !input.pipeline || !input.branch)
      throw new KdFailure({
        kind: 'bad-message',
        title: 'No branch',
        detail: '“Cancel superseded builds” needs a pipeline and a branch.',
        action: 'Filter the list by a branch first.',
      });
    counter.requests += 1;
    const list = await listBuilds(credentials, {
      kind: 'pipeline',
      org: input.org,
      pipeline: input.pipeline,
      branch: input.branch,
    });
    plan = planSuperseded(list.rows, input.branch);
  } else {
    if (!refs.length)
      throw new KdFailure({
        kind: 'bad-message',
        title: 'Nothing selected',
        detail: 'Select at least one build.',
        action: 'Tick the builds to act on, then choose the action again.',
      });
    if (input.action === 'retry-failed') {
      const builds = await readBuildsWithJobs(credentials, refs, counter);
      plan = planRetry([...builds.values()]);
      for (const ref of refs)
        if (!builds.has(slugOf(ref)))
          plan.leftOut.push({ key: slugOf(ref), number: ref.number, reason: 'not found (or no access)' });
    } else {
      const rows = await readRows(credentials, refs, counter);
      const found = refs.flatMap((ref) => rows.get(slugOf(ref)) ?? []);
      plan = input.action === 'cancel' ? planCancel(found) : planRebuild(found);
      for (const ref of refs)
        if (!rows.has(slugOf(ref)))
          plan.leftOut.push({ key: slugOf(ref), number: ref.number, reason: 'not found (or no access)' });
    }
  }
  const org = plan.items[0]?.build.org ?? input.org ?? refs[0]?.org ?? '*';
  const snapshot = await readBudget(org, api);
  const budget = snapshot ? budgetView(budgetKey(org, api), snapshot) : null;
  const remainingPoints = api === 'graphql' && budget ? budget.remaining : null;
  const writes = writesFor(plan, api, remainingPoints);
  const recheck =
    plan.items.length === 0
      ? 0
      : api === 'graphql'
        ? 1
        : plan.action === 'retry-failed'
          ? plan.items.length
          : new Set(plan.items.map((item) => `${item.build.org}/${item.build.pipeline}`)).size;
  const total = recheck + writes;
  const share = !budget
    ? null
    : api === 'rest'
      ? total / Math.max(1, budget.remaining)
      : (writes * costPerItem(plan) * Math.min(plan.items.length, 100) + 10) / Math.max(1, budget.remaining);
  const planId = newId();
  await storage.setItem(planItem(planId), { plan, at: Date.now() });
  return {
    planId,
    plan,
    api,
    requests: { preview: counter.requests, recheck, writes, total },
    budget,
    share,
  };
}

// ---------- run ----------

const running = new Map<string, { stopped: boolean }>();

async function sendGraphQL(credentials: Credentials, plan: BulkPlan, items: readonly PlanItem[]) {
  const results = new Map<string, SendResult>();
  const org = items[0]?.build.org ?? '*';
  if (plan.action === 'retry-failed') {
    const jobs = items.flatMap((item) => (item.jobs ?? []).map((job) => ({ item, job })));
    const answer = await runAliased(
      credentials,
      bulkRetryJobsDocument(jobs.length),
      Object.fromEntries(jobs.map(({ job }, i) => [`id${i}`, job.graphqlId ?? ''])),
      { operationName: 'BulkRetryJobs', kind: 'mutation', org },
    );
    for (const item of items) {
      const done: string[] = [];
      const failed: string[] = [];
      jobs.forEach(({ item: owner, job }, i) => {
        if (owner !== item) return;
        if (v.safeParse(RetryAnswer, answer.data[`retry${i}`]).success) done.push(job.name);
        else failed.push(`${job.name}: ${answer.errors.get(`retry${i}`) ?? answer.errors.get('') ?? 'no result'}`);
      });
      results.set(
        item.key,
        failed.length
          ? {
              ok: false,
              reason: `${done.length ? `retried ${done.join(', ')}; ` : ''}not retried: ${failed.join('; ')}`,
            }
          : { ok: true, detail: `retried ${done.join(', ')}` },
      );
    }
    return results;
  }
  const cancel = plan.action !== 'rebuild';
  const answer = await runAliased(
    credentials,
    cancel ? bulkCancelDocument(items.length) : bulkRebuildDocument(items.length),
    Object.fromEntries(items.map((item, i) => [`id${i}`, item.build.graphqlId ?? ''])),
    { operationName: cancel ? 'BulkCancel' : 'BulkRebuild', kind: 'mutation', org },
  );
  items.forEach((item, i) => {
    const alias = `${cancel ? 'cancel' : 'rebuild'}${i}`;
    const said = answer.errors.get(alias) ?? answer.errors.get('') ?? 'no result';
    if (cancel) {
      const parsed = v.safeParse(CancelAnswer, answer.data[alias]);
      results.set(
        item.key,
        parsed.success
          ? { ok: true, detail: `canceled (now ${parsed.output.build.state.toLowerCase()})` }
          : { ok: false, reason: `Buildkite said “${said}”` },
      );
    } else {
      const parsed = v.safeParse(RebuildAnswer, answer.data[alias]);
      results.set(
        item.key,
        parsed.success
          ? { ok: true, detail: `rebuilt as #${parsed.output.rebuild.number}`, url: parsed.output.rebuild.url }
          : { ok: false, reason: `Buildkite said “${said}”` },
      );
    }
  });
  return results;
}

const RestRebuilt = v.looseObject({ number: v.number(), web_url: v.string() });
const RestState = v.looseObject({ state: v.string() });

async function sendRest(credentials: Credentials, plan: BulkPlan, item: PlanItem, onRequest: () => void) {
  const base = `organizations/${item.build.org}/pipelines/${item.build.pipeline}/builds/${item.build.number}`;
  const common = { scope: 'write_builds', org: item.build.org } as const;
  if (plan.action === 'rebuild') {
    onRequest();
    const { value } = await restWrite(credentials, {
      ...common,
      method: 'put',
      path: `${base}/rebuild`,
      schema: RestRebuilt,
    });
    return { ok: true, detail: `rebuilt as #${value.number}`, url: value.web_url } satisfies SendResult;
  }
  if (plan.action !== 'retry-failed') {
    onRequest();
    const { value } = await restWrite(credentials, {
      ...common,
      method: 'put',
      path: `${base}/cancel`,
      schema: RestState,
    });
    return { ok: true, detail: `canceled (now ${value.state})` } satisfies SendResult;
  }
  const done: string[] = [];
  for (const job of item.jobs ?? []) {
    onRequest();
    try {
      await restWrite(credentials, {
        ...common,
        method: 'put',
        path: `${base}/jobs/${job.id}/retry`,
        schema: RestState,
      });
      done.push(job.name);
    } catch (cause) {
      // The jobs after a failure are not sent: the report says which went through.
      const rest = (item.jobs ?? []).slice(done.length + 1).map((j) => j.name);
      const reason = `${done.length ? `retried ${done.join(', ')}; ` : ''}${job.name}: ${describeError(toKdError(cause))}${rest.length ? `; not sent: ${rest.join(', ')}` : ''}`;
      if (cause instanceof KdFailure && cause.error.kind === 'rate-limited')
        throw new KdFailure({ ...cause.error, detail: reason });
      return { ok: false, reason } satisfies SendResult;
    }
  }
  return { ok: true, detail: `retried ${done.join(', ')}` } satisfies SendResult;
}

async function recheck(credentials: Credentials, plan: BulkPlan, items: readonly PlanItem[], onRequest: () => void) {
  const counter = {
    set requests(_: number) {
      onRequest();
    },
    get requests() {
      return 0;
    },
  };
  const refs = items.map(refOf);
  if (plan.action === 'retry-failed') return readBuildsWithJobs(credentials, refs, counter);
  return readRows(credentials, refs, counter);
}

/** Starts the previewed plan in the background; answers the job id at once. */
export async function startBulk(credentials: Credentials, planId: string): Promise<{ jobId: string }> {
  const stored = await storage.getItem<{ plan: BulkPlan; at: number }>(planItem(planId));
  await storage.removeItem(planItem(planId));
  if (!stored || Date.now() - stored.at > PLAN_TTL_MS)
    throw new KdFailure({
      kind: 'rejected',
      title: 'The preview expired',
      detail: 'This preview is gone or older than 10 minutes, so nothing was sent.',
      action: 'Open the preview again and confirm it.',
    });
  const jobId = newId();
  const state = { stopped: false };
  running.set(jobId, state);
  const api = useGraphQL(credentials) ? 'graphql' : 'rest';
  const org = stored.plan.items[0]?.build.org ?? '*';
  const job = runBulk(jobId, stored.plan, {
    api,
    costPerItem: costPerItem(stored.plan),
    recheck: (items, onRequest) => recheck(credentials, stored.plan, items, onRequest),
    sendBatch: (items) => sendGraphQL(credentials, stored.plan, items),
    sendOne: (item, onRequest) => sendRest(credentials, stored.plan, item, onRequest),
    budget: () => readBudget(org, api),
    isStopped: async () => state.stopped || (await storage.getItem<boolean>(stopItem(jobId))) === true,
    sleepUntil: async (until) => {
      while (Date.now() < until && !state.stopped) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
      }
    },
    now: () => Date.now(),
    report: (report) => storage.setItem(reportItem(jobId), report),
  });
  void job
    .catch(async (cause: unknown) => {
      const report = await storage.getItem<BulkReport>(reportItem(jobId));
      if (report)
        await storage.setItem(reportItem(jobId), {
          ...report,
          finishedAt: Date.now(),
          error: describeError(toKdError(cause)),
        });
    })
    .finally(() => running.delete(jobId));
  return { jobId };
}

/** The job's report; an unfinished job whose worker went away is reported as interrupted. */
export async function bulkStatus(jobId: string): Promise<BulkReport | null> {
  const report = await storage.getItem<BulkReport>(reportItem(jobId));
  if (!report || report.finishedAt !== null || running.has(jobId)) return report;
  const interrupted: BulkReport = {
    ...report,
    finishedAt: Date.now(),
    waiting: null,
    error: 'The background was stopped by the browser during the job; builds still pending were not sent.',
    outcomes: report.outcomes.map((outcome) =>
      outcome.status === 'pending' ? { ...outcome, status: 'not-sent', detail: 'not sent: interrupted' } : outcome,
    ),
  };
  await storage.setItem(reportItem(jobId), interrupted);
  return interrupted;
}

export async function stopBulk(jobId: string): Promise<null> {
  const state = running.get(jobId);
  if (state) state.stopped = true;
  await storage.setItem(stopItem(jobId), true);
  return null;
}
