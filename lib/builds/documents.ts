import * as v from 'valibot';
import { graphql } from '../buildkite/graphql';

/**
 * The build page's GraphQL documents: ONE query per page view for the build, its jobs and the
 * pipeline, and the quick-action mutations (the retry ones sit in retry.ts, which sends them). Checked against the vendored schema by `gql-tada check` and, at test
 * time, by tests/unit/builds/graphql-contract.test.ts (graphql-js `validate`).
 */

/** Everything a job row needs, per job type. `retrySource` links a retry to the job it replaced. */
export const BuildPageJobFields = graphql(`
  fragment BuildPageJob on Job {
    __typename
    ... on JobTypeCommand {
      id
      uuid
      label
      state
      exitStatus
      signal
      signalReason
      softFailed
      passed
      retried
      retriesCount
      retryType
      url
      retrySource {
        ... on JobTypeCommand {
          uuid
        }
      }
      retryRules {
        manual
        automatic {
          exitStatus
          signal
          signalReason
          limit
        }
      }
    }
    ... on JobTypeBlock {
      id
      uuid
      label
      state
      isUnblockable
    }
    ... on JobTypeTrigger {
      id
      uuid
      label
      state
      triggered {
        number
        url
      }
    }
    ... on JobTypeWait {
      id
      uuid
      label
      state
    }
  }
`);

/** `slug` is "org/pipeline/number". `after` pages through jobs only when a build has more than 500 (one request for nearly every build). */
export const BuildPageQuery = graphql(
  `
    query BuildPage($slug: ID!, $after: String) {
      build(slug: $slug) {
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
        startedAt
        finishedAt
        pipeline {
          id
          slug
          name
        }
        jobs(first: 500, after: $after) {
          edges {
            node {
              ...BuildPageJob
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  `,
  [BuildPageJobFields],
);

/** The newest build on a branch (stale-deploy warning before an unblock). `slug` is "org/pipeline". */
export const NewestBranchBuildQuery = graphql(`
  query NewestBranchBuild($slug: ID!, $branch: String!) {
    pipeline(slug: $slug) {
      builds(first: 1, branch: [$branch]) {
        edges {
          node {
            number
            url
            state
          }
        }
      }
    }
  }
`);

export const BuildRebuildMutation = graphql(`
  mutation BuildRebuild($id: ID!) {
    buildRebuild(input: { id: $id }) {
      rebuild {
        id
        number
        url
        state
      }
    }
  }
`);

export const BuildCancelMutation = graphql(`
  mutation BuildCancel($id: ID!) {
    buildCancel(input: { id: $id }) {
      build {
        id
        state
      }
    }
  }
`);

export const JobCancelMutation = graphql(`
  mutation JobCancel($id: ID!) {
    jobTypeCommandCancel(input: { id: $id }) {
      jobTypeCommand {
        uuid
        state
      }
    }
  }
`);

/** `fields` is a JSON-encoded object string, as Buildkite's CLI sends it ("{}" when there are no fields). */
export const JobUnblockMutation = graphql(`
  mutation JobUnblock($id: ID!, $fields: JSON) {
    jobTypeBlockUnblock(input: { id: $id, fields: $fields }) {
      jobTypeBlock {
        uuid
        state
      }
    }
  }
`);

// ----- valibot shapes of the answers (GraphQL types alone don't prove what the server sent) -----

const nullish = <S extends v.GenericSchema>(schema: S) => v.nullish(schema, null);

const CommandJob = v.object({
  __typename: v.literal('JobTypeCommand'),
  id: v.string(),
  uuid: v.string(),
  label: nullish(v.string()),
  state: v.string(),
  exitStatus: nullish(v.string()),
  signal: nullish(v.string()),
  signalReason: nullish(v.string()),
  softFailed: v.boolean(),
  passed: v.boolean(),
  retried: v.boolean(),
  retriesCount: nullish(v.number()),
  retryType: nullish(v.string()),
  url: v.string(),
  retrySource: nullish(v.object({ uuid: v.optional(v.string()) })),
  retryRules: nullish(
    v.object({
      manual: nullish(v.boolean()),
      automatic: nullish(
        v.array(
          nullish(
            v.object({
              exitStatus: nullish(v.string()),
              signal: nullish(v.string()),
              signalReason: nullish(v.string()),
              limit: nullish(v.string()),
            }),
          ),
        ),
      ),
    }),
  ),
});
const BlockJob = v.object({
  __typename: v.literal('JobTypeBlock'),
  id: v.string(),
  uuid: v.string(),
  label: nullish(v.string()),
  state: v.string(),
  isUnblockable: nullish(v.boolean()),
});
const TriggerJob = v.object({
  __typename: v.literal('JobTypeTrigger'),
  id: v.string(),
  uuid: v.string(),
  label: nullish(v.string()),
  state: v.string(),
  triggered: nullish(v.object({ number: v.number(), url: v.string() })),
});
const WaitJob = v.object({
  __typename: v.literal('JobTypeWait'),
  id: v.string(),
  uuid: v.string(),
  label: nullish(v.string()),
  state: v.string(),
});
export const GraphQLJob = v.variant('__typename', [CommandJob, BlockJob, TriggerJob, WaitJob]);
export type GraphQLJob = v.InferOutput<typeof GraphQLJob>;
const KNOWN_JOB_TYPES = ['JobTypeCommand', 'JobTypeBlock', 'JobTypeTrigger', 'JobTypeWait'];
/** A job type the schema may add later: skipped rather than failing the whole page. */
const UnknownJob = v.object({ __typename: v.pipe(v.string(), v.notValues(KNOWN_JOB_TYPES)) });
export const isKnownJob = (node: GraphQLJob | v.InferOutput<typeof UnknownJob>): node is GraphQLJob =>
  KNOWN_JOB_TYPES.includes(node.__typename);

export const BuildPageResult = v.object({
  build: nullish(
    v.object({
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
      startedAt: nullish(v.string()),
      finishedAt: nullish(v.string()),
      pipeline: nullish(v.object({ id: v.string(), slug: v.string(), name: v.string() })),
      jobs: nullish(
        v.object({
          edges: nullish(v.array(nullish(v.object({ node: nullish(v.union([GraphQLJob, UnknownJob])) })))),
          pageInfo: nullish(v.object({ hasNextPage: v.boolean(), endCursor: nullish(v.string()) })),
        }),
      ),
    }),
  ),
});
export type BuildPageResult = v.InferOutput<typeof BuildPageResult>;

export const NewestBranchBuildResult = v.object({
  pipeline: nullish(
    v.object({
      builds: nullish(
        v.object({
          edges: nullish(
            v.array(
              nullish(
                v.object({ node: nullish(v.object({ number: v.number(), url: v.string(), state: v.string() })) }),
              ),
            ),
          ),
        }),
      ),
    }),
  ),
});

export const BuildRebuildResult = v.object({
  buildRebuild: nullish(
    v.object({ rebuild: v.object({ id: v.string(), number: v.number(), url: v.string(), state: v.string() }) }),
  ),
});
export const BuildCancelResult = v.object({
  buildCancel: nullish(v.object({ build: v.object({ id: v.string(), state: v.string() }) })),
});
export const JobCancelResult = v.object({
  jobTypeCommandCancel: nullish(v.object({ jobTypeCommand: v.object({ uuid: v.string(), state: v.string() }) })),
});
export const JobUnblockResult = v.object({
  jobTypeBlockUnblock: nullish(v.object({ jobTypeBlock: v.object({ uuid: v.string(), state: v.string() }) })),
});
