import { storage } from '#imports';
import { BuildPageQuery, BuildPageResult, isKnownJob, type GraphQLJob } from './documents';
import type { Credentials } from '../buildkite/http';
import { restRead } from '../buildkite/rest';
import { KdFailure } from '../errors';
import { runChecked } from './graphql-call';
import { blockFieldsFromRest, buildFromGraphQL, buildFromRest } from './map';
import type { BlockField, BuildRef, BuildView } from './model';
import { RestBuild, RestJob } from './schemas';

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
}

/**
 * GraphQL does not expose a block step's fields; REST's job answer carries them (undocumented). For each job that
 * is waiting to be unblocked, read them once through the org-scoped job endpoint and keep them for the session:
 * a block job's fields never change. Failures leave the fields unknown (the form then takes free key/values).
 */
async function addBlockFields(credentials: Credentials, ref: BuildRef, build: BuildView): Promise<void> {
  if (build.source !== 'graphql' || hasScope(credentials, 'read_builds') === false) return;
  const waiting = build.jobs.filter((job) => job.type === 'block' && job.state === 'blocked' && job.fields === null);
  await Promise.all(
    waiting.map(async (job) => {
      let details = await storage.getItem<BlockDetails>(blockFieldsKey(job.id));
      if (!details) {
        try {
          const { value } = await restRead(credentials, {
            path: `organizations/${ref.org}/jobs/${job.id}`,
            schema: RestJob,
            scope: 'read_builds',
            org: ref.org,
          });
          details = { prompt: value.prompt, fields: blockFieldsFromRest(value.fields) };
          await storage.setItem(blockFieldsKey(job.id), details);
        } catch {
          return;
        }
      }
      job.prompt = details.prompt;
      job.fields = details.fields;
    }),
  );
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
    () => readViaRest(credentials, ref),
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
