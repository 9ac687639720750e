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
}

const IP_MESSAGE = /\bIP\b|allow ?list|allowed ip/i;

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

/** Seconds from `RateLimit-Reset` / `RateLimit-User-Reset` / `Retry-After`, else from the 429 body's `reset`. */
export function resetSeconds(headers: Headers, body: unknown): number | undefined {
  for (const name of ['retry-after', 'ratelimit-reset', 'ratelimit-user-reset']) {
    const value = Number(headers.get(name));
    if (headers.get(name) !== null && Number.isFinite(value) && value >= 0) return value;
  }
  const reset = (body as { reset?: unknown } | null)?.reset;
  if (typeof reset === 'number') return reset;
  const match = /try again in (\d+) seconds|wait (\d+) seconds/i.exec(messageFromBody(body) ?? '');
  return match ? Number(match[1] ?? match[2]) : undefined;
}

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
    if (context.api === 'graphql') {
      return {
        kind: 'unauthorized',
        status,
        title: 'GraphQL refused this token',
        detail: `${said} The token is invalid, or it does not have GraphQL API access enabled.`.trim(),
        action: 'Check the token in Kitedeck’s token health view, or create one with “Enable GraphQL API access”.',
      };
    }
    return {
      kind: 'unauthorized',
      status,
      title: 'The token is not valid',
      detail: `${said} It may have been revoked, have expired, or been mistyped.`.trim(),
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
    const seconds = resetSeconds(headers, body);
    return {
      kind: 'rate-limited',
      status,
      title: 'Rate limited by Buildkite',
      detail: `${said} Your organisation shares a budget of API requests per minute.`.trim(),
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

function diagnoseForbidden(serverMessage: string | undefined, context: CallContext): KdError {
  const said = serverMessage ? `Buildkite said: “${serverMessage}”.` : '';
  if (serverMessage && IP_MESSAGE.test(serverMessage)) {
    return {
      kind: 'ip-not-allowed',
      status: 403,
      title: 'Your IP address is not allowed',
      detail: `${said} The token's Allowed IP Addresses, or your organisation's API IP allowlist, does not include the network you are on.`,
      action: 'Connect from an allowed network (VPN), or ask an organisation admin to update the allowlist.',
    };
  }
  const { scope, tokenScopes, org } = context;
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
  if (org && (!scope || tokenScopes?.includes(scope))) {
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
