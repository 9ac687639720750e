/** A loopback fake of Buildkite's REST v2 + GraphQL APIs, with a control API for tests. node:http only. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { getSchema, handleGraphql, operationNameOf } from './graphql';
import { nextRequest } from './ops';
import type { FakeState } from './model';
import { renderPage } from './pages';
import { handlePortal } from './portals';
import { handleRest, type Reply } from './rest';
import {
  bearer,
  CORS,
  DEFAULT_LIMITS,
  findScenario,
  queryObject,
  readBody,
  sendJson,
  sendRaw,
  sleep,
  type RecordedRequest,
  type Runtime,
  type Scenario,
} from './runtime';
import { seed } from './state';
import { handleTrigger } from './triggers';
import { DEFAULT_VARIANTS } from './undocumented';

export type { FakeState } from './model';

export interface FakeBuildkite {
  url: string;
  port: number;
  close(): Promise<void>;
  /** the current data (replaced by a reset, so read it through this getter) */
  readonly state: FakeState;
  readonly runtime: Runtime;
}

const MAX_RECORDED = 20_000;

function scenarioReply(s: Scenario, graphql: boolean, retryAfter: boolean): Reply {
  const r = s.respond;
  if (r.kind === 'rate-limited') {
    const reset = r.resetSeconds ?? 42;
    const headers: Record<string, string> = {
      ...(retryAfter ? { 'Retry-After': String(reset) } : {}),
      'RateLimit-Scope': graphql ? 'graphql' : 'rest',
      'RateLimit-Remaining': '0',
      'RateLimit-Limit': graphql ? '20000' : '200',
      'RateLimit-Reset': String(reset),
      'RateLimit-Warning': 'You have exceeded your API rate limit.',
      ...r.headers,
    };
    const body =
      r.body ??
      (graphql
        ? {
            errors: [
              {
                message: `Your organization has exceeded the limit of 20000 complexity points. Please try again in ${reset} seconds.`,
              },
            ],
          }
        : {
            message: `You have exceeded your API rate limit. Please wait ${reset} seconds before making more requests.`,
            scope: 'rest',
            limit: 200,
            current: 201,
            reset,
          });
    return { status: r.status ?? 429, body, headers };
  }
  if (r.kind === 'server-error') {
    const status = r.status ?? 502;
    const text =
      typeof r.body === 'string'
        ? r.body
        : `<html><head><title>${status}</title></head><body><h1>${status} ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Internal Server Error'}</h1></body></html>`;
    return { status, text, contentType: 'text/html; charset=utf-8', headers: r.headers };
  }
  if (r.kind === 'malformed') {
    const text =
      r.body === undefined
        ? '{"id": "01908131-7d9f-495e-a17b-00000000'
        : typeof r.body === 'string'
          ? r.body
          : JSON.stringify(r.body);
    return { status: r.status ?? 200, text, contentType: 'application/json; charset=utf-8', headers: r.headers };
  }
  // 'status'
  const status = r.status ?? 500;
  if (typeof r.body === 'string')
    return { status, text: r.body, contentType: 'text/plain; charset=utf-8', headers: r.headers };
  return { status, body: r.body ?? { message: 'Fake status' }, headers: r.headers };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.text !== undefined)
    sendRaw(res, reply.status, reply.text, reply.contentType ?? 'text/plain; charset=utf-8', reply.headers);
  else sendJson(res, reply.status, reply.body, reply.headers);
}

async function handleApi(
  rt: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  base: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const { raw, json } = await readBody(req);
  nextRequest();
  const token = bearer(req.headers.authorization);
  const isGraphql = url.pathname.startsWith('/graphql');
  const operationName = isGraphql ? operationNameOf(json) : undefined;
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
  };
  if (isGraphql) {
    rec.operationName = operationName ?? null;
    rec.variables = (json as { variables?: unknown } | undefined)?.variables ?? null;
  }
  rt.requests.push(rec);
  if (rt.requests.length > MAX_RECORDED) rt.requests.splice(0, rt.requests.length - MAX_RECORDED);

  const scenario = findScenario(rt, { method, path: url.pathname, token, operationName });
  if (scenario) {
    scenario.fired++;
    if (scenario.remaining !== null) scenario.remaining--;
    rec.scenario = scenario.id;
    const kind = scenario.respond.kind;
    if (kind === 'slow') await sleep(scenario.respond.delayMs ?? 3000);
    else if (kind === 'stalled') {
      rec.status = scenario.respond.status ?? 200;
      res.writeHead(rec.status, {
        ...CORS,
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.write('{"id": "01908131-7d9f');
      return; // never ended: the client gives up (or the server closes)
    } else if (kind !== 'field-error') {
      const reply = scenarioReply(scenario, isGraphql, rt.variants.retryAfterOn429);
      rec.status = reply.status;
      if (scenario.respond.delayMs) await sleep(scenario.respond.delayMs);
      return send(res, reply);
    }
  }

  let reply: Reply;
  if (url.pathname === '/' || url.pathname === '') {
    reply = { status: 200, body: { message: '🛠', timestamp: Math.floor(Date.now() / 1000) } };
  } else if (isGraphql) {
    reply =
      url.pathname.replace(/\/$/, '') !== '/graphql/v1'
        ? { status: 404, body: { errors: [{ message: 'Not Found' }] } }
        : method !== 'POST'
          ? {
              status: 405,
              body: { errors: [{ message: 'GraphQL requests must be sent with POST' }] },
              headers: { Allow: 'POST' },
            }
          : json === undefined && raw
            ? { status: 400, body: { errors: [{ message: 'The request body is not valid JSON' }] } }
            : await handleGraphql(rt, json, token, rec.headers);
  } else {
    reply = handleRest(rt, {
      method,
      path: url.pathname.replace(/\/$/, ''),
      query: rec.query,
      body: json,
      base,
      token,
      accept: String(req.headers.accept ?? ''),
      range: req.headers.range,
    });
  }
  if (scenario?.respond.kind === 'field-error') reply = withFieldError(reply, scenario.respond);
  rec.status = reply.status;
  send(res, reply);
}

/** The answer with the field at `path` nulled and an error carrying that path (GraphQL spec §7.1.2). */
function withFieldError(reply: Reply, respond: Scenario['respond']): Reply {
  const path = respond.path!;
  const body = (reply.body ?? {}) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (body.data) {
    let parent: Record<string, unknown> | null = body.data;
    for (const key of path.slice(0, -1)) parent = (parent?.[key] as Record<string, unknown> | null) ?? null;
    if (parent) parent[path.at(-1)!] = null;
  }
  const error = { message: respond.message ?? 'Internal server error', path };
  return { ...reply, body: { ...body, errors: [...(body.errors ?? []), error] } };
}

export async function startFakeBuildkite(opts: { port?: number; host?: string } = {}): Promise<FakeBuildkite> {
  const host = opts.host ?? '127.0.0.1';
  getSchema(); // parse the schema once, up front
  const rt: Runtime = {
    state: seed(),
    scenarios: [],
    requests: [],
    loot: [],
    limits: { ...DEFAULT_LIMITS },
    buckets: new Map(),
    scenarioSeq: 0,
    variants: { ...DEFAULT_VARIANTS },
  };
  let port = opts.port ?? 0;

  const server = createServer((req, res) => {
    const hostHeader = req.headers.host ?? `${host}:${port}`;
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    const base = `http://${hostHeader}`;
    const work = async () => {
      if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
      if (url.pathname.startsWith('/__fake/')) {
        const { raw, json } = await readBody(req);
        return handleControl(rt, req, res, url, json !== undefined ? json : raw || null, base);
      }
      if (url.pathname.startsWith('/portal/')) return handlePortal(rt, req, res, url);
      if (url.pathname.startsWith('/deliver/')) return handleTrigger(rt, req, res, url);
      const isApi =
        url.pathname === '/' ||
        url.pathname.startsWith('/v2/') ||
        url.pathname === '/v2' ||
        url.pathname.startsWith('/graphql');
      if (isApi) return handleApi(rt, req, res, url, base);
      if (req.method === 'GET' || req.method === 'HEAD') {
        const page = renderPage(rt.state, url.pathname, url.search);
        return sendRaw(res, page.status, req.method === 'HEAD' ? '' : page.body, page.contentType);
      }
      return sendJson(res, 404, { message: 'Not Found' });
    };
    work().catch((e: unknown) => {
      console.error('[fake-buildkite]', e);
      sendJson(res, 500, { message: `Internal fake error: ${e instanceof Error ? e.message : String(e)}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    runtime: rt,
    get state() {
      return rt.state;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
