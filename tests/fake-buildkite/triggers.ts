/**
 * Pipeline triggers (incoming webhooks, digest §5.7): `POST /deliver/bktr_…` with a JSON body.
 * Documented answers: `201 {"id": "<delivery uuid>"}`, `400 {"message":"Invalid pipeline trigger token"}`,
 * `403 {"message":"Pipeline trigger is disabled"}`, `404 {"message":"Pipeline trigger not found"}`.
 * An accepted delivery creates a build on the trigger's pipeline: branch, commit and message from the trigger's
 * config (defaults `main`, `HEAD`, "Triggered build"), source `webhook`, the body as meta-data `buildkite:webhook`.
 * A body that isn't JSON is not documented; the fake answers 400 with a message of its own.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { iso, newBuild } from './model';
import { nextNumber } from './ops';
import { queryObject, readBody, sendJson, type Runtime } from './runtime';
import { USER } from './seed-ids';

export interface TriggerSpec {
  org: string;
  pipeline: string;
  enabled: boolean;
  branch?: string;
  commit?: string;
  message?: string;
}

export const TRIGGERS = {
  /** acme/web, generic webhook trigger, enabled, default config */
  webGeneric: 'bktr_4c7e1a2b9d3f4e5a8b6c0d1e2f3a4b5c',
  /** acme/deploy, disabled */
  deployDisabled: 'bktr_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
} as const;

const SPECS: Record<string, TriggerSpec> = {
  [TRIGGERS.webGeneric]: { org: 'acme', pipeline: 'web', enabled: true },
  [TRIGGERS.deployDisabled]: { org: 'acme', pipeline: 'deploy', enabled: false },
};

/** Every accepted delivery, newest last (reset with the fake's state is not needed: ids are unique). */
export const deliveries: { id: string; token: string; buildId: string }[] = [];

export async function handleTrigger(rt: Runtime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { raw, json } = await readBody(req);
  const token = decodeURIComponent(url.pathname.replace(/^\/deliver\//, '').replace(/\/$/, ''));
  const rec = {
    at: new Date().toISOString(),
    method: req.method ?? 'POST',
    path: url.pathname,
    query: queryObject(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
    ),
    body: json !== undefined ? json : raw || null,
    token: null,
    status: 0,
  };
  rt.requests.push(rec);
  const answer = (status: number, body: unknown) => {
    rec.status = status;
    sendJson(res, status, body);
  };
  if (req.method !== 'POST') return answer(405, { message: 'Method Not Allowed' });
  if (!/^bktr_[A-Za-z0-9]{16,64}$/.test(token)) return answer(400, { message: 'Invalid pipeline trigger token' });
  const spec = SPECS[token];
  if (!spec) return answer(404, { message: 'Pipeline trigger not found' });
  if (!spec.enabled) return answer(403, { message: 'Pipeline trigger is disabled' });
  if (json === undefined) return answer(400, { message: 'The request body must be JSON' });
  const now = iso();
  const build = newBuild({
    id: randomUUID(),
    number: nextNumber(rt.state, spec.org, spec.pipeline),
    org: spec.org,
    pipeline: spec.pipeline,
    creatorId: USER.id,
    state: 'scheduled',
    source: 'webhook',
    branch: spec.branch ?? 'main',
    commit: spec.commit ?? 'HEAD',
    message: spec.message ?? 'Triggered build',
    metaData: { 'buildkite:webhook': raw },
    createdAt: now,
    scheduledAt: now,
  });
  rt.state.builds.push(build);
  const id = randomUUID();
  deliveries.push({ id, token, buildId: build.id });
  return answer(201, { id });
}
