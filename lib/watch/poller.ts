/**
 * The poll: one batched request for every watched build (GraphQL; REST fallback), applied to the stored list,
 * notifications decided and remembered before they are shown, the badge refreshed and the next alarm set. Runs on
 * the `kd-watch-poll` alarm only while something is watched (or auto-watch is on).
 */
import { browser } from '#imports';
import { budgetLeft, rateLimitItem } from '../buildkite/rate-limit';
import { refreshBadge } from '../badge';
import { KdFailure, toKdError } from '../errors';
import { readSettings } from '../settings';
import { healthReportItem } from '../token/report-store';
import { credentials } from '../token/service';
import { applyObservation, applyPoll, baselineNotified, type WatchEvent } from './decide';
import { fetchWithGraphQL } from './fetch-graphql';
import { makeRestFetch } from './fetch-rest';
import type { PollFetchResult } from './fetch-types';
import { pruneWatchList } from './budget';
import { nextPollDelay } from './interval';
import { buildKey, isActive, newWatchedBuild, type BuildKeyParts, type WatchedBuild } from './model';
import { planNotifications } from './notification-plan';
import { showPlanned } from './notify';
import {
  notificationRecordsItem,
  readPollState,
  serial,
  watchListItem,
  watchPollItem,
  type WatchPollState,
} from './store';

export const WATCH_ALARM = 'kd-watch-poll';
const MAX_DISMISSED = 200;

const restFetch = makeRestFetch(async () => (await healthReportItem.getValue())?.token?.owner.email ?? null);

/** After GraphQL refused the token while REST worked, polls use REST for this long before trying GraphQL again. */
const GRAPHQL_REFUSED_MS = 60 * 60_000;

/**
 * GraphQL unless the token check found none (or GraphQL refused this token within the hour); on a GraphQL 401,
 * REST decides whether the token itself is dead.
 */
async function fetchAll(list: readonly WatchedBuild[], poll: WatchPollState, now: number) {
  const creds = await credentials();
  const request = { builds: list, autoWatchSince: poll.autoWatchSince };
  const report = await healthReportItem.getValue();
  const refusedLately = poll.graphqlRefusedAt !== null && now - poll.graphqlRefusedAt < GRAPHQL_REFUSED_MS;
  if (report?.graphqlEnabled === false || refusedLately) {
    return { result: await restFetch(creds, request), api: 'rest' as const, graphqlRefusedAt: poll.graphqlRefusedAt };
  }
  try {
    return { result: await fetchWithGraphQL(creds, request), api: 'graphql' as const, graphqlRefusedAt: null };
  } catch (cause) {
    if (!(cause instanceof KdFailure) || cause.error.kind !== 'unauthorized') throw cause;
    const result = await restFetch(creds, request);
    return { result: { ...result, requests: result.requests + 1 }, api: 'rest' as const, graphqlRefusedAt: now };
  }
}

function syncAutoWatch(poll: WatchPollState, autoWatchMine: boolean, now: number): WatchPollState {
  if (autoWatchMine && poll.autoWatchSince === null) return { ...poll, autoWatchSince: now };
  if (!autoWatchMine && poll.autoWatchSince !== null) return { ...poll, autoWatchSince: null };
  return poll;
}

/** My new builds (auto-watch) join the list; what they already show is news (they were never looked at). */
function addMine(list: WatchedBuild[], result: PollFetchResult, poll: WatchPollState, now: number) {
  const events: WatchEvent[] = [];
  for (const observation of result.mine) {
    const key = buildKey(observation);
    if (list.some((b) => b.key === key) || poll.dismissed.includes(key)) continue;
    const applied = applyObservation(newWatchedBuild(observation, 'auto', now, observation), observation, now);
    list.push(applied.build);
    events.push(...applied.events);
  }
  return events;
}

async function schedule(poll: WatchPollState, list: readonly WatchedBuild[], now: number): Promise<WatchPollState> {
  const snapshot = (await rateLimitItem.getValue())[poll.api ?? 'graphql'];
  const delay = nextPollDelay({
    activeCount: list.filter(isActive).length,
    autoWatch: poll.autoWatchSince !== null,
    budgetLeft: budgetLeft(snapshot),
    errorsInRow: poll.errorsInRow,
    retryAt: poll.retryAt,
    tokenRefused: poll.lastError?.kind === 'unauthorized' || poll.lastError?.kind === 'no-token',
    now,
  });
  if (delay === null) {
    await browser.alarms.clear(WATCH_ALARM);
    return { ...poll, nextPollAt: null };
  }
  await browser.alarms.create(WATCH_ALARM, { when: now + delay });
  return { ...poll, nextPollAt: now + delay };
}

/** Re-sends what was decided but maybe not shown (same ids: shown twice means replaced, never duplicated). */
export async function flushOutbox(): Promise<void> {
  const poll = await readPollState();
  if (!poll.outbox.length) return;
  await showPlanned(poll.outbox);
  await watchPollItem.setValue({ ...(await readPollState()), outbox: [] });
}

let running: Promise<void> | null = null;

/** One poll. Overlapping calls (alarm + popup "Check now") join the same run. */
export function runWatchPoll(): Promise<void> {
  running ??= serial(pollOnce).finally(() => {
    running = null;
  });
  return running;
}

async function pollOnce(): Promise<void> {
  await flushOutbox();
  const now = Date.now();
  const settings = await readSettings();
  let poll = syncAutoWatch(await readPollState(), settings.autoWatchMine, now);
  let list = await watchListItem.getValue();
  const before = list;
  const active = list.filter(isActive);
  if (active.length === 0 && poll.autoWatchSince === null) {
    await watchPollItem.setValue(await schedule(poll, list, now));
    await refreshBadge();
    return;
  }
  // A safety net: if the worker stops mid-poll, the next alarm still comes.
  await browser.alarms.create(WATCH_ALARM, { when: now + 60_000 });
  let events: WatchEvent[] = [];
  try {
    const { result, api, graphqlRefusedAt } = await fetchAll(active, poll, now);
    const applied = applyPoll(
      list,
      { kind: 'observed', observations: result.observations, notFound: result.notFound },
      now,
    );
    list = applied.list;
    events = [...applied.events, ...addMine(list, result, poll, now)];
    poll = {
      ...poll,
      api,
      graphqlRefusedAt,
      lastPollAt: now,
      lastRequests: result.requests,
      errorsInRow: 0,
      lastError: null,
      retryAt: null,
    };
  } catch (cause) {
    const error = toKdError(cause);
    if (error.kind === 'unauthorized' || error.kind === 'no-token') {
      list = applyPoll(list, { kind: 'token-invalid' }, now).list;
      poll = { ...poll, lastPollAt: now, lastError: error, errorsInRow: 0, retryAt: null };
    } else {
      poll = {
        ...poll,
        lastPollAt: now,
        lastError: error,
        errorsInRow: poll.errorsInRow + 1,
        retryAt: error.retryAt ?? null,
      };
    }
  }
  // No "Retry failed jobs" button in read-only mode, or when the token can't write builds.
  const scopes = (await healthReportItem.getValue())?.token?.scopes;
  const plans = planNotifications(
    events,
    settings.readOnly || (scopes !== undefined && !scopes.includes('write_builds')),
  );
  // Remembered first (list with `notified`, and the outbox), shown second: a stop in between re-sends, never repeats.
  // Pruned to its budget, and written only when something changed (most polls change nothing).
  list = pruneWatchList(list, now);
  if (JSON.stringify(list) !== JSON.stringify(before)) await watchListItem.setValue(list);
  poll = await schedule({ ...poll, outbox: plans }, list, now);
  await watchPollItem.setValue(poll);
  await showPlanned(plans);
  await watchPollItem.setValue({ ...(await readPollState()), outbox: [] });
  await refreshBadge();
}

/** Reads one build and adds it to the list; what it shows now counts as seen (baseline). */
export function watchBuild(ref: BuildKeyParts, source: WatchedBuild['source']): Promise<WatchedBuild> {
  return serial(async () => {
    const key = buildKey(ref);
    const now = Date.now();
    const list = await watchListItem.getValue();
    const existing = list.find((b) => b.key === key);
    if (existing && isActive(existing)) return existing;
    const creds = await credentials();
    const report = await healthReportItem.getValue();
    const probe = newWatchedBuild(ref, source, now);
    const request = { builds: [probe], autoWatchSince: null };
    let result: PollFetchResult;
    try {
      result =
        report?.graphqlEnabled === false ? await restFetch(creds, request) : await fetchWithGraphQL(creds, request);
    } catch (cause) {
      if (!(cause instanceof KdFailure) || cause.error.kind !== 'unauthorized' || report?.graphqlEnabled === false)
        throw cause;
      result = await restFetch(creds, request);
    }
    const observation = result.observations.get(key);
    if (!observation) {
      throw new KdFailure({
        kind: 'not-found',
        title: 'Build not found',
        detail: `Buildkite has no build ${ref.org}/${ref.pipeline} #${ref.number} that this token can see.`,
        action: 'Check the URL, and that the token has access to this organisation.',
      });
    }
    const added: WatchedBuild = {
      ...applyObservation(newWatchedBuild(ref, source, now, observation), observation, now).build,
      notified: baselineNotified(observation),
    };
    await watchListItem.setValue(pruneWatchList([...list.filter((b) => b.key !== key), added], now));
    const poll = await readPollState();
    const dismissed = poll.dismissed.filter((k) => k !== key);
    await watchPollItem.setValue(await schedule({ ...poll, dismissed }, [...list, added], now));
    await refreshBadge();
    return added;
  });
}

export function unwatchBuild(ref: BuildKeyParts): Promise<void> {
  return serial(async () => {
    const key = buildKey(ref);
    const list = (await watchListItem.getValue()).filter((b) => b.key !== key);
    await watchListItem.setValue(list);
    const poll = await readPollState();
    const dismissed = [...poll.dismissed.filter((k) => k !== key), key].slice(-MAX_DISMISSED);
    await watchPollItem.setValue(await schedule({ ...poll, dismissed }, list, Date.now()));
    await refreshBadge();
  });
}

/** "Clear the watch list" (options): nothing watched, nothing pending; auto-watch does not add these back. */
export function unwatchAll(): Promise<void> {
  return serial(async () => {
    const keys = (await watchListItem.getValue()).map((b) => b.key);
    await watchListItem.setValue([]);
    await notificationRecordsItem.setValue({});
    const poll = await readPollState();
    const dismissed = [...poll.dismissed.filter((k) => !keys.includes(k)), ...keys].slice(-MAX_DISMISSED);
    await watchPollItem.setValue(
      await schedule({ ...poll, dismissed, outbox: [], lastError: null, errorsInRow: 0 }, [], Date.now()),
    );
    await refreshBadge();
  });
}

/** After a token problem is fixed: the builds that ended with "token invalid" are watched again. */
export function resumeWatching(): Promise<void> {
  return serial(async () => {
    const list = (await watchListItem.getValue()).map((b) => (b.end === 'token-invalid' ? { ...b, end: null } : b));
    await watchListItem.setValue(list);
    await watchPollItem.setValue(
      await schedule({ ...(await readPollState()), lastError: null, errorsInRow: 0 }, list, Date.now()),
    );
  }).then(() => runWatchPoll());
}

/**
 * A token was saved: if polling stopped because Buildkite refused the old one, it starts again (auto-watch looks
 * for my builds again; builds that ended with "token invalid" wait for the popup's "Resume watching").
 */
export function afterTokenSaved(): Promise<void> {
  return serial(async () => {
    const poll = await readPollState();
    if (poll.lastError?.kind !== 'unauthorized' && poll.lastError?.kind !== 'no-token') return;
    const settings = await readSettings();
    const now = Date.now();
    const cleared = syncAutoWatch({ ...poll, lastError: null, errorsInRow: 0 }, settings.autoWatchMine, now);
    await watchPollItem.setValue(await schedule(cleared, await watchListItem.getValue(), now));
  });
}

/** On wake: re-send anything decided but not shown, make sure the alarm exists while something is watched. */
export async function resumeAfterWake(): Promise<void> {
  await flushOutbox();
  const alarm = await browser.alarms.get(WATCH_ALARM);
  if (alarm) return;
  const settings = await readSettings();
  const poll = syncAutoWatch(await readPollState(), settings.autoWatchMine, Date.now());
  await watchPollItem.setValue(await schedule(poll, await watchListItem.getValue(), Date.now()));
}

/** The auto-watch option changed (options page or popup): start or stop looking for my builds. */
export async function onAutoWatchChanged(): Promise<void> {
  await serial(async () => {
    const settings = await readSettings();
    const now = Date.now();
    const poll = syncAutoWatch(await readPollState(), settings.autoWatchMine, now);
    await watchPollItem.setValue(await schedule(poll, await watchListItem.getValue(), now));
  });
}
