/**
 * State transitions → what to notify, exactly once. Each notification has a key remembered in the build's
 * `notified` list (written to storage before the notification is shown), so a repeated poll, a worker restart or a
 * browser restart never sends it again; a poll that first sees a later state (e.g. `failed` after a restart that
 * missed `failing`) still sends what matters now, the result.
 */
import {
  FINAL_STATES,
  isActive,
  type BuildObservation,
  type WatchedBuild,
  type WatchedState,
  type WatchEnd,
  cutMessage,
} from './model';

export type WatchEventKind = 'passed' | 'failed' | 'canceled' | 'skipped' | 'failing' | 'blocked';

export interface WatchEvent {
  kind: WatchEventKind;
  /** The build as it is after this poll. */
  build: WatchedBuild;
  /** Remembered in `build.notified`. */
  notifyKey: string;
}

const FINAL_KIND: Partial<Record<WatchedState, WatchEventKind>> = {
  passed: 'passed',
  failed: 'failed',
  canceled: 'canceled',
  skipped: 'skipped',
  not_run: 'skipped',
};

/** The notifications the build's current state calls for, before removing those already sent. */
export function wantedEvents(
  state: WatchedState,
  blockSteps: WatchedBuild['blockSteps'],
): { kind: WatchEventKind; notifyKey: string }[] {
  const final = FINAL_KIND[state];
  if (final) return [{ kind: final, notifyKey: final }];
  if (state === 'failing') return [{ kind: 'failing', notifyKey: 'failing' }];
  if (state === 'blocked') {
    const ids = blockSteps.map((step) => step.jobId).sort();
    return [{ kind: 'blocked', notifyKey: ids.length ? `blocked:${ids.join(',')}` : 'blocked' }];
  }
  return [];
}

/**
 * A build the user watches by hand is one they are looking at: what it shows now is not news. Its current state
 * counts as notified; only what happens next is.
 */
export function baselineNotified(observation: BuildObservation): string[] {
  return wantedEvents(observation.state, observation.blockSteps).map((event) => event.notifyKey);
}

export function applyObservation(
  build: WatchedBuild,
  observation: BuildObservation,
  now: number,
): { build: WatchedBuild; events: WatchEvent[] } {
  const next: WatchedBuild = {
    ...build,
    pipelineName: observation.pipelineName,
    branch: observation.branch,
    message: cutMessage(observation.message),
    webUrl: observation.webUrl,
    createdAt: observation.createdAt ?? build.createdAt,
    state: observation.state,
    blockSteps: observation.blockSteps,
    newer: observation.newer,
    end: null,
    updatedAt: now,
  };
  const wanted = wantedEvents(observation.state, observation.blockSteps).filter(
    (event) => !build.notified.includes(event.notifyKey),
  );
  next.notified = [...build.notified, ...wanted.map((event) => event.notifyKey)];
  return { build: next, events: wanted.map((event) => ({ ...event, build: next })) };
}

/** What one poll brought back for each active build. */
export type PollOutcome =
  | { kind: 'observed'; observations: ReadonlyMap<string, BuildObservation>; notFound: ReadonlySet<string> }
  | { kind: 'token-invalid' };

/**
 * Applies one poll to the whole list. Builds that weren't polled (already finished or ended) are left as they are.
 * A 404 ends that build's watch with `not-found`; a 401 ends every active watch with `token-invalid`: both show in
 * the list and stop the polling, instead of looping silently.
 */
export function applyPoll(
  list: readonly WatchedBuild[],
  outcome: PollOutcome,
  now: number,
): { list: WatchedBuild[]; events: WatchEvent[] } {
  const events: WatchEvent[] = [];
  const next = list.map((build) => {
    if (!isActive(build)) return build;
    if (outcome.kind === 'token-invalid') return endWatch(build, 'token-invalid', now);
    if (outcome.notFound.has(build.key)) return endWatch(build, 'not-found', now);
    const observation = outcome.observations.get(build.key);
    if (!observation) return build;
    const applied = applyObservation(build, observation, now);
    events.push(...applied.events);
    return applied.build;
  });
  return { list: next, events };
}

export function endWatch(build: WatchedBuild, end: WatchEnd, now: number): WatchedBuild {
  return { ...build, end, updatedAt: now };
}

/** After "Retry failed jobs" the build runs again: its result is news again. */
export function rearmAfterRetry(build: WatchedBuild, now: number): WatchedBuild {
  return {
    ...build,
    state: 'running',
    end: null,
    notified: build.notified.filter((key) => key.startsWith('blocked')),
    updatedAt: now,
  };
}

export function isFinal(state: WatchedState | null): boolean {
  return state !== null && FINAL_STATES.has(state);
}
