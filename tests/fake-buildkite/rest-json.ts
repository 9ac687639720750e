/** REST v2 JSON shapes (field sets and order follow the examples in buildkite/docs pages/apis/rest_api/*.md). */
import { stringify as stringifyYaml } from 'yaml';
import { gqlId } from './seed-ids';
import {
  utcStamp,
  type BuildRec,
  type FakeState,
  type JobRec,
  type OrgRec,
  type PipelineRec,
  type TokenRec,
  type UserRec,
} from './model';
import { settle } from './ops';

export const WEB = 'https://buildkite.com';

export interface Ctx {
  state: FakeState;
  /** the fake's own origin, e.g. http://127.0.0.1:4010 (API `url`s point here so clients can follow them) */
  base: string;
  /** the token has write_pipelines (pipeline.provider.webhook_url is empty otherwise) */
  canWritePipelines?: boolean;
}

const avatar = (email: string) => `https://www.gravatar.com/avatar/${Buffer.from(email).toString('hex').slice(0, 32)}`;

export function userJson(u: UserRec) {
  return {
    id: u.id,
    graphql_id: gqlId('User', u.id),
    name: u.name,
    email: u.email,
    avatar_url: avatar(u.email),
    created_at: u.createdAt,
  };
}

const userById = (c: Ctx, id: string | null) => {
  const u = id ? c.state.users.find((x) => x.id === id) : undefined;
  return u ? userJson(u) : null;
};

export function accessTokenJson(c: Ctx, t: TokenRec) {
  const u = c.state.users.find((x) => x.id === t.userId);
  return {
    uuid: t.uuid,
    scopes: t.scopes,
    description: t.description,
    created_at: utcStamp(t.createdAt),
    expires_at: t.expiresAt ? utcStamp(t.expiresAt) : null,
    user: { name: u?.name ?? null, email: u?.email ?? null },
  };
}

export function orgJson(c: Ctx, o: OrgRec) {
  const url = `${c.base}/v2/organizations/${o.slug}`;
  return {
    id: o.id,
    graphql_id: gqlId('Organization', o.id),
    url,
    web_url: `${WEB}/${o.slug}`,
    name: o.name,
    slug: o.slug,
    pipelines_url: `${url}/pipelines`,
    agents_url: `${url}/agents`,
    emojis_url: `${url}/emojis`,
    created_at: o.createdAt,
  };
}

export function pipelineJson(c: Ctx, p: PipelineRec) {
  const url = `${c.base}/v2/organizations/${p.org}/pipelines/${p.slug}`;
  const builds = c.state.builds.filter((b) => b.org === p.org && b.pipeline === p.slug);
  const jobs = builds.flatMap((b) => b.jobs);
  return {
    id: p.id,
    graphql_id: gqlId('Pipeline', p.id),
    url,
    web_url: `${WEB}/${p.org}/${p.slug}`,
    name: p.name,
    description: p.description,
    slug: p.slug,
    repository: p.repository,
    cluster_id: null,
    branch_configuration: null,
    default_branch: p.defaultBranch,
    skip_queued_branch_builds: false,
    skip_queued_branch_builds_filter: null,
    cancel_running_branch_builds: false,
    cancel_running_branch_builds_filter: null,
    allow_rebuilds: true,
    provider: {
      id: 'github',
      webhook_url: c.canWritePipelines ? `https://webhook.buildkite.com/deliver/${p.id.replace(/-/g, '')}` : '',
      settings: {
        trigger_mode: 'code',
        build_pull_requests: true,
        publish_commit_status: true,
        repository: `${p.org}/${p.slug}`,
      },
    },
    builds_url: `${url}/builds`,
    badge_url: `https://badge.buildkite.com/${p.id.replace(/-/g, '')}.svg`,
    created_by: userById(c, p.createdById),
    created_at: p.createdAt,
    archived_at: null,
    env: {},
    scheduled_builds_count: builds.filter((b) => b.state === 'scheduled').length,
    running_builds_count: builds.filter((b) => ['running', 'failing'].includes(b.state)).length,
    scheduled_jobs_count: jobs.filter((j) => j.state === 'scheduled').length,
    running_jobs_count: jobs.filter((j) => j.state === 'running').length,
    waiting_jobs_count: jobs.filter((j) => j.state === 'waiting').length,
    visibility: 'private',
    steps: [],
    configuration: pipelineConfiguration(jobs),
    clone_mirror_url: null,
  };
}

/**
 * The pipeline's YAML as a user would write it: a command step, then every block step its builds ran (by step key,
 * else label) with its prompt and fields. This is where a block step's fields are documented to live.
 */
function pipelineConfiguration(jobs: readonly JobRec[]): string {
  const blocks = new Map<string, Record<string, unknown>>();
  for (const j of jobs) {
    if (j.type !== 'manual') continue;
    const id = j.stepKey ?? j.name ?? j.id;
    if (blocks.has(id)) continue;
    blocks.set(id, {
      block: j.name ?? 'Continue?',
      ...(j.stepKey ? { key: j.stepKey } : {}),
      ...(j.prompt ? { prompt: j.prompt } : {}),
      ...(j.fields?.length ? { fields: j.fields.map(({ type: _type, ...field }) => field) } : {}),
    });
  }
  return stringifyYaml({ steps: [{ command: './ci/test.sh' }, ...blocks.values()] });
}

export const buildApiUrl = (c: Ctx, b: BuildRec) =>
  `${c.base}/v2/organizations/${b.org}/pipelines/${b.pipeline}/builds/${b.number}`;
export const buildWebUrl = (b: BuildRec) => `${WEB}/${b.org}/${b.pipeline}/builds/${b.number}`;

export function jobJson(c: Ctx, b: BuildRec, j: JobRec): Record<string, unknown> {
  const api = `${buildApiUrl(c, b)}/jobs/${j.id}`;
  const web = `${buildWebUrl(b)}#${j.id}`;
  const base: Record<string, unknown> = {
    id: j.id,
    graphql_id: gqlId('Job', j.id),
    type: j.type,
    name: j.name,
    step_key: j.stepKey,
    step: { id: j.stepId, signature: null },
    priority: { number: j.priority },
    agent_query_rules: j.agentQueryRules,
    state: j.state,
    build_url: buildApiUrl(c, b),
    web_url: web,
  };
  const times = {
    created_at: j.createdAt,
    scheduled_at: j.scheduledAt,
    runnable_at: j.runnableAt,
    started_at: j.startedAt,
    finished_at: j.finishedAt,
  };
  if (j.type === 'waiter') return { ...base, ...times };
  if (j.type === 'manual') {
    return {
      ...base,
      label: j.name,
      ...times,
      unblocked_by: userById(c, j.unblockedById),
      unblocked_at: j.unblockedAt,
      unblockable: j.state === 'blocked',
      unblock_url: web,
    };
  }
  if (j.type === 'trigger') {
    const t = j.triggeredBuildId ? c.state.builds.find((x) => x.id === j.triggeredBuildId) : undefined;
    return {
      ...base,
      async: j.async,
      ...times,
      triggered_build: t ? { id: t.id, number: t.number, url: buildApiUrl(c, t), web_url: buildWebUrl(t) } : null,
    };
  }
  return {
    ...base,
    log_url: `${api}/log`,
    raw_log_url: `${api}/log.txt`,
    artifacts_url: `${api}/artifacts`,
    command: j.command,
    soft_failed: j.softFailed,
    exit_status: j.exitStatus,
    signal: j.signal,
    signal_reason: j.signalReason,
    artifact_paths: null,
    agent: j.agentName ? agentJson(c, b, j.agentName) : null,
    ...times,
    expired_at: j.expiredAt,
    retried: j.retried,
    retried_in_job_id: j.retriedInJobId,
    retries_count: j.retriesCount,
    retry_source: j.retrySourceJobId ? { job_id: j.retrySourceJobId, retry_type: j.retryType } : null,
    retry_type: j.retryType,
    retried_by: userById(c, j.retriedById),
    parallel_group_index: null,
    parallel_group_total: null,
    matrix: null,
    cluster_id: null,
    cluster_url: null,
    cluster_queue_id: null,
    cluster_queue_url: null,
  };
}

function agentJson(c: Ctx, b: BuildRec, name: string) {
  const id = `0b461f65-e7be-4c80-888a-${Buffer.from(name).toString('hex').padEnd(12, '0').slice(0, 12)}`;
  return { id, graphql_id: gqlId('Agent', id), url: `${c.base}/v2/organizations/${b.org}/agents/${id}`, name };
}

export interface BuildJsonOpts {
  excludeJobs?: boolean;
  excludePipeline?: boolean;
  includeRetriedJobs?: boolean;
  jobStates?: string[];
}

export function buildJson(c: Ctx, b: BuildRec, o: BuildJsonOpts = {}): Record<string, unknown> {
  settle(b);
  const p = c.state.pipelines.find((x) => x.org === b.org && x.slug === b.pipeline);
  const from = b.rebuiltFromId ? c.state.builds.find((x) => x.id === b.rebuiltFromId) : undefined;
  let jobs = o.includeRetriedJobs ? b.jobs : b.jobs.filter((j) => !j.retried);
  if (o.jobStates?.length) jobs = jobs.filter((j) => o.jobStates!.includes(j.state));
  const out: Record<string, unknown> = {
    id: b.id,
    graphql_id: gqlId('Build', b.id),
    url: buildApiUrl(c, b),
    web_url: buildWebUrl(b),
    number: b.number,
    state: b.state,
    cancel_reason: b.cancelReason,
    blocked: b.blocked,
    message: b.message,
    commit: b.commit,
    branch: b.branch,
    env: b.env,
    source: b.source,
    creator: userById(c, b.creatorId),
  };
  if (!o.excludeJobs) out.jobs = jobs.map((j) => jobJson(c, b, j));
  Object.assign(out, {
    created_at: b.createdAt,
    scheduled_at: b.scheduledAt,
    started_at: b.startedAt,
    failing_at: b.failingAt,
    finished_at: b.finishedAt,
    meta_data: b.metaData,
    pull_request: b.pullRequest,
    merge_queue: null,
    rebuilt_from: from ? { id: from.id, number: from.number, url: buildApiUrl(c, from) } : null,
  });
  if (o.jobStates?.length) {
    const states: Record<string, number> = {};
    for (const j of b.jobs) states[j.state] = (states[j.state] ?? 0) + 1;
    out.job_state_counts = { total: b.jobs.length, states };
  }
  if (!o.excludePipeline && p) out.pipeline = pipelineJson(c, p);
  return out;
}

export function logJson(c: Ctx, b: BuildRec, j: JobRec) {
  const content = j.log ?? defaultLog(b, j);
  const started = Date.parse(j.startedAt ?? j.createdAt);
  return {
    url: `${buildApiUrl(c, b)}/jobs/${j.id}/log`,
    content,
    size: Buffer.byteLength(content),
    header_times: [0, 1, 2].map((i) => (started + i * 1000) * 1_000_000),
  };
}

export function defaultLog(b: BuildRec, j: JobRec): string {
  const lines = [
    '~~~ Preparing working directory',
    `$ cd /buildkite/builds/${b.org}/${b.pipeline}`,
    `--- ${j.name ?? 'job'}`,
  ];
  if (j.command) lines.push(`$ ${j.command}`);
  if (j.exitStatus !== null && j.exitStatus !== 0)
    lines.push(`🚨 Error: The command exited with status ${j.exitStatus}`);
  return lines.join('\n') + '\n';
}
