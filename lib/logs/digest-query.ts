import * as v from 'valibot';
import { graphql } from '../buildkite/graphql';

/**
 * The failure digest's one GraphQL request: the build's command jobs with what the digest shows (exit status,
 * signal reason, times, retries) and its `error`/`warning` annotations (HTML). Checked against the vendored
 * schema (tests/unit/logs/digest-query.test.ts).
 */
export const FailureDigestQuery = graphql(`
  query FailureDigest($slug: ID!) {
    build(slug: $slug) {
      number
      state
      url
      jobs(first: 500, type: [COMMAND]) {
        edges {
          node {
            ... on JobTypeCommand {
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
              url
              startedAt
              finishedAt
              retrySource {
                ... on JobTypeCommand {
                  uuid
                }
              }
            }
          }
        }
      }
      annotations(first: 20, style: [ERROR, WARNING]) {
        edges {
          node {
            uuid
            context
            style
            body {
              html
            }
          }
        }
      }
    }
  }
`);

const DigestJob = v.object({
  uuid: v.string(),
  label: v.nullish(v.string(), null),
  state: v.string(),
  exitStatus: v.nullish(v.string(), null),
  signal: v.nullish(v.string(), null),
  signalReason: v.nullish(v.string(), null),
  softFailed: v.optional(v.boolean(), false),
  passed: v.optional(v.boolean(), false),
  retried: v.optional(v.boolean(), false),
  retriesCount: v.nullish(v.number(), null),
  url: v.string(),
  startedAt: v.nullish(v.string(), null),
  finishedAt: v.nullish(v.string(), null),
  retrySource: v.nullish(v.object({ uuid: v.optional(v.string()) }), null),
});

export const FailureDigestResult = v.object({
  build: v.nullable(
    v.object({
      number: v.number(),
      state: v.string(),
      url: v.string(),
      jobs: v.nullish(
        v.object({
          edges: v.nullish(v.array(v.nullable(v.object({ node: v.nullable(v.union([DigestJob, v.object({})])) }))), []),
        }),
        null,
      ),
      annotations: v.nullish(
        v.object({
          edges: v.nullish(
            v.array(
              v.nullable(
                v.object({
                  node: v.nullable(
                    v.object({
                      uuid: v.string(),
                      context: v.string(),
                      style: v.nullish(v.string(), null),
                      body: v.nullish(v.object({ html: v.nullish(v.string(), null) }), null),
                    }),
                  ),
                }),
              ),
            ),
            [],
          ),
        }),
        null,
      ),
    }),
  ),
});
export type FailureDigestJob = v.InferOutput<typeof DigestJob>;
