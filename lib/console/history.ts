/**
 * The console's history of runs: what was asked (never a token: tokens live only in the background), when, and how
 * it went. `storage.local`, newest first, capped.
 */
import { storage } from '#imports';
import { keepWithinBytes } from '../format/bytes';
import type { RestMethod } from './rest-path';

export const HISTORY_LIMIT = 30;
/**
 * `storage.local` is 10 MB in Chrome, shared with the watch list and settings: the history keeps at most this many
 * bytes (UTF-8 JSON, every field counted), the oldest entries dropped first.
 */
export const HISTORY_MAX_BYTES = 256 * 1024;

export type HistoryRequest =
  | { kind: 'graphql'; query: string; variables: string; operationName?: string }
  | { kind: 'rest'; method: RestMethod; path: string; body: string }
  | { kind: 'portal'; portalUrl: string; variables: string; operationName?: string };

export type HistoryEntry = HistoryRequest & {
  id: string;
  at: number;
  /** HTTP status, or null when no answer came back. */
  status: number | null;
  durationMs: number | null;
  /** One line: the operation name, "GET /v2/user", the portal. */
  title: string;
};

export const historyItem = storage.defineItem<HistoryEntry[]>('local:consoleHistory', { fallback: [] });

export function titleOf(request: HistoryRequest): string {
  if (request.kind === 'rest') return `${request.method} ${request.path}`;
  if (request.kind === 'portal')
    return `Portal ${request.portalUrl.replace(/^https:\/\/portal\.buildkite\.com\/organizations\//, '')}`;
  const named = request.operationName ?? /\b(query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(request.query)?.[2];
  return `GraphQL ${named ?? 'anonymous'}`;
}

/**
 * Adds an entry on top; an identical request moves to the top instead of repeating. At most `limit` entries and
 * `maxBytes` bytes: the oldest go first (the newest is kept even alone over the cap).
 */
export function withEntry(
  history: readonly HistoryEntry[],
  entry: HistoryEntry,
  limit = HISTORY_LIMIT,
  maxBytes = HISTORY_MAX_BYTES,
): HistoryEntry[] {
  const same = (other: HistoryEntry) => JSON.stringify(requestOf(other)) === JSON.stringify(requestOf(entry));
  return keepWithinBytes([entry, ...history.filter((other) => !same(other))].slice(0, limit), maxBytes);
}

export function requestOf(entry: HistoryEntry): HistoryRequest {
  if (entry.kind === 'rest') return { kind: 'rest', method: entry.method, path: entry.path, body: entry.body };
  if (entry.kind === 'portal') {
    return {
      kind: 'portal',
      portalUrl: entry.portalUrl,
      variables: entry.variables,
      ...(entry.operationName ? { operationName: entry.operationName } : {}),
    };
  }
  return {
    kind: 'graphql',
    query: entry.query,
    variables: entry.variables,
    ...(entry.operationName ? { operationName: entry.operationName } : {}),
  };
}
