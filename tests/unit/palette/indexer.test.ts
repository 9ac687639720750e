import { DEFAULT_VARIANTS } from '../../fake-buildkite/undocumented';
// @vitest-environment node
import { print } from '@0no-co/graphql.web';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import * as v from 'valibot';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KdFailure } from '@/lib/errors';
import { PALETTE_START_TEXT, pipelinesQueryText } from '@/lib/palette/documents';
import { runIndex, type IndexerDeps } from '@/lib/palette/indexer';
import { EMPTY_RECORD, type IndexRecord } from '@/lib/palette/store';
import { handleGraphql } from '../../fake-buildkite/graphql';
import { addManyPipelines, FUZZY_TARGET } from '../../fake-buildkite/many-pipelines';
import { DEFAULT_LIMITS, type Runtime } from '../../fake-buildkite/runtime';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { seed } from '../../fake-buildkite/state';

/** runGraphQL answered by the fake's GraphQL executor in-process (same schema, same paging). */
const calls: string[] = [];
let rt: Runtime;
let rateLimitAfter = Infinity;
vi.mock('@/lib/buildkite/graphql', () => ({
  runGraphQL: async (_c: unknown, doc: Parameters<typeof print>[0], variables: unknown, schema: v.GenericSchema) => {
    const query = print(doc);
    calls.push(/query (\w+)/.exec(query)![1]!);
    rt.limits.enforce = calls.length > rateLimitAfter;
    const reply = await handleGraphql(rt, { query, variables }, TOKENS.full, {});
    if (reply.status === 429) {
      const retryAt = Date.now() + Number(reply.headers?.['Retry-After'] ?? 60) * 1000;
      throw new KdFailure({ kind: 'rate-limited', title: 'Rate limited', detail: '', action: '', retryAt });
    }
    const body = reply.body as { data?: unknown; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return v.parse(schema, body.data);
  },
}));

const schema = buildSchema(readFileSync('lib/buildkite/schema.graphql', 'utf8'));

function deps(): IndexerDeps & { record: IndexRecord; resumes: number[] } {
  const d = {
    record: { ...EMPTY_RECORD } as IndexRecord,
    resumes: [] as number[],
    credentials: () => Promise.resolve({ token: TOKENS.full }),
    load: () => Promise.resolve(d.record),
    save: (r: IndexRecord) => Promise.resolve(void (d.record = structuredClone(r))),
    now: () => Date.now(),
    scheduleResume: (at: number) => Promise.resolve(void d.resumes.push(at)),
  };
  return d;
}

beforeEach(() => {
  rt = {
    state: seed(),
    scenarios: [],
    requests: [],
    loot: [],
    limits: { ...DEFAULT_LIMITS },
    buckets: new Map(),
    scenarioSeq: 0,
    variants: { ...DEFAULT_VARIANTS },
  };
  addManyPipelines(rt.state, { total: 5000 });
  calls.length = 0;
  rateLimitAfter = Infinity;
});

describe('the palette index', () => {
  it('documents validate against the official schema', () => {
    expect(validate(schema, parse(PALETTE_START_TEXT)).map((e) => e.message)).toEqual([]);
    const text = pipelinesQueryText([
      { org: 'acme', after: null },
      { org: 'globex', after: 'abc' },
    ]);
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
    expect(text).not.toContain('acme');
  });

  it('loads 5,000 pipelines over 3 organisations in 5 requests (pages of 500, one alias per organisation)', async () => {
    const d = deps();
    const record = await runIndex(d);
    expect(record.complete?.pipelines).toHaveLength(5000);
    expect(new Set(record.complete!.orgs)).toEqual(new Set(['acme', 'globex', 'initech']));
    expect(calls).toEqual([
      'PaletteStart',
      'PalettePipelines',
      'PalettePipelines',
      'PalettePipelines',
      'PalettePipelines',
    ]);
    const target = record.complete!.pipelines.find((p) => p.slug === FUZZY_TARGET.slug)!;
    expect(target).toMatchObject({ org: 'globex', name: FUZZY_TARGET.name });
    const web = record.complete!.pipelines.find((p) => p.org === 'acme' && p.slug === 'web')!;
    expect(web.state).toMatch(/^[a-z_]+$/);
    expect(record.myBuilds.length).toBeGreaterThan(0);
  });

  // The fake enforces Buildkite's GraphQL limits (5,000 points per user per 5 minutes): a page of 500 pipelines
  // costs about 2,500 actual points, so the third round of the real thing meets a 429.
  it('a 429 mid-indexing keeps what was loaded and resumes from the cursors', async () => {
    const d = deps();
    rateLimitAfter = 1;
    const paused = await runIndex(d);
    expect(paused.complete).toBeNull();
    expect(paused.run?.pipelines.length).toBe(3000);
    expect(paused.retryAt).toBeGreaterThan(Date.now());
    expect(d.resumes).toHaveLength(1);
    rateLimitAfter = Infinity;
    rt.buckets.clear();
    calls.length = 0;
    const done = await runIndex(d);
    expect(done.complete?.pipelines).toHaveLength(5000);
    expect(new Set(done.complete!.pipelines.map((p) => `${p.org}/${p.slug}`)).size).toBe(5000);
    expect(calls).toEqual(['PalettePipelines', 'PalettePipelines']);
  });
});
