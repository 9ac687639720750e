import type { PolicyVariant } from './undocumented';
import { randomUUID } from 'node:crypto';
import type { AnnotationRec, ArtifactRec } from './logs';

/** The fake's data model: plain records; serializers (rest-json.ts, graphql.ts) shape them for each API. */

export type JobType = 'script' | 'waiter' | 'manual' | 'trigger';

/** REST job states (rest_api/jobs.md). `passed`/`failed` are what REST shows for finished command jobs. */
export type JobState =
  | 'pending'
  | 'waiting'
  | 'waiting_failed'
  | 'blocked'
  | 'blocked_failed'
  | 'unblocked'
  | 'unblocked_failed'
  | 'scheduled'
  | 'assigned'
  | 'accepted'
  | 'running'
  | 'passed'
  | 'failed'
  | 'timed_out'
  | 'timing_out'
  | 'canceled'
  | 'canceling'
  | 'skipped'
  | 'broken'
  | 'expired'
  | 'limited';

/** REST build states. A blocked build keeps its last state and has `blocked: true`. */
export type BuildState =
  | 'creating'
  | 'scheduled'
  | 'running'
  | 'passed'
  | 'failing'
  | 'failed'
  | 'blocked'
  | 'canceling'
  | 'canceled'
  | 'skipped'
  | 'not_run'
  | 'waiting'
  | 'waiting_failed';

/** A block step field, as written in pipeline YAML (`text` / `select`). */
export type BlockField =
  | { type: 'text'; key: string; text: string; hint?: string; required: boolean; default?: string; format?: string }
  | {
      type: 'select';
      key: string;
      select: string;
      hint?: string;
      required: boolean;
      multiple: boolean;
      default?: string | string[];
      options: { label: string; value: string }[];
    };

export interface UserRec {
  id: string;
  name: string;
  email: string;
  createdAt: string;
}

export interface TokenRec {
  value: string;
  uuid: string;
  scopes: string[];
  description: string | null;
  createdAt: string;
  /** ISO, or null: never expires */
  expiresAt: string | null;
  revoked: boolean;
  /** refused by an IP allowlist / SSO policy, in one of the undocumented shapes (undocumented.ts) */
  ipBlocked: false | PolicyVariant;
  /** org slugs this token can access; null = every org */
  orgs: string[] | null;
  userId: string;
}

export interface OrgRec {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export interface PipelineRec {
  id: string;
  org: string;
  slug: string;
  name: string;
  description: string | null;
  repository: string;
  defaultBranch: string;
  createdAt: string;
  createdById: string;
}

export interface JobRec {
  id: string;
  type: JobType;
  name: string | null;
  stepKey: string | null;
  stepId: string;
  command: string | null;
  state: JobState;
  exitStatus: number | null;
  softFailed: boolean;
  signal: string | null;
  signalReason: string | null;
  agentQueryRules: string[];
  priority: number;
  createdAt: string;
  scheduledAt: string | null;
  runnableAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  canceledAt: string | null;
  expiredAt: string | null;
  retried: boolean;
  retriedInJobId: string | null;
  retriesCount: number | null;
  retryType: 'manual' | 'automatic' | null;
  retrySourceJobId: string | null;
  retriedById: string | null;
  agentName: string | null;
  log: string | null;
  // block (manual) jobs
  prompt: string | null;
  fields: BlockField[] | null;
  unblockedById: string | null;
  unblockedAt: string | null;
  unblockedFields: Record<string, unknown> | null;
  // trigger jobs
  async: boolean;
  triggeredBuildId: string | null;
}

export interface BuildRec {
  id: string;
  number: number;
  org: string;
  pipeline: string;
  state: BuildState;
  blocked: boolean;
  message: string;
  commit: string;
  branch: string;
  env: Record<string, string>;
  source: 'webhook' | 'api' | 'ui' | 'trigger_job' | 'schedule';
  creatorId: string;
  jobs: JobRec[];
  createdAt: string;
  scheduledAt: string;
  startedAt: string | null;
  failingAt: string | null;
  finishedAt: string | null;
  canceledAt: string | null;
  canceledById: string | null;
  cancelReason: string | null;
  metaData: Record<string, string>;
  pullRequest: Record<string, unknown> | null;
  rebuiltFromId: string | null;
  triggeredFromJobId: string | null;
  /** Annotations and artifacts (tests/fake-buildkite/logs.ts); absent = none. */
  annotations?: AnnotationRec[];
  artifacts?: ArtifactRec[];
  /** API request sequence number of the cancel: a read in any later request moves `canceling` to `canceled` */
  cancelRequestSeq: number | null;
}

export interface FakeState {
  users: UserRec[];
  tokens: TokenRec[];
  orgs: OrgRec[];
  pipelines: PipelineRec[];
  builds: BuildRec[];
}

export const iso = (ms: number = Date.now()): string => new Date(ms).toISOString();

export function newJob(p: Partial<JobRec> & { id: string; type: JobType }): JobRec {
  const createdAt = p.createdAt ?? iso();
  return {
    name: null,
    stepKey: null,
    stepId: p.stepId ?? randomUUID(),
    command: null,
    state: 'scheduled',
    exitStatus: null,
    softFailed: false,
    signal: null,
    signalReason: null,
    agentQueryRules: ['queue=default'],
    priority: 0,
    createdAt,
    scheduledAt: createdAt,
    runnableAt: null,
    startedAt: null,
    finishedAt: null,
    canceledAt: null,
    expiredAt: null,
    retried: false,
    retriedInJobId: null,
    retriesCount: null,
    retryType: null,
    retrySourceJobId: null,
    retriedById: null,
    agentName: null,
    log: null,
    prompt: null,
    fields: null,
    unblockedById: null,
    unblockedAt: null,
    unblockedFields: null,
    async: false,
    triggeredBuildId: null,
    ...p,
  };
}

export function newBuild(
  p: Partial<BuildRec> & { id: string; number: number; org: string; pipeline: string; creatorId: string },
): BuildRec {
  const createdAt = p.createdAt ?? iso();
  return {
    state: 'scheduled',
    blocked: false,
    message: 'Update README',
    commit: 'a'.repeat(40),
    branch: 'main',
    env: {},
    source: 'webhook',
    jobs: [],
    createdAt,
    scheduledAt: createdAt,
    startedAt: null,
    failingAt: null,
    finishedAt: null,
    canceledAt: null,
    canceledById: null,
    cancelReason: null,
    metaData: {},
    pullRequest: null,
    rebuiltFromId: null,
    triggeredFromJobId: null,
    cancelRequestSeq: null,
    ...p,
  };
}

/** Buildkite's access-token timestamp format: `YYYY-MM-DD HH:MM:SS UTC`. */
export function utcStamp(isoString: string): string {
  return `${isoString.slice(0, 10)} ${isoString.slice(11, 19)} UTC`;
}
