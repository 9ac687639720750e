/** POST /graphql/v1: executes documents against Buildkite's real schema (lib/buildkite/schema.graphql). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { BuildRec, JobRec } from './model';
import {
  ApiError,
  cancelBuild,
  cancelJob,
  createApiBuild,
  findJob,
  rebuild,
  retryFailedJobs,
  retryJob,
  unblockJob,
} from './ops';
import { gBuild, gJob, gOrg, gPipeline, gUser, gViewer, type GCtx } from './graphql-views';
import { authenticate, canAccessOrg, charge, GRAPHQL_UNAUTHORIZED, type Runtime } from './runtime';
import { graphqlNoAccessAnswer, policyAnswer } from './undocumented';
import type { Reply } from './rest';

export const SCHEMA_PATH = fileURLToPath(new URL('../../lib/buildkite/schema.graphql', import.meta.url));
let schema: GraphQLSchema | undefined;
export function getSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));
  return schema;
}

/** `operationName` from the body, else the first named operation in the document. */
export function operationNameOf(body: unknown): string | null {
  const b = body as { operationName?: unknown; query?: unknown } | undefined;
  if (typeof b?.operationName === 'string' && b.operationName) return b.operationName;
  if (typeof b?.query !== 'string') return null;
  try {
    const op = parse(b.query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    return op?.kind === Kind.OPERATION_DEFINITION ? (op.name?.value ?? null) : null;
  } catch {
    // not a valid document: fall back to a plain look
  }
  const m = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(b.query);
  return m ? m[1]! : null;
}

function decodeId(id: unknown): { type: string; uuid: string } | null {
  if (typeof id !== 'string') return null;
  const m = /^([A-Za-z]+)---(.+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  return m ? { type: m[1]!, uuid: m[2]! } : null;
}

const fail = (message: string): never => {
  throw new GraphQLError(message);
};

function visibleBuild(c: GCtx, b: BuildRec | undefined): BuildRec | null {
  return b && canAccessOrg(c.token, b.org) ? b : null;
}

function buildFromId(c: GCtx, id: unknown): BuildRec {
  const d = decodeId(id);
  const b =
    d?.type === 'Build'
      ? visibleBuild(
          c,
          c.state.builds.find((x) => x.id === d.uuid),
        )
      : null;
  return b ?? fail(`No build found with ID ${String(id)}`);
}

function jobFromId(c: GCtx, id: unknown): { build: BuildRec; job: JobRec } {
  const d = decodeId(id);
  const hit = d?.type === 'Job' ? findJob(c.state, d.uuid) : undefined;
  return hit && canAccessOrg(c.token, hit.build.org) ? hit : fail(`No job found with ID ${String(id)}`);
}

/** Run an op that may throw ApiError; GraphQL reports its message. */
function op<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ApiError) {
      const errs = e.body.errors as { field: string; message?: string }[] | undefined;
      throw new GraphQLError(
        errs?.length
          ? `${e.body.message}: ${errs.map((x) => `${x.field} ${x.message ?? 'is invalid'}`).join(', ')}`
          : e.body.message,
      );
    }
    throw e;
  }
}

type Args = Record<string, unknown>;
const input = (a: Args) => (a.input ?? {}) as Args;

function rootValue(c: GCtx): Args {
  const bySlug = <T extends { org: string }>(items: T[], key: (t: T) => string, slug: unknown) =>
    items.find((x) => key(x) === slug && canAccessOrg(c.token, x.org));
  return {
    viewer: () => gViewer(c),
    organization: (a: Args) => {
      const o = c.state.orgs.find((x) => (a.slug ? x.slug === a.slug : x.id === a.uuid));
      return o && canAccessOrg(c.token, o.slug) ? gOrg(c, o) : null;
    },
    pipeline: (a: Args) => {
      const p = a.slug
        ? bySlug(c.state.pipelines, (x) => `${x.org}/${x.slug}`, a.slug)
        : bySlug(c.state.pipelines, (x) => x.id, a.uuid);
      return p ? gPipeline(c, p) : null;
    },
    build: (a: Args) => {
      const b = a.slug
        ? bySlug(c.state.builds, (x) => `${x.org}/${x.pipeline}/${x.number}`, a.slug)
        : bySlug(c.state.builds, (x) => x.id, a.uuid);
      return b ? gBuild(c, b) : null;
    },
    job: (a: Args) => {
      const hit = typeof a.uuid === 'string' ? findJob(c.state, a.uuid) : undefined;
      return hit && canAccessOrg(c.token, hit.build.org) ? gJob(c, hit.build, hit.job) : null;
    },
    node: (a: Args) => {
      const d = decodeId(a.id);
      if (!d) return null;
      if (d.type === 'Build') {
        const b = visibleBuild(
          c,
          c.state.builds.find((x) => x.id === d.uuid),
        );
        return b ? gBuild(c, b) : null;
      }
      if (d.type === 'Job') {
        const hit = findJob(c.state, d.uuid);
        return hit && canAccessOrg(c.token, hit.build.org) ? gJob(c, hit.build, hit.job) : null;
      }
      if (d.type === 'Organization') {
        const o = c.state.orgs.find((x) => x.id === d.uuid);
        return o && canAccessOrg(c.token, o.slug) ? gOrg(c, o) : null;
      }
      if (d.type === 'Pipeline') {
        const p = c.state.pipelines.find((x) => x.id === d.uuid);
        return p && canAccessOrg(c.token, p.org) ? gPipeline(c, p) : null;
      }
      if (d.type === 'User') {
        const u = c.state.users.find((x) => x.id === d.uuid);
        return u ? gUser(c, u) : null;
      }
      if (d.type === 'Viewer' && d.uuid === c.user.id) return gViewer(c);
      return null;
    },
    // ----- mutations (same transitions as REST) -----
    buildCreate: (a: Args) => {
      const i = input(a);
      const d = decodeId(i.pipelineID);
      const p = d?.type === 'Pipeline' ? c.state.pipelines.find((x) => x.id === d.uuid) : undefined;
      if (!p || !canAccessOrg(c.token, p.org)) fail(`No pipeline found with ID ${String(i.pipelineID)}`);
      const env = Object.fromEntries(
        (Array.isArray(i.env) ? (i.env as unknown[]) : []).map((line) => {
          const text = String(line);
          const at = text.indexOf('=');
          return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
        }),
      );
      const metaData = Object.fromEntries(
        (Array.isArray(i.metaData) ? (i.metaData as { key: unknown; value: unknown }[]) : []).map((row) => [
          String(row.key),
          String(row.value),
        ]),
      );
      const b = op(() =>
        createApiBuild(c.state, p!.org, p!.slug, c.user.id, { ...i, commit: i.commit ?? 'HEAD', env, metaData }),
      );
      return { clientMutationId: i.clientMutationId ?? null, build: gBuild(c, b) };
    },
    buildCancel: (a: Args) => {
      const b = buildFromId(c, input(a).id);
      op(() => cancelBuild(b, c.user.id));
      return { clientMutationId: input(a).clientMutationId ?? null, build: gBuild(c, b) };
    },
    buildRebuild: (a: Args) => {
      const b = buildFromId(c, input(a).id);
      const fresh = op(() => rebuild(c.state, b, c.user.id));
      return { clientMutationId: input(a).clientMutationId ?? null, build: gBuild(c, b), rebuild: gBuild(c, fresh) };
    },
    buildRetryFailedJobs: (a: Args) => {
      const b = buildFromId(c, input(a).id);
      const states = Array.isArray(input(a).states) ? (input(a).states as string[]).map((s) => s.toLowerCase()) : null;
      const count = op(() => retryFailedJobs(b, c.user.id, states));
      return { clientMutationId: input(a).clientMutationId ?? null, build: gBuild(c, b), retriedJobsCount: count };
    },
    jobTypeCommandRetry: (a: Args) => {
      const { build, job } = jobFromId(c, input(a).id);
      const next = op(() => retryJob(build, job, c.user.id));
      return {
        clientMutationId: input(a).clientMutationId ?? null,
        jobTypeCommand: gJob(c, build, job),
        retriedInJobTypeCommand: gJob(c, build, next),
      };
    },
    jobTypeCommandCancel: (a: Args) => {
      const { build, job } = jobFromId(c, input(a).id);
      op(() => cancelJob(build, job));
      return { clientMutationId: input(a).clientMutationId ?? null, jobTypeCommand: gJob(c, build, job) };
    },
    jobTypeBlockUnblock: (a: Args) => {
      const { build, job } = jobFromId(c, input(a).id);
      let fields = input(a).fields;
      if (typeof fields === 'string') {
        try {
          fields = JSON.parse(fields);
        } catch {
          fail('fields must be a JSON object');
        }
      }
      if (fields != null && (typeof fields !== 'object' || Array.isArray(fields))) fail('fields must be a JSON object');
      op(() => unblockJob(c.state, build, job, c.user.id, (fields as Record<string, unknown>) ?? null));
      return { clientMutationId: input(a).clientMutationId ?? null, jobTypeBlock: gJob(c, build, job) };
    },
  };
}

/** Requested complexity: each object field costs 1, multiplied by the `first`/`last` of enclosing connections. */
function requestedComplexity(doc: DocumentNode, variables: Args): number {
  const frags = new Map(
    doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const walk = (set: SelectionSetNode | undefined, mult: number, depth: number): number => {
    if (!set || depth > 20) return 0;
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.selectionSet) continue;
        let n = 1;
        for (const arg of s.arguments ?? []) {
          if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
          const v =
            arg.value.kind === Kind.INT
              ? Number(arg.value.value)
              : arg.value.kind === Kind.VARIABLE
                ? Number(variables[arg.value.name.value])
                : NaN;
          if (Number.isFinite(v)) n = Math.max(1, v);
        }
        cost += mult + walk(s.selectionSet, mult * n, depth + 1);
      } else if (s.kind === Kind.INLINE_FRAGMENT) cost += walk(s.selectionSet, mult, depth + 1);
      else cost += walk(frags.get(s.name.value)?.selectionSet, mult, depth + 1);
    }
    return cost;
  };
  return doc.definitions.reduce(
    (sum, d) => sum + (d.kind === Kind.OPERATION_DEFINITION ? walk(d.selectionSet, 1, 0) : 0),
    0,
  );
}

function countObjects(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countObjects(x), 0);
  if (v && typeof v === 'object') return 1 + Object.values(v).reduce((n: number, x) => n + countObjects(x), 0);
  return 0;
}

export async function handleGraphql(
  rt: Runtime,
  body: unknown,
  token: string | null,
  headers: Record<string, string>,
): Promise<Reply> {
  const auth = authenticate(rt.state, token);
  const errors = (status: number, message: string, extra: Record<string, string> = {}): Reply => ({
    status,
    body: { errors: [{ message }] },
    headers: extra,
  });
  if (!auth.ok) {
    if (auth.kind === 'unauthorized') return errors(401, GRAPHQL_UNAUTHORIZED);
    const { status, message } = policyAnswer(auth.variant);
    return errors(status, message);
  }
  if (!auth.token.scopes.includes('graphql')) return graphqlNoAccessAnswer(rt.variants.graphqlNoAccess);

  const orgSlug = rt.state.orgs.find((o) => canAccessOrg(auth.token, o.slug))?.slug ?? 'none';
  const window = (cost: number) => ({
    org: charge(rt, `graphql:org:${orgSlug}`, cost, rt.limits.graphql, 300_000),
    user: charge(rt, `graphql:user:${auth.user.id}`, cost, rt.limits.graphqlUser, 300_000),
  });
  const rateHeaders = (w: ReturnType<typeof window>, requested: number, actual: number): Record<string, string> => ({
    'RateLimit-Scope': 'graphql',
    'RateLimit-Remaining': String(w.org.remaining),
    'RateLimit-Limit': String(w.org.limit),
    'RateLimit-Reset': String(w.org.reset),
    'RateLimit-User-Scope': 'graphql_user',
    'RateLimit-User-Remaining': String(w.user.remaining),
    'RateLimit-User-Limit': String(w.user.limit),
    'RateLimit-User-Reset': String(w.user.reset),
    'RateLimit-Complexity-Requested': String(requested),
    'RateLimit-Complexity-Actual': String(actual),
  });

  const b = body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
  if (!b || typeof b.query !== 'string')
    return errors(200, 'No query string was present', rateHeaders(window(0), 0, 0));
  const variables = (b.variables && typeof b.variables === 'object' ? b.variables : {}) as Args;
  let doc: DocumentNode;
  try {
    doc = parse(b.query);
  } catch (e) {
    return { status: 200, body: { errors: [(e as GraphQLError).toJSON()] }, headers: rateHeaders(window(0), 0, 0) };
  }
  const invalid = validate(getSchema(), doc);
  if (invalid.length)
    return { status: 200, body: { errors: invalid.map((e) => e.toJSON()) }, headers: rateHeaders(window(0), 0, 0) };
  const requested = requestedComplexity(doc, variables);
  if (requested > 50_000) {
    return errors(
      200,
      `Query has complexity of ${requested}, which exceeds max complexity of 50000`,
      rateHeaders(window(0), requested, 0),
    );
  }
  const before = window(0);
  if (rt.limits.enforce && (before.org.remaining <= 0 || before.user.remaining <= 0)) {
    const userHit = before.user.remaining <= 0;
    const reset = userHit ? before.user.reset : before.org.reset;
    const message = userHit
      ? `You have exceeded your per-user limit of ${rt.limits.graphqlUser} complexity points. Please try again in ${reset} seconds.`
      : `Your organization has exceeded the limit of ${rt.limits.graphql} complexity points. Please try again in ${reset} seconds.`;
    return errors(429, message, {
      ...rateHeaders(before, requested, 0),
      ...(rt.variants.retryAfterOn429 ? { 'Retry-After': String(reset) } : {}),
    });
  }
  const c: GCtx = { state: rt.state, token: auth.token, user: auth.user };
  const result = await execute({
    schema: getSchema(),
    document: doc,
    rootValue: rootValue(c),
    contextValue: c,
    variableValues: variables,
    operationName: typeof b.operationName === 'string' ? b.operationName : undefined,
  });
  const actual = Math.max(1, countObjects(result.data));
  const out: Record<string, unknown> = { ...result, errors: result.errors?.map((e) => e.toJSON()) };
  if (!result.errors) delete out.errors;
  if (String(headers['buildkite-include-query-stats'] ?? '') === 'true')
    out.stats = { requestedComplexity: requested, actualComplexity: actual };
  return { status: 200, body: out, headers: rateHeaders(window(actual), requested, actual) };
}
