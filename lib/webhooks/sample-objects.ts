/**
 * Realistic sample objects for webhook payload templates, shaped like Buildkite's REST models:
 * organization, pipeline, build, job, agent, plus the user, sender, agent token and package objects the
 * payloads carry. IDs are fixed so two renders of the same template are byte-identical; times come from `now`.
 */

export type JsonObject = { [key: string]: unknown };

export interface SampleSeed {
  /** "Now" for the timestamps in the samples (defaults to the clock). */
  now?: Date;
  orgSlug?: string;
  pipelineSlug?: string;
}

const API = 'https://api.buildkite.com/v2';
const WEB = 'https://buildkite.com';

const IDS = {
  organization: '49801950-1df0-474f-bb56-ad6a930c5cb9',
  pipeline: '0190a8f1-4c0e-4a5b-9b7e-6f3d1b2c3a41',
  build: '0190a8f3-7d2e-4f0a-8c11-2b9e5d7f6a10',
  scriptJob: '0190a8f3-7d6b-4e21-a3c4-5d8f9e0a1b22',
  blockJob: '0190a8f3-7d6c-4b9e-8f10-3a2b1c0d9e33',
  agent: '0190a8e0-11aa-4cc3-9d5e-7b8a6c5d4e44',
  cluster: '0190a8d0-2b3c-4d5e-8f60-7a8b9c0d1e55',
  clusterQueue: '0190a8d0-2b3c-4d5e-8f60-7a8b9c0d1e66',
  clusterToken: '0190a8d1-3c4d-4e5f-9a60-8b9c0d1e2f77',
  user: '8a7693f8-dbae-4783-9137-84090fce9045',
  registry: '0190a8c0-4d5e-4f60-8a71-9b0c1d2e3f88',
  package: '0190a8c1-5e6f-4a70-9b81-0c1d2e3f4a99',
  step: '0190a8f3-7d2f-4c3d-9e10-1f2a3b4c5d60',
} as const;

export const SAMPLE_IDS = IDS;

function graphqlId(type: string, uuid: string): string {
  return btoa(`${type}---${uuid}`);
}

function resolveSeed(seed: SampleSeed = {}) {
  const now = seed.now ?? new Date();
  const org = seed.orgSlug ?? 'acme-inc';
  const pipeline = seed.pipelineSlug ?? 'my-pipeline';
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();
  return { org, pipeline, at };
}

export function sampleUser(): JsonObject {
  return {
    id: IDS.user,
    graphql_id: graphqlId('User', IDS.user),
    name: 'Some Person',
    email: 'some.person@example.com',
    avatar_url: 'https://www.gravatar.com/avatar/5c7bd3a6d5d9f6f4d8b1f3b6c2e1a0f9',
    created_at: '2021-02-03T20:34:10.486Z',
  };
}

/** The payloads' `sender`: an object `{id, name}` in every docs example, though one table types it String. */
export function sampleSender(): JsonObject {
  return { id: IDS.user, name: 'Some Person' };
}

export function sampleOrganization(seed?: SampleSeed): JsonObject {
  const { org } = resolveSeed(seed);
  return {
    id: IDS.organization,
    graphql_id: graphqlId('Organization', IDS.organization),
    url: `${API}/organizations/${org}`,
    web_url: `${WEB}/${org}`,
    name: 'ACME Inc',
    slug: org,
    pipelines_url: `${API}/organizations/${org}/pipelines`,
    agents_url: `${API}/organizations/${org}/agents`,
    emojis_url: `${API}/organizations/${org}/emojis`,
    created_at: '2021-02-03T20:34:10.486Z',
  };
}

export function samplePipeline(seed?: SampleSeed): JsonObject {
  const { org, pipeline } = resolveSeed(seed);
  const base = `${API}/organizations/${org}/pipelines/${pipeline}`;
  const steps = [
    { type: 'script', name: ':test_tube: Tests', command: 'make test', agent_query_rules: ['queue=default'] },
  ];
  return {
    id: IDS.pipeline,
    graphql_id: graphqlId('Pipeline', IDS.pipeline),
    url: base,
    web_url: `${WEB}/${org}/${pipeline}`,
    name: 'My Pipeline',
    description: 'Builds and tests the main application',
    slug: pipeline,
    repository: 'git@github.com:acme-inc/my-pipeline.git',
    cluster_id: IDS.cluster,
    branch_configuration: null,
    default_branch: 'main',
    skip_queued_branch_builds: false,
    skip_queued_branch_builds_filter: null,
    cancel_running_branch_builds: false,
    cancel_running_branch_builds_filter: null,
    allow_rebuilds: true,
    provider: {
      id: 'github',
      webhook_url: '',
      settings: { repository: 'acme-inc/my-pipeline', trigger_mode: 'code', build_pull_requests: true },
    },
    builds_url: `${base}/builds`,
    badge_url: `https://badge.buildkite.com/3c1f1e9b2a0d4e8f7c6b5a49382716050f1e2d3c4b5a6978.svg`,
    created_by: sampleUser(),
    created_at: '2024-07-01T09:00:00.000Z',
    archived_at: null,
    env: {},
    scheduled_builds_count: 0,
    running_builds_count: 1,
    scheduled_jobs_count: 0,
    running_jobs_count: 1,
    waiting_jobs_count: 0,
    visibility: 'private',
    steps,
    configuration: 'steps:\n  - label: ":test_tube: Tests"\n    command: "make test"\n',
    clone_mirror_url: null,
  };
}

export type SampleBuildState = 'scheduled' | 'running' | 'failing' | 'passed' | 'failed' | 'skipped';

/** A REST build without `jobs` (webhook build payloads carry no jobs) and without the nested pipeline,
 *  which the payload carries at the top level. */
export function sampleBuild(state: SampleBuildState, seed?: SampleSeed): JsonObject {
  const { org, pipeline, at } = resolveSeed(seed);
  const started = state !== 'scheduled' && state !== 'skipped';
  const finished = state === 'passed' || state === 'failed' || state === 'skipped';
  return {
    id: IDS.build,
    graphql_id: graphqlId('Build', IDS.build),
    url: `${API}/organizations/${org}/pipelines/${pipeline}/builds/42`,
    web_url: `${WEB}/${org}/${pipeline}/builds/42`,
    number: 42,
    state,
    blocked: false,
    cancel_reason: null,
    message: 'Add retries to the flaky upload step',
    commit: '1c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d',
    branch: 'main',
    env: {},
    source: 'webhook',
    creator: sampleUser(),
    created_at: at(300),
    scheduled_at: at(300),
    started_at: started || finished ? at(290) : null,
    failing_at: state === 'failing' || state === 'failed' ? at(120) : null,
    finished_at: finished ? at(5) : null,
    meta_data: {},
    pull_request: null,
    merge_queue: null,
    rebuilt_from: null,
  };
}

export interface SampleJobOptions {
  kind: 'script' | 'manual';
  state: string;
  /** Build object the job belongs to (for its URLs); defaults to the sample build. */
  build?: JsonObject;
  seed?: SampleSeed;
}

export function sampleJob({ kind, state, build, seed }: SampleJobOptions): JsonObject {
  const { at } = resolveSeed(seed);
  const owner = build ?? sampleBuild('running', seed);
  const id = kind === 'script' ? IDS.scriptJob : IDS.blockJob;
  const buildUrl = String(owner.url);
  const running = ['running', 'passed', 'failed'].includes(state);
  const finished = state === 'passed' || state === 'failed';
  const common = {
    id,
    graphql_id: graphqlId('JobTypeCommand', id),
    type: kind,
    name: kind === 'script' ? ':test_tube: Tests' : ':rocket: Deploy?',
    step_key: kind === 'script' ? 'tests' : 'deploy-gate',
    step: { id: IDS.step, signature: null },
    state,
    build_url: buildUrl,
    web_url: `${String(owner.web_url)}#${id}`,
    created_at: at(300),
  };
  if (kind === 'manual') {
    return {
      ...common,
      unblocked_by: state === 'unblocked' ? sampleUser() : null,
      unblocked_at: state === 'unblocked' ? at(10) : null,
      unblockable: state === 'blocked',
      unblock_url: `${buildUrl}/jobs/${id}/unblock`,
    };
  }
  const jobUrl = `${buildUrl}/jobs/${id}`;
  return {
    ...common,
    priority: { number: 0 },
    agent_query_rules: ['queue=default'],
    log_url: `${jobUrl}/log`,
    raw_log_url: `${jobUrl}/log.txt`,
    artifacts_url: `${jobUrl}/artifacts`,
    command: 'make test',
    soft_failed: false,
    exit_status: finished ? (state === 'passed' ? 0 : 1) : null,
    signal: null,
    signal_reason: null,
    promised_exit_status: null,
    promised_exit_status_at: null,
    artifact_paths: 'coverage/**/*',
    agent: running ? sampleAgent('connected', seed) : null,
    scheduled_at: at(295),
    runnable_at: at(295),
    started_at: running ? at(280) : null,
    finished_at: finished ? at(5) : null,
    expired_at: null,
    concurrency_wait_time_ms: null,
    retried: false,
    retried_in_job_id: null,
    retries_count: null,
    retry_source: null,
    retry_type: null,
    retried_by: null,
    parallel_group_index: null,
    parallel_group_total: null,
    matrix: null,
    cluster_id: IDS.cluster,
    cluster_queue_id: IDS.clusterQueue,
  };
}

export function sampleAgent(connectionState: string, seed?: SampleSeed): JsonObject {
  const { org, at } = resolveSeed(seed);
  const gone = connectionState !== 'connected';
  return {
    id: IDS.agent,
    graphql_id: graphqlId('Agent', IDS.agent),
    url: `${API}/organizations/${org}/agents/${IDS.agent}`,
    web_url: `${WEB}/organizations/${org}/agents/${IDS.agent}`,
    name: 'ci-agent-7f3a-1',
    connection_state: connectionState,
    hostname: 'ci-agent-7f3a',
    ip_address: '203.0.113.24',
    user_agent: 'buildkite-agent/3.88.0.10420 (linux; amd64)',
    version: '3.88.0',
    arch: 'amd64',
    queue: 'default',
    creator: null,
    created_at: at(86400),
    connected_at: at(3600),
    disconnected_at: connectionState === 'disconnected' ? at(2) : null,
    lost_at: connectionState === 'lost' ? at(2) : null,
    stopped_at: connectionState === 'stopped' ? at(2) : null,
    job: null,
    last_job_finished_at: gone ? at(60) : at(600),
    priority: 0,
    meta_data: ['queue=default', 'os=linux'],
  };
}

/**
 * The REST agent (cluster) token. Its fields are not in the webhook docs (they only say "REST agent token"); these
 * follow Buildkite's cluster agent token API. The token value itself is never part of it.
 */
export function sampleClusterToken(seed?: SampleSeed): JsonObject {
  const { org } = resolveSeed(seed);
  const cluster = `${API}/organizations/${org}/clusters/${IDS.cluster}`;
  return {
    id: IDS.clusterToken,
    graphql_id: graphqlId('ClusterToken', IDS.clusterToken),
    description: 'Default agent token',
    allowed_ip_addresses: '10.0.0.0/8 203.0.113.0/24',
    url: `${cluster}/tokens/${IDS.clusterToken}`,
    cluster_url: cluster,
    created_at: '2024-07-01T09:00:00.000Z',
    created_by: sampleUser(),
  };
}

/** The `package` of `package.created`. Registry web URLs use `/organizations/{org}/packages/registries/{r}`
 *  (the docs show two shapes). */
export function samplePackage(seed?: SampleSeed): JsonObject {
  const { org } = resolveSeed(seed);
  const registrySlug = 'my-registry';
  const registryApi = `${API}/packages/organizations/${org}/registries/${registrySlug}`;
  const registryWeb = `${WEB}/organizations/${org}/packages/registries/${registrySlug}`;
  return {
    id: IDS.package,
    url: `${registryApi}/packages/${IDS.package}`,
    web_url: `${registryWeb}/packages/${IDS.package}`,
    name: 'banana',
    organization: { id: IDS.organization, slug: org, url: `${API}/organizations/${org}`, web_url: `${WEB}/${org}` },
    registry: {
      id: IDS.registry,
      graphql_id: graphqlId('Registry', IDS.registry),
      slug: registrySlug,
      url: registryApi,
      web_url: registryWeb,
    },
  };
}
