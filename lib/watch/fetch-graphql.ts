/** One poll through GraphQL: ONE request for every watched build, the stale-build check and my newest builds. */
import * as v from 'valibot';
import { runGraphQLWithErrors } from '../buildkite/graphql';
import type { Credentials } from '../buildkite/http';
import {
  MyBuildsResult,
  NewestOnBranchResult,
  WatchedBuildResult,
  watchQueryDocument,
  watchQueryVariables,
  WatchPollResult,
  type WatchQueryInput,
} from './documents';
import { parseBuildkiteTime } from '../buildkite/schemas';
import { normaliseState, safeWebUrl, type BuildObservation, type NewerBuild, type WatchedBuild } from './model';
import { startedSince, type PollFetch, type PollFetchResult } from './fetch-types';

export function observationFromGraphQL(node: WatchedBuildResult): BuildObservation {
  return {
    org: node.organization.slug,
    pipeline: node.pipeline.slug,
    number: node.number,
    pipelineName: node.pipeline.name,
    branch: node.branch,
    message: node.message,
    webUrl: safeWebUrl(node.url, { org: node.organization.slug, pipeline: node.pipeline.slug, number: node.number }),
    state: normaliseState(node.state),
    createdAt: node.createdAt ? parseBuildkiteTime(node.createdAt) : null,
    startedAt: node.startedAt ? parseBuildkiteTime(node.startedAt) : null,
    blockSteps: (node.jobs?.edges ?? []).flatMap((edge) => {
      const job = edge?.node;
      if (!job || job.__typename !== 'JobTypeBlock' || !job.uuid) return [];
      return [{ jobId: job.uuid, label: job.label ?? null, unblockable: job.isUnblockable === true }];
    }),
    newer: null,
  };
}

export function queryInputFor(builds: readonly WatchedBuild[], mine: boolean): WatchQueryInput {
  return {
    builds: builds.map((build) => build.key),
    newest: builds
      .filter((build) => build.state === 'blocked' && build.branch)
      .map((build) => ({ pipeline: `${build.org}/${build.pipeline}`, branch: build.branch })),
    mine,
  };
}

/** At most this many watched builds (aliases) in one poll document; more are split into several requests. */
export const MAX_ALIASES = 50;

export const fetchWithGraphQL: PollFetch = async (credentials: Credentials, request): Promise<PollFetchResult> => {
  if (request.builds.length <= MAX_ALIASES) return fetchChunk(credentials, request);
  const results: PollFetchResult[] = [];
  for (let start = 0; start < request.builds.length; start += MAX_ALIASES) {
    const builds = request.builds.slice(start, start + MAX_ALIASES);
    // My newest builds (auto-watch) are asked once, with the first part.
    results.push(
      await fetchChunk(credentials, { builds, autoWatchSince: start === 0 ? request.autoWatchSince : null }),
    );
  }
  return {
    observations: new Map(results.flatMap((result) => [...result.observations])),
    notFound: new Set(results.flatMap((result) => [...result.notFound])),
    mine: results.flatMap((result) => result.mine),
    requests: results.reduce((sum, result) => sum + result.requests, 0),
  };
};

const fetchChunk: PollFetch = async (credentials: Credentials, request): Promise<PollFetchResult> => {
  const input = queryInputFor(request.builds, request.autoWatchSince !== null);
  const { data, errors } = await runGraphQLWithErrors(
    credentials,
    watchQueryDocument(input),
    watchQueryVariables(input),
    WatchPollResult,
  );
  // An alias nulled by an error (its path) is unknown this poll, not gone: only a null without an error means the
  // build does not exist (or this token cannot see it), which is how `build(slug:)` answers a missing build.
  const erred = new Set(errors.flatMap((error) => (error.path?.length ? [String(error.path[0])] : [])));
  const unplaced = errors.some((error) => !error.path?.length);
  const observations = new Map<string, BuildObservation>();
  const notFound = new Set<string>();
  request.builds.forEach((build, i) => {
    const raw = data[`b${i}`];
    if (raw === null || raw === undefined) {
      if (!unplaced && !erred.has(`b${i}`)) notFound.add(build.key);
      return;
    }
    const parsed = v.safeParse(WatchedBuildResult, raw);
    if (parsed.success) observations.set(build.key, observationFromGraphQL(parsed.output));
  });
  const blocked = request.builds.filter((build) => build.state === 'blocked' && build.branch);
  blocked.forEach((build, i) => {
    const parsed = v.safeParse(v.nullable(NewestOnBranchResult), data[`n${i}`]);
    const newest = parsed.success ? parsed.output?.builds?.edges?.[0]?.node : null;
    const observation = observations.get(build.key);
    if (observation && newest && newest.number > build.number) {
      observation.newer = {
        number: newest.number,
        webUrl: safeWebUrl(newest.url, { org: build.org, pipeline: build.pipeline, number: newest.number }),
        state: newest.state.toLowerCase(),
      } satisfies NewerBuild;
    }
  });
  const mine: BuildObservation[] = [];
  if (request.autoWatchSince !== null) {
    const parsed = v.safeParse(v.nullable(MyBuildsResult), data.mine);
    for (const edge of (parsed.success ? parsed.output?.builds?.edges : null) ?? []) {
      const node = v.safeParse(WatchedBuildResult, edge?.node);
      if (!node.success) continue;
      const observation = observationFromGraphQL(node.output);
      if (startedSince(observation, request.autoWatchSince)) mine.push(observation);
    }
  }
  return { observations, notFound, mine, requests: 1 };
};
