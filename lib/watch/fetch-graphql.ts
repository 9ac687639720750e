/** One poll through GraphQL: ONE request for every watched build, the stale-build check and my newest builds. */
import * as v from 'valibot';
import { runGraphQL } from '../buildkite/graphql';
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

export const fetchWithGraphQL: PollFetch = async (credentials: Credentials, request): Promise<PollFetchResult> => {
  const input = queryInputFor(request.builds, request.autoWatchSince !== null);
  const data = await runGraphQL(credentials, watchQueryDocument(input), watchQueryVariables(input), WatchPollResult);
  const observations = new Map<string, BuildObservation>();
  const notFound = new Set<string>();
  request.builds.forEach((build, i) => {
    const raw = data[`b${i}`];
    if (raw === null || raw === undefined) {
      notFound.add(build.key);
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
