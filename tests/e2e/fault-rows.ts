/**
 * The fault matrix's build-page rows, shared by tests/e2e/chromium/fault-matrix.spec.ts and
 * tests/e2e/firefox/fault-matrix.spec.ts so the two browsers check the same faults the same way: each row's fault on
 * the panel's read and on its Rebuild (set up at the loopback fake), what the user reads, and how many reads it may
 * make. Rows the platform forbids in Firefox (offline: intercepting the background's requests) live in the Chromium
 * spec only.
 */
import { BUILDS } from '../fake-buildkite/seed-ids';
import { READ_SCOPES, TOKENS } from '../fake-buildkite/seed-tokens';
import { GRAPHQL_UNAUTHORIZED, REST_UNAUTHORIZED, type RecordedRequest } from '../fake-buildkite/runtime';
import { POLICY_VARIANTS, policyAnswer, type PolicyVariant } from '../fake-buildkite/undocumented';
import type { ScenarioSpec, TokenSpec } from '../fake-buildkite/control';
import { fake } from './env';

export type BuildRef = { org: string; pipeline: string; number: number };
export const buildUrl = (b: BuildRef) => `https://buildkite.com/${b.org}/${b.pipeline}/builds/${b.number}`;
export const restBuildPath = (b: BuildRef) => `/v2/organizations/${b.org}/pipelines/${b.pipeline}/builds/${b.number}`;

export const isMutation = (r: RecordedRequest) =>
  r.path.startsWith('/graphql') && /^\s*mutation\b/.test(String((r.body as { query?: unknown } | null)?.query ?? ''));

export interface Fault {
  /** sets the fault up (none: the row's token or page is the fault) */
  on?: () => Promise<unknown>;
  /** takes it away (default: the scenarios are cleared) */
  off?: () => Promise<unknown>;
}

export interface PanelRow {
  name: string;
  /** the token the extension holds (default: the full token, which reads over GraphQL) */
  token?: string;
  tokenSpec?: Omit<TokenSpec, 'value'>;
  /** the build page (default acme/web #103, failed: Rebuild is offered) */
  build?: BuildRef;
  /** the fault on the panel's read, what the user reads, and how many reads it may make */
  read?: Fault & { shows: RegExp[]; atMost: number };
  /** the fault on the panel's Rebuild, and what the user reads */
  write?: Fault & { shows: RegExp[] };
}

export const WEB = BUILDS.webFailed;
const scenario = (spec: ScenarioSpec) => () => fake.scenario(spec);
const graphqlQuery = { method: 'POST', operationName: 'BuildPage' };
export const graphqlRebuild = { method: 'POST', operationName: 'BuildRebuild' };
const restRead = { method: 'GET', pathPrefix: restBuildPath(WEB) };
const restRebuild = { method: 'PUT', pathPrefix: `${restBuildPath(WEB)}/rebuild` };
const escape = (text: string) => new RegExp(text.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** A token without GraphQL (read scopes and write_builds): the panel reads and writes over REST. */
export const REST_TOKEN = TOKENS.legacy;
export const REBUILT = /Rebuilt as #\d+/;

/** 429 with both documented budgets' headers; `scope` refused and resets in 50 s, the other budget in 5 s. */
function rateLimited(scope: 'rest' | 'rest_user'): ScenarioSpec['respond'] {
  const user = scope === 'rest_user';
  return {
    kind: 'rate-limited',
    headers: {
      'RateLimit-Remaining': user ? '150' : '0',
      'RateLimit-Limit': '200',
      'RateLimit-Reset': user ? '5' : '50',
      'RateLimit-User-Scope': 'rest_user',
      'RateLimit-User-Remaining': user ? '0' : '40',
      'RateLimit-User-Limit': '50',
      'RateLimit-User-Reset': user ? '50' : '5',
    },
    body: {
      message: 'You have exceeded your API rate limit. Please wait 50 seconds before making more requests.',
      scope,
      limit: user ? 50 : 200,
      current: user ? 51 : 201,
      reset: 50,
    },
  };
}

/**
 * The token's refusal on the rebuild itself, as the fake gives it on each API (the build was read just before,
 * while the token still passed). After a GraphQL 401 the panel reads and writes over REST for a while
 * (lib/builds/read.ts), so which API the rebuild takes depends on the read before it: both answer alike.
 */
const refusedRebuild = (status: number, restMessage: string, graphqlMessage: string) => async () => {
  await fake.scenario({
    match: graphqlRebuild,
    respond: { kind: 'status', status, body: { errors: [{ message: graphqlMessage }] } },
  });
  await fake.scenario({ match: restRebuild, respond: { kind: 'status', status, body: { message: restMessage } } });
};

function policyRow(variant: PolicyVariant): PanelRow {
  const { status, message } = policyAnswer(variant);
  // A 401 without policy words is indistinguishable from a dead token: that is what the user is told.
  const plain = variant === '401-plain';
  const title = /Blocked by an IP allowlist or an SSO\/organisation policy/;
  return {
    name: `IP/SSO policy ${variant}`,
    read: {
      on: () => fake.updateToken(TOKENS.full, { ipBlocked: variant }),
      off: () => fake.updateToken(TOKENS.full, { ipBlocked: false }),
      shows: [plain ? /The token is not valid/ : title, escape(message)],
      // GraphQL first, then REST when GraphQL's answer could mean "no GraphQL access"
      atMost: 2,
    },
    write: {
      on: refusedRebuild(status, message, message),
      shows: [plain ? /The token is not valid/ : title, escape(message)],
    },
  };
}

export const panelRows: PanelRow[] = [
  {
    name: '401 (token revoked)',
    read: {
      on: () => fake.updateToken(TOKENS.full, { revoked: true }),
      off: () => fake.updateToken(TOKENS.full, { revoked: false }),
      shows: [/The token is not valid/, /Authentication required/],
      atMost: 2,
    },
    write: {
      on: refusedRebuild(401, REST_UNAUTHORIZED.message, GRAPHQL_UNAUTHORIZED),
      shows: [/The token is not valid/, /Authentication required/],
    },
  },
  {
    name: '403 scope (a token without read_builds)',
    token: 'bkua_noreadbuilds0kitedeck0fake0token0000000000000000000000',
    tokenSpec: { scopes: READ_SCOPES.filter((scope) => scope !== 'read_builds') },
    read: { shows: [/The token lacks the read_builds scope/], atMost: 1 },
  },
  {
    name: '403 organisation (a token without access to globex)',
    token: TOKENS.readonly,
    build: BUILDS.globexFailed,
    read: { shows: [/No access to the globex organisation/], atMost: 1 },
  },
  ...POLICY_VARIANTS.map(policyRow),
  {
    name: '404 (a build that does not exist; a rebuild of a deleted build)',
    token: REST_TOKEN,
    build: { org: 'acme', pipeline: 'web', number: 9999 },
    read: { shows: [/Not found/, /Check the URL/], atMost: 1 },
    write: {
      on: scenario({
        match: restRebuild,
        respond: { kind: 'status', status: 404, body: { message: 'No build found' } },
      }),
      shows: [/Not found/, /No build found/],
    },
  },
  {
    name: '422 (Buildkite refuses the rebuild)',
    token: REST_TOKEN,
    write: {
      on: scenario({
        match: restRebuild,
        respond: {
          kind: 'status',
          status: 422,
          body: { message: 'Validation Failed', errors: [{ field: 'build', code: 'not_rebuildable' }] },
        },
      }),
      shows: [/Buildkite refused the request/, /Validation Failed: build not_rebuildable/],
    },
  },
  ...(['rest', 'rest_user'] as const).map(
    (scope): PanelRow => ({
      name: `429 ${scope === 'rest' ? 'organisation' : 'user'} budget (resets in 50 s, the other in 5 s)`,
      token: REST_TOKEN,
      read: {
        on: scenario({ match: restRead, respond: rateLimited(scope) }),
        shows: [
          /Rate limited by Buildkite/,
          scope === 'rest' ? /Your organisation’s REST budget/ : /Your own REST budget/,
          /Wait 50 s and try again/,
        ],
        atMost: 1,
      },
      write: {
        on: scenario({ match: restRebuild, respond: rateLimited(scope) }),
        shows: [/Rate limited by Buildkite/, /Wait 50 s and try again/],
      },
    }),
  ),
  ...[500, 502, 503].map(
    (status): PanelRow => ({
      name: `${status}`,
      read: {
        on: scenario({ match: graphqlQuery, respond: { kind: 'server-error', status } }),
        shows: [/Buildkite had a problem/, new RegExp(`HTTP ${status}`)],
        atMost: 3,
      },
      write: {
        on: scenario({ match: graphqlRebuild, respond: { kind: 'server-error', status } }),
        shows: [/Buildkite had a problem/, new RegExp(`HTTP ${status}`)],
      },
    }),
  ),
  {
    name: 'timeout before headers',
    read: {
      on: scenario({ match: graphqlQuery, respond: { kind: 'slow', delayMs: 6_000 } }),
      shows: [/Buildkite did not answer in time/],
      atMost: 1,
    },
    write: {
      on: scenario({ match: graphqlRebuild, respond: { kind: 'slow', delayMs: 6_000 } }),
      shows: [/the outcome is unknown/, /sent once/],
    },
  },
  {
    name: 'stalled body after a 200',
    read: {
      on: scenario({ match: graphqlQuery, respond: { kind: 'stalled' } }),
      shows: [/Buildkite did not answer in time/],
      atMost: 1,
    },
    write: {
      on: scenario({ match: graphqlRebuild, respond: { kind: 'stalled' } }),
      shows: [/the outcome is unknown/],
    },
  },
  {
    name: 'malformed JSON',
    read: {
      on: scenario({ match: graphqlQuery, respond: { kind: 'malformed' } }),
      shows: [/Unexpected answer from Buildkite/, /not valid JSON/],
      atMost: 1,
    },
    write: {
      on: scenario({ match: graphqlRebuild, respond: { kind: 'malformed' } }),
      shows: [/Unexpected answer from Buildkite/, /not valid JSON/],
    },
  },
  {
    name: 'GraphQL 200 with errors (the whole document)',
    read: {
      on: scenario({
        match: graphqlQuery,
        respond: {
          kind: 'status',
          status: 200,
          body: { errors: [{ message: 'Query has complexity of 251503, which exceeds max complexity of 50000' }] },
        },
      }),
      shows: [/GraphQL query failed/, /exceeds max complexity/],
      atMost: 1,
    },
    write: {
      on: scenario({
        match: graphqlRebuild,
        respond: {
          kind: 'status',
          status: 200,
          body: { data: null, errors: [{ message: 'Build is not rebuildable' }] },
        },
      }),
      shows: [/Build is not rebuildable/],
    },
  },
];

// Rows that hold the same token run one after the other (a token change goes through the popup: about a second).
const tokenOrder: (string | undefined)[] = [undefined, REST_TOKEN, TOKENS.readonly];
const byToken = (row: PanelRow) => (tokenOrder.includes(row.token) ? tokenOrder.indexOf(row.token) : tokenOrder.length);
export const inTokenOrder = (rows: PanelRow[]) => [...rows].sort((a, b) => byToken(a) - byToken(b));
