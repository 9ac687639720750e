import * as v from 'valibot';
import type { KdError } from '../errors';
import { message, NoInput, type MessageSpec } from '../message-spec';
import type { PageLinks } from './link-header';
import { definesMutation } from './operation-kind';
import { REST_METHODS } from './rest-path';

/** What the console shows of one HTTP exchange. Never holds a token. */
export interface ConsoleResponse {
  /** The URL that was requested (no credentials are ever in a URL). */
  url: string;
  status: number;
  statusText: string;
  /** Every response header, as the background received them (pages can't read `RateLimit-*` cross-origin). */
  headers: [string, string][];
  /** The body as text, cut at `MAX_CONSOLE_BODY` bytes. */
  body: string;
  truncated: boolean;
  /** Bytes read (when truncated: at least this many). */
  bodyBytes: number;
  durationMs: number;
  /** REST pagination from the `Link` header. */
  links?: PageLinks;
  /** For 4xx/5xx: what it means in Kitedeck's vocabulary. */
  problem?: KdError;
}

/** A stored portal token, as pages see it: which portal, and a masked hint. */
export interface PortalTokenHint {
  portal: string;
  hint: string;
}

const Variables = v.optional(v.record(v.string(), v.unknown()), {});
const OperationName = v.optional(v.pipe(v.string(), v.maxLength(128), v.regex(/^[_A-Za-z][_0-9A-Za-z]*$/)));
const PortalUrl = v.pipe(v.string(), v.maxLength(2048));

/**
 * API console: GraphQL, REST, portals. Everything here touches a secret: extension pages only.
 * In read-only mode the console makes no change either: GraphQL mutations, REST requests other than GET, and
 * portal runs (a portal's operation is stored in Buildkite; Kitedeck can't tell whether it is a mutation) are
 * refused by the write policy, with the reason shown where the response would be.
 */
export const consoleMessages = {
  /** POST the document to GraphQL with the stored token; sent once, never retried (it may be a mutation). */
  consoleGraphQL: message<ConsoleResponse>()(
    'extension-page',
    v.object({
      query: v.pipe(v.string(), v.minLength(1), v.maxLength(100_000)),
      variables: Variables,
      operationName: OperationName,
    }),
    { writes: ({ query }) => (definesMutation(query) ? 'no-token-scope' : null) },
  ),
  /** One REST request to a path under /v2 with the stored token; sent once. */
  consoleRest: message<ConsoleResponse>()(
    'extension-page',
    v.object({
      method: v.picklist(REST_METHODS),
      path: v.pipe(v.string(), v.maxLength(2048)),
      body: v.optional(v.pipe(v.string(), v.maxLength(1_000_000))),
    }),
    { writes: ({ method }) => (method === 'GET' ? null : 'no-token-scope') },
  ),
  /** Runs a portal with its own stored portal token (never the API token). */
  consolePortal: message<ConsoleResponse>()(
    'extension-page',
    v.object({ portalUrl: PortalUrl, variables: Variables, operationName: OperationName }),
    { writes: 'no-token-scope' },
  ),
  listPortalTokens: message<PortalTokenHint[]>()('extension-page', NoInput),
  setPortalToken: message<PortalTokenHint[]>()(
    'extension-page',
    v.object({ portalUrl: PortalUrl, token: v.pipe(v.string(), v.maxLength(600)) }),
  ),
  forgetPortalToken: message<PortalTokenHint[]>()('extension-page', v.object({ portalUrl: PortalUrl })),
} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;
