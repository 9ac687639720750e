/**
 * The palette's GraphQL documents (beside the capability that uses them; lib/buildkite is transport only).
 *
 * - `PaletteStart`: the organisations the token reaches and my newest builds, in one request.
 * - `PalettePipelines`: one page (`first: 500`, cursor) of pipelines for EACH organisation still loading, one alias
 *   per organisation (`o0: organization(slug: $o0) { pipelines(first: 500, after: $a0) {…} }`), so 5,000 pipelines
 *   over 3 organisations take 4 rounds, not 12 requests. Every value travels as a variable. Fields (schema):
 *   `Organization.pipelines(first, after, archived)`, `PipelineConnection.count/pageInfo/edges`, `Pipeline.slug,
 *   name, defaultBranch`, and `Pipeline.builds(first: 1, branch: "%default")` ("Use `%default` to search by the
 *   Pipelines default branch") for the latest build's state on the default branch.
 */
import { parse } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import * as v from 'valibot';

export const PAGE_SIZE = 500;
/** Organisations per request: keeps one request's complexity near 500 × 6 × this. */
export const ORGS_PER_REQUEST = 4;
export const MAX_ORGS = 100;
export const MY_BUILDS = 15;

export const PALETTE_START_TEXT = `query PaletteStart($orgs: Int!, $mine: Int!) {
  viewer {
    organizations(first: $orgs) { edges { node { slug name } } }
    builds(first: $mine) {
      edges { node { number state branch message createdAt pipeline { slug } organization { slug } } }
    }
  }
}`;

const Edges = <T extends v.GenericSchema>(node: T) =>
  v.nullish(v.object({ edges: v.nullish(v.array(v.nullish(v.object({ node: v.nullish(node) })))) }), null);

export const PaletteStartResult = v.object({
  viewer: v.nullish(
    v.object({
      organizations: Edges(v.object({ slug: v.string(), name: v.string() })),
      builds: Edges(
        v.object({
          number: v.number(),
          state: v.string(),
          branch: v.nullish(v.string(), null),
          message: v.nullish(v.string(), null),
          createdAt: v.nullish(v.string(), null),
          pipeline: v.nullish(v.object({ slug: v.string() }), null),
          organization: v.nullish(v.object({ slug: v.string() }), null),
        }),
      ),
    }),
    null,
  ),
});

export const PipelinePageResult = v.object({
  pipelines: v.nullish(
    v.object({
      count: v.number(),
      pageInfo: v.nullish(v.object({ hasNextPage: v.boolean(), endCursor: v.nullish(v.string(), null) }), null),
      edges: v.nullish(
        v.array(
          v.nullish(
            v.object({
              node: v.nullish(
                v.object({
                  slug: v.string(),
                  name: v.string(),
                  defaultBranch: v.nullish(v.string(), null),
                  builds: Edges(v.object({ state: v.string() })),
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
export type PipelinePageResult = v.InferOutput<typeof PipelinePageResult>;

/** One entry per alias (`o0`…), checked alias by alias. */
export const PalettePipelinesResult = v.record(v.string(), v.unknown());

export interface PageRequest {
  org: string;
  after: string | null;
}

export function pipelinesQueryText(pages: readonly PageRequest[]): string {
  const variables: string[] = [];
  const fields: string[] = [];
  pages.forEach((_, i) => {
    variables.push(`$o${i}: ID!`, `$a${i}: String`);
    fields.push(
      `o${i}: organization(slug: $o${i}) { pipelines(first: ${PAGE_SIZE}, after: $a${i}, archived: false) { ...PalettePipelinePage } }`,
    );
  });
  return `query PalettePipelines(${variables.join(', ')}) {
  ${fields.join('\n  ')}
}
fragment PalettePipelinePage on PipelineConnection {
  count
  pageInfo { hasNextPage endCursor }
  edges { node { slug name defaultBranch builds(first: 1, branch: ["%default"]) { edges { node { state } } } } }
}`;
}

export function pipelinesQueryVariables(pages: readonly PageRequest[]): Record<string, string | null> {
  const variables: Record<string, string | null> = {};
  pages.forEach((page, i) => {
    variables[`o${i}`] = page.org;
    variables[`a${i}`] = page.after;
  });
  return variables;
}

type Doc = TadaDocumentNode<Record<string, unknown>, Record<string, unknown>>;

export const paletteStartDocument = (): Doc => parse(PALETTE_START_TEXT);
export const pipelinesDocument = (pages: readonly PageRequest[]): Doc => parse(pipelinesQueryText(pages));
