import { parse, print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import * as v from 'valibot';
import { BuildPageJobFields } from '../builds/documents';
import { graphql } from '../buildkite/graphql';

/**
 * The GraphQL documents of build lists, new builds and bulk actions (schema: `Pipeline.builds`, `Viewer.builds`,
 * `buildCreate`, `buildCancel`, `buildRebuild`, `jobTypeCommandRetry`). Lists read 100 builds in ONE request; bulk
 * writes are aliased fields of one mutation per batch (lib/bulk/batch.ts keeps them under the complexity cap).
 */

/** A pipeline's builds, newest first, optionally on a branch and in states. `slug` is "org/pipeline". */
export const PipelineBuildsQuery = graphql(`
  query PipelineBuilds($slug: ID!, $branch: [String!], $state: [BuildStates!]) {
    pipeline(slug: $slug) {
      id
      slug
      defaultBranch
      builds(first: 100, branch: $branch, state: $state) {
        edges {
          node {
            id
            uuid
            number
            state
            blockedState
            url
            branch
            commit
            message
            createdAt
            createdBy {
              ... on User {
                userName: name
              }
              ... on UnregisteredUser {
                guestName: name
              }
            }
            pipeline {
              slug
              organization {
                slug
              }
            }
          }
        }
      }
    }
  }
`);

/** The token user's own builds across every organisation, newest first. */
export const MyBuildsQuery = graphql(`
  query MyBuilds($state: [BuildStates!]) {
    viewer {
      builds(first: 100, state: $state) {
        edges {
          node {
            id
            uuid
            number
            state
            blockedState
            url
            branch
            commit
            message
            createdAt
            createdBy {
              ... on User {
                userName: name
              }
              ... on UnregisteredUser {
                guestName: name
              }
            }
            pipeline {
              slug
              organization {
                slug
              }
            }
          }
        }
      }
    }
  }
`);

/** What "Rebuild with changes" prefills: the build's message, branch, commit, env and meta-data. `slug` "org/p/n". */
export const BuildInputsQuery = graphql(`
  query BuildInputs($slug: ID!) {
    build(slug: $slug) {
      message
      branch
      commit
      env
      metaData(first: 100) {
        edges {
          node {
            key
            value
          }
        }
      }
      pipeline {
        id
        defaultBranch
      }
    }
  }
`);

export const BuildCreateMutation = graphql(`
  mutation BuildCreate($input: BuildCreateInput!) {
    buildCreate(input: $input) {
      build {
        uuid
        number
        url
        state
      }
    }
  }
`);

type Generated = TadaDocumentNode<Record<string, unknown>, Record<string, string>>;

function aliased(kind: 'query' | 'mutation', name: string, count: number, field: (index: number) => string) {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${name} needs at least one item`);
  const indexes = Array.from({ length: count }, (_, index) => index);
  const variables = indexes.map((index) => `$id${index}: ID!`).join(', ');
  return `${kind} ${name}(${variables}) {\n  ${indexes.map(field).join('\n  ')}\n}`;
}

/** Cost per alias (object fields: the mutation field and its objects), for batch sizes. */
export const CANCEL_COST = 2;
export const REBUILD_COST = 2;
export const RETRY_JOB_COST = 3;

/** `cancel{i}: buildCancel` per build (`$id{i}` = the build's GraphQL id). */
export function bulkCancelDocument(count: number): Generated {
  return parse(
    aliased(
      'mutation',
      'BulkCancel',
      count,
      (i) => `cancel${i}: buildCancel(input: { id: $id${i} }) { build { uuid number state } }`,
    ),
  );
}

/** `rebuild{i}: buildRebuild` per build; `rebuild` is the new build. */
export function bulkRebuildDocument(count: number): Generated {
  return parse(
    aliased(
      'mutation',
      'BulkRebuild',
      count,
      (i) => `rebuild${i}: buildRebuild(input: { id: $id${i} }) { rebuild { number url } }`,
    ),
  );
}

/** `retry{i}: jobTypeCommandRetry` per job (jobs of several builds in one request). */
export function bulkRetryJobsDocument(count: number): Generated {
  return parse(
    aliased(
      'mutation',
      'BulkRetryJobs',
      count,
      (i) =>
        `retry${i}: jobTypeCommandRetry(input: { id: $id${i} }) { jobTypeCommand { uuid } retriedInJobTypeCommand { uuid } }`,
    ),
  );
}

const BUILD_STATE_FIELDS = 'id uuid number state blockedState url branch commit message createdAt';

/** Several builds by slug ("org/pipeline/number") in ONE request: states only (preview and re-check of cancels). */
export function buildStatesDocument(count: number): Generated {
  return parse(
    aliased('query', 'BulkBuildStates', count, (i) => `b${i}: build(slug: $id${i}) { ${BUILD_STATE_FIELDS} }`),
  );
}

/** Several builds with their jobs (the build page's job fields) in ONE request: retry preview and re-check. */
export function buildsWithJobsDocument(count: number): Generated {
  const query = aliased(
    'query',
    'BulkBuildsWithJobs',
    count,
    (i) =>
      `b${i}: build(slug: $id${i}) { ${BUILD_STATE_FIELDS} pipeline { id slug name } jobs(first: 100) { edges { node { ...BuildPageJob } } pageInfo { hasNextPage endCursor } } }`,
  );
  return parse(`${query}\n${print(BuildPageJobFields)}`);
}

// ----- answers -----

const nullish = <S extends v.GenericSchema>(schema: S) => v.nullish(schema, null);

export const GraphQLBuildRow = v.object({
  id: v.string(),
  uuid: v.string(),
  number: v.number(),
  state: v.string(),
  blockedState: nullish(v.string()),
  url: v.string(),
  branch: v.string(),
  commit: v.string(),
  message: nullish(v.string()),
  createdAt: nullish(v.string()),
  createdBy: nullish(v.object({ userName: v.optional(v.string()), guestName: nullish(v.string()) })),
  pipeline: nullish(v.object({ slug: v.string(), organization: nullish(v.object({ slug: v.string() })) })),
});
export type GraphQLBuildRow = v.InferOutput<typeof GraphQLBuildRow>;

const Edges = v.object({
  edges: nullish(v.array(nullish(v.object({ node: nullish(GraphQLBuildRow) })))),
});

export const PipelineBuildsResult = v.object({
  pipeline: nullish(
    v.object({ id: v.string(), slug: v.string(), defaultBranch: nullish(v.string()), builds: nullish(Edges) }),
  ),
});

export const MyBuildsResult = v.object({ viewer: nullish(v.object({ builds: nullish(Edges) })) });

export const BuildInputsResult = v.object({
  build: nullish(
    v.object({
      message: nullish(v.string()),
      branch: v.string(),
      commit: v.string(),
      env: nullish(v.array(v.string())),
      metaData: nullish(
        v.object({
          edges: nullish(
            v.array(nullish(v.object({ node: nullish(v.object({ key: v.string(), value: v.string() })) }))),
          ),
        }),
      ),
      pipeline: nullish(v.object({ id: v.string(), defaultBranch: nullish(v.string()) })),
    }),
  ),
});

export const BuildCreateResult = v.object({
  buildCreate: nullish(
    v.object({ build: v.object({ uuid: v.string(), number: v.number(), url: v.string(), state: v.string() }) }),
  ),
});

export const BuildStateAnswer = v.object({
  id: v.string(),
  uuid: v.string(),
  number: v.number(),
  state: v.string(),
  blockedState: nullish(v.string()),
  url: v.string(),
  branch: v.string(),
  commit: v.string(),
  message: nullish(v.string()),
  createdAt: nullish(v.string()),
});
export const CancelAnswer = v.object({ build: v.object({ uuid: v.string(), number: v.number(), state: v.string() }) });
export const RebuildAnswer = v.object({ rebuild: v.object({ number: v.number(), url: v.string() }) });
export const RetryAnswer = v.object({ retriedInJobTypeCommand: nullish(v.object({ uuid: v.string() })) });
