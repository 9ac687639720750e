import { NEW_TOKEN_PAGE } from '../config';

/**
 * What each Kitedeck feature needs from the token. `required` must all be present;
 * `graphql` is needed where a feature only exists in GraphQL, and preferred (fewer requests) elsewhere.
 */
export interface FeatureNeeds {
  id: string;
  name: string;
  required: readonly string[];
  /** Scopes that make the feature better, with why. */
  recommended?: readonly { scope: string; why: string }[];
}

export const FEATURES: readonly FeatureNeeds[] = [
  {
    id: 'quick-actions',
    name: 'Quick actions (rebuild, cancel)',
    required: ['read_builds', 'write_builds'],
    recommended: [{ scope: 'graphql', why: 'one request per build page instead of several' }],
  },
  { id: 'retry', name: 'Retry failed jobs', required: ['read_builds', 'write_builds'] },
  { id: 'unblock', name: 'Unblock with a form', required: ['read_builds', 'write_builds'] },
  {
    id: 'job-cancel',
    name: 'Cancel a single job',
    required: ['graphql'],
  },
  { id: 'logs', name: 'Job logs', required: ['read_build_logs'] },
  {
    id: 'watch',
    name: 'Watch builds and notify',
    required: ['read_builds'],
    recommended: [{ scope: 'graphql', why: 'one batched request per poll, whatever the number of builds' }],
  },
  {
    id: 'webhooks',
    name: 'Webhook lab: fill templates from real builds',
    required: ['read_builds'],
  },
  { id: 'console-graphql', name: 'API console: GraphQL', required: ['graphql'] },
  { id: 'console-rest', name: 'API console: REST', required: [] },
];

/** Every scope Kitedeck can use: the prefilled new-token link asks for exactly these. */
export const KITEDECK_SCOPES: readonly string[] = [
  'read_builds',
  'write_builds',
  'read_build_logs',
  'read_organizations',
  'graphql',
];

export interface FeatureVerdict {
  id: string;
  name: string;
  allowed: boolean;
  missing: string[];
  /** Recommended scopes that are absent, with why they'd help. */
  degraded: { scope: string; why: string }[];
}

export function featureVerdicts(scopes: readonly string[]): FeatureVerdict[] {
  const has = new Set(scopes);
  return FEATURES.map((feature) => ({
    id: feature.id,
    name: feature.name,
    missing: feature.required.filter((scope) => !has.has(scope)),
    allowed: feature.required.every((scope) => has.has(scope)),
    degraded: (feature.recommended ?? []).filter((item) => !has.has(item.scope)),
  }));
}

/** Buildkite's new-token form, prefilled. */
export function newTokenUrl(scopes: readonly string[] = KITEDECK_SCOPES, description = 'Kitedeck'): string {
  const url = new URL(NEW_TOKEN_PAGE);
  url.searchParams.set('description', description);
  for (const scope of scopes) url.searchParams.append('scopes[]', scope);
  return url.toString();
}
