/**
 * Builds the pipeline index: one `PaletteStart` request (organisations, my newest builds), then rounds of
 * `PalettePipelines`, each one request for up to ORGS_PER_REQUEST organisations' next page of 500. Progress is saved
 * after every request, so a 429 or a worker going to sleep keeps what was loaded and the next run resumes from the
 * saved cursors. Reads only; `runGraphQL` retries a read briefly and reports a longer rate limit as `rate-limited`.
 */
import * as v from 'valibot';
import { runGraphQL } from '../buildkite/graphql';
import type { Credentials } from '../buildkite/http';
import { toKdError } from '../errors';
import {
  MAX_ORGS,
  MY_BUILDS,
  ORGS_PER_REQUEST,
  paletteStartDocument,
  PaletteStartResult,
  PipelinePageResult,
  pipelinesDocument,
  PalettePipelinesResult,
  pipelinesQueryVariables,
} from './documents';
import type { IndexedPipeline, RecentBuild } from './search';
import type { IndexRecord, IndexRun, OrgProgress } from './store';

export interface IndexerDeps {
  credentials: () => Promise<Credentials>;
  load: () => Promise<IndexRecord>;
  save: (record: IndexRecord) => Promise<void>;
  now: () => number;
  /** Called with the time a paused run should resume (a 429's reset). */
  scheduleResume: (at: number) => Promise<void>;
}

/** How long a 429 pauses indexing when Buildkite gives no reset time. */
const DEFAULT_PAUSE_MS = 60_000;

export function myBuildsFrom(data: v.InferOutput<typeof PaletteStartResult>): RecentBuild[] {
  return (data.viewer?.builds?.edges ?? []).flatMap((edge) => {
    const b = edge?.node;
    if (!b?.pipeline || !b.organization) return [];
    const at = b.createdAt ? Date.parse(b.createdAt) : 0;
    return [
      {
        org: b.organization.slug,
        pipeline: b.pipeline.slug,
        number: b.number,
        state: b.state.toLowerCase(),
        branch: b.branch,
        message: b.message,
        at: Number.isFinite(at) ? at : 0,
        source: 'mine' as const,
      },
    ];
  });
}

function pipelinesFrom(org: string, page: PipelinePageResult): IndexedPipeline[] {
  return (page.pipelines?.edges ?? []).flatMap((edge) => {
    const p = edge?.node;
    if (!p) return [];
    const state = p.builds?.edges?.[0]?.node?.state;
    return [
      { org, slug: p.slug, name: p.name, defaultBranch: p.defaultBranch, state: state ? state.toLowerCase() : null },
    ];
  });
}

/** Starts a run: the organisations and my builds. */
async function startRun(deps: IndexerDeps, credentials: Credentials, record: IndexRecord): Promise<IndexRecord> {
  const data = await runGraphQL(
    credentials,
    paletteStartDocument(),
    { orgs: MAX_ORGS, mine: MY_BUILDS },
    PaletteStartResult,
  );
  const orgs: OrgProgress[] = (data.viewer?.organizations?.edges ?? []).flatMap((edge) =>
    edge?.node ? [{ slug: edge.node.slug, name: edge.node.name, after: null, done: false, count: null }] : [],
  );
  const run: IndexRun = { startedAt: deps.now(), orgs, pipelines: [], requests: 1 };
  return { ...record, run, myBuilds: myBuildsFrom(data), lastError: null, retryAt: null };
}

/** One round: the next page of up to ORGS_PER_REQUEST organisations, in one request. */
async function nextRound(credentials: Credentials, run: IndexRun): Promise<IndexRun> {
  const pending = run.orgs.filter((o) => !o.done).slice(0, ORGS_PER_REQUEST);
  const pages = pending.map((o) => ({ org: o.slug, after: o.after }));
  const data = await runGraphQL(
    credentials,
    pipelinesDocument(pages),
    pipelinesQueryVariables(pages),
    PalettePipelinesResult,
  );
  const orgs = run.orgs.map((o) => ({ ...o }));
  const pipelines = [...run.pipelines];
  pending.forEach((o, i) => {
    const progress = orgs.find((x) => x.slug === o.slug)!;
    const parsed = v.safeParse(v.nullable(PipelinePageResult), data[`o${i}`] ?? null);
    // An organisation the token no longer reaches (null) or a page of an unexpected shape ends that organisation.
    const page = parsed.success ? parsed.output : null;
    if (!page?.pipelines) {
      progress.done = true;
      return;
    }
    pipelines.push(...pipelinesFrom(o.slug, page));
    progress.count = page.pipelines.count;
    progress.after = page.pipelines.pageInfo?.endCursor ?? progress.after;
    progress.done = !page.pipelines.pageInfo?.hasNextPage || !page.pipelines.pageInfo.endCursor;
  });
  return { ...run, orgs, pipelines, requests: run.requests + 1 };
}

/**
 * Runs (or resumes) indexing until the index is complete, a 429 pauses it, or an error ends it. Every promise
 * settles: the outcome is in the saved record (`lastError`, `retryAt`).
 */
export async function runIndex(deps: IndexerDeps): Promise<IndexRecord> {
  let record = await deps.load();
  try {
    const credentials = await deps.credentials();
    if (!record.run) {
      record = await startRun(deps, credentials, record);
      await deps.save(record);
    }
    while (record.run && record.run.orgs.some((o) => !o.done)) {
      record = { ...record, run: await nextRound(credentials, record.run) };
      await deps.save(record);
    }
    const run = record.run!;
    record = {
      ...record,
      run: null,
      retryAt: null,
      lastError: null,
      complete: { pipelines: run.pipelines, builtAt: deps.now(), orgs: run.orgs.map((o) => o.slug) },
    };
    await deps.save(record);
    return record;
  } catch (cause) {
    const error = toKdError(cause);
    if (error.kind === 'rate-limited') {
      const now = deps.now();
      const retryAt = error.retryAt && error.retryAt > now ? error.retryAt : now + DEFAULT_PAUSE_MS;
      record = { ...record, retryAt, lastError: error };
      await deps.save(record);
      await deps.scheduleResume(retryAt);
      return record;
    }
    // A token that can't do this (no token, no GraphQL, revoked) drops the run; a passing failure keeps it.
    const fatal = ['no-token', 'unauthorized', 'missing-scope', 'forbidden', 'ip-not-allowed'].includes(error.kind);
    record = { ...record, lastError: error, ...(fatal ? { run: null } : {}) };
    await deps.save(record);
    return record;
  }
}
