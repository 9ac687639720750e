/**
 * "Copy as curl" for the console's requests. The token is never in the text: `$BUILDKITE_API_TOKEN` (REST, GraphQL)
 * or `$BUILDKITE_PORTAL_TOKEN` (portals) is expanded by the shell from the user's environment. Every other part is a
 * single-quoted literal, so nothing in a path, query or body is ever expanded by the shell.
 */
import { GRAPHQL_URL, REST_BASE } from '../config';
import { shellQuote } from '../webhooks/curl';
import { portalEndpoint, type PortalRef } from './portal';
import { checkRestPath, type RestMethod } from './rest-path';

export const API_TOKEN_ENV = 'BUILDKITE_API_TOKEN';
export const PORTAL_TOKEN_ENV = 'BUILDKITE_PORTAL_TOKEN';

export type ConsoleRequest =
  | { kind: 'graphql'; query: string; variables: Record<string, unknown>; operationName?: string }
  | { kind: 'rest'; method: RestMethod; path: string; body?: string }
  | { kind: 'portal'; portal: PortalRef; variables: Record<string, unknown>; operationName?: string };

const CONTINUE = ' \\\n  ';

export function graphqlBody(request: Extract<ConsoleRequest, { kind: 'graphql' }>): string {
  return JSON.stringify({
    query: request.query,
    variables: request.variables,
    ...(request.operationName ? { operationName: request.operationName } : {}),
  });
}

/** Thrown by `toCurl` for a REST path that Send would refuse: no command is made for it. */
export class CurlRefused extends Error {}

/**
 * The command, or why there is none. A REST path goes through the same `checkRestPath` as Send: a pasted
 * `//evil.example/x` must not aim `$BUILDKITE_API_TOKEN` at another host.
 */
export function curlFor(
  request: ConsoleRequest,
  bases = { rest: REST_BASE, graphql: GRAPHQL_URL },
): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: toCurl(request, bases) };
  } catch (cause) {
    if (cause instanceof CurlRefused) return { ok: false, message: cause.message };
    throw cause;
  }
}

export function toCurl(request: ConsoleRequest, bases = { rest: REST_BASE, graphql: GRAPHQL_URL }): string {
  const bearer = (variable: string) => `-H "Authorization: Bearer $${variable}"`;
  const json = `-H ${shellQuote('Content-Type: application/json')}`;
  let parts: string[];
  if (request.kind === 'graphql') {
    parts = [
      `curl -i -X POST ${shellQuote(bases.graphql)}`,
      bearer(API_TOKEN_ENV),
      json,
      `-H ${shellQuote('Buildkite-Include-Query-Stats: true')}`,
      `--data-raw ${shellQuote(graphqlBody(request))}`,
    ];
  } else if (request.kind === 'rest') {
    const check = checkRestPath(request.path, bases.rest);
    if (!check.ok) throw new CurlRefused(check.message);
    const { url } = check;
    const hasBody = request.method !== 'GET' && request.body !== undefined && request.body.trim() !== '';
    parts = [
      `curl -i -X ${request.method} ${shellQuote(url)}`,
      bearer(API_TOKEN_ENV),
      ...(hasBody ? [json, `--data-raw ${shellQuote(request.body ?? '')}`] : []),
    ];
  } else {
    parts = [
      `curl -i -X POST ${shellQuote(portalEndpoint(request.portal, request.operationName))}`,
      bearer(PORTAL_TOKEN_ENV),
      json,
      `--data-raw ${shellQuote(JSON.stringify(request.variables))}`,
    ];
  }
  return parts.join(CONTINUE);
}
