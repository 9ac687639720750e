import { clear, createStore, del, get, set, update, type UseStore } from 'idb-keyval';

/**
 * Job logs kept on the user's disk, in the extension's own IndexedDB (database `kitedeck-logs`), so a search, the
 * digest and the log page do not fetch a finished job's log twice. Bounded: at most `LOG_CACHE_MAX_BYTES` in all
 * (least recently used first out), each entry for 24 hours. Logs can hold secrets: they go nowhere else, and the
 * options page can clear them ("What Kitedeck stores", lib/stored). Only logs of finished jobs are kept (a running job's log grows).
 */
export interface CachedLog {
  /** The text kept: the whole log, or its last part from byte `start`. */
  text: string;
  start: number;
  totalBytes: number | null;
  fetchedAt: number;
}

interface IndexEntry {
  bytes: number;
  usedAt: number;
  fetchedAt: number;
}
type Index = Record<string, IndexEntry>;

export const LOG_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const LOG_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
const INDEX_KEY = '__index';

let store: UseStore | null = null;
const db = () => (store ??= createStore('kitedeck-logs', 'logs'));

/** What one entry costs: strings are stored as UTF-16. */
const costOf = (log: CachedLog) => log.text.length * 2 + 200;

export const logCacheKey = (org: string, pipeline: string, number: number, jobId: string) =>
  `${org}/${pipeline}/${number}/${jobId}`;

export async function readCachedLog(key: string, now = Date.now()): Promise<CachedLog | null> {
  const index = (await get<Index>(INDEX_KEY, db())) ?? {};
  const entry = index[key];
  if (!entry) return null;
  if (now - entry.fetchedAt > LOG_CACHE_TTL_MS) {
    await forget([key]);
    return null;
  }
  const log = await get<CachedLog>(key, db());
  if (!log) {
    await forget([key]);
    return null;
  }
  await update<Index>(
    INDEX_KEY,
    (current = {}) => (current[key] ? { ...current, [key]: { ...current[key], usedAt: now } } : current),
    db(),
  );
  return log;
}

/** Keeps a log; evicts expired entries and then the least recently used until the total fits the cap. */
export async function writeCachedLog(
  key: string,
  log: CachedLog,
  { maxBytes = LOG_CACHE_MAX_BYTES, now = Date.now() }: { maxBytes?: number; now?: number } = {},
): Promise<void> {
  const bytes = costOf(log);
  if (bytes > maxBytes / 2) return; // one log never pushes out everything else
  await set(key, log, db());
  let evicted: string[] = [];
  await update<Index>(
    INDEX_KEY,
    (current = {}) => {
      const next: Index = { ...current, [key]: { bytes, usedAt: now, fetchedAt: log.fetchedAt } };
      evicted = Object.keys(next).filter((k) => now - next[k]!.fetchedAt > LOG_CACHE_TTL_MS);
      for (const k of evicted) delete next[k];
      let total = Object.values(next).reduce((sum, entry) => sum + entry.bytes, 0);
      const byAge = Object.keys(next)
        .filter((k) => k !== key)
        .sort((a, b) => next[a]!.usedAt - next[b]!.usedAt);
      for (const k of byAge) {
        if (total <= maxBytes) break;
        total -= next[k]!.bytes;
        delete next[k];
        evicted.push(k);
      }
      return next;
    },
    db(),
  );
  await Promise.all(evicted.map((k) => del(k, db())));
}

async function forget(keys: string[]): Promise<void> {
  await update<Index>(
    INDEX_KEY,
    (current = {}) => Object.fromEntries(Object.entries(current).filter(([k]) => !keys.includes(k))),
    db(),
  );
  await Promise.all(keys.map((k) => del(k, db())));
}

export async function logCacheSummary(now = Date.now()): Promise<{ logs: number; bytes: number }> {
  const index = (await get<Index>(INDEX_KEY, db())) ?? {};
  const live = Object.values(index).filter((entry) => now - entry.fetchedAt <= LOG_CACHE_TTL_MS);
  return { logs: live.length, bytes: live.reduce((sum, entry) => sum + entry.bytes, 0) };
}

export async function clearLogCache(): Promise<void> {
  await clear(db());
}
