/**
 * Ranking: fuzzysort over the pipeline index, recent builds and actions, boosted by how recently and how often the
 * user opened each result. Runs in the background only (the content script never holds the index).
 *
 * Why fuzzysort (4.x) rather than uFuzzy: its Sublime-style scoring rewards the initials and word starts people
 * type in a palette ("glbxpay" → globex / Payments API) without tuning, `snapshot()` indexes 5,000 targets once so
 * a keystroke is a scan of ready targets, the display name and the slug are both searched, each result carries
 * the matched character `indexes` for highlighting, and the recency/frequency boost takes part in the
 * ranking itself rather than re-sorting a cut-off list (see `PaletteCorpus`). No dependencies, MIT, released in 2026.
 */
import fuzzysort, { type SnapshotKey } from 'fuzzysort';
import { buildPageUrl, type PageContext } from '../pages';
import { actionsFor, branchResult } from './actions';
import type { PaletteResult } from './model';

export interface IndexedPipeline {
  org: string;
  slug: string;
  name: string;
  defaultBranch: string | null;
  /** Latest build on the default branch, lower case (`passed`, `failed`…), or null when it has none. */
  state: string | null;
}

export interface RecentBuild {
  org: string;
  pipeline: string;
  number: number;
  state: string | null;
  branch: string | null;
  message: string | null;
  /** Epoch ms of the visit, the watch, or the build's creation. */
  at: number;
  source: 'mine' | 'visited' | 'watched';
}

/** Opens per result id: how many, and the last one (epoch ms). */
export type OpenStats = Record<string, { n: number; at: number }>;

const HOUR = 3_600_000;
export const MAX_RESULTS = 30;
const THRESHOLD = 0.15;

export function pipelineId(p: { org: string; slug: string }): string {
  return `p:${p.org}/${p.slug}`;
}

/** A boost in [0, 0.5]: often (log of the count) plus recently (last hour, day, week). */
export function boostFor(stats: OpenStats, id: string, now: number): number {
  const s = stats[id];
  if (!s) return 0;
  const often = Math.min(0.3, 0.08 * Math.log2(1 + s.n));
  const age = now - s.at;
  const recent = age < HOUR ? 0.2 : age < 24 * HOUR ? 0.12 : age < 7 * 24 * HOUR ? 0.05 : 0;
  return often + recent;
}

interface PipelineTarget {
  p: IndexedPipeline;
  id: string;
  title: string;
  slugPath: string;
}

function pipelineResult(p: IndexedPipeline, title: string, matches: number[]): PaletteResult {
  return {
    id: pipelineId(p),
    kind: 'pipeline',
    title,
    matches,
    detail: p.defaultBranch ? `default branch ${p.defaultBranch}` : 'no default branch',
    state: p.state,
    url: `https://buildkite.com/${encodeURIComponent(p.org)}/${encodeURIComponent(p.slug)}`,
    action: null,
  };
}

const SOURCE_WORD = { mine: 'my build', visited: 'visited', watched: 'watched' } as const;

function buildResult(b: RecentBuild, matches: number[]): PaletteResult {
  return {
    id: `b:${b.org}/${b.pipeline}/${b.number}`,
    kind: 'build',
    title: buildTitle(b),
    matches,
    detail: [SOURCE_WORD[b.source], b.branch, b.message?.split('\n')[0]?.slice(0, 120)].filter(Boolean).join(' · '),
    state: b.state,
    url: buildPageUrl(b.org, b.pipeline, b.number),
    action: null,
  };
}

const buildTitle = (b: RecentBuild) => `${b.org}/${b.pipeline} #${b.number}`;

/**
 * One searchable corpus, built once per index version and kept in the background's memory: every target is
 * prepared and indexed here (fuzzysort's snapshot: character bitflags and word starts; a query that extends the
 * last one scans only the rows the last one matched). A keystroke is two single-key searches (name, slug), each
 * cut to the top `limit` by fuzzysort's heap, plus an exact scoring of the few pipelines the user opened before
 * (the boosted ones). The merged top `limit` is exact: an unboosted pipeline's score is max(name, 0.95 × slug), so
 * it is in the top `limit` of one of the two searches; every boosted one is scored fully.
 * Why not one `keys` search with a `scoreFn` (as before): a `scoreFn` makes fuzzysort build a result object for
 * every match and call back into JS for each, ~10× the time at 5,000 pipelines.
 */
export class PaletteCorpus {
  private readonly targets: PipelineTarget[];
  private readonly byId = new Map<string, PipelineTarget>();
  readonly byPath = new Set<string>();
  /** One snapshot per key: fuzzysort's indexed form (character bitflags, word starts) of every target. */
  private readonly titles: SnapshotKey<PipelineTarget>;
  private readonly slugs: SnapshotKey<PipelineTarget>;

  constructor(readonly pipelines: readonly IndexedPipeline[]) {
    this.targets = pipelines.map((p) => {
      const title = `${p.org} / ${p.name}`;
      const slugPath = `${p.org}/${p.slug}`;
      return {
        p,
        id: pipelineId(p),
        title,
        slugPath,
      };
    });
    for (const t of this.targets) {
      this.byPath.add(t.slugPath);
      this.byId.set(t.id, t);
    }
    this.titles = fuzzysort.snapshot(this.targets, { key: 'title' });
    this.slugs = fuzzysort.snapshot(this.targets, { key: 'slugPath' });
  }

  /**
   * Finishes the snapshots and runs each of fuzzysort's search paths once (one, two, more characters, words), so
   * the user's first keystrokes don't pay for indexing and the engine's first compilation. Called when idle.
   */
  warm(): void {
    for (const q of ['e', 'er', 'ser', 'se r']) this.searchPipelines(q, {}, 0);
  }

  /** Pipelines matching `query`, best first, boosted by opens. */
  searchPipelines(
    query: string,
    stats: OpenStats,
    now: number,
    limit = MAX_RESULTS,
  ): { score: number; result: PaletteResult }[] {
    const best = new Map<PipelineTarget, { score: number; indexes: number[] }>();
    const consider = (t: PipelineTarget, score: number, indexes: readonly number[] | null) => {
      const seen = best.get(t);
      if (!seen) best.set(t, { score, indexes: indexes ? [...indexes] : [] });
      else if (score > seen.score) {
        seen.score = score;
        if (indexes) seen.indexes = [...indexes];
      } else if (indexes && seen.indexes.length === 0) seen.indexes = [...indexes];
    };
    const options = { limit, threshold: THRESHOLD };
    for (const r of fuzzysort.go(query, this.titles, options)) consider(r.obj, r.score, r.indexes);
    for (const r of fuzzysort.go(query, this.slugs, options)) consider(r.obj, r.score * SLUG_WEIGHT, null);
    for (const id of Object.keys(stats)) {
      const t = id.startsWith('p:') ? this.byId.get(id) : undefined;
      if (!t) continue;
      const title = fuzzysort.single(query, t.title);
      const slug = fuzzysort.single(query, t.slugPath);
      if (title && title.score >= THRESHOLD) consider(t, title.score, title.indexes);
      if (slug && slug.score * SLUG_WEIGHT >= THRESHOLD) consider(t, slug.score * SLUG_WEIGHT, null);
    }
    return [...best.entries()]
      .map(([t, { score, indexes }]) => ({
        score: score * (1 + boostFor(stats, t.id, now)),
        result: pipelineResult(t.p, t.title, indexes),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}

/** A slug match counts a little less than the same match on the name people read. */
const SLUG_WEIGHT = 0.95;

export interface SearchInput {
  query: string;
  page: PageContext;
  readOnly: boolean;
  corpus: PaletteCorpus;
  builds: readonly RecentBuild[];
  stats: OpenStats;
  direct: PaletteResult[];
  now: number;
}

/** The answer to one query: direct navigation first, then pipelines, builds and actions by (boosted) score. */
export function rank(input: SearchInput): PaletteResult[] {
  const raw = input.query.trim();
  const actions = actionsFor(input.page, input.readOnly);
  if (raw.startsWith('>')) {
    const rest = raw.slice(1).trim();
    const branch = branchResult(rest, input.page);
    if (branch) return [branch];
    return rest ? fuzzyList(rest, actions, input.stats, input.now).map((x) => x.result) : actions;
  }
  if (!raw) return recents(input, actions);
  const scored = [
    ...input.corpus.searchPipelines(raw, input.stats, input.now),
    ...fuzzyList(
      raw,
      input.builds.map((b) => buildResult(b, [])),
      input.stats,
      input.now,
    ),
    ...fuzzyList(raw, actions, input.stats, input.now).map((x) => ({ ...x, score: x.score * 0.9 })),
  ].sort((a, b) => b.score - a.score);
  const seen = new Set(input.direct.map((d) => d.id));
  const out = [...input.direct];
  for (const { result } of scored) {
    if (seen.has(result.id)) continue;
    seen.add(result.id);
    out.push(result);
    if (out.length >= MAX_RESULTS) break;
  }
  return out;
}

function fuzzyList(query: string, items: readonly PaletteResult[], stats: OpenStats, now: number) {
  return fuzzysort
    .go(query, items, {
      key: 'title',
      threshold: THRESHOLD,
      limit: MAX_RESULTS,
      scoreFn: (r) => r.score * (1 + boostFor(stats, r.obj.id, now)),
    })
    .map((r) => ({ score: r.score, result: { ...r.obj, matches: [...r.indexes] } }));
}

/** Empty query: what the user opened most lately, their recent builds, then the actions of this page. */
function recents(input: SearchInput, actions: PaletteResult[]): PaletteResult[] {
  const byId = new Map<string, PaletteResult>();
  for (const b of [...input.builds].sort((x, y) => y.at - x.at)) {
    const r = buildResult(b, []);
    if (!byId.has(r.id)) byId.set(r.id, r);
  }
  const opened = Object.entries(input.stats)
    .filter(([id]) => id.startsWith('p:'))
    .sort(([a], [b]) => boostFor(input.stats, b, input.now) - boostFor(input.stats, a, input.now))
    .slice(0, 8)
    .flatMap(([id]) => {
      const p = input.corpus.pipelines.find((x) => pipelineId(x) === id);
      return p ? [pipelineResult(p, `${p.org} / ${p.name}`, [])] : [];
    });
  const contextual = actions.filter((a) => !a.action?.startsWith('open-') && a.action !== 'refresh-index');
  return [
    ...opened,
    ...[...byId.values()].slice(0, 10),
    ...contextual,
    ...actions.filter((a) => !contextual.includes(a)),
  ].slice(0, MAX_RESULTS);
}
