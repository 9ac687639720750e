import { parse, print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import * as v from 'valibot';
import { graphql } from '../buildkite/graphql';

/**
 * What one poll needs of each watched build. A static fragment, type-checked by `gql-tada check`.
 * `jobs(type: [BLOCK], state: [BLOCKED])` finds the block steps waiting for input (for the blocked-step inbox).
 */
export const WatchedBuildFields = graphql(`
  fragment WatchedBuildFields on Build {
    uuid
    number
    state
    url
    branch
    message
    createdAt
    startedAt
    pipeline {
      slug
      name
    }
    organization {
      slug
    }
    jobs(first: 10, type: [BLOCK], state: [BLOCKED]) {
      edges {
        node {
          __typename
          ... on JobTypeBlock {
            uuid
            label
            isUnblockable
          }
        }
      }
    }
  }
`);

export const WatchedBuildResult = v.object({
  uuid: v.string(),
  number: v.number(),
  state: v.string(),
  url: v.string(),
  branch: v.string(),
  message: v.nullish(v.string(), null),
  createdAt: v.nullish(v.string(), null),
  startedAt: v.nullish(v.string(), null),
  pipeline: v.object({ slug: v.string(), name: v.string() }),
  organization: v.object({ slug: v.string() }),
  jobs: v.nullish(
    v.object({
      edges: v.nullish(
        v.array(
          v.nullish(
            v.object({
              node: v.nullish(
                v.looseObject({
                  __typename: v.string(),
                  uuid: v.optional(v.string()),
                  label: v.nullish(v.string(), null),
                  isUnblockable: v.nullish(v.boolean(), null),
                }),
              ),
            }),
          ),
        ),
      ),
    }),
    null,
  ),
});
export type WatchedBuildResult = v.InferOutput<typeof WatchedBuildResult>;

export const NewestOnBranchResult = v.object({
  builds: v.nullish(
    v.object({
      edges: v.nullish(
        v.array(
          v.nullish(
            v.object({ node: v.nullish(v.object({ number: v.number(), url: v.string(), state: v.string() })) }),
          ),
        ),
      ),
    }),
  ),
});

/** How many of my newest builds the auto-watch looks at each poll. */
export const MY_BUILDS_WINDOW = 10;

export interface WatchQueryInput {
  /** `org/pipeline/number` of each watched build. */
  builds: readonly string[];
  /** For blocked builds: is there a newer build on the same pipeline and branch (`org/pipeline` + branch)? */
  newest: readonly { pipeline: string; branch: string }[];
  /** Also list my newest builds (auto-watch). */
  mine: boolean;
}

/**
 * ONE document for the whole poll, whatever the number of watched builds. The schema has no field that takes a
 * list of build slugs (Query.build takes one; `viewer.builds` has no number filter), so the query is the static
 * fragment above under one alias per build: `b0: build(slug: $b0) { ...WatchedBuildFields }`. Every value travels
 * as a variable, never inside the document text; the generated text is validated against the schema in
 * tests/unit/watch/watch-document.test.ts. Complexity stays small: about 25 points per build.
 */
export function watchQueryText(input: WatchQueryInput): string {
  const variables: string[] = [];
  const fields: string[] = [];
  input.builds.forEach((_, i) => {
    variables.push(`$b${i}: ID!`);
    fields.push(`b${i}: build(slug: $b${i}) { ...WatchedBuildFields }`);
  });
  input.newest.forEach((_, i) => {
    variables.push(`$n${i}: ID!`, `$nb${i}: [String!]`);
    fields.push(
      `n${i}: pipeline(slug: $n${i}) { builds(first: 1, branch: $nb${i}) { edges { node { number url state } } } }`,
    );
  });
  if (input.mine) {
    fields.push(`mine: viewer { builds(first: ${MY_BUILDS_WINDOW}) { edges { node { ...WatchedBuildFields } } } }`);
  }
  if (fields.length === 0) fields.push('viewer { id }');
  const head = variables.length ? `query WatchPoll(${variables.join(', ')})` : 'query WatchPoll';
  const fragment = input.builds.length || input.mine ? `\n${fragmentText()}` : '';
  return `${head} {\n  ${fields.join('\n  ')}\n}${fragment}`;
}

export function watchQueryVariables(input: WatchQueryInput): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  input.builds.forEach((slug, i) => (variables[`b${i}`] = slug));
  input.newest.forEach(({ pipeline, branch }, i) => {
    variables[`n${i}`] = pipeline;
    variables[`nb${i}`] = [branch];
  });
  return variables;
}

export const MyBuildsResult = v.object({
  builds: v.nullish(v.object({ edges: v.nullish(v.array(v.nullish(v.object({ node: v.nullish(v.unknown()) })))) })),
});

/** The poll's answer: one entry per alias, checked alias by alias by the caller. */
export const WatchPollResult = v.record(v.string(), v.unknown());

export function watchQueryDocument(
  input: WatchQueryInput,
): TadaDocumentNode<Record<string, unknown>, Record<string, unknown>> {
  return parse(watchQueryText(input));
}

function fragmentText(): string {
  return print(WatchedBuildFields);
}
