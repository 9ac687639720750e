/**
 * The palette in the background: answers queries from the index (kept in memory once loaded), keeps the index
 * fresh (at most every 10 minutes, on an alarm while the palette is in use, and on demand), records opens.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { WEB_ORIGINS } from '../config';
import { describeError } from '../errors';
import { parsePageUrl } from '../pages';
import { readSettings } from '../settings';
import { healthReportItem } from '../token/report-store';
import { credentials } from '../token/service';
import { watchListItem } from '../watch/store';
import { directResults } from './direct';
import { opensItem, visitsItem } from './history';
import { runIndex } from './indexer';
import { progressText, type PaletteAnswer, type PaletteStatus } from './model';
import { PaletteCorpus, rank, type OpenStats, type RecentBuild } from './search';
import { indexRevision, loadIndex, saveIndex, type IndexRecord } from './store';

export const PALETTE_ALARM = 'kd-palette-index';
export const REFRESH_MS = 10 * 60_000;
/** The alarm keeps refreshing only while the palette was used this recently. */
const IN_USE_MS = 24 * 60 * 60_000;
const lastUsedItem = storage.defineItem<number>('local:palettePipelinesUsedAt', { fallback: 0 });

let running: Promise<IndexRecord> | null = null;
let lastFailureAt = 0;
let corpus: { revision: number; corpus: PaletteCorpus } | null = null;

function scheduleResume(at: number): Promise<void> {
  return browser.alarms.create(PALETTE_ALARM, { when: at, periodInMinutes: REFRESH_MS / 60_000 });
}

/** Runs (or joins) indexing. */
export function refreshIndex(): Promise<IndexRecord> {
  running ??= runIndex({ credentials, load: loadIndex, save: saveIndex, now: Date.now, scheduleResume }).finally(
    () => (running = null),
  );
  return running;
}

/** GraphQL access as the last token health check saw it: null when unknown (no check yet). */
async function graphqlAccess(): Promise<boolean | null> {
  const report = await healthReportItem.getValue();
  if (!report?.token) return null;
  return report.token.scopes.includes('graphql') && report.graphqlEnabled !== false;
}

/** Starts indexing when the index is missing or older than 10 minutes (and nothing pauses it). */
export async function ensureFresh(force = false): Promise<void> {
  if (running) return;
  const record = await loadIndex();
  const now = Date.now();
  if (record.retryAt && record.retryAt > now && !force) return;
  if ((await graphqlAccess()) === false) return;
  const stale = !record.complete || now - record.complete.builtAt >= REFRESH_MS;
  // After a failure, wait a minute before asking again (a search per keystroke must not become a request each).
  const failedLately = record.lastError !== null && now - lastFailureAt < 60_000;
  if (force || ((record.run || stale) && !failedLately)) {
    void refreshIndex().then((r) => {
      if (r.lastError) lastFailureAt = Date.now();
    });
  }
}

/** The alarm: resume a paused run, or refresh while the palette is in use. */
export async function onPaletteAlarm(): Promise<void> {
  const usedAt = await lastUsedItem.getValue();
  const record = await loadIndex();
  if (record.run || Date.now() - usedAt < IN_USE_MS) await ensureFresh();
  else await browser.alarms.clear(PALETTE_ALARM);
}

function status(record: IndexRecord, access: boolean | null, hasToken: boolean): PaletteStatus {
  const loaded = record.complete?.pipelines.length ?? record.run?.pipelines.length ?? 0;
  if (!hasToken) {
    return {
      state: 'no-token',
      loaded,
      total: null,
      message:
        'Add an API token in Kitedeck’s popup to search pipelines. Pasted links and page actions work without one.',
    };
  }
  if (access === false || (record.lastError?.kind === 'unauthorized' && !record.complete)) {
    return {
      state: 'needs-scope',
      loaded,
      total: null,
      message:
        'Searching pipelines needs a token with GraphQL access (the graphql scope). Pasted links and page actions work without it.',
    };
  }
  const run = record.run;
  if (run && !record.complete) {
    const counts = run.orgs.map((o) => o.count);
    const total = counts.every((c) => c !== null) && counts.length ? counts.reduce((a, b) => a + b, 0) : null;
    const progress = progressText(run.pipelines.length, total);
    if (record.retryAt && record.retryAt > Date.now()) {
      const at = new Date(record.retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      return {
        state: 'rate-limited',
        loaded,
        total,
        message: `${progress}. Buildkite’s rate limit was reached: it resumes at ${at}.`,
      };
    }
    return { state: 'indexing', loaded, total, message: progress };
  }
  if (record.lastError && !record.complete) {
    return { state: 'error', loaded, total: null, message: describeError(record.lastError) };
  }
  if (!record.complete) return { state: 'indexing', loaded: 0, total: null, message: 'Indexing pipelines…' };
  return { state: 'ready', loaded, total: loaded, message: `${loaded.toLocaleString('en-US')} pipelines` };
}

function corpusFor(record: IndexRecord): PaletteCorpus {
  const revision = indexRevision();
  if (corpus?.revision !== revision) {
    const built = new PaletteCorpus(record.complete?.pipelines ?? record.run?.pipelines ?? []);
    corpus = { revision, corpus: built };
    setTimeout(() => corpus?.corpus === built && built.warm(), 0);
  }
  return corpus.corpus;
}

async function recentBuilds(record: IndexRecord): Promise<RecentBuild[]> {
  const [visits, watched] = await Promise.all([visitsItem.getValue(), watchListItem.getValue()]);
  const fromWatch: RecentBuild[] = watched.map((w) => ({
    org: w.org,
    pipeline: w.pipeline,
    number: w.number,
    state: w.state,
    branch: w.branch,
    message: w.message,
    at: w.addedAt,
    source: 'watched',
  }));
  return [...visits, ...fromWatch, ...record.myBuilds];
}

interface QueryContext {
  at: number;
  access: boolean | null;
  readOnly: boolean;
  stats: OpenStats;
  hasToken: boolean;
  builds: RecentBuild[];
}
/**
 * What every keystroke needs besides the index (settings, open counts, recent builds, token presence): read when
 * the palette opens (an empty query), then kept in memory. A keystroke never waits for storage: when the copy is
 * older than a few seconds it answers from it and reads a fresh one behind.
 */
let context: QueryContext | null = null;
let reading: Promise<QueryContext> | null = null;
const CONTEXT_TTL_MS = 5_000;
/** Keystrokes check the index's age at most this often (the palette opening always checks). */
const FRESHNESS_CHECK_MS = 30_000;
let checkedAt = 0;

function readContext(record: IndexRecord): Promise<QueryContext> {
  reading ??= Promise.all([
    graphqlAccess(),
    readSettings(),
    opensItem.getValue(),
    credentials().then(
      () => true,
      () => false,
    ),
    recentBuilds(record),
  ])
    .then(([access, settings, stats, hasToken, builds]) => {
      context = { at: Date.now(), access, readOnly: settings.readOnly, stats, hasToken, builds };
      return context;
    })
    .finally(() => (reading = null));
  return reading;
}

async function queryContext(record: IndexRecord, fresh: boolean): Promise<QueryContext> {
  if (fresh || !context) return readContext(record);
  if (Date.now() - context.at >= CONTEXT_TTL_MS) void readContext(record).catch(() => undefined);
  return context;
}

/** One query: the top results and the index's status. An empty query (the palette opening) reads afresh. */
export async function search(query: string, pageUrl: string): Promise<PaletteAnswer> {
  const record = await loadIndex();
  const ctx = await queryContext(record, query === '');
  if (query === '' || Date.now() - checkedAt >= FRESHNESS_CHECK_MS) {
    checkedAt = Date.now();
    void ensureFresh();
  }
  const page = parsePageUrl(pageUrl, WEB_ORIGINS);
  const current = corpusFor(record);
  const complete = record.complete !== null;
  const direct = directResults(query, page, WEB_ORIGINS, {
    knownPipeline: (org, pipeline) =>
      complete && record.complete!.orgs.includes(org)
        ? current.byPath.has(`${org}/${pipeline}`)
        : complete
          ? false
          : null,
  });
  const results = rank({
    query,
    page,
    readOnly: ctx.readOnly,
    corpus: current,
    builds: ctx.builds,
    stats: ctx.stats,
    direct,
    now: Date.now(),
  });
  return { results, status: status(record, ctx.access, ctx.hasToken) };
}

/** The palette was opened: the alarm keeps the index fresh while it is in use. */
export async function markUsed(): Promise<void> {
  await lastUsedItem.setValue(Date.now());
  const alarm = await browser.alarms.get(PALETTE_ALARM);
  if (!alarm) await browser.alarms.create(PALETTE_ALARM, { periodInMinutes: REFRESH_MS / 60_000 });
}
