/**
 * GraphQL resolver objects over the fake's records. graphql-js's default field resolver reads a property, or calls
 * it with (args, context, info) when it is a function; abstract types (Job, Node, BuildCreator...) read `__typename`.
 */
import { annotationsOf, gAnnotation } from './logs';
import { gqlId } from './seed-ids';
import type { BuildRec, JobRec, OrgRec, PipelineRec, TokenRec, UserRec } from './model';
import { settle } from './ops';
import { buildWebUrl, defaultLog, WEB } from './rest-json';
import { canAccessOrg } from './runtime';
import type { FakeState } from './model';

export interface GCtx {
  state: FakeState;
  token: TokenRec;
  user: UserRec;
}

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

const up = (s: string) => s.toUpperCase();

/** JobEventSignalReason values; a REST signal_reason outside the enum (set through the control API) reads as null. */
const SIGNAL_REASONS = new Set([
  'AGENT_INCOMPATIBLE',
  'AGENT_REFUSED',
  'AGENT_STOP',
  'CANCEL',
  'PROCESS_RUN_ERROR',
  'SIGNATURE_REJECTED',
  'STACK_ERROR',
]);
const signalReason = (r: string | null) => (r && SIGNAL_REASONS.has(up(r)) ? up(r) : null);

// ---------- connections ----------

const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString('base64');
const uncursor = (c: unknown) =>
  typeof c === 'string' ? Number(Buffer.from(c, 'base64').toString().split(':')[1]) : NaN;

export function connection<T>(items: T[], args: Args, node: (t: T) => unknown): Obj {
  let start = 0;
  let end = items.length;
  const after = uncursor(args.after);
  const before = uncursor(args.before);
  if (Number.isFinite(after)) start = after + 1;
  if (Number.isFinite(before)) end = Math.min(end, before);
  if (typeof args.first === 'number') end = Math.min(end, start + Math.max(0, args.first));
  if (typeof args.last === 'number') start = Math.max(start, end - Math.max(0, args.last));
  const slice = items.slice(start, end);
  return {
    count: items.length,
    edges: slice.map((t, i) => ({ cursor: cursor(start + i), node: node(t) })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(start) : null,
      endCursor: slice.length ? cursor(start + slice.length - 1) : null,
    },
  };
}

const empty = () => connection([], {}, (x) => x);

// ---------- states ----------

const BUILD_STATE: Partial<Record<BuildRec['state'], string>> = { waiting: 'SCHEDULED', waiting_failed: 'FAILED' };

export function buildState(b: BuildRec): string {
  return b.blocked ? 'BLOCKED' : (BUILD_STATE[b.state] ?? up(b.state));
}

export function jobState(j: JobRec): string {
  return j.state === 'passed' || j.state === 'failed' ? 'FINISHED' : up(j.state);
}

const asList = (v: unknown): string[] | null => (v == null ? null : (Array.isArray(v) ? v : [v]).map(String));

// ---------- views ----------

export function gUser(c: GCtx, u: UserRec): Obj {
  return {
    __typename: 'User',
    id: gqlId('User', u.id),
    uuid: u.id,
    name: u.name,
    email: u.email,
    bot: false,
    machineUser: false,
    hasPassword: true,
    avatar: { url: `https://www.gravatar.com/avatar/${Buffer.from(u.email).toString('hex').slice(0, 32)}` },
    builds: (a: Args) =>
      buildsConn(
        c,
        c.state.builds.filter((b) => b.creatorId === u.id && canAccessOrg(c.token, b.org)),
        a,
      ),
  };
}

const userById = (c: GCtx, id: string | null) => {
  const u = id ? c.state.users.find((x) => x.id === id) : undefined;
  return u ? gUser(c, u) : null;
};

export function gOrg(c: GCtx, o: OrgRec): Obj {
  return {
    __typename: 'Organization',
    id: gqlId('Organization', o.id),
    uuid: o.id,
    slug: o.slug,
    name: o.name,
    public: false,
    iconUrl: null,
    allowedApiIpAddresses: null,
    isTeamsEnabled: false,
    pipelines: (a: Args) => {
      const search = typeof a.search === 'string' ? a.search.toLowerCase() : '';
      const ps = c.state.pipelines.filter(
        (p) => p.org === o.slug && (!search || p.name.toLowerCase().includes(search)),
      );
      return connection(ps, a, (p) => gPipeline(c, p));
    },
  };
}

export function gPipeline(c: GCtx, p: PipelineRec): Obj {
  const builds = () => c.state.builds.filter((b) => b.org === p.org && b.pipeline === p.slug);
  return {
    __typename: 'Pipeline',
    id: gqlId('Pipeline', p.id),
    uuid: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    url: `${WEB}/${p.org}/${p.slug}`,
    webhookURL: '',
    defaultBranch: p.defaultBranch,
    createdAt: p.createdAt,
    createdBy: () => userById(c, p.createdById),
    repository: { url: p.repository, provider: null },
    archived: false,
    archivedAt: null,
    favorite: false,
    public: false,
    visibility: 'PRIVATE',
    allowRebuilds: true,
    tags: [],
    badgeURL: `https://badge.buildkite.com/${p.id.replace(/-/g, '')}.svg`,
    commitShortLength: 7,
    skipIntermediateBuilds: false,
    cancelIntermediateBuilds: false,
    emoji: null,
    color: null,
    nextBuildNumber: () => Math.max(0, ...builds().map((b) => b.number)) + 1,
    organization: () => gOrg(c, c.state.orgs.find((o) => o.slug === p.org)!),
    // `branch: ["%default"]`: "Use `%default` to search by the Pipelines default branch" (schema).
    builds: (a: Args) =>
      buildsConn(c, builds(), { ...a, branch: asList(a.branch)?.map((b) => (b === '%default' ? p.defaultBranch : b)) }),
    jobs: (a: Args) =>
      jobsConn(
        c,
        builds().flatMap((b) => b.jobs.map((j) => ({ b, j }))),
        a,
      ),
  };
}

function buildsConn(c: GCtx, list: BuildRec[], a: Args): Obj {
  const branches = asList(a.branch);
  const states = asList(a.state);
  const commits = asList(a.commit);
  const from = typeof a.createdAtFrom === 'string' ? Date.parse(a.createdAtFrom) : null;
  const to = typeof a.createdAtTo === 'string' ? Date.parse(a.createdAtTo) : null;
  const builds = list
    .map(settle)
    .filter((b) => !branches || branches.includes(b.branch))
    .filter((b) => !states || states.includes(buildState(b)))
    .filter((b) => !commits || commits.includes(b.commit))
    .filter((b) => (from === null || Date.parse(b.createdAt) >= from) && (to === null || Date.parse(b.createdAt) < to))
    .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt) || y.number - x.number);
  return connection(builds, a, (b) => gBuild(c, b));
}

function jobsConn(c: GCtx, list: { b: BuildRec; j: JobRec }[], a: Args): Obj {
  const states = asList(a.state);
  const types = asList(a.type);
  const typeOf = { script: 'COMMAND', manual: 'BLOCK', waiter: 'WAIT', trigger: 'TRIGGER' } as const;
  const jobs = list
    .filter(({ j }) => !states || states.includes(jobState(j)))
    .filter(({ j }) => !types || types.includes(typeOf[j.type]))
    .filter(({ j }) => typeof a.passed !== 'boolean' || passed(j) === a.passed);
  // `order: JobOrder = RECENTLY_CREATED` (schema): newest first; jobs created together keep their creation order
  // reversed (a later one in the list was created later). RECENTLY_ASSIGNED uses the start time.
  const at = ({ j }: { j: JobRec }) =>
    Date.parse(a.order === 'RECENTLY_ASSIGNED' ? (j.startedAt ?? j.createdAt) : j.createdAt);
  const ordered = jobs
    .map((item, index) => ({ item, index }))
    .sort((x, y) => at(y.item) - at(x.item) || y.index - x.index);
  return connection(
    ordered.map(({ item }) => item),
    a,
    ({ b, j }) => gJob(c, b, j),
  );
}

const passed = (j: JobRec) => j.state === 'passed' || (j.state === 'failed' && j.softFailed);

const SOURCE: Record<BuildRec['source'], string> = {
  webhook: 'BuildSourceWebhook',
  api: 'BuildSourceAPI',
  ui: 'BuildSourceFrontend',
  trigger_job: 'BuildSourceTriggerJob',
  schedule: 'BuildSourceSchedule',
};

export function gBuild(c: GCtx, b: BuildRec): Obj {
  settle(b);
  const blockedState = b.blocked
    ? b.state === 'failed' || b.state === 'failing'
      ? 'FAILED'
      : b.state === 'running'
        ? 'RUNNING'
        : 'PASSED'
    : null;
  return {
    __typename: 'Build',
    id: gqlId('Build', b.id),
    uuid: b.id,
    number: b.number,
    state: buildState(b),
    blockedState,
    url: buildWebUrl(b),
    branch: b.branch,
    commit: b.commit,
    message: b.message,
    env: Object.entries(b.env).map(([k, v]) => `${k}=${v}`),
    createdAt: b.createdAt,
    scheduledAt: b.scheduledAt,
    startedAt: b.startedAt,
    failingAt: b.failingAt,
    finishedAt: b.finishedAt,
    canceledAt: b.canceledAt,
    cancelReason: b.cancelReason,
    canceledBy: () => userById(c, b.canceledById),
    createdBy: () => userById(c, b.creatorId),
    pullRequest: b.pullRequest ? { id: String(b.pullRequest.id ?? '') } : null,
    source: { __typename: SOURCE[b.source], name: b.source, headers: null, payload: null },
    pipeline: () => gPipeline(c, c.state.pipelines.find((p) => p.org === b.org && p.slug === b.pipeline)!),
    organization: () => gOrg(c, c.state.orgs.find((o) => o.slug === b.org)!),
    rebuiltFrom: () => {
      const f = b.rebuiltFromId ? c.state.builds.find((x) => x.id === b.rebuiltFromId) : undefined;
      return f ? gBuild(c, f) : null;
    },
    triggeredFrom: () => {
      const t = b.triggeredFromJobId
        ? c.state.builds.flatMap((x) => x.jobs.map((j) => ({ b: x, j }))).find((x) => x.j.id === b.triggeredFromJobId)
        : undefined;
      return t ? gJob(c, t.b, t.j) : null;
    },
    jobs: (a: Args) =>
      jobsConn(
        c,
        b.jobs.map((j) => ({ b, j })),
        a,
      ),
    annotations: (a: Args) => connection(annotationsOf(b.annotations, a), a, gAnnotation),
    metaData: (a: Args) => connection(Object.entries(b.metaData), a, ([key, value]) => ({ key, value })),
  };
}

export function gJob(c: GCtx, b: BuildRec, j: JobRec): Obj {
  const common = {
    id: gqlId('Job', j.id),
    uuid: j.id,
    label: j.name,
    state: jobState(j),
    retried: j.retried,
    retriesCount: j.retriesCount,
    retryType: j.retryType ? up(j.retryType) : null,
    retriedBy: () => userById(c, j.retriedById),
    retrySource: () => {
      const s = j.retrySourceJobId ? b.jobs.find((x) => x.id === j.retrySourceJobId) : undefined;
      return s ? gJob(c, b, s) : null;
    },
    build: () => gBuild(c, b),
    step: { uuid: j.stepId, key: j.stepKey, conditional: null },
  };
  if (j.type === 'manual') {
    return {
      __typename: 'JobTypeBlock',
      ...common,
      isUnblockable: j.state === 'blocked',
      unblockedAt: j.unblockedAt,
      unblockedBy: () => userById(c, j.unblockedById),
    };
  }
  if (j.type === 'waiter') return { __typename: 'JobTypeWait', ...common };
  if (j.type === 'trigger') {
    return {
      __typename: 'JobTypeTrigger',
      ...common,
      async: j.async,
      triggered: () => {
        const t = j.triggeredBuildId ? c.state.builds.find((x) => x.id === j.triggeredBuildId) : undefined;
        return t ? gBuild(c, t) : null;
      },
    };
  }
  return {
    __typename: 'JobTypeCommand',
    ...common,
    command: j.command,
    exitStatus: j.exitStatus === null ? null : String(j.exitStatus),
    softFailed: j.softFailed,
    passed: passed(j),
    url: `${buildWebUrl(b)}#${j.id}`,
    createdAt: j.createdAt,
    scheduledAt: j.scheduledAt,
    runnableAt: j.runnableAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    canceledAt: j.canceledAt,
    expiredAt: j.expiredAt,
    signal: j.signal,
    signalReason: signalReason(j.signalReason),
    agent: null,
    agentQueryRules: j.agentQueryRules,
    env: [],
    priority: { number: j.priority },
    matrix: null,
    parallelGroupIndex: null,
    parallelGroupTotal: null,
    promisedExitStatus: null,
    promisedExitStatusAt: null,
    brokenReason: null,
    automaticArtifactUploadPaths: null,
    log: () => j.log ?? defaultLog(b, j),
    pipeline: () => gPipeline(c, c.state.pipelines.find((p) => p.org === b.org && p.slug === b.pipeline)!),
    artifacts: () => empty(),
    annotations: () => empty(),
    events: () => empty(),
  };
}

export function gViewer(c: GCtx): Obj {
  return {
    __typename: 'Viewer',
    id: gqlId('Viewer', c.user.id),
    user: gUser(c, c.user),
    organizations: (a: Args) =>
      connection(
        c.state.orgs.filter((o) => canAccessOrg(c.token, o.slug)),
        a,
        (o) => gOrg(c, o),
      ),
    builds: (a: Args) =>
      buildsConn(
        c,
        c.state.builds.filter((b) => b.creatorId === c.user.id && canAccessOrg(c.token, b.org)),
        {
          ...a,
          branch: a.branch ?? undefined,
        },
      ),
    permissions: {},
  };
}
