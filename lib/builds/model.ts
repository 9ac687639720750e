/**
 * The build as Kitedeck's in-page UI sees it, the same whether the background read it through GraphQL (one request
 * per page view) or REST (fallback when the token has no GraphQL access). Plain data: it crosses messaging.
 * States are Buildkite's, lower-case (REST spelling): GraphQL's upper-case enums are mapped when read.
 */
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

export type JobType = 'command' | 'block' | 'trigger' | 'wait';

/** A field of a block step's form (Buildkite's `fields`: text or select). */
export interface BlockField {
  key: string;
  kind: 'text' | 'select';
  label: string;
  hint: string | null;
  required: boolean;
  default: string | string[] | null;
  /** select only */
  multiple: boolean;
  options: { label: string; value: string }[];
  /** text only: the step's `format` regular expression, when Buildkite's answer carried it. */
  format?: string | null;
}

/** One of a step's automatic retry rules (GraphQL `retryRules.automatic`); `*` or null matches anything. */
export interface AutomaticRetryRule {
  exitStatus: string | null;
  signal: string | null;
  signalReason: string | null;
  limit: number | null;
}

export interface JobView {
  /** The job's UUID (what the page's `#fragment` and REST paths use). */
  id: string;
  graphqlId: string | null;
  type: JobType;
  label: string | null;
  /** Lower-case job state, e.g. `failed`, `passed`, `running`, `blocked`, `timed_out`, `canceled`, `broken`. */
  state: string;
  /** For finished command jobs: passed or not; null when unknown. */
  passed: boolean | null;
  softFailed: boolean;
  exitStatus: number | null;
  signal: string | null;
  /** Lower-case, e.g. `agent_stop`, `cancel`, `process_run_error`; null when the job was not signalled. */
  signalReason: string | null;
  retried: boolean;
  retriedInJobId: string | null;
  retriesCount: number;
  retryType: 'automatic' | 'manual' | null;
  webUrl: string;
  /** Block steps */
  unblockable: boolean | null;
  prompt: string | null;
  /** The block step's fields when Buildkite's answer carried them; null when unknown (the form then lets the user add key/values). */
  fields: BlockField[] | null;
  /** Trigger steps */
  triggered: { number: number; url: string } | null;
  /**
   * The step's retry rules when the API said (GraphQL only; REST does not expose them): `manual: false` means the
   * step forbids manual retries; `automatic` lists the rules Buildkite applies by itself after a failure.
   */
  retryRules?: { manual: boolean | null; automatic: AutomaticRetryRule[] } | null;
}

export interface BuildView {
  /** UUID */
  id: string;
  graphqlId: string | null;
  number: number;
  state: BuildState;
  /**
   * A blocked build keeps its last state and has `blocked: true` (REST). GraphQL's state BLOCKED is mapped the same
   * way (its `blockedState` PASSED/FAILED/RUNNING becomes `state`), so both sources give the same view.
   */
  blocked: boolean;
  webUrl: string;
  branch: string;
  commit: string;
  message: string | null;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  org: string;
  pipeline: { slug: string; name: string; graphqlId: string | null };
  jobs: JobView[];
  /** Which API answered: tells the UI whether GraphQL-only actions (job cancel) are possible. */
  source: 'graphql' | 'rest';
}

/** What the token and the user's settings allow on this page; the UI disables or hides controls from it. */
export interface BuildCapabilities {
  scopes: string[];
  graphql: boolean;
  canRead: boolean;
  canWrite: boolean;
  canReadLogs: boolean;
  readOnlyMode: boolean;
}

export interface BuildRef {
  org: string;
  pipeline: string;
  number: number;
}

export interface RetriedJob {
  oldJobId: string;
  newJobId: string | null;
}

/** What a "Retry failed jobs" answers, from the build page, the popup's watch list and the notifications alike. */
export interface RetryFailedJobsResult {
  retried: RetriedJob[];
  /** The build read again after the retry. */
  build: BuildView;
  /** Confirmed jobs not sent because they are no longer retryable, with why. */
  skipped: { jobId: string; reason: string }[];
}
