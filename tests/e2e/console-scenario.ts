/**
 * The API console's partial-data case, shared by the Chromium and Firefox specs so both browsers run the same one:
 * a GraphQL 200 with `data` and an `errors` entry at a path (Buildkite's documented shape for a field that failed).
 */
export const PARTIAL_QUERY = 'query Partial {\n  viewer { user { name } }\n  build(slug: "acme/web/999") { number }\n}';

export const PARTIAL_ANSWER = {
  match: { pathPrefix: '/graphql', operationName: 'Partial' },
  respond: {
    kind: 'status',
    status: 200,
    body: {
      data: { viewer: { user: { name: 'Kai Tester' } }, build: null },
      errors: [
        { message: 'No build found with slug acme/web/999', path: ['build'], locations: [{ line: 3, column: 3 }] },
      ],
    },
  },
  times: 1,
} as const;

/** How the console shows that error: the message, then where it is. */
export const PARTIAL_ERROR_LINE = 'No build found with slug acme/web/999 — at build (line 3, column 3)';
