/** The server's mutable runtime (state, scenarios, recordings, rate-limit windows) and small HTTP helpers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeState, TokenRec, UserRec } from './model';
import type { PolicyVariant, Variants } from './undocumented';

export interface ScenarioMatch {
  method?: string;
  pathPrefix?: string;
  operationName?: string;
  token?: string;
}

/**
 * What a scenario answers. Besides Buildkite's own answers, the faults of the network and of GraphQL execution:
 * `stalled` (a 200 whose body stops after its first bytes and never ends) and `field-error` (the document runs as
 * usual, then the field at `path` is nulled with an error carrying that path, as the GraphQL spec answers a field
 * that failed to resolve: §7.1.2 "Errors").
 */
export interface ScenarioRespond {
  kind: 'rate-limited' | 'server-error' | 'slow' | 'malformed' | 'status' | 'stalled' | 'field-error';
  status?: number;
  body?: unknown;
  delayMs?: number;
  resetSeconds?: number;
  headers?: Record<string, string>;
  /** `field-error`: the response path of the field that failed (e.g. `['b0']`, an alias) */
  path?: (string | number)[];
  /** `field-error`: the error's message */
  message?: string;
}

export interface Scenario {
  id: string;
  match: ScenarioMatch;
  respond: ScenarioRespond;
  /** how many more times it fires; null = forever */
  remaining: number | null;
  fired: number;
}

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  operationName?: string | null;
  variables?: unknown;
  /** bearer token sent, if any */
  token: string | null;
  /** status the fake answered with (set when the answer is sent) */
  status?: number;
  /** id of the scenario that answered, if one did */
  scenario?: string;
}

export interface Limits {
  rest: number;
  restUser: number;
  graphql: number;
  graphqlUser: number;
  /** answer 429 when a window is exhausted (default true) */
  enforce: boolean;
  /** REST window length (Buildkite: 60 s); the low-budget scenario shortens it so a test sees a full wait. */
  restWindowMs?: number;
}

export const DEFAULT_LIMITS: Limits = { rest: 200, restUser: 50, graphql: 20000, graphqlUser: 5000, enforce: true };

interface Bucket {
  start: number;
  used: number;
}

export interface Runtime {
  state: FakeState;
  scenarios: Scenario[];
  requests: RecordedRequest[];
  loot: { at: string; headers: Record<string, string>; body: unknown }[];
  limits: Limits;
  buckets: Map<string, Bucket>;
  scenarioSeq: number;
  /** which undocumented behaviours the fake shows (undocumented.ts) */
  variants: Variants;
}

// ---------- rate-limit windows ----------

export interface WindowInfo {
  limit: number;
  used: number;
  remaining: number;
  /** seconds until the window resets */
  reset: number;
}

export function charge(
  rt: Runtime,
  key: string,
  cost: number,
  limit: number,
  windowMs: number,
  now = Date.now(),
): WindowInfo {
  let b = rt.buckets.get(key);
  if (!b || now - b.start >= windowMs) {
    b = { start: now, used: 0 };
    rt.buckets.set(key, b);
  }
  b.used += cost;
  return {
    limit,
    used: b.used,
    remaining: Math.max(0, limit - b.used),
    reset: Math.max(1, Math.ceil((b.start + windowMs - now) / 1000)),
  };
}

// ---------- auth ----------

export const REST_UNAUTHORIZED = {
  message:
    'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication',
};
export const GRAPHQL_UNAUTHORIZED =
  'Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/graphql-api#authentication';

export type Auth =
  | { ok: true; token: TokenRec; user: UserRec }
  | { ok: false; kind: 'unauthorized' }
  | { ok: false; kind: 'ip-blocked'; variant: PolicyVariant };

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export function authenticate(state: FakeState, value: string | null, now = Date.now()): Auth {
  const token = value ? state.tokens.find((t) => t.value === value) : undefined;
  if (!token || token.revoked || (token.expiresAt && Date.parse(token.expiresAt) <= now))
    return { ok: false, kind: 'unauthorized' };
  const user = state.users.find((u) => u.id === token.userId);
  if (!user) return { ok: false, kind: 'unauthorized' };
  if (token.ipBlocked) return { ok: false, kind: 'ip-blocked', variant: token.ipBlocked };
  return { ok: true, token, user };
}

export const canAccessOrg = (t: TokenRec, slug: string) => t.orgs === null || t.orgs.includes(slug);

/** The orgs a token can see, in seed order. */
export const visibleOrgs = (state: FakeState, t: TokenRec) => state.orgs.filter((o) => canAccessOrg(t, o.slug));

// ---------- scenarios ----------

export function findScenario(
  rt: Runtime,
  r: { method: string; path: string; token: string | null; operationName?: string | null },
): Scenario | undefined {
  // newest first, so a later scenario overrides an earlier one
  for (let i = rt.scenarios.length - 1; i >= 0; i--) {
    const s = rt.scenarios[i]!;
    const m = s.match;
    if (s.remaining !== null && s.remaining <= 0) continue;
    if (m.method && m.method.toUpperCase() !== r.method) continue;
    if (m.pathPrefix && !r.path.startsWith(m.pathPrefix)) continue;
    if (m.token && m.token !== r.token) continue;
    if (m.operationName && m.operationName !== r.operationName) continue;
    return s;
  }
  return undefined;
}

// ---------- HTTP helpers ----------

export const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Accept, Range, Buildkite-Version, Buildkite-Include-Query-Stats',
  'Access-Control-Expose-Headers':
    'Link, Retry-After, RateLimit-Scope, RateLimit-Remaining, RateLimit-Limit, RateLimit-Reset, RateLimit-Warning, ' +
    'RateLimit-User-Scope, RateLimit-User-Remaining, RateLimit-User-Limit, RateLimit-User-Reset, RateLimit-User-Warning, ' +
    'RateLimit-Complexity-Requested, RateLimit-Complexity-Actual',
  'Access-Control-Max-Age': '600',
};

export function sendRaw(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...CORS, 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204) {
    if (!res.headersSent) res.writeHead(204, { ...CORS, ...headers }).end();
    return;
  }
  sendRaw(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export async function readBody(req: IncomingMessage): Promise<{ raw: string; json: unknown }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  let json: unknown = undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (raw && (type.includes('json') || /^\s*[[{]/.test(raw))) {
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
  }
  return { raw, json };
}

/** Query string as an object; repeated keys (and `key[]`) become arrays under the bare key. */
export function queryObject(sp: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k0, v] of sp) {
    const arr = k0.endsWith('[]');
    const k = arr ? k0.slice(0, -2) : k0;
    const prev = out[k];
    if (prev === undefined) out[k] = arr ? [v] : v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).filter(Boolean);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
