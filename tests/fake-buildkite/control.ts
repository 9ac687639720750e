/** The control API (`/__fake/*`, no auth, JSON) that tests use to set the fake up and read what it received. */
import { artifactBlob } from './logs';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { iso, type TokenRec } from './model';
import { ApiError, findBuildById } from './ops';
import { renderHostilePage } from './pages';
import { buildJson } from './rest-json';
import { USER } from './seed-ids';
import { seed } from './state';
import {
  DEFAULT_VARIANTS,
  GRAPHQL_NO_ACCESS_VARIANTS,
  policyVariantOf,
  type PolicyVariant,
  type Variants,
} from './undocumented';
import { addManyPipelines, type ManyPipelinesSpec } from './many-pipelines';
import { createBuild, transitionBuild, type BuildSpec, type TransitionSpec } from './transitions';
import {
  DEFAULT_LIMITS,
  sendJson,
  sendRaw,
  type Limits,
  type Runtime,
  type Scenario,
  type ScenarioMatch,
  type ScenarioRespond,
} from './runtime';

export interface TokenSpec {
  value: string;
  scopes: string[];
  description?: string | null;
  /** ISO, or null for a token that never expires (default: 30 days from now) */
  expiresAt?: string | null;
  createdAt?: string;
  revoked?: boolean;
  /** true = the '403-ip' variant */
  ipBlocked?: boolean | PolicyVariant;
  /** org slugs it can access; default: all */
  orgs?: string[] | null;
  user?: { name: string; email: string };
  uuid?: string;
}

export interface ScenarioSpec {
  match?: ScenarioMatch;
  respond: ScenarioRespond;
  times?: number;
}

export function reset(rt: Runtime): void {
  rt.state = seed();
  rt.scenarios = [];
  rt.requests = [];
  rt.loot = [];
  rt.limits = { ...DEFAULT_LIMITS };
  rt.buckets.clear();
  rt.variants = { ...DEFAULT_VARIANTS };
}

function userFor(rt: Runtime, u: TokenSpec['user']): string {
  if (!u) return USER.id;
  const found = rt.state.users.find((x) => x.email === u.email);
  if (found) {
    found.name = u.name;
    return found.id;
  }
  const id = randomUUID();
  rt.state.users.push({ id, name: u.name, email: u.email, createdAt: iso() });
  return id;
}

export function addToken(rt: Runtime, spec: TokenSpec): TokenRec {
  if (!spec || typeof spec.value !== 'string' || !spec.value || !Array.isArray(spec.scopes)) {
    throw new ApiError(400, { message: 'value (string) and scopes (string[]) are required' });
  }
  const rec: TokenRec = {
    value: spec.value,
    uuid: spec.uuid ?? randomUUID(),
    scopes: spec.scopes.map(String),
    description: spec.description ?? null,
    createdAt: spec.createdAt ?? iso(),
    expiresAt: spec.expiresAt === undefined ? iso(Date.now() + 30 * 86_400_000) : spec.expiresAt,
    revoked: !!spec.revoked,
    ipBlocked: policyVariantOf(spec.ipBlocked) ?? false,
    orgs: spec.orgs ?? null,
    userId: userFor(rt, spec.user),
  };
  rt.state.tokens = rt.state.tokens.filter((t) => t.value !== rec.value);
  rt.state.tokens.push(rec);
  return rec;
}

function patchToken(rt: Runtime, value: string, patch: Partial<TokenSpec>): TokenRec {
  const t = rt.state.tokens.find((x) => x.value === value);
  if (!t) throw new ApiError(404, { message: 'No token found' });
  if (patch.scopes) t.scopes = patch.scopes.map(String);
  if (patch.description !== undefined) t.description = patch.description;
  if (patch.expiresAt !== undefined) t.expiresAt = patch.expiresAt;
  if (patch.revoked !== undefined) t.revoked = patch.revoked;
  if (patch.ipBlocked !== undefined) t.ipBlocked = policyVariantOf(patch.ipBlocked) ?? false;
  if (patch.orgs !== undefined) t.orgs = patch.orgs;
  if (patch.user) t.userId = userFor(rt, patch.user);
  return t;
}

export function addScenario(rt: Runtime, spec: ScenarioSpec): Scenario {
  const kinds = ['rate-limited', 'server-error', 'slow', 'malformed', 'status', 'stalled', 'field-error'];
  if (!spec?.respond || !kinds.includes(spec.respond.kind)) {
    throw new ApiError(400, { message: `respond.kind must be one of ${kinds.join(', ')}` });
  }
  if (spec.respond.kind === 'field-error' && !spec.respond.path?.length) {
    throw new ApiError(400, { message: 'a field-error needs respond.path (the failed field’s response path)' });
  }
  const s: Scenario = {
    id: `s${++rt.scenarioSeq}`,
    match: spec.match ?? {},
    respond: spec.respond,
    remaining: typeof spec.times === 'number' ? spec.times : null,
    fired: 0,
  };
  rt.scenarios.push(s);
  return s;
}

export function filterRequests(rt: Runtime, q: URLSearchParams) {
  return rt.requests.filter(
    (r) =>
      (!q.get('token') || r.token === q.get('token')) &&
      (!q.get('pathPrefix') || r.path.startsWith(q.get('pathPrefix')!)) &&
      (!q.get('method') || r.method === q.get('method')!.toUpperCase()) &&
      (!q.get('operationName') || r.operationName === q.get('operationName')),
  );
}

export function handleControl(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: unknown,
  base: string,
): void {
  const m = req.method ?? 'GET';
  const p = url.pathname.replace(/^\/__fake/, '') || '/';
  const ok = (status: number, data: unknown) => sendJson(res, status, data);
  const seg = /^\/(tokens|scenario|builds)\/([^/]+)(\/transition)?$/.exec(p);
  try {
    if (m === 'POST' && p === '/reset') return (reset(rt), ok(200, { ok: true }));
    if (m === 'GET' && p === '/health') return ok(200, { ok: true });
    if (m === 'GET' && p === '/state') {
      return ok(200, { ...rt.state, scenarios: rt.scenarios, limits: rt.limits, requestCount: rt.requests.length });
    }
    if (m === 'POST' && p === '/tokens') return ok(201, addToken(rt, body as TokenSpec));
    if (seg?.[1] === 'tokens' && m === 'PATCH')
      return ok(200, patchToken(rt, decodeURIComponent(seg[2]!), (body ?? {}) as Partial<TokenSpec>));
    if (seg?.[1] === 'tokens' && m === 'DELETE') {
      rt.state.tokens = rt.state.tokens.filter((t) => t.value !== decodeURIComponent(seg[2]!));
      return ok(204, null);
    }
    if (p === '/scenario' && m === 'POST') return ok(201, addScenario(rt, body as ScenarioSpec));
    if (p === '/scenario' && m === 'GET') return ok(200, rt.scenarios);
    if (p === '/scenario' && m === 'DELETE') return ((rt.scenarios = []), ok(204, null));
    if (seg?.[1] === 'scenario' && m === 'DELETE')
      return ((rt.scenarios = rt.scenarios.filter((s) => s.id !== seg[2])), ok(204, null));
    if (p === '/requests' && m === 'GET') return ok(200, filterRequests(rt, url.searchParams));
    if (p === '/requests' && m === 'DELETE') return ((rt.requests = []), ok(204, null));
    if (p === '/variants' && m === 'GET') return ok(200, rt.variants);
    if (p === '/variants' && m === 'POST') {
      const patch = (body ?? {}) as Partial<Variants>;
      if (patch.graphqlNoAccess !== undefined && !GRAPHQL_NO_ACCESS_VARIANTS.includes(patch.graphqlNoAccess))
        throw new ApiError(400, { message: `graphqlNoAccess must be one of ${GRAPHQL_NO_ACCESS_VARIANTS.join(', ')}` });
      rt.variants = { ...rt.variants, ...patch };
      return ok(200, rt.variants);
    }
    if (p === '/limits' && m === 'GET') return ok(200, rt.limits);
    if (p === '/limits' && m === 'POST') {
      const { resetWindows, ...rest } = (body ?? {}) as Partial<Limits> & { resetWindows?: boolean };
      rt.limits = { ...rt.limits, ...rest };
      if (resetWindows) rt.buckets.clear();
      return ok(200, rt.limits);
    }
    const c = { state: rt.state, base };
    if (p === '/builds' && m === 'POST')
      return ok(201, buildJson(c, createBuild(rt.state, body as BuildSpec), { includeRetriedJobs: true }));
    if (seg?.[1] === 'builds') {
      const b = findBuildById(rt.state, decodeURIComponent(seg[2]!));
      if (!b) throw new ApiError(404, { message: 'No build found' });
      if (seg[3] && m === 'POST')
        return ok(200, buildJson(c, transitionBuild(b, (body ?? {}) as TransitionSpec), { includeRetriedJobs: true }));
      if (!seg[3] && m === 'GET') return ok(200, buildJson(c, b, { includeRetriedJobs: true }));
    }
    const preset = /^\/preset\/([a-z-]+)$/.exec(p);
    if (preset && m === 'POST') return ok(201, applyPreset(rt, preset[1]!, (body ?? {}) as PresetOptions, c));
    if (p === '/scenario/many-pipelines' && m === 'POST')
      return ok(200, addManyPipelines(rt.state, (body ?? {}) as ManyPipelinesSpec));
    if (p === '/loot' && m === 'POST') {
      rt.loot.push({ at: iso(), headers: req.headers as Record<string, string>, body });
      return ok(204, null);
    }
    if (p === '/loot' && m === 'GET') return ok(200, rt.loot);
    if (p === '/loot' && m === 'DELETE') return ((rt.loot = []), ok(204, null));
    const blob = m === 'GET' ? /^\/artifact-blob\/([^/]+)$/.exec(p) : null;
    if (blob) {
      const artifact = artifactBlob(rt.state.builds, decodeURIComponent(blob[1]!));
      if (!artifact) return ok(404, { message: 'No such object' });
      const name = artifact.path.split('/').pop() ?? 'artifact';
      return sendRaw(res, 200, artifact.content, artifact.mimeType, {
        'Content-Disposition': `attachment; filename="${name}"`,
      });
    }
    if (p === '/page/hostile' && m === 'GET') {
      const page = renderHostilePage(rt.state, {}, url.search);
      return sendRaw(res, page.status, page.body, page.contentType);
    }
    return ok(404, { message: `No control route ${m} /__fake${p}` });
  } catch (e) {
    if (e instanceof ApiError) return ok(e.status, e.body);
    throw e;
  }
}

export interface PresetOptions {
  org?: string;
  pipeline?: string;
  branch?: string;
  /** low-budget: the org's REST limit and window */
  limit?: number;
  windowMs?: number;
}

/**
 * Named scenarios for pipeline pages and bulk actions:
 * - `superseded-branch`: 6 builds on one branch of acme/web (oldest first: running, passed, running, failed,
 *   running, running): the 3 older running builds are superseded by the newest;
 * - `low-budget`: the organisation's REST budget is small (default 6 a 15 s window) and the windows restart, so a
 *   bulk job must pace itself (it should never meet a 429).
 */
export function applyPreset(
  rt: Runtime,
  name: string,
  options: PresetOptions,
  c: { state: Runtime['state']; base: string },
) {
  if (name === 'superseded-branch') {
    const org = options.org ?? 'acme';
    const pipeline = options.pipeline ?? 'web';
    const branch = options.branch ?? 'feature/search';
    const states = ['running', 'passed', 'running', 'failed', 'running', 'running'] as const;
    const base = Date.now() - 60 * 60_000;
    return states.map((state, index) => {
      const b = createBuild(rt.state, {
        org,
        pipeline,
        branch,
        state,
        message: `Search tweak ${index + 1}`,
        jobs: [
          {
            type: 'command',
            name: 'Test',
            state: state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'running',
            exit_status: state === 'failed' ? 1 : state === 'passed' ? 0 : null,
          },
        ],
      });
      b.createdAt = iso(base + index * 60_000);
      b.scheduledAt = b.createdAt;
      return buildJson(c, b);
    });
  }
  if (name === 'low-budget') {
    rt.limits = { ...rt.limits, rest: options.limit ?? 6, restWindowMs: options.windowMs ?? 15_000 };
    rt.buckets.clear();
    return rt.limits;
  }
  throw new ApiError(404, { message: `No preset ${name}` });
}
