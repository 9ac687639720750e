/**
 * Portals (docs: pages/apis/graphql/portals.md; digest §4): `POST /portal/organizations/{org}/portals/{portal}` on the
 * fake's origin (the e2e build's PORTAL_BASE is `${FAKE_ORIGIN}/portal`). The JSON body is the variables object,
 * `?operation_name=` picks one operation, and `Authorization: Bearer bkpat_…` must be that portal's token.
 *
 * Where the docs are silent (assumptions):
 * - the answer is the stored operation's GraphQL result, `{ "data": …, "errors"?: … }`, with HTTP 200;
 * - a missing or wrong token (an API token included) is `401 { "message": … }`; an unknown portal is `404`;
 * - a body that is not a JSON object is `400 { "message": … }`;
 * - the documented rate-limit headers come on every answer, with the docs' own casing `Ratelimit-Scope: portal`
 *   (200 requests per minute per organisation; `429` with `RateLimit-Remaining: 0` beyond).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleGraphql } from './graphql';
import { nextRequest } from './ops';
import {
  bearer,
  charge,
  findScenario,
  queryObject,
  readBody,
  sendJson,
  type RecordedRequest,
  type Runtime,
} from './runtime';
import { TOKENS } from './seed-tokens';

export interface PortalSeed {
  org: string;
  slug: string;
  token: string;
  document: string;
}

export const PORTALS = {
  /** acme/latest-builds: two operations; `PipelineBuilds` needs `pipelineSlug` ("acme/web"). */
  latestBuilds: {
    org: 'acme',
    slug: 'latest-builds',
    token: 'bkpat_kitedeck0fake0portal0token0latest0builds0000000000',
    document: `query PipelineBuilds($pipelineSlug: ID!) {
  pipeline(slug: $pipelineSlug) { name slug builds(first: 3) { edges { node { number state branch } } } }
}
query OrgName($org: ID!) { organization(slug: $org) { name slug } }`,
  },
} as const satisfies Record<string, PortalSeed>;

export const PORTAL_LIMIT = 200;
const PATH = /^\/portal\/organizations\/([^/]+)\/portals\/([^/]+)\/?$/;

export async function handlePortal(rt: Runtime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const { raw, json } = await readBody(req);
  nextRequest();
  const token = bearer(req.headers.authorization);
  const operationName = url.searchParams.get('operation_name');
  const rec: RecordedRequest = {
    at: new Date().toISOString(),
    method,
    path: url.pathname,
    query: queryObject(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
    ),
    body: json !== undefined ? json : raw || null,
    token,
    operationName,
    variables: json ?? null,
  };
  rt.requests.push(rec);
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    rec.status = status;
    sendJson(res, status, body, headers);
  };

  const scenario = findScenario(rt, { method, path: url.pathname, token, operationName });
  if (scenario) {
    scenario.fired++;
    if (scenario.remaining !== null) scenario.remaining--;
    rec.scenario = scenario.id;
    return answer(
      scenario.respond.status ?? 500,
      scenario.respond.body ?? { message: 'Fake status' },
      scenario.respond.headers,
    );
  }

  const match = PATH.exec(url.pathname);
  const portal = match ? Object.values(PORTALS).find((p) => p.org === match[1] && p.slug === match[2]) : undefined;
  if (!match || !portal) return answer(404, { message: 'Not Found' });
  const window = charge(rt, `portal:org:${portal.org}`, 1, PORTAL_LIMIT, 60_000);
  const limits = {
    'RateLimit-Remaining': String(window.remaining),
    'RateLimit-Limit': String(window.limit),
    'RateLimit-Reset': String(window.reset),
    'Ratelimit-Scope': 'portal',
  };
  if (method !== 'POST') return answer(405, { message: 'Portals are invoked with POST' }, { ...limits, Allow: 'POST' });
  if (token !== portal.token) {
    return answer(401, { message: 'Authentication required. Please supply a valid portal access token.' }, limits);
  }
  if (rt.limits.enforce && window.used > window.limit) {
    return answer(
      429,
      { message: `You have exceeded the portal rate limit. Please wait ${window.reset} seconds.` },
      limits,
    );
  }
  if (raw.trim() !== '' && (json === undefined || typeof json !== 'object' || json === null || Array.isArray(json))) {
    return answer(400, { message: 'The request body must be a JSON object of variables.' }, limits);
  }
  // The portal runs its stored operation with admin-level access: here, as the seed's full token.
  const reply = await handleGraphql(
    rt,
    { query: portal.document, variables: json ?? {}, operationName: operationName ?? undefined },
    TOKENS.full,
    {},
  );
  return answer(reply.status, reply.body, limits);
}
