/**
 * Ready-made console queries. Plain text (the user edits them), so they are checked against the bundled schema by a
 * unit test (tests/unit/console/ready-queries.test.ts) instead of by gql.tada. Every connection passes `first`.
 */
export interface ReadyQuery {
  id: string;
  label: string;
  query: string;
  /** Variables, given the organisation picked from the token health report. */
  variables(org: string | null): Record<string, unknown>;
  needsOrg: boolean;
}

export const READY_QUERIES: readonly ReadyQuery[] = [
  {
    id: 'my-builds',
    label: 'My builds',
    needsOrg: false,
    variables: () => ({ first: 20 }),
    query: `# The builds you created, newest first.
query MyBuilds($first: Int!) {
  viewer {
    user { name email }
    builds(first: $first) {
      edges {
        node {
          number
          state
          branch
          message
          url
          createdAt
          pipeline { slug name }
        }
      }
    }
  }
}
`,
  },
  {
    id: 'org-pipelines',
    label: 'Pipelines of this org',
    needsOrg: true,
    variables: (org) => ({ org: org ?? 'my-org', first: 50 }),
    query: `# The organisation's pipelines, with each one's latest build.
query OrgPipelines($org: ID!, $first: Int!) {
  organization(slug: $org) {
    name
    pipelines(first: $first) {
      edges {
        node {
          slug
          name
          url
          builds(first: 1) {
            edges { node { number state branch url } }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
  },
  {
    id: 'blocked-builds',
    label: 'Blocked builds',
    needsOrg: true,
    variables: (org) => ({ org: org ?? 'my-org' }),
    query: `# Builds waiting on a block step, per pipeline of the organisation.
query BlockedBuilds($org: ID!) {
  organization(slug: $org) {
    name
    pipelines(first: 50) {
      edges {
        node {
          slug
          builds(first: 10, state: [BLOCKED]) {
            edges {
              node { number branch message url blockedState createdAt }
            }
          }
        }
      }
    }
  }
}
`,
  },
];
