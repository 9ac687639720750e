import * as v from 'valibot';
import { parseBuildkiteTime } from '../buildkite/schemas';
import type { BuildPageResult, GraphQLJob } from './documents';
import type { AutomaticRetryRule, BlockField, BuildRef, BuildState, BuildView, JobType, JobView } from './model';
import { RestBlockField, type RestBuild, type RestJob } from './schemas';
import { buildPageUrl } from '../pages';
import { safeBuildkiteUrl } from '../safe-url';

/** Links from API data pass safeBuildkiteUrl; an unsafe one is replaced by the page URL Kitedeck builds itself. */
function safeLink(url: string | null | undefined, fallback: string): string {
  return safeBuildkiteUrl(url) ?? fallback;
}

/**
 * Maps both APIs' answers to the one `BuildView` the in-page UI uses (pure functions, unit-tested).
 * States come out lower-case in REST spelling; GraphQL's FINISHED becomes `passed` or `failed` like REST shows it.
 */

const BUILD_STATES: readonly BuildState[] = [
  'creating',
  'scheduled',
  'running',
  'passed',
  'failing',
  'failed',
  'blocked',
  'canceling',
  'canceled',
  'skipped',
  'not_run',
  'waiting',
  'waiting_failed',
];

function buildState(raw: string): BuildState {
  const lower = raw.toLowerCase() as BuildState;
  return BUILD_STATES.includes(lower) ? lower : 'running';
}

const time = (text: string | null | undefined): number | null => (text ? parseBuildkiteTime(text) : null);

/** GraphQL `exitStatus` is a String; REST's is a number. Non-numeric text is "unknown". */
function exitStatusOf(raw: string | number | null | undefined): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : null;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

const lower = (text: string | null | undefined): string | null => (text ? text.toLowerCase() : null);

function retryTypeOf(raw: string | null | undefined): JobView['retryType'] {
  const value = lower(raw);
  return value === 'automatic' || value === 'manual' ? value : null;
}

function emptyJob(id: string, type: JobType, webUrl: string): JobView {
  return {
    id,
    graphqlId: null,
    type,
    label: null,
    state: 'pending',
    passed: null,
    softFailed: false,
    exitStatus: null,
    signal: null,
    signalReason: null,
    retried: false,
    retriedInJobId: null,
    retriesCount: 0,
    retryType: null,
    webUrl,
    unblockable: null,
    prompt: null,
    fields: null,
    triggered: null,
  };
}

// ---------- GraphQL ----------

type GraphQLBuild = NonNullable<BuildPageResult['build']>;

/** The command job's state as REST spells it: GraphQL has FINISHED + `passed` instead of passed/failed. */
function graphqlJobState(job: GraphQLJob): string {
  const state = job.state.toLowerCase();
  if (state !== 'finished') return state;
  if (job.__typename !== 'JobTypeCommand') return 'finished';
  return job.passed && !job.softFailed ? 'passed' : 'failed';
}

function automaticRules(job: Extract<GraphQLJob, { __typename: 'JobTypeCommand' }>): JobView['retryRules'] {
  if (!job.retryRules) return null;
  const automatic: AutomaticRetryRule[] = (job.retryRules.automatic ?? []).flatMap((rule) => {
    if (!rule) return [];
    const limit = rule.limit != null && /^\d+$/.test(rule.limit) ? Number(rule.limit) : null;
    return [{ exitStatus: rule.exitStatus, signal: rule.signal, signalReason: lower(rule.signalReason), limit }];
  });
  return { manual: job.retryRules.manual, automatic };
}

export function jobFromGraphQL(job: GraphQLJob, buildUrl: string): JobView {
  const base = emptyJob(job.uuid, 'wait', `${buildUrl}#${job.uuid}`);
  const common = { ...base, graphqlId: job.id, label: job.label, state: graphqlJobState(job) };
  switch (job.__typename) {
    case 'JobTypeCommand': {
      const finished = ['passed', 'failed'].includes(common.state);
      return {
        ...common,
        type: 'command',
        passed: finished ? common.state === 'passed' : null,
        softFailed: job.softFailed,
        exitStatus: exitStatusOf(job.exitStatus),
        signal: job.signal,
        signalReason: lower(job.signalReason),
        retried: job.retried,
        retriesCount: job.retriesCount ?? 0,
        retryType: retryTypeOf(job.retryType),
        webUrl: safeLink(job.url, `${buildUrl}#${job.uuid}`),
        retryRules: automaticRules(job),
      };
    }
    case 'JobTypeBlock':
      return { ...common, type: 'block', unblockable: job.isUnblockable };
    case 'JobTypeTrigger':
      return {
        ...common,
        type: 'trigger',
        triggered: job.triggered
          ? { number: job.triggered.number, url: safeBuildkiteUrl(job.triggered.url) ?? '' }
          : null,
      };
    case 'JobTypeWait':
      return { ...common, type: 'wait' };
  }
}

/** Jobs from every page of the connection, in order, with `retriedInJobId` filled from the retries' `retrySource`. */
export function buildFromGraphQL(ref: BuildRef, build: GraphQLBuild, jobs: GraphQLJob[]): BuildView {
  const views = jobs.map((job) =>
    jobFromGraphQL(job, safeLink(build.url, buildPageUrl(ref.org, ref.pipeline, build.number))),
  );
  const replacedBy = new Map<string, string>();
  for (const job of jobs) {
    if (job.__typename === 'JobTypeCommand' && job.retrySource?.uuid) replacedBy.set(job.retrySource.uuid, job.uuid);
  }
  for (const view of views) view.retriedInJobId = replacedBy.get(view.id) ?? null;
  const blocked = build.state.toUpperCase() === 'BLOCKED';
  const state = blocked && build.blockedState ? buildState(build.blockedState) : buildState(build.state);
  return {
    id: build.uuid,
    graphqlId: build.id,
    number: build.number,
    state,
    blocked,
    webUrl: safeLink(build.url, buildPageUrl(ref.org, ref.pipeline, build.number)),
    branch: build.branch,
    commit: build.commit,
    message: build.message,
    createdAt: time(build.createdAt),
    startedAt: time(build.startedAt),
    finishedAt: time(build.finishedAt),
    org: ref.org,
    pipeline: {
      slug: build.pipeline?.slug ?? ref.pipeline,
      name: build.pipeline?.name ?? ref.pipeline,
      graphqlId: build.pipeline?.id ?? null,
    },
    jobs: views,
    source: 'graphql',
  };
}

// ---------- REST ----------

const REST_TYPES: Record<string, JobType> = { script: 'command', manual: 'block', waiter: 'wait', trigger: 'trigger' };

/** A block step's `fields` in the pipeline YAML shape. Unreadable items are left out. */
export function blockFieldsFromRest(raw: readonly unknown[] | null | undefined): BlockField[] | null {
  if (!raw) return null;
  return raw.flatMap((item): BlockField[] => {
    const parsed = v.safeParse(RestBlockField, item);
    if (!parsed.success) return [];
    const field = parsed.output;
    const isSelect = field.type === 'select' || field.select !== undefined || (field.options?.length ?? 0) > 0;
    const multiple = isSelect && field.multiple === true;
    const rawDefault = field.default;
    const fallback = multiple ? [] : null;
    const defaultValue =
      rawDefault == null
        ? fallback
        : multiple
          ? Array.isArray(rawDefault)
            ? rawDefault
            : rawDefault.split('\n').filter(Boolean)
          : Array.isArray(rawDefault)
            ? (rawDefault[0] ?? null)
            : rawDefault;
    return [
      {
        key: field.key,
        kind: isSelect ? 'select' : 'text',
        label: (isSelect ? field.select : field.text) ?? field.text ?? field.select ?? field.key,
        hint: field.hint,
        // Buildkite's block step fields are required unless the step says `required: false`.
        required: field.required ?? true,
        default: multiple && Array.isArray(defaultValue) && defaultValue.length === 0 ? null : defaultValue,
        multiple,
        options: (field.options ?? []).map((option) => ({ label: option.label ?? option.value, value: option.value })),
        format: isSelect ? null : field.format,
      },
    ];
  });
}

export function jobFromRest(job: RestJob, buildUrl: string): JobView {
  const type = REST_TYPES[job.type] ?? 'wait';
  const state = (job.state ?? 'pending').toLowerCase();
  const base: JobView = {
    ...emptyJob(job.id, type, safeLink(job.web_url, `${buildUrl}#${job.id}`)),
    graphqlId: job.graphql_id,
    label: job.name ?? job.label,
    state,
    retried: job.retried ?? false,
    retriedInJobId: job.retried_in_job_id,
    retriesCount: job.retries_count ?? 0,
    retryType: retryTypeOf(job.retry_type),
  };
  if (type === 'command') {
    return {
      ...base,
      passed: state === 'passed' ? true : state === 'failed' ? false : null,
      softFailed: job.soft_failed ?? false,
      exitStatus: exitStatusOf(job.exit_status),
      signal: job.signal,
      signalReason: lower(job.signal_reason),
      retryRules: null,
    };
  }
  if (type === 'block') {
    // REST jobs document no fields: they come from the pipeline's steps (read.ts).
    return { ...base, unblockable: job.unblockable, stepKey: job.step_key };
  }
  if (type === 'trigger') {
    const triggered = job.triggered_build;
    return {
      ...base,
      triggered: triggered ? { number: triggered.number, url: safeBuildkiteUrl(triggered.web_url) ?? '' } : null,
    };
  }
  return base;
}

export function buildFromRest(ref: BuildRef, build: RestBuild): BuildView {
  const state = buildState(build.state);
  return {
    id: build.id,
    graphqlId: build.graphql_id,
    number: build.number,
    state,
    blocked: build.blocked ?? state === 'blocked',
    webUrl: safeLink(build.web_url, buildPageUrl(ref.org, ref.pipeline, build.number)),
    branch: build.branch,
    commit: build.commit,
    message: build.message,
    createdAt: time(build.created_at),
    startedAt: time(build.started_at),
    finishedAt: time(build.finished_at),
    org: ref.org,
    pipeline: {
      slug: build.pipeline?.slug ?? ref.pipeline,
      name: build.pipeline?.name ?? ref.pipeline,
      graphqlId: build.pipeline?.graphql_id ?? null,
    },
    jobs: (build.jobs ?? []).map((job) =>
      jobFromRest(job, safeLink(build.web_url, buildPageUrl(ref.org, ref.pipeline, build.number))),
    ),
    source: 'rest',
  };
}
