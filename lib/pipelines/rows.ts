import * as v from 'valibot';
import { parseBuildkiteTime } from '../buildkite/schemas';
import type { BuildState } from '../builds/model';
import type { GraphQLBuildRow } from './documents';
import type { BuildRow } from './model';

/** Both APIs' builds as list rows (pure). GraphQL's BLOCKED keeps the state it blocked in, like REST's `blocked`. */

const STATES: readonly BuildState[] = [
  'creating',
  'scheduled',
  'running',
  'passed',
  'failing',
  'failed',
  'blocked',
  'canceling',
  'canceled',
  'skipped',
  'not_run',
  'waiting',
  'waiting_failed',
];

export function stateOf(raw: string): BuildState {
  const lower = raw.toLowerCase() as BuildState;
  return STATES.includes(lower) ? lower : 'running';
}

const time = (text: string | null | undefined): number | null => (text ? parseBuildkiteTime(text) : null);

export function rowFromGraphQL(
  node: Omit<GraphQLBuildRow, 'createdBy' | 'pipeline'> & Partial<Pick<GraphQLBuildRow, 'createdBy' | 'pipeline'>>,
  fallback: { org: string; pipeline: string },
): BuildRow {
  const blocked = node.state.toUpperCase() === 'BLOCKED';
  return {
    id: node.uuid,
    graphqlId: node.id,
    org: node.pipeline?.organization?.slug ?? fallback.org,
    pipeline: node.pipeline?.slug ?? fallback.pipeline,
    number: node.number,
    state: blocked && node.blockedState ? stateOf(node.blockedState) : stateOf(node.state),
    blocked,
    branch: node.branch,
    commit: node.commit,
    message: node.message,
    createdAt: time(node.createdAt),
    webUrl: node.url,
    creator: node.createdBy?.userName ?? node.createdBy?.guestName ?? null,
  };
}

const nullish = <S extends v.GenericSchema>(schema: S) => v.nullish(schema, null);

/** `GET …/builds` items (digest §2.5 build object), the fields a row shows. */
export const RestBuildRow = v.looseObject({
  id: v.string(),
  graphql_id: nullish(v.string()),
  web_url: v.string(),
  url: nullish(v.string()),
  number: v.number(),
  state: v.string(),
  blocked: nullish(v.boolean()),
  message: nullish(v.string()),
  commit: v.string(),
  branch: v.string(),
  created_at: nullish(v.string()),
  creator: nullish(v.looseObject({ name: nullish(v.string()) })),
  pipeline: nullish(v.looseObject({ slug: v.string() })),
});
export type RestBuildRow = v.InferOutput<typeof RestBuildRow>;

/** The org slug from a REST build's API `url` (`…/organizations/{org}/pipelines/{p}/builds/{n}`) or web URL. */
function orgFromUrls(build: RestBuildRow): string | null {
  const api = build.url ? /\/organizations\/([^/]+)\/pipelines\//.exec(build.url)?.[1] : undefined;
  if (api) return api;
  try {
    return new URL(build.web_url).pathname.split('/')[1] ?? null;
  } catch {
    return null;
  }
}

export function rowFromRest(build: RestBuildRow, fallback: { org: string | null; pipeline: string | null }): BuildRow {
  return {
    id: build.id,
    graphqlId: build.graphql_id,
    org: orgFromUrls(build) ?? fallback.org ?? '',
    pipeline: build.pipeline?.slug ?? fallback.pipeline ?? '',
    number: build.number,
    state: stateOf(build.state),
    blocked: build.blocked === true,
    branch: build.branch,
    commit: build.commit,
    message: build.message,
    createdAt: time(build.created_at),
    webUrl: build.web_url,
    creator: build.creator?.name ?? null,
  };
}

/** REST list `state[]` values for build states (REST spells them lower-case). GraphQL takes upper-case enums. */
export const graphqlStates = (states: readonly BuildState[] | undefined) =>
  states?.length ? states.map((state) => state.toUpperCase()) : undefined;
