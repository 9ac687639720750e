/**
 * The pipeline index in the extension's own IndexedDB (`kitedeck-palette`), through idb-keyval: 5,000 pipelines
 * are ~400 kB, too much for `storage.local` (shared, 10 MB, readable by content scripts). Background only.
 * The background is the only writer, so it keeps the last record in memory and reads the database once per wake.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { KdError } from '../errors';
import type { IndexedPipeline, RecentBuild } from './search';

export const DB_NAME = 'kitedeck-palette';
const KEY = 'index';

export interface OrgProgress {
  slug: string;
  name: string;
  /** Cursor of the last page loaded (null before the first). */
  after: string | null;
  done: boolean;
  /** `PipelineConnection.count`, known after the first page. */
  count: number | null;
}

export interface IndexRun {
  startedAt: number;
  orgs: OrgProgress[];
  pipelines: IndexedPipeline[];
  /** Requests this run has made (for the bench and the status line). */
  requests: number;
}

export interface IndexRecord {
  version: 1;
  /** The last complete index: what search uses once there is one. */
  complete: { pipelines: IndexedPipeline[]; builtAt: number; orgs: string[] } | null;
  /** A run under way (or paused by a 429, or by the worker going to sleep): resumed from its cursors. */
  run: IndexRun | null;
  /** My newest builds (viewer.builds), from the run's first request. */
  myBuilds: RecentBuild[];
  /** A 429 paused the run until then (epoch ms). */
  retryAt: number | null;
  lastError: KdError | null;
}

export const EMPTY_RECORD: IndexRecord = {
  version: 1,
  complete: null,
  run: null,
  myBuilds: [],
  retryAt: null,
  lastError: null,
};

let db: UseStore | null = null;
let cached: IndexRecord | null = null;
/** Bumped on every write: the search corpus is rebuilt when it changes. */
let revision = 0;

const store = () => (db ??= createStore(DB_NAME, 'kv'));

export async function loadIndex(): Promise<IndexRecord> {
  if (cached) return cached;
  const value = (await get<IndexRecord>(KEY, store()).catch(() => undefined)) ?? null;
  cached = value?.version === 1 ? value : { ...EMPTY_RECORD };
  revision++;
  return cached;
}

export async function saveIndex(record: IndexRecord): Promise<void> {
  cached = record;
  revision++;
  await set(KEY, record, store());
}

export function indexRevision(): number {
  return revision;
}

/** For tests: forget the in-memory copy (as a worker that went to sleep would). */
export function forgetCachedIndex(): void {
  cached = null;
  db = null;
}
