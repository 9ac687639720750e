/** Token values the fake's seed knows (tests/fake-buildkite/state.ts). Import these in tests. */

export const READ_SCOPES = [
  'read_user',
  'read_organizations',
  'read_pipelines',
  'read_builds',
  'read_build_logs',
  'read_artifacts',
  'read_agents',
  'read_job_env',
] as const;

export const FULL_SCOPES = [
  ...READ_SCOPES,
  'write_builds',
  'write_pipelines',
  'write_build_logs',
  'write_artifacts',
  'read_notification_services',
  'write_notification_services',
  'graphql',
] as const;

export const TOKENS = {
  /** every scope incl. graphql; all orgs; expires in 30 days */
  full: 'bkua_full0kitedeck0fake0token0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  /** read scopes only (no write_builds, no graphql); org acme only (globex -> 403) */
  readonly: 'bkua_readonly0kitedeck0fake0token0bbbbbbbbbbbbbbbbbbbbbbbbbb',
  /** revoked: every call is 401 */
  revoked: 'bkua_revoked0kitedeck0fake0token0cccccccccccccccccccccccccccc',
  /** full scopes, expires in 3 days */
  expiring: 'bkua_expiring0kitedeck0fake0token0dddddddddddddddddddddddddd',
  /** expired yesterday: every call is 401 */
  expired: 'bkua_expired0kitedeck0fake0token0eeeeeeeeeeeeeeeeeeeeeeeeeeee',
  /** flagged IP-blocked: every call is 403 with the IP message */
  ipBlocked: 'bkua_ipblocked0kitedeck0fake0token0ffffffffffffffffffffffffff',
  /** pre-2023 unprefixed 40-hex token; never expires; read + write_builds, no graphql */
  legacy: '4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
} as const;
