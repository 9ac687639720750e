import { storage } from '#imports';
import { BuildPageQuery, BuildPageResult, isKnownJob, type GraphQLJob } from './documents';
import type { Credentials } from '../buildkite/http';
import { restRead } from '../buildkite/rest';
import { KdFailure } from '../errors';
import { runChecked } from '../buildkite/graphql';
import { blockStepsOfPipeline, fieldsFromLastUnblock, matchBlockStep } from './block-step-fields';
import { buildFromGraphQL, buildFromRest } from './map';
import type { BlockField, BuildRef, BuildView } from './model';
import { RestBuild, RestBuildsWithMetaData, RestJob, RestPipelineDefinition } from './schemas';

/**
 * Reads a build page's data: ONE GraphQL request (build, jobs, pipeline) when the token has GraphQL access, else
 * REST `GET …/builds/{n}` (which includes the jobs). A GraphQL 401 falls back to REST. Answers are cached for a
 * few seconds in `storage.session` (it survives the worker sleeping) and concurrent reads of a build are made once.
 */

export const BUILD_CACHE_MS = 5_000;
/** Cache entries older than this are removed when another is written (session storage is small). */
const CACHE_PRUNE_MS = 60_000;
/** 500 jobs a page (the connection maximum Buildkite documents as its default): a bigger build is read in several pages of the same query (at most this many). */
const MAX_JOB_PAGES = 10;
/** After a GraphQL 401, reads with that token go straight to REST for a while instead of failing over on every poll. */
const GRAPHQL_REFUSED_MS = 5 * 60_000;

interface CacheEntry {
  at: number;
  build: BuildView;
}

const refKey = (ref: BuildRef) => `${ref.org}/${ref.pipeline}/${ref.number}`;
const cacheKey = (ref: BuildRef) => `session:kd-build:${refKey(ref)}` as const;
const CACHE_INDEX = 'session:kd-build-index' as const;
/** Which token GraphQL refused (a SHA-256 fingerprint, never the token) and until when reads skip GraphQL. */
const graphqlRefusedItem = storage.defineItem<{ token: string; until: number } | null>('session:kd-graphql-refused', {
  fallback: null,
});

async function fingerprint(credentials: Credentials): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(credentials.token));
  return [...new Uint8Array(digest).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const inFlight = new Map<string, Promise<BuildView>>();

export function hasScope(credentials: Credentials, scope: string): boolean | null {
  return credentials.scopes ? credentials.scopes.includes(scope) : null;
}

/** GraphQL when the token report lists `graphql`; when scopes are unknown, try it (REST is the fallback). */
async function shouldUseGraphQL(credentials: Credentials, now: number): Promise<boolean> {
  if (hasScope(credentials, 'graphql') === false) return false;
  const refusal = await graphqlRefusedItem.getValue();
  return !refusal || refusal.until <= now || refusal.token !== (await fingerprint(credentials));
}

async function readViaGraphQL(credentials: Credentials, ref: BuildRef): Promise<BuildView> {
  const slug = refKey(ref);
  const jobs: GraphQLJob[] = [];
  let after: string | null = null;
  let build: NonNullable<BuildPageResult['build']> | null = null;
  for (let page = 0; page < MAX_JOB_PAGES; page++) {
    const result: BuildPageResult = await runChecked(credentials, BuildPageQuery, { slug, after }, BuildPageResult);
    if (!result.build) {
      throw new KdFailure({
        kind: 'not-found',
        title: 'Build not found',
        detail: `Buildkite has no build ${slug} that this token can see.`,
        action: 'Check the URL, and that the token was created with access to this organisation.',
      });
    }
    build = result.build;
    for (const edge of build.jobs?.edges ?? []) {
      const node = edge?.node;
      if (node && isKnownJob(node)) jobs.push(node);
    }
    const info = build.jobs?.pageInfo;
    if (!info?.hasNextPage || !info.endCursor) break;
    after = info.endCursor;
  }
  // `Build.jobs` lists the most recently created first (`order: JobOrder = RECENTLY_CREATED`, the only orders the
  // schema has); reversed, the jobs read in creation order, which is the pipeline's order (retries come last).
  return buildFromGraphQL(ref, build!, jobs.reverse());
}

async function readViaRest(credentials: Credentials, ref: BuildRef): Promise<BuildView> {
  const { value } = await restRead(credentials, {
    path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}`,
    searchParams: { include_retried_jobs: true },
    schema: RestBuild,
    scope: 'read_builds',
    org: ref.org,
  });
  return buildFromRest(ref, value);
}

const blockFieldsKey = (jobId: string) => `session:kd-block-fields:${jobId}` as const;
interface BlockDetails {
  prompt: string | null;
  fields: BlockField[] | null;
  source: 'pipeline' | 'last-unblock' | null;
}

/**
 * A waiting block job's form fields, from documented sources only (block-step-fields.ts): the pipeline's steps
 * (`read_pipelines`), matched by step key then label; else the keys this step was unblocked with last time
 * (the pipeline's recent builds' meta-data, `read_builds`); else unknown (the form takes free key/values). Read
 * once per job and kept for the session: a block job's definition never changes. Failures leave fields unknown.
 */
async function addBlockFields(credentials: Credentials, ref: BuildRef, build: BuildView): Promise<void> {
  if (hasScope(credentials, 'read_builds') === false && hasScope(credentials, 'read_pipelines') === false) return;
  const waiting = build.jobs.filter((job) => job.type === 'block' && job.state === 'blocked' && job.fields === null);
  if (!waiting.length) return;
  const once = <T>(read: () => Promise<T>) => {
    let pending: Promise<T> | null = null;
    return () => (pending ??= read());
  };
  const definitions = once(async () => {
    if (hasScope(credentials, 'read_pipelines') === false) return [];
    const { value } = await restRead(credentials, {
      path: `organizations/${ref.org}/pipelines/${ref.pipeline}`,
      schema: RestPipelineDefinition,
      scope: 'read_pipelines',
      org: ref.org,
    }).catch(() => ({ value: { configuration: null, steps: undefined } }));
    return blockStepsOfPipeline(value.configuration, value.steps);
  });
  const recentBuilds = once(async () => {
    if (hasScope(credentials, 'read_builds') === false) return [];
    const { value } = await restRead(credentials, {
      path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds`,
      searchParams: { per_page: 20, exclude_pipeline: true },
      schema: RestBuildsWithMetaData,
      scope: 'read_builds',
      org: ref.org,
    }).catch(() => ({ value: [] }));
    return value;
  });
  await Promise.all(
    waiting.map(async (job) => {
      let details = await storage.getItem<BlockDetails>(blockFieldsKey(job.id));
      if (!details) {
        try {
          const stepKey = job.stepKey !== undefined ? job.stepKey : await readStepKey(credentials, ref, job.id);
          const match = { stepKey: stepKey ?? null, label: job.label };
          const definition = matchBlockStep(await definitions(), match);
          const lastTime = definition?.fields ? null : fieldsFromLastUnblock(await recentBuilds(), ref.number, match);
          details = definition?.fields
            ? { prompt: definition.prompt, fields: definition.fields, source: 'pipeline' }
            : lastTime
              ? { prompt: definition?.prompt ?? null, fields: lastTime, source: 'last-unblock' }
              : definition
                ? // the step is defined with no fields: there is nothing to fill in
                  { prompt: definition.prompt, fields: [], source: 'pipeline' }
                : { prompt: null, fields: null, source: null };
          await storage.setItem(blockFieldsKey(job.id), details);
        } catch {
          return;
        }
      }
      job.prompt = details.prompt;
      job.fields = details.fields;
      job.fieldsSource = details.source;
    }),
  );
}

/** The job's documented `step_key` (GraphQL's build page query does not read it). */
async function readStepKey(credentials: Credentials, ref: BuildRef, jobId: string): Promise<string | null> {
  if (hasScope(credentials, 'read_builds') === false) return null;
  const { value } = await restRead(credentials, {
    path: `organizations/${ref.org}/jobs/${jobId}`,
    schema: RestJob,
    scope: 'read_builds',
    org: ref.org,
  });
  return value.step_key;
}

/**
 * A read through GraphQL when the token should have it, else REST; a GraphQL 401 ("no GraphQL access") falls back
 * to REST at once and sends the next reads straight to REST for a few minutes. For reads only: a write is never
 * sent twice.
 */
export async function readWithFallback<T>(
  credentials: Credentials,
  viaGraphQL: () => Promise<T>,
  viaRest: () => Promise<T>,
): Promise<T> {
  const now = Date.now();
  if (await shouldUseGraphQL(credentials, now)) {
    try {
      return await viaGraphQL();
    } catch (cause) {
      const refused = cause instanceof KdFailure && cause.error.kind === 'unauthorized';
      if (!refused || hasScope(credentials, 'read_builds') === false) throw cause;
      await graphqlRefusedItem.setValue({ token: await fingerprint(credentials), until: now + GRAPHQL_REFUSED_MS });
    }
  }
  return viaRest();
}

function readFromApi(credentials: Credentials, ref: BuildRef): Promise<BuildView> {
  return readWithFallback(
    credentials,
    async () => {
      const build = await readViaGraphQL(credentials, ref);
      await addBlockFields(credentials, ref, build);
      return build;
    },
    async () => {
      const build = await readViaRest(credentials, ref);
      await addBlockFields(credentials, ref, build);
      return build;
    },
  );
}

async function remember(ref: BuildRef, build: BuildView, now: number): Promise<void> {
  const index = (await storage.getItem<Record<string, number>>(CACHE_INDEX)) ?? {};
  const stale = Object.keys(index).filter((key) => now - (index[key] ?? 0) > CACHE_PRUNE_MS);
  for (const key of stale) delete index[key];
  index[refKey(ref)] = now;
  await storage.removeItems(stale.map((key) => `session:kd-build:${key}` as const));
  await storage.setItems([
    { key: cacheKey(ref), value: { at: now, build } satisfies CacheEntry },
    { key: CACHE_INDEX, value: index },
  ]);
}

/** Forgets a build's cached copy (after a write, so the next read is fresh even without `fresh: true`). */
export async function forgetBuild(ref: BuildRef): Promise<void> {
  await storage.removeItem(cacheKey(ref));
}

export async function readBuild(
  credentials: Credentials,
  ref: BuildRef,
  options: { fresh?: boolean } = {},
): Promise<BuildView> {
  const key = refKey(ref);
  if (!options.fresh) {
    const cached = await storage.getItem<CacheEntry>(cacheKey(ref));
    if (cached && Date.now() - cached.at < BUILD_CACHE_MS && cached.at <= Date.now()) return cached.build;
    const pending = inFlight.get(key);
    if (pending) return pending;
  }
  // A fresh read never joins one that started before (it could predate the write being confirmed).
  const request = readFromApi(credentials, ref).then(async (build) => {
    await remember(ref, build, Date.now());
    return build;
  });
  inFlight.set(key, request);
  try {
    return await request;
  } finally {
    if (inFlight.get(key) === request) inFlight.delete(key);
  }
}
