import { storage } from '#imports';
import type { JobLogRecord } from './model';

/**
 * A job's raw log, fetched by the background (it holds the token) and kept in `storage.session` under a random key
 * for Kitedeck's job-log page (`job-log.html?key=…`), which asks for it with the `getJobLog` message.
 * Plain data; the page renders `text` as text, never as HTML.
 */

/** The page's `?key=` value: 32 URL-safe characters. */
export const JOB_LOG_KEY = /^[A-Za-z0-9_-]{32}$/;
/** Logs kept at once (session storage is small); the oldest goes first. */
const KEEP_LOGS = 5;
const INDEX = 'session:kd-job-log-index' as const;
const itemKey = (key: string) => `session:kd-job-log:${key}` as const;

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export async function saveJobLog(record: JobLogRecord): Promise<string> {
  const key = randomKey();
  const index = (await storage.getItem<string[]>(INDEX)) ?? [];
  const next = [...index, key];
  const dropped = next.splice(0, Math.max(0, next.length - KEEP_LOGS));
  await storage.removeItems(dropped.map(itemKey));
  await storage.setItems([
    { key: itemKey(key), value: record },
    { key: INDEX, value: next },
  ]);
  return key;
}

export async function readJobLog(key: string): Promise<JobLogRecord | null> {
  if (!JOB_LOG_KEY.test(key)) return null;
  return storage.getItem<JobLogRecord>(itemKey(key));
}
