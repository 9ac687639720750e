import * as v from 'valibot';
import type { Credentials } from '../buildkite/http';
import { restRead, restWrite } from '../buildkite/rest';
import { runChecked } from '../buildkite/graphql';
import { hasScope } from '../builds/read';
import { KdFailure } from '../errors';
import {
  BuildCreateMutation,
  BuildCreateResult,
  BuildInputsQuery,
  BuildInputsResult,
  MyBuildsQuery,
  MyBuildsResult,
  PipelineBuildsQuery,
  PipelineBuildsResult,
} from './documents';
import type { BuildRow, ListQuery } from './model';
import { graphqlInput, restBody, type NewBuildForm } from './new-build';
import { graphqlStates, rowFromGraphQL, rowFromRest, RestBuildRow } from './rows';

/**
 * Build lists and new builds, against Buildkite. A list is ONE request for 100 builds (GraphQL `pipeline.builds` /
 * `viewer.builds`, else REST `GET …/builds?per_page=100&exclude_jobs=true`). A new build is ONE write, sent once.
 */

export const LIST_SIZE = 100;

export const useGraphQL = (credentials: Credentials): boolean => hasScope(credentials, 'graphql') !== false;

export interface BuildList {
  rows: BuildRow[];
  /** Pipeline lists: its GraphQL id (a new build over GraphQL needs it) and default branch, when the API said. */
  pipeline: { graphqlId: string | null; defaultBranch: string | null } | null;
  api: 'graphql' | 'rest';
}

const nodes = <T>(edges: readonly ({ node: T | null } | null)[] | null | undefined): T[] =>
  (edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []));

const notFound = (what: string) =>
  new KdFailure({
    kind: 'not-found',
    title: 'Not found',
    detail: `Buildkite has no ${what}, or the token cannot see it.`,
    action: 'Check the URL, and that the token can access this organisation.',
  });

async function listViaGraphQL(credentials: Credentials, query: ListQuery): Promise<BuildList> {
  const state = graphqlStates(query.states?.filter((s) => s !== 'waiting' && s !== 'waiting_failed'));
  if (query.kind === 'pipeline') {
    const answer = await runChecked(
      credentials,
      PipelineBuildsQuery,
      {
        slug: `${query.org}/${query.pipeline}`,
        ...(query.branch ? { branch: [query.branch] } : {}),
        ...(state ? { state: state as never } : {}),
      },
      PipelineBuildsResult,
    );
    if (!answer.pipeline) throw notFound(`pipeline ${query.org}/${query.pipeline}`);
    return {
      rows: nodes(answer.pipeline.builds?.edges).map((node) => rowFromGraphQL(node, query)),
      pipeline: { graphqlId: answer.pipeline.id, defaultBranch: answer.pipeline.defaultBranch },
      api: 'graphql',
    };
  }
  const answer = await runChecked(credentials, MyBuildsQuery, state ? { state: state as never } : {}, MyBuildsResult);
  return {
    rows: nodes(answer.viewer?.builds?.edges).map((node) => rowFromGraphQL(node, { org: '', pipeline: '' })),
    pipeline: null,
    api: 'graphql',
  };
}

const UserAnswer = v.looseObject({ id: v.string() });

async function listViaRest(credentials: Credentials, query: ListQuery): Promise<BuildList> {
  const searchParams = new URLSearchParams({ per_page: String(LIST_SIZE), exclude_jobs: 'true' });
  for (const state of query.states ?? []) searchParams.append('state[]', state);
  if (query.kind === 'pipeline') {
    if (query.branch) searchParams.set('branch', query.branch);
    const { value } = await restRead(credentials, {
      path: `organizations/${query.org}/pipelines/${query.pipeline}/builds`,
      searchParams,
      schema: v.array(RestBuildRow),
      scope: 'read_builds',
      org: query.org,
    });
    return { rows: value.map((build) => rowFromRest(build, query)), pipeline: null, api: 'rest' };
  }
  // REST has no "my builds": builds whose creator is the token's user (one more request for who that is).
  const { value: user } = await restRead(credentials, { path: 'user', schema: UserAnswer, scope: 'read_user' });
  searchParams.set('creator', user.id);
  const { value } = await restRead(credentials, {
    path: 'builds',
    searchParams,
    schema: v.array(RestBuildRow),
    scope: 'read_builds',
  });
  return { rows: value.map((build) => rowFromRest(build, { org: null, pipeline: null })), pipeline: null, api: 'rest' };
}

export function listBuilds(credentials: Credentials, query: ListQuery): Promise<BuildList> {
  return useGraphQL(credentials) ? listViaGraphQL(credentials, query) : listViaRest(credentials, query);
}

export interface CreatedBuild {
  number: number;
  webUrl: string;
  api: 'graphql' | 'rest';
}

const RestCreated = v.looseObject({ number: v.number(), web_url: v.string() });

/**
 * One request: GraphQL `buildCreate` when the token has GraphQL, the pipeline's GraphQL id is known and the form
 * needs nothing only REST takes; otherwise REST `POST …/builds` (write_builds).
 */
export async function createBuild(
  credentials: Credentials,
  target: { org: string; pipeline: string; pipelineGraphqlId?: string | null | undefined },
  form: NewBuildForm,
): Promise<CreatedBuild> {
  const input = target.pipelineGraphqlId ? graphqlInput(form, target.pipelineGraphqlId) : null;
  if (input && useGraphQL(credentials)) {
    const answer = await runChecked(credentials, BuildCreateMutation, { input }, BuildCreateResult);
    const build = answer.buildCreate?.build;
    if (!build)
      throw new KdFailure({
        kind: 'invalid-response',
        title: 'Unexpected answer from Buildkite',
        detail: 'Buildkite’s answer to the new build held no build.',
        action: 'Open the pipeline to see whether the build was created before trying again.',
      });
    return { number: build.number, webUrl: build.url, api: 'graphql' };
  }
  const { value } = await restWrite(credentials, {
    method: 'post',
    path: `organizations/${target.org}/pipelines/${target.pipeline}/builds`,
    json: restBody(form),
    schema: RestCreated,
    scope: 'write_builds',
    org: target.org,
  });
  return { number: value.number, webUrl: value.web_url, api: 'rest' };
}

export interface BuildInputs {
  message: string | null;
  branch: string;
  commit: string;
  env: Record<string, string>;
  metaData: Record<string, string>;
  pipelineGraphqlId: string | null;
  defaultBranch: string | null;
}

const RestBuildInputs = v.looseObject({
  message: v.nullish(v.string(), null),
  branch: v.string(),
  commit: v.string(),
  env: v.nullish(v.record(v.string(), v.unknown()), null),
  meta_data: v.nullish(v.record(v.string(), v.unknown()), null),
  pipeline: v.nullish(
    v.looseObject({ graphql_id: v.nullish(v.string(), null), default_branch: v.nullish(v.string(), null) }),
    null,
  ),
});

const strings = (record: Record<string, unknown> | null): Record<string, string> =>
  Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key, String(value)]));

/** A build's inputs for "Rebuild with changes": ONE read (GraphQL, else REST `GET …/builds/{n}?exclude_jobs`). */
export async function readBuildInputs(
  credentials: Credentials,
  ref: { org: string; pipeline: string; number: number },
): Promise<BuildInputs> {
  if (useGraphQL(credentials)) {
    const answer = await runChecked(
      credentials,
      BuildInputsQuery,
      { slug: `${ref.org}/${ref.pipeline}/${ref.number}` },
      BuildInputsResult,
    );
    const build = answer.build;
    if (!build) throw notFound(`build ${ref.org}/${ref.pipeline}/${ref.number}`);
    const env = Object.fromEntries(
      (build.env ?? []).map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      }),
    );
    return {
      message: build.message,
      branch: build.branch,
      commit: build.commit,
      env,
      metaData: Object.fromEntries(
        (build.metaData?.edges ?? []).flatMap((edge) => (edge?.node ? [[edge.node.key, edge.node.value]] : [])),
      ),
      pipelineGraphqlId: build.pipeline?.id ?? null,
      defaultBranch: build.pipeline?.defaultBranch ?? null,
    };
  }
  const { value } = await restRead(credentials, {
    path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}`,
    searchParams: { exclude_jobs: true },
    schema: RestBuildInputs,
    scope: 'read_builds',
    org: ref.org,
  });
  return {
    message: value.message,
    branch: value.branch,
    commit: value.commit,
    env: strings(value.env),
    metaData: strings(value.meta_data),
    pipelineGraphqlId: value.pipeline?.graphql_id ?? null,
    defaultBranch: value.pipeline?.default_branch ?? null,
  };
}
