/**
 * The watch list: builds the user asked Kitedeck to watch, with what was last seen and what was already notified.
 * Plain data kept in `storage.local` (lib/watch/store.ts), so a sleeping worker or a browser restart loses
 * nothing and notifies nothing twice.
 */
import { safeBuildkiteUrl } from '../safe-url';

/** Lower-case build states as Kitedeck shows them; a blocked build reads `blocked` (GraphQL's BLOCKED). */
export type WatchedState =
  | 'creating'
  | 'scheduled'
  | 'running'
  | 'failing'
  | 'blocked'
  | 'canceling'
  | 'passed'
  | 'failed'
  | 'canceled'
  | 'skipped'
  | 'not_run';

/** States after which a build never changes again (a rebuild is a new build). */
export const FINAL_STATES: ReadonlySet<WatchedState> = new Set(['passed', 'failed', 'canceled', 'skipped', 'not_run']);
/** States the badge counts as "running". */
export const RUNNING_STATES: ReadonlySet<WatchedState> = new Set([
  'creating',
  'scheduled',
  'running',
  'failing',
  'canceling',
]);

/** Why a watch stopped without its build finishing. */
export type WatchEnd = 'not-found' | 'token-invalid';

export interface BlockStep {
  /** The block job's UUID: the build page's `#fragment` opens its unblock form. */
  jobId: string;
  label: string | null;
  /** The user may unblock it (GraphQL `isUnblockable`, REST `unblockable`). */
  unblockable: boolean;
}

export interface NewerBuild {
  number: number;
  webUrl: string;
  state: string;
}

/** What one poll saw of one build. */
export interface BuildObservation {
  org: string;
  pipeline: string;
  number: number;
  pipelineName: string;
  branch: string;
  message: string | null;
  webUrl: string;
  state: WatchedState;
  createdAt: number | null;
  /** When it started running (auto-watch picks up my builds that start after it was turned on). */
  startedAt: number | null;
  blockSteps: BlockStep[];
  /** The newest build on the same pipeline and branch, when newer than this one (only looked up while blocked). */
  newer: NewerBuild | null;
}

export interface WatchedBuild {
  /** `org/pipeline/number` */
  key: string;
  org: string;
  pipeline: string;
  number: number;
  pipelineName: string;
  branch: string;
  message: string | null;
  webUrl: string;
  createdAt: number | null;
  /** null until the first poll saw it. */
  state: WatchedState | null;
  blockSteps: BlockStep[];
  newer: NewerBuild | null;
  /** Notification keys already sent for this build (see lib/watch/decide.ts). */
  notified: string[];
  end: WatchEnd | null;
  source: 'popup' | 'page' | 'auto';
  addedAt: number;
  updatedAt: number;
}

export interface BuildKeyParts {
  org: string;
  pipeline: string;
  number: number;
}

export const buildKey = (ref: BuildKeyParts): string => `${ref.org}/${ref.pipeline}/${ref.number}`;

/** Still polled: not finished, not ended by a 404/401. Blocked builds stay watched until they finish. */
export function isActive(build: WatchedBuild): boolean {
  return build.end === null && (build.state === null || !FINAL_STATES.has(build.state));
}

/** Maps Buildkite's states (GraphQL upper-case enums or REST lower-case, with REST's `blocked: true`). */
export function normaliseState(raw: string, blocked = false): WatchedState {
  const state = raw.toLowerCase();
  if (blocked || state === 'blocked') return 'blocked';
  switch (state) {
    case 'creating':
    case 'scheduled':
    case 'running':
    case 'failing':
    case 'canceling':
    case 'passed':
    case 'failed':
    case 'canceled':
    case 'skipped':
    case 'not_run':
      return state;
    case 'waiting':
      return 'scheduled';
    case 'waiting_failed':
      return 'failed';
    default:
      return 'running';
  }
}

export const MESSAGE_MAX_CHARS = 160;

/** A commit message as the watch list keeps it (storage budget): its first line, at most 160 characters. */
export function cutMessage(message: string | null): string | null {
  if (message === null) return null;
  const first = message.split(/\r?\n/, 1)[0]!.trim();
  return first.length > MESSAGE_MAX_CHARS ? `${first.slice(0, MESSAGE_MAX_CHARS - 1)}…` : first;
}

export function newWatchedBuild(
  ref: BuildKeyParts,
  source: WatchedBuild['source'],
  now: number,
  observation?: BuildObservation,
): WatchedBuild {
  return {
    key: buildKey(ref),
    org: ref.org,
    pipeline: ref.pipeline,
    number: ref.number,
    pipelineName: observation?.pipelineName ?? ref.pipeline,
    branch: observation?.branch ?? '',
    message: cutMessage(observation?.message ?? null),
    webUrl: observation?.webUrl ?? `https://buildkite.com/${ref.org}/${ref.pipeline}/builds/${ref.number}`,
    createdAt: observation?.createdAt ?? null,
    state: null,
    blockSteps: [],
    newer: null,
    notified: [],
    end: null,
    source,
    addedAt: now,
    updatedAt: now,
  };
}

/**
 * Build links come from the API and end up in the popup's links and in opened tabs: only Buildkite's own https
 * pages pass; anything else is replaced by the build page built from its slugs.
 */
export function safeWebUrl(url: string, ref: BuildKeyParts): string {
  const safe = safeBuildkiteUrl(url);
  if (safe) return safe;
  return `https://buildkite.com/${encodeURIComponent(ref.org)}/${encodeURIComponent(ref.pipeline)}/builds/${ref.number}`;
}

/** The builds waiting on a block step the user can unblock (the popup's inbox). */
export function blockedInbox(list: readonly WatchedBuild[]): WatchedBuild[] {
  return list.filter((b) => b.end === null && b.state === 'blocked' && b.blockSteps.some((s) => s.unblockable));
}
