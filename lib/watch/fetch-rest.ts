/**
 * One poll through REST, for tokens without GraphQL access. REST has no "these builds" filter, so the tightest
 * documented grouping is ONE list call over every build the token can see, newest first, created since the oldest
 * watched build (or since auto-watch was turned on): `GET /v2/builds?created_from=…&per_page=100`. It answers all
 * the watched builds, my new builds (matched on the creator's email from the token check) and the stale-build check
 * (a newer build on the same branch) at once. Only builds the page did not hold cost a request each: a build
 * created before the oldest known one, or a busy org with over 100 builds in the window; a missing build is
 * confirmed with its own GET before it is called "not found".
 */
import * as v from 'valibot';
import { restRead } from '../buildkite/rest';
import type { Credentials } from '../buildkite/http';
import { KdFailure } from '../errors';
import { buildKey, normaliseState, safeWebUrl, type BuildObservation, type WatchedBuild } from './model';
import { startedSince, type PollFetch, type PollFetchRequest, type PollFetchResult } from './fetch-types';
import { parseBuildkiteTime } from '../buildkite/schemas';

const PER_PAGE = 100;
const QUEUE_MARGIN_MS = 60 * 60_000;

const RestJob = v.looseObject({
  id: v.string(),
  type: v.string(),
  state: v.nullish(v.string(), null),
  label: v.nullish(v.string(), null),
  name: v.nullish(v.string(), null),
  unblockable: v.nullish(v.boolean(), null),
});
const RestBuild = v.looseObject({
  number: v.number(),
  state: v.string(),
  blocked: v.nullish(v.boolean(), false),
  url: v.string(),
  web_url: v.string(),
  branch: v.nullish(v.string(), ''),
  message: v.nullish(v.string(), null),
  created_at: v.nullish(v.string(), null),
  started_at: v.nullish(v.string(), null),
  creator: v.nullish(v.looseObject({ email: v.nullish(v.string(), null) }), null),
  pipeline: v.nullish(v.looseObject({ slug: v.string(), name: v.string() }), null),
  jobs: v.nullish(v.array(RestJob), []),
});
type RestBuild = v.InferOutput<typeof RestBuild>;

const API_PATH = /\/organizations\/([^/]+)\/pipelines\/([^/]+)\/builds\/(\d+)/;

export function observationFromRest(build: RestBuild): BuildObservation | null {
  const match = API_PATH.exec(build.url);
  if (!match) return null;
  const ref = { org: decodeURIComponent(match[1]!), pipeline: decodeURIComponent(match[2]!), number: build.number };
  return {
    org: ref.org,
    pipeline: ref.pipeline,
    number: build.number,
    pipelineName: build.pipeline?.name ?? decodeURIComponent(match[2]!),
    branch: build.branch ?? '',
    message: build.message,
    webUrl: safeWebUrl(build.web_url, ref),
    state: normaliseState(build.state, build.blocked === true),
    createdAt: build.created_at ? parseBuildkiteTime(build.created_at) : null,
    startedAt: build.started_at ? parseBuildkiteTime(build.started_at) : null,
    blockSteps: (build.jobs ?? [])
      .filter((job) => job.type === 'manual' && job.state === 'blocked')
      .map((job) => ({ jobId: job.id, label: job.label ?? job.name ?? null, unblockable: job.unblockable === true })),
    newer: null,
  };
}

function windowStart(request: PollFetchRequest): number | null {
  const times = request.builds.map((build) => build.createdAt).filter((t): t is number => t !== null);
  // My builds may have been created (queued) a while before they start.
  if (request.autoWatchSince !== null) times.push(request.autoWatchSince - QUEUE_MARGIN_MS);
  return times.length ? Math.min(...times) : null;
}

export function makeRestFetch(myEmail: () => Promise<string | null>): PollFetch {
  return async (credentials: Credentials, request): Promise<PollFetchResult> => {
    const from = windowStart(request);
    let requests = 0;
    let listed: BuildObservation[] = [];
    let myObservations: BuildObservation[] = [];
    if (from !== null) {
      const { value } = await restRead(credentials, {
        path: 'builds',
        searchParams: { created_from: new Date(from).toISOString(), per_page: PER_PAGE },
        schema: v.array(RestBuild),
        scope: 'read_builds',
      });
      requests++;
      listed = value.flatMap((build) => observationFromRest(build) ?? []);
      const email = request.autoWatchSince !== null ? await myEmail() : null;
      const mine = value.filter((build) => email !== null && build.creator?.email === email);
      myObservations = mine.flatMap((build) => observationFromRest(build) ?? []);
    }
    const byKey = new Map(listed.map((observation) => [buildKey(observation), observation]));
    const observations = new Map<string, BuildObservation>();
    const notFound = new Set<string>();
    for (const build of request.builds) {
      let observation = byKey.get(build.key);
      if (!observation) {
        requests++;
        const single = await readOne(credentials, build);
        if (single === 'not-found') notFound.add(build.key);
        else observation = single;
      }
      if (!observation) continue;
      observations.set(build.key, { ...observation, newer: newerOnBranch(observation, listed) });
    }
    const since = request.autoWatchSince;
    const mine = since === null ? [] : myObservations.filter((observation) => startedSince(observation, since));
    return { observations, notFound, mine, requests };
  };
}

async function readOne(credentials: Credentials, build: WatchedBuild): Promise<BuildObservation | 'not-found'> {
  try {
    const { value } = await restRead(credentials, {
      path: `organizations/${encodeURIComponent(build.org)}/pipelines/${encodeURIComponent(build.pipeline)}/builds/${build.number}`,
      schema: RestBuild,
      scope: 'read_builds',
      org: build.org,
    });
    return observationFromRest(value) ?? 'not-found';
  } catch (cause) {
    if (cause instanceof KdFailure && cause.error.kind === 'not-found') return 'not-found';
    throw cause;
  }
}

function newerOnBranch(observation: BuildObservation, listed: readonly BuildObservation[]): BuildObservation['newer'] {
  if (observation.state !== 'blocked') return null;
  const newer = listed
    .filter((o) => o.org === observation.org && o.pipeline === observation.pipeline && o.branch === observation.branch)
    .filter((o) => o.number > observation.number)
    .sort((a, b) => b.number - a.number)[0];
  return newer ? { number: newer.number, webUrl: newer.webUrl, state: newer.state } : null;
}
