/** REST v2: auth, rate limits, scopes and the routes the extension uses (docs: pages/apis/rest_api/*.md). */
import type { BuildRec, FakeState } from './model';
import { policyAnswer } from './undocumented';
import {
  ApiError,
  cancelBuild,
  createApiBuild,
  findBuild,
  findJob,
  rebuild,
  retryFailedJobs,
  retryJob,
  settle,
  unblockJob,
} from './ops';
import { artifactJson, logTextReply, signedArtifactUrl } from './logs';
import {
  accessTokenJson,
  buildApiUrl,
  buildJson,
  jobJson,
  logJson,
  orgJson,
  pipelineJson,
  userJson,
  type Ctx,
} from './rest-json';
import {
  authenticate,
  canAccessOrg,
  charge,
  list,
  REST_UNAUTHORIZED,
  visibleOrgs,
  type Auth,
  type Runtime,
  type WindowInfo,
} from './runtime';

export interface RestRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** the fake's origin, for `url` fields and Link headers */
  base: string;
  token: string | null;
  accept: string;
  /** The `Range` request header (job logs). */
  range?: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  text?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

type Params = Record<string, string>;
type Handler = (c: Ctx & { auth: Extract<Auth, { ok: true }>; r: RestRequest; p: Params }) => Reply;

const B = '/v2/organizations/(?<org>[^/]+)/pipelines/(?<pipeline>[^/]+)/builds/(?<number>\\d+)';
const JOB = `(?:${B}|/v2/organizations/(?<jorg>[^/]+))/jobs/(?<job>[^/]+)`;
const notFound = (message = 'Not Found') => new ApiError(404, { message });

const ROUTES: [string, RegExp, string | null, Handler][] = [];
const route = (method: string, path: string, scope: string | null, h: Handler) =>
  ROUTES.push([method, new RegExp(`^${path}$`), scope, h]);

route('GET', '/v2/access-token', null, (c) => ({ status: 200, body: accessTokenJson(c, c.auth.token) }));
route('DELETE', '/v2/access-token', null, (c) => {
  c.auth.token.revoked = true;
  return { status: 204 };
});
route('GET', '/v2/user', 'read_user', (c) => ({ status: 200, body: userJson(c.auth.user) }));
route('GET', '/v2/organizations', 'read_organizations', (c) =>
  paginate(
    c,
    visibleOrgs(c.state, c.auth.token).map((o) => orgJson(c, o)),
  ),
);
route('GET', '/v2/organizations/(?<org>[^/]+)', 'read_organizations', (c) => ({
  status: 200,
  body: orgJson(c, c.state.orgs.find((o) => o.slug === c.p.org)!),
}));
route('GET', '/v2/organizations/(?<org>[^/]+)/pipelines', 'read_pipelines', (c) => {
  const name = String(c.r.query.name ?? '').toLowerCase();
  const repo = String(c.r.query.repository ?? '').toLowerCase();
  const ps = c.state.pipelines.filter(
    (p) => p.org === c.p.org && p.name.toLowerCase().includes(name) && p.repository.toLowerCase().includes(repo),
  );
  return paginate(
    c,
    ps.map((p) => pipelineJson(c, p)),
  );
});
route('GET', '/v2/organizations/(?<org>[^/]+)/pipelines/(?<pipeline>[^/]+)', 'read_pipelines', (c) => {
  const p = c.state.pipelines.find((x) => x.org === c.p.org && x.slug === c.p.pipeline);
  if (!p) throw notFound();
  return { status: 200, body: pipelineJson(c, p) };
});
route('GET', '/v2/builds', 'read_builds', (c) => listBuilds(c, (b) => canAccessOrg(c.auth.token, b.org)));
route('GET', '/v2/organizations/(?<org>[^/]+)/builds', 'read_builds', (c) => listBuilds(c, (b) => b.org === c.p.org));
route('GET', '/v2/organizations/(?<org>[^/]+)/pipelines/(?<pipeline>[^/]+)/builds', 'read_builds', (c) => {
  if (!c.state.pipelines.some((p) => p.org === c.p.org && p.slug === c.p.pipeline)) throw notFound();
  return listBuilds(c, (b) => b.org === c.p.org && b.pipeline === c.p.pipeline);
});
route('POST', '/v2/organizations/(?<org>[^/]+)/pipelines/(?<pipeline>[^/]+)/builds', 'write_builds', (c) => {
  if (!c.state.pipelines.some((p) => p.org === c.p.org && p.slug === c.p.pipeline)) throw notFound();
  const body = (c.r.body ?? {}) as Record<string, unknown>;
  const b = createApiBuild(c.state, c.p.org!, c.p.pipeline!, c.auth.user.id, { ...body, metaData: body.meta_data });
  return { status: 201, body: buildJson(c, b) };
});
route('GET', B, 'read_builds', (c) => ({
  status: 200,
  body: buildJson(c, build(c), {
    excludeJobs: flag(c, 'exclude_jobs'),
    excludePipeline: flag(c, 'exclude_pipeline'),
    includeRetriedJobs: flag(c, 'include_retried_jobs'),
    jobStates: list(c.r.query.job_states),
  }),
}));
route('PUT', `${B}/cancel`, 'write_builds', (c) => ({
  status: 200,
  body: buildJson(c, cancelBuild(build(c), c.auth.user.id)),
}));
route('PUT', `${B}/rebuild`, 'write_builds', (c) => ({
  status: 200,
  body: buildJson(c, rebuild(c.state, build(c), c.auth.user.id)),
}));
route('PUT', `${B}/retry_failed_jobs`, 'write_builds', (c) => {
  const raw = (c.r.body as { states?: unknown } | undefined)?.states;
  const states = raw === undefined ? null : Array.isArray(raw) ? raw.map(String) : list(String(raw));
  const b = build(c);
  const count = retryFailedJobs(b, c.auth.user.id, states);
  return { status: 202, body: { ...buildJson(c, b), retried_jobs_count: count } };
});
route('GET', `${B}/jobs`, 'read_builds', (c) => {
  const b = build(c);
  const states = list(c.r.query.state);
  const jobs = b.jobs.filter(
    (j) => (!states.length || states.includes(j.state)) && (c.r.query.include_retried_jobs !== 'false' || !j.retried),
  );
  const per = perPage(c);
  const after = c.r.query.after ? Number(Buffer.from(String(c.r.query.after), 'base64url').toString()) : 0;
  const page = jobs.slice(after, after + per);
  const self = `${c.base}${c.r.path}`;
  const next =
    after + per < jobs.length
      ? `${self}?after=${Buffer.from(String(after + per)).toString('base64url')}&per_page=${per}`
      : null;
  return {
    status: 200,
    body: { items: page.map((j) => jobJson(c, b, j)), links: { self: `${self}?per_page=${per}`, next } },
  };
});
route('GET', JOB, 'read_builds', (c) => {
  const { build: b, job } = jobOf(c);
  return { status: 200, body: jobJson(c, b, job) };
});
route('PUT', `${JOB}/retry`, 'write_builds', (c) => {
  const { build: b, job } = jobOf(c);
  return { status: 200, body: jobJson(c, b, retryJob(b, job, c.auth.user.id)) };
});
route('PUT', `${JOB}/unblock`, 'write_builds', (c) => {
  const { build: b, job } = jobOf(c);
  const body = (c.r.body ?? {}) as { fields?: unknown; unblocker?: unknown };
  if (
    body.fields !== undefined &&
    (typeof body.fields !== 'object' || body.fields === null || Array.isArray(body.fields))
  ) {
    throw new ApiError(422, { message: 'Validation Failed', errors: [{ field: 'fields', code: 'invalid' }] });
  }
  const unblocker = typeof body.unblocker === 'string' ? body.unblocker : undefined;
  const done = unblockJob(c.state, b, job, c.auth.user.id, (body.fields as Record<string, unknown>) ?? null, unblocker);
  return { status: 200, body: jobJson(c, b, done) };
});
route('GET', `${JOB}/log(?<ext>\\.txt)?`, 'read_build_logs', (c) => {
  const { build: b, job } = jobOf(c);
  const log = logJson(c, b, job);
  if (c.p.ext || c.r.accept.includes('text/plain')) return logTextReply(log.content, c.r.range);
  return { status: 200, body: log };
});
route('GET', `${B}/artifacts`, 'read_artifacts', (c) => {
  const b = build(c);
  const state = c.r.query.state;
  const list = (b.artifacts ?? []).filter((a) => typeof state !== 'string' || a.state === state);
  return { status: 200, body: list.map((a) => artifactJson(c.r.base, buildApiUrl(c, b), a)) };
});
route('GET', `${JOB}/artifacts/(?<artifact>[^/]+)/download`, 'read_artifacts', (c) => {
  const { build: b, job } = jobOf(c);
  const artifact = (b.artifacts ?? []).find((a) => a.id === c.p.artifact && a.jobId === job.id);
  if (!artifact) throw notFound('No artifact found');
  const url = signedArtifactUrl(c.r.base, artifact);
  return { status: 302, body: { url }, headers: { Location: url } };
});

function flag(c: { r: RestRequest }, k: string): boolean {
  const v = c.r.query[k];
  return v === 'true' || v === '1' || v === '';
}

function build(c: { state: FakeState; p: Params }): BuildRec {
  const b = findBuild(c.state, c.p.org!, c.p.pipeline!, Number(c.p.number));
  if (!b) throw notFound('No build found');
  return settle(b);
}

function jobOf(c: { state: FakeState; p: Params }) {
  if (c.p.number) {
    const b = build(c);
    const job = b.jobs.find((j) => j.id === c.p.job);
    if (!job) throw notFound('No job found');
    return { build: b, job };
  }
  const hit = findJob(c.state, c.p.job!);
  if (!hit || hit.build.org !== c.p.org) throw notFound('No job found');
  settle(hit.build);
  return hit;
}

const perPage = (c: { r: RestRequest }) => Math.min(100, Math.max(1, Number(c.r.query.per_page ?? 30) || 30));

function paginate(c: Ctx & { r: RestRequest }, items: unknown[]): Reply {
  const per = perPage(c);
  const last = Math.max(1, Math.ceil(items.length / per));
  const page = Math.max(1, Number(c.r.query.page ?? 1) || 1);
  const headers: Record<string, string> = {};
  if (last > 1) {
    const link = (n: number, rel: string) => {
      const u = new URL(`${c.base}${c.r.path}`);
      for (const [k, v] of Object.entries(c.r.query)) {
        for (const x of Array.isArray(v) ? v : [v]) u.searchParams.append(Array.isArray(v) ? `${k}[]` : k, x);
      }
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(per));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const parts: string[] = [];
    if (page < last) parts.push(link(page + 1, 'next'));
    if (page > 1) parts.push(link(page - 1, 'prev'));
    parts.push(link(1, 'first'), link(last, 'last'));
    headers.Link = parts.join(', ');
  }
  return { status: 200, body: items.slice((page - 1) * per, page * per), headers };
}

function listBuilds(c: Ctx & { r: RestRequest }, scope: (b: BuildRec) => boolean): Reply {
  const q = c.r.query;
  const branches = list(q.branch).map(
    (b) => new RegExp(`^${b.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
  const states = new Set(
    list(q.state).flatMap((s) => (s === 'finished' ? ['passed', 'failed', 'blocked', 'canceled'] : [s])),
  );
  const commits = list(q.commit);
  const meta = Object.entries(q).filter(([k]) => k.startsWith('meta_data['));
  const from = q.created_from ? Date.parse(String(q.created_from)) : null;
  const to = q.created_to ? Date.parse(String(q.created_to)) : null;
  const finishedFrom = q.finished_from ? Date.parse(String(q.finished_from)) : null;
  const builds = c.state.builds
    .filter(scope)
    .map(settle)
    .filter((b) => !branches.length || branches.some((r) => r.test(b.branch)))
    .filter((b) => !states.size || states.has(b.state) || (b.blocked && states.has('blocked')))
    .filter((b) => !q.creator || b.creatorId === q.creator)
    .filter((b) => !commits.length || commits.includes(b.commit))
    .filter((b) => meta.every(([k, v]) => b.metaData[k.slice(10, -1)] === String(v)))
    .filter((b) => (from === null || Date.parse(b.createdAt) >= from) && (to === null || Date.parse(b.createdAt) < to))
    .filter((b) => finishedFrom === null || (b.finishedAt !== null && Date.parse(b.finishedAt) >= finishedFrom))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number - a.number);
  const opts = {
    excludeJobs: flag(c, 'exclude_jobs'),
    excludePipeline: flag(c, 'exclude_pipeline'),
    includeRetriedJobs: flag(c, 'include_retried_jobs'),
  };
  return paginate(
    c,
    builds.map((b) => buildJson(c, b, opts)),
  );
}

function rateHeaders(org: WindowInfo, user: WindowInfo): Record<string, string> {
  const h: Record<string, string> = {
    'RateLimit-Scope': 'rest',
    'RateLimit-Remaining': String(org.remaining),
    'RateLimit-Limit': String(org.limit),
    'RateLimit-Reset': String(org.reset),
    'RateLimit-User-Scope': 'rest_user',
    'RateLimit-User-Remaining': String(user.remaining),
    'RateLimit-User-Limit': String(user.limit),
    'RateLimit-User-Reset': String(user.reset),
  };
  if (org.used > org.limit) h['RateLimit-Warning'] = 'You have exceeded your API rate limit.';
  if (user.used > user.limit) h['RateLimit-User-Warning'] = 'You have exceeded your API rate limit.';
  return h;
}

export function handleRest(rt: Runtime, r: RestRequest): Reply {
  const state = rt.state;
  const auth = authenticate(state, r.token);
  const matched = ROUTES.map(([m, re, scope, h]) => ({ m, scope, h, hit: re.exec(r.path) })).find(
    (x) => x.hit && x.m === r.method,
  );
  const params: Params = {};
  for (const [k, v] of Object.entries(matched?.hit?.groups ?? {}))
    if (v !== undefined) params[k === 'jorg' ? 'org' : k] = decodeURIComponent(v);
  const firstOrg = auth.ok ? (visibleOrgs(state, auth.token)[0]?.slug ?? 'none') : 'anonymous';
  const orgKey = params.org && auth.ok && canAccessOrg(auth.token, params.org) ? params.org : firstOrg;
  const userKey = auth.ok ? auth.user.id : `anon:${r.token ?? ''}`;
  const org = charge(rt, `rest:org:${orgKey}`, 1, rt.limits.rest, rt.limits.restWindowMs ?? 60_000);
  const user = charge(rt, `rest:user:${userKey}`, 1, rt.limits.restUser, rt.limits.restWindowMs ?? 60_000);
  const headers = rateHeaders(org, user);
  const reply = (x: Reply): Reply => ({ ...x, headers: { ...headers, ...x.headers } });

  if (!auth.ok) {
    return reply(
      auth.kind === 'ip-blocked'
        ? { status: policyAnswer(auth.variant).status, body: { message: policyAnswer(auth.variant).message } }
        : { status: 401, body: REST_UNAUTHORIZED },
    );
  }
  if (rt.limits.enforce && (org.used > org.limit || user.used > user.limit)) {
    const w = user.used > user.limit ? { ...user, scope: 'rest_user' } : { ...org, scope: 'rest' };
    return reply({
      status: 429,
      headers: rt.variants.retryAfterOn429 ? { 'Retry-After': String(w.reset) } : {},
      body: {
        message: `You have exceeded your API rate limit. Please wait ${w.reset} seconds before making more requests.`,
        scope: w.scope,
        limit: w.limit,
        current: w.used,
        reset: w.reset,
      },
    });
  }
  if (!matched) return reply({ status: 404, body: { message: 'Not Found' } });
  if (matched.scope && !auth.token.scopes.includes(matched.scope))
    return reply({ status: 403, body: { message: 'Forbidden' } });
  if (params.org) {
    if (!state.orgs.some((o) => o.slug === params.org)) return reply({ status: 404, body: { message: 'Not Found' } });
    if (!canAccessOrg(auth.token, params.org)) return reply({ status: 403, body: { message: 'Forbidden' } });
  }
  try {
    const ctx = {
      state,
      base: r.base,
      canWritePipelines: auth.token.scopes.includes('write_pipelines'),
      auth,
      r,
      p: params,
    };
    return reply(matched.h(ctx));
  } catch (e) {
    if (e instanceof ApiError) return reply({ status: e.status, body: e.body });
    throw e;
  }
}
