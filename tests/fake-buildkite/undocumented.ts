/**
 * Every behaviour of the fake that Buildkite does NOT document (reference §8), as named variants. The fake's
 * default answers follow the documents; a test that needs one of these picks it by name, and the product must
 * handle every variant:
 * - `policy`: what a request refused by an IP allowlist (per token or per organisation, §1.6) or an SSO /
 *   organisation policy looks like. Status and body are undocumented: 401 or 403, with or without the word "IP".
 * - `graphqlNoAccess`: what GraphQL answers a token without "Enable GraphQL API access" (§1.5: only an issue
 *   thread shows a 401 "Authentication required").
 * - `retryAfterOn429`: whether a 429 also carries `Retry-After` (Buildkite documents only `RateLimit-*`, §2.3).
 */

export const POLICY_VARIANTS = ['403-ip', '403-plain', '401-ip', '401-plain', '403-sso', '401-sso'] as const;
export type PolicyVariant = (typeof POLICY_VARIANTS)[number];

export const GRAPHQL_NO_ACCESS_VARIANTS = ['401', '403', '200-errors', '200-errors-data-null'] as const;
export type GraphqlNoAccessVariant = (typeof GRAPHQL_NO_ACCESS_VARIANTS)[number];

export interface Variants {
  graphqlNoAccess: GraphqlNoAccessVariant;
  retryAfterOn429: boolean;
}

/** The default: the one answer a public source shows (401 for GraphQL), and no undocumented `Retry-After`. */
export const DEFAULT_VARIANTS: Variants = { graphqlNoAccess: '401', retryAfterOn429: false };

export const IP_BLOCKED_MESSAGE =
  "Forbidden: this API access token does not allow requests from your IP address (203.0.113.7). Check the token's Allowed IP Addresses or your organization's API IP allowlist.";
const SSO_MESSAGE = 'Your organization requires you to sign in with SSO before this API Access Token can be used.';
const AUTH_REQUIRED =
  'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication';

/** The body's `message` and status for one policy variant (GraphQL wraps it in `errors`). */
export function policyAnswer(variant: PolicyVariant): { status: number; message: string } {
  switch (variant) {
    case '403-ip':
      return { status: 403, message: IP_BLOCKED_MESSAGE };
    case '403-plain':
      return { status: 403, message: 'Forbidden' };
    case '401-ip':
      return { status: 401, message: 'Your IP address 203.0.113.7 is not allowed to use this API Access Token.' };
    case '401-plain':
      return { status: 401, message: AUTH_REQUIRED };
    case '403-sso':
      return { status: 403, message: SSO_MESSAGE };
    case '401-sso':
      return { status: 401, message: SSO_MESSAGE };
  }
}

export const GRAPHQL_NO_ACCESS_MESSAGE =
  'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/graphql-api#authentication';

/** GraphQL's answer to a valid token without GraphQL access, per variant. */
export function graphqlNoAccessAnswer(variant: GraphqlNoAccessVariant): { status: number; body: unknown } {
  switch (variant) {
    case '401':
      return { status: 401, body: { errors: [{ message: GRAPHQL_NO_ACCESS_MESSAGE }] } };
    case '403':
      return { status: 403, body: { errors: [{ message: 'Forbidden' }] } };
    case '200-errors':
      return {
        status: 200,
        body: { errors: [{ message: 'This API Access Token does not have GraphQL API access enabled.' }] },
      };
    case '200-errors-data-null':
      return { status: 200, body: { data: null, errors: [{ message: GRAPHQL_NO_ACCESS_MESSAGE }] } };
  }
}

/** `ipBlocked: true` (older tests) means the first variant. */
export function policyVariantOf(flag: boolean | PolicyVariant | undefined): PolicyVariant | null {
  if (!flag) return null;
  return flag === true ? '403-ip' : flag;
}
