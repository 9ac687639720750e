import { KdFailure, type KdError } from '../errors';
import { runGraphQL } from '../buildkite/graphql';
import { TokenHealthQuery, TokenHealthResult } from './documents';
import { restRead } from '../buildkite/rest';
import { AccessToken, Organizations } from '../buildkite/schemas';
import { featureVerdicts, newTokenUrl } from './features';
import { checkTokenFormat } from './format';
import {
  describeCountdown,
  EXPIRY_WARNING_MS,
  type HealthCheck,
  type TokenFacts,
  type TokenHealthReport,
} from './report';

function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: KdError }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (cause: unknown) => ({
      ok: false as const,
      error:
        cause instanceof KdFailure
          ? cause.error
          : { kind: 'network' as const, title: 'Unexpected failure', detail: String(cause), action: 'Try again.' },
    }),
  );
}

export function noTokenReport(now = Date.now()): TokenHealthReport {
  return {
    checkedAt: now,
    verdict: 'no-token',
    summary: 'No token set. Paste a Buildkite API access token to start.',
    token: null,
    checks: [],
    features: featureVerdicts([]),
    organizations: [],
    graphqlEnabled: null,
    newTokenUrl: newTokenUrl(),
  };
}

/**
 * Runs the token checks in parallel: the token itself (`GET /v2/access-token`, no scope needed), the
 * organisations (REST, `read_organizations`) and a live GraphQL probe. Their failures are read together, so a
 * 403 is explained by the scopes the token turned out to have. `previous` lets an expired token read as expired.
 */
export async function checkTokenHealth(
  token: string,
  previous: TokenHealthReport | null,
  now = () => Date.now(),
): Promise<TokenHealthReport> {
  const format = checkTokenFormat(token);
  const credentials = { token };
  const [accessToken, organizations, probe] = await Promise.all([
    settle(restRead(credentials, { path: 'access-token', schema: AccessToken, needsNothing: true })),
    settle(
      restRead(credentials, {
        path: 'organizations',
        searchParams: { per_page: 100 },
        schema: Organizations,
        scope: 'read_organizations',
      }),
    ),
    settle(runGraphQL(credentials, TokenHealthQuery, {}, TokenHealthResult)),
  ]);
  const at = now();
  const base = {
    checkedAt: at,
    ...(format.ok && format.note ? { formatNote: format.note } : {}),
    newTokenUrl: newTokenUrl(),
  };

  if (!accessToken.ok) {
    const problem = accessToken.error;
    const wasExpired = previous?.token?.expiresAt != null && previous.token.expiresAt <= at;
    const verdict = problem.kind === 'unauthorized' ? (wasExpired ? 'expired' : 'invalid') : 'error';
    const summary =
      verdict === 'expired'
        ? 'This token has expired. Create a new one.'
        : verdict === 'invalid'
          ? 'This token is not valid: revoked, expired or mistyped.'
          : `${problem.title}.`;
    return {
      ...base,
      verdict,
      summary,
      token: null,
      checks: [
        {
          id: 'valid',
          status: 'fail',
          title: verdict === 'expired' ? 'Token expired' : problem.title,
          detail: `${problem.detail} ${problem.action}`,
          error: problem,
        },
      ],
      features: featureVerdicts([]),
      organizations: [],
      graphqlEnabled: null,
      problem,
    };
  }

  const facts: TokenFacts = {
    uuid: accessToken.value.value.uuid,
    description: accessToken.value.value.description,
    createdAt: accessToken.value.value.created_at,
    expiresAt: accessToken.value.value.expires_at,
    scopes: accessToken.value.value.scopes,
    owner: { name: accessToken.value.value.user?.name ?? null, email: accessToken.value.value.user?.email ?? null },
    prefixed: format.ok ? format.prefixed : false,
  };
  const checks: HealthCheck[] = [
    {
      id: 'valid',
      status: 'pass',
      title: 'Token is valid',
      detail: `${facts.description ? `“${facts.description}”, ` : ''}owned by ${facts.owner.name ?? 'unknown'}${facts.owner.email ? ` <${facts.owner.email}>` : ''}, with ${facts.scopes.length} scope${facts.scopes.length === 1 ? '' : 's'}.`,
    },
    expiryCheck(facts.expiresAt, at),
  ];

  // GraphQL access is judged by the live probe: the `graphql` scope string is only inferred (reference §1.5, §8).
  // A probe that could not tell (network, rate limit, server) leaves it unknown, and the scope string decides.
  const graphqlScope = facts.scopes.includes('graphql');
  const probeRefused = !probe.ok && (probe.error.kind === 'unauthorized' || probe.error.kind === 'forbidden');
  const graphqlEnabled = probe.ok ? true : probeRefused ? false : graphqlScope ? null : false;
  checks.push(graphqlCheck(graphqlScope, probe.ok ? null : probe.error));
  const usableScopes =
    graphqlEnabled === true
      ? [...new Set([...facts.scopes, 'graphql'])]
      : graphqlEnabled === false
        ? facts.scopes.filter((scope) => scope !== 'graphql')
        : facts.scopes;

  const orgList = organizations.ok
    ? organizations.value.value.map(({ slug, name }) => ({ slug, name }))
    : probe.ok
      ? (probe.value.viewer?.organizations?.edges ?? []).flatMap((edge) =>
          edge?.node ? [{ slug: edge.node.slug, name: edge.node.name }] : [],
        )
      : [];
  checks.push(organizationsCheck(orgList, organizations.ok ? null : organizations.error, probe.ok, facts.scopes));

  const pastExpiry = facts.expiresAt !== null && facts.expiresAt <= at;
  const expiring = !pastExpiry && facts.expiresAt !== null && facts.expiresAt - at < EXPIRY_WARNING_MS;
  const hasWarning = checks.some((check) => check.status === 'warn' || check.status === 'fail');
  const verdict = pastExpiry ? 'expired' : expiring ? 'expiring' : hasWarning ? 'warning' : 'ok';
  const summary = pastExpiry
    ? 'This token’s expiry date has passed (Buildkite still answered: check your computer’s clock). Create a new token.'
    : expiring
      ? `Token works, but expires in ${describeCountdown(facts.expiresAt!, at)}.`
      : hasWarning
        ? 'Token works, with limits: see below.'
        : 'Token works.';
  const problemCheck = checks.find((check) => check.status === 'fail' && check.error);
  return {
    ...base,
    verdict,
    summary,
    token: facts,
    checks,
    features: featureVerdicts(usableScopes),
    organizations: orgList,
    graphqlEnabled,
    ...(problemCheck?.error ? { problem: problemCheck.error } : {}),
  };
}

function expiryCheck(expiresAt: number | null, now: number): HealthCheck {
  if (expiresAt === null)
    return { id: 'expiry', status: 'pass', title: 'Never expires', detail: 'Consider rotating it at least yearly.' };
  const when = new Date(expiresAt).toUTCString();
  if (expiresAt <= now)
    return { id: 'expiry', status: 'fail', title: 'Expired', detail: `Expired on ${when}. Create a new token.` };
  const countdown = describeCountdown(expiresAt, now);
  if (expiresAt - now < EXPIRY_WARNING_MS) {
    return {
      id: 'expiry',
      status: 'warn',
      title: `Expires in ${countdown}`,
      detail: `On ${when}. Create its replacement now (Buildkite’s “Duplicate” keeps the same permissions).`,
    };
  }
  return { id: 'expiry', status: 'pass', title: `Expires in ${countdown}`, detail: `On ${when}.` };
}

function graphqlCheck(scope: boolean, probeError: KdError | null): HealthCheck {
  if (!probeError && !scope) {
    return {
      id: 'graphql',
      status: 'pass',
      title: 'GraphQL enabled',
      detail: 'The live probe answered (the token’s scope list does not say “graphql”, but GraphQL works).',
    };
  }
  if (!scope) {
    return {
      id: 'graphql',
      status: 'warn',
      title: 'GraphQL not enabled',
      detail:
        'The token was created without “Enable GraphQL API access”. Kitedeck falls back to REST, which costs more requests; job cancel is unavailable.',
    };
  }
  if (probeError) {
    return {
      id: 'graphql',
      status: 'fail',
      title: 'GraphQL probe failed',
      detail: `${probeError.title}. ${probeError.detail} ${probeError.action}`,
      error: probeError,
    };
  }
  return { id: 'graphql', status: 'pass', title: 'GraphQL enabled', detail: 'The live probe answered.' };
}

function organizationsCheck(
  orgs: { slug: string; name: string }[],
  restError: KdError | null,
  probeOk: boolean,
  scopes: readonly string[],
): HealthCheck {
  if (orgs.length) {
    return {
      id: 'organizations',
      status: 'pass',
      title: `${orgs.length} organisation${orgs.length === 1 ? '' : 's'} reachable`,
      detail: orgs.map((org) => org.name).join(', '),
    };
  }
  if (restError && restError.kind !== 'missing-scope' && restError.kind !== 'forbidden') {
    return {
      id: 'organizations',
      status: 'fail',
      title: restError.title,
      detail: `${restError.detail} ${restError.action}`,
      error: restError,
    };
  }
  if (!scopes.includes('read_organizations') && !probeOk) {
    return {
      id: 'organizations',
      status: 'skip',
      title: 'Organisations not checked',
      detail: 'Needs the read_organizations scope or GraphQL access.',
    };
  }
  return {
    id: 'organizations',
    status: 'fail',
    title: 'No organisation reachable',
    detail: 'The token has no organisation access. Create a token with Organization Access to your organisation.',
  };
}
