import type { KdError } from '../errors';

/** What the caller knows about a call, so a 403 can be explained instead of just reported. */
export interface CallContext {
  /** The REST scope the endpoint needs, if any. */
  scope?: string;
  /** The scopes the token has, from the last `GET /v2/access-token`, when known. */
  tokenScopes?: readonly string[];
  /** The organisation slug in the path, if any. */
  org?: string;
  /** `graphql` for GraphQL calls: a 401 there may mean "GraphQL not enabled on this token". */
  api?: 'rest' | 'graphql';
  /** The endpoint needs no scope and no organisation (e.g. `GET /v2/access-token`): a 403 there is a policy. */
  needsNothing?: boolean;
  /** The organisations the token reached in the last health check, when known. */
  tokenOrgs?: readonly string[];
}

/**
 * Buildkite documents neither the status nor the body of a request refused by an IP allowlist or an SSO /
 * organisation policy (reference §1.6, §8): 401 or 403, with or without these words. The words only help; a 403
 * that scopes and organisation access do not explain reads as a policy too.
 */
const POLICY_MESSAGE = /\bIP\b|allow ?list|allowed ip|\bSSO\b|single sign|\bSAML\b|\bpolicy\b/i;

/** GraphQL's words for "this token has no GraphQL access" (undocumented, §1.5): seen and plausible variants. */
const GRAPHQL_REFUSAL = /authentication required|graphql api access|not (been )?enabled for graphql|^forbidden$/i;

export function isGraphQLRefusal(message: string): boolean {
  return GRAPHQL_REFUSAL.test(message.trim());
}

export const POLICY_TITLE = 'Blocked by an IP allowlist or an SSO/organisation policy';

/** A request refused by an allowlist or a policy, with Buildkite's own words. */
export function policyError(status: number, serverMessage: string | undefined): KdError {
  const said = serverMessage ? `Buildkite said: “${serverMessage}”.` : 'Buildkite gave no reason.';
  return {
    kind: 'ip-not-allowed',
    status,
    title: POLICY_TITLE,
    detail: `${said} The token's Allowed IP Addresses, your organisation's API IP allowlist, or an SSO/organisation policy refused this request (the token's permissions would allow it).`,
    action:
      'Connect from an allowed network (VPN) or sign in with your organisation’s SSO, or ask an organisation admin to check the allowlist and policies.',
  };
}

/** Buildkite's error body is `{ "message": "…" }` (REST) or `{ "errors": [{ "message" }] }` (GraphQL). */
export function messageFromBody(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const { message, errors } = body as { message?: unknown; errors?: unknown };
    if (typeof message === 'string' && message.trim()) {
      const details = Array.isArray(errors) ? errors.map(describeValidationItem).filter(Boolean) : [];
      return details.length ? `${message}: ${details.join('; ')}` : message;
    }
    if (Array.isArray(errors)) {
      const texts = errors.map(describeValidationItem).filter(Boolean);
      if (texts.length) return texts.join('; ');
    }
  }
  return undefined;
}

function describeValidationItem(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object') {
    const { message, field, code } = item as Record<string, unknown>;
    if (typeof message === 'string') return message;
    if (typeof field === 'string') return [field, typeof code === 'string' ? code : 'invalid'].join(' ');
  }
  return '';
}

export type RateScope = 'rest' | 'rest_user' | 'graphql' | 'graphql_user';

export interface RateLimitRefusal {
  /** The budget that refused, when the answer says (body `scope`, GraphQL message, or the exhausted header). */
  scope: RateScope | null;
  /** Seconds until THAT budget resets. */
  seconds: number | undefined;
}

function seconds(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Which budget refused a 429, and when it resets (reference §2.3, §3.3). REST says it in the body (`scope`:
 * `rest` or `rest_user`, `reset`), GraphQL in its message ("Your organization has exceeded…" / "…per-user limit…"
 * with "try again in N seconds"); both send the org's `RateLimit-Reset` and the user's `RateLimit-User-Reset`. The
 * other budget's reset is never used: a per-user refusal that resets in 50 s must not be retried after the org's
 * 5 s. `Retry-After` is not documented; it is read only when nothing documented says when.
 */
export function rateLimitRefusal(headers: Headers, body: unknown, api: 'rest' | 'graphql' = 'rest'): RateLimitRefusal {
  const message = messageFromBody(body) ?? '';
  const bodyScope = (body as { scope?: unknown } | null)?.scope;
  const bodyReset = (body as { reset?: unknown } | null)?.reset;
  const said = /try again in (\d+) seconds|wait (\d+) seconds/i.exec(message);
  const fromMessage = said ? Number(said[1] ?? said[2]) : undefined;
  const fromBody = typeof bodyReset === 'number' && bodyReset >= 0 ? bodyReset : fromMessage;
  const orgReset = seconds(headers, 'ratelimit-reset');
  const userReset = seconds(headers, 'ratelimit-user-reset');
  let scope: RateScope | null = null;
  if (bodyScope === 'rest' || bodyScope === 'rest_user' || bodyScope === 'graphql' || bodyScope === 'graphql_user')
    scope = bodyScope;
  else if (/per-user limit/i.test(message)) scope = api === 'graphql' ? 'graphql_user' : 'rest_user';
  else if (/organi[sz]ation has exceeded/i.test(message)) scope = api === 'graphql' ? 'graphql' : 'rest';
  else if (seconds(headers, 'ratelimit-user-remaining') === 0 && seconds(headers, 'ratelimit-remaining') !== 0)
    scope = api === 'graphql' ? 'graphql_user' : 'rest_user';
  else if (seconds(headers, 'ratelimit-remaining') === 0 && seconds(headers, 'ratelimit-user-remaining') !== 0)
    scope = api === 'graphql' ? 'graphql' : 'rest';
  const user = scope === 'rest_user' || scope === 'graphql_user';
  const scoped = scope === null ? undefined : user ? (userReset ?? fromBody) : (orgReset ?? fromBody);
  // Scope unknown: wait for the later of the two documented resets, so neither budget is retried too early.
  const unscoped =
    fromBody ??
    (orgReset !== undefined || userReset !== undefined ? Math.max(orgReset ?? 0, userReset ?? 0) : undefined);
  return { scope, seconds: (scope === null ? unscoped : scoped) ?? seconds(headers, 'retry-after') };
}

/** Seconds until the budget that refused a 429 resets (see `rateLimitRefusal`). */
export function resetSeconds(headers: Headers, body: unknown, api: 'rest' | 'graphql' = 'rest'): number | undefined {
  return rateLimitRefusal(headers, body, api).seconds;
}

const SCOPE_WORDS: Record<RateScope, string> = {
  rest: 'Your organisation’s REST budget (shared by everyone in it) is used up for this minute.',
  rest_user: 'Your own REST budget (per user, across all your tokens and tools) is used up for this minute.',
  graphql: 'Your organisation’s GraphQL complexity budget is used up for this 5-minute window.',
  graphql_user: 'Your own GraphQL complexity budget is used up for this 5-minute window.',
};

/** Turns an HTTP failure from Buildkite into the shared vocabulary. */
export function errorFromResponse(
  status: number,
  headers: Headers,
  body: unknown,
  context: CallContext = {},
  now = Date.now(),
): KdError {
  const serverMessage = messageFromBody(body);
  const said = serverMessage ? `Buildkite said: “${serverMessage}”.` : '';
  if (status === 401) {
    if (serverMessage && POLICY_MESSAGE.test(serverMessage)) return policyError(status, serverMessage);
    if (context.api === 'graphql') return graphqlRefused(status, serverMessage);
    return {
      kind: 'unauthorized',
      status,
      title: 'The token is not valid',
      detail:
        `${said} It may have been revoked, have expired, or been mistyped; an IP allowlist or SSO policy can also answer this way.`.trim(),
      action: 'Paste a new token in Kitedeck’s popup.',
    };
  }
  if (status === 403) return diagnoseForbidden(serverMessage, context);
  if (status === 404) {
    return {
      kind: 'not-found',
      status,
      title: 'Not found',
      detail: `${said} It may have been deleted, or your token's organisation access may not include it.`.trim(),
      action: 'Check the URL, and that the token was created with access to this organisation.',
    };
  }
  if (status === 429) {
    const refusal = rateLimitRefusal(headers, body, context.api ?? 'rest');
    const seconds = refusal.seconds;
    return {
      kind: 'rate-limited',
      status,
      ...(refusal.scope ? { rateScope: refusal.scope } : {}),
      title: 'Rate limited by Buildkite',
      detail:
        `${said} ${refusal.scope ? SCOPE_WORDS[refusal.scope] : 'Your organisation shares a budget of API requests per minute.'}`.trim(),
      action: seconds === undefined ? 'Wait a minute and try again.' : `Wait ${seconds} s and try again.`,
      ...(seconds === undefined ? {} : { retryAt: now + seconds * 1000 }),
    };
  }
  if (status === 400 || status === 409 || status === 422) {
    return {
      kind: 'rejected',
      status,
      title: 'Buildkite refused the request',
      detail: said || `HTTP ${status}.`,
      action: 'Read the reason above; the build may have changed since the page loaded. Refresh and try again.',
    };
  }
  if (status >= 500) {
    return {
      kind: 'server',
      status,
      title: 'Buildkite had a problem',
      detail: `HTTP ${status}. ${said}`.trim(),
      action: 'Buildkite may be having an incident (buildkitestatus.com). Try again in a moment.',
    };
  }
  return {
    kind: 'invalid-response',
    status,
    title: 'Unexpected answer from Buildkite',
    detail: `HTTP ${status}. ${said}`.trim(),
    action: 'Try again. If it keeps happening, report it with this message.',
  };
}

/** GraphQL refused the token: no GraphQL access, or a bad token (REST tells which). Kind `unauthorized`. */
export function graphqlRefused(status: number | undefined, serverMessage: string | undefined): KdError {
  const said = serverMessage ? `Buildkite said: “${serverMessage}”.` : '';
  return {
    kind: 'unauthorized',
    ...(status === undefined ? {} : { status }),
    title: 'GraphQL refused this token',
    detail: `${said} The token is invalid, or it does not have GraphQL API access enabled.`.trim(),
    action: 'Check the token in Kitedeck’s token health view, or create one with “Enable GraphQL API access”.',
  };
}

function diagnoseForbidden(serverMessage: string | undefined, context: CallContext): KdError {
  const said = serverMessage ? `Buildkite said: “${serverMessage}”.` : '';
  if (serverMessage && POLICY_MESSAGE.test(serverMessage)) return policyError(403, serverMessage);
  if (context.api === 'graphql') return graphqlRefused(403, serverMessage);
  if (context.needsNothing) return policyError(403, serverMessage);
  const { scope, tokenScopes, org, tokenOrgs } = context;
  const scopeOk = !scope || tokenScopes?.includes(scope) === true;
  if (scopeOk && tokenScopes && (!org || tokenOrgs?.includes(org))) return policyError(403, serverMessage);
  if (scope && tokenScopes && !tokenScopes.includes(scope)) {
    return {
      kind: 'missing-scope',
      status: 403,
      scope,
      title: `The token lacks the ${scope} scope`,
      detail: `${said} This action needs the “${scope}” scope, which this token was not given.`.trim(),
      action: `Create a token with ${scope} (Kitedeck's token health view links to a prefilled form).`,
    };
  }
  if (org && scopeOk) {
    return {
      kind: 'no-org-access',
      status: 403,
      title: `No access to the ${org} organisation`,
      detail:
        `${said} The token has the right scopes but was not granted access to “${org}”, or an admin removed that organisation from it.`.trim(),
      action: `Create a token with Organization Access to ${org}.`,
    };
  }
  return {
    kind: 'forbidden',
    status: 403,
    ...(scope ? { scope } : {}),
    title: 'Buildkite refused this request',
    detail: `${said} Usually a missing scope, or no access to this organisation.`.trim(),
    action: 'Open token health in Kitedeck’s popup to see what the token allows.',
  };
}

export function networkError(cause: unknown): KdError {
  return {
    kind: 'network',
    title: 'Could not reach Buildkite',
    detail: cause instanceof Error && cause.message ? cause.message : 'The request failed before an answer came back.',
    action: 'Check your connection, VPN or proxy, then try again.',
  };
}

export function timeoutError(seconds: number): KdError {
  return {
    kind: 'timeout',
    title: 'Buildkite did not answer in time',
    detail: `No answer after ${seconds} s.`,
    action: 'Try again; if Buildkite is slow right now, wait a minute.',
  };
}

/**
 * A write (mutation, REST POST/PUT/PATCH/DELETE) that got no answer in time: it was sent once and may have been
 * carried out, so this never says "try again"; it says how to check first.
 */
export function writeTimeoutError(seconds: number): KdError {
  return {
    kind: 'timeout',
    title: 'No answer from Buildkite: the outcome is unknown',
    detail: `The change was sent once, and no answer came back within ${seconds} s. It may have happened (a rebuild may already exist, a job may already be retried).`,
    action: 'Refresh the build page on Buildkite to see whether it happened before doing it again.',
  };
}

export function invalidResponse(detail: string, status?: number): KdError {
  return {
    kind: 'invalid-response',
    ...(status === undefined ? {} : { status }),
    title: 'Unexpected answer from Buildkite',
    detail,
    action: 'Try again. If it keeps happening, Buildkite may have changed its API: report it to Kitedeck.',
  };
}
