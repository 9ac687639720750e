import * as v from 'valibot';
import { graphql } from '../graphql';

/** Cheap probe that proves GraphQL access and lists reachable organisations. */
export const TokenHealthQuery = graphql(`
  query TokenHealth {
    viewer {
      user {
        id
        uuid
        name
        email
      }
      organizations(first: 50) {
        edges {
          node {
            id
            uuid
            slug
            name
          }
        }
      }
    }
  }
`);

export const TokenHealthResult = v.object({
  viewer: v.nullable(
    v.object({
      user: v.nullable(v.object({ id: v.string(), uuid: v.string(), name: v.string(), email: v.string() })),
      organizations: v.nullable(
        v.object({
          edges: v.nullable(
            v.array(
              v.nullable(
                v.object({
                  node: v.nullable(v.object({ id: v.string(), uuid: v.string(), slug: v.string(), name: v.string() })),
                }),
              ),
            ),
          ),
        }),
      ),
    }),
  ),
});
