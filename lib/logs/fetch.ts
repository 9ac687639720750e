import { HTTPError, TimeoutError } from 'ky';
import { errorFromResponse, networkError, timeoutError } from '../buildkite/errors';
import { authHeaders, client, readRetry, TIMEOUT_MS, type Credentials } from '../buildkite/http';
import { recordRateLimit } from '../buildkite/rate-limit';
import { restUrl } from '../buildkite/rest';
import type { BuildRef } from '../builds/model';
import { KdFailure } from '../errors';
import { logCacheKey, readCachedLog, writeCachedLog } from './cache';
import { limited } from './pool';

/** A log, or its last part: `text` starts at byte `start` of the whole log (`start > 0`: the head is missing). */
export interface LogPiece {
  text: string;
  start: number;
  totalBytes: number | null;
  /** Served from the extension's cache. */
  cached: boolean;
}

/** `Content-Range: bytes 100-199/1000` → start 100, total 1000. */
export function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const match = header ? /bytes\s+(\d+)-\d+\/(\d+|\*)/i.exec(header) : null;
  if (!match) return null;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * `GET …/builds/{n}/jobs/{job}/log` as raw text (`Accept: text/plain`, scope `read_build_logs`). With `tailBytes`,
 * `Range: bytes=-N` asks for the last N bytes only (a `206`; Buildkite documents suffix ranges only). A server that
 * ignores the range answers the whole log (`200`), which is kept whole.
 */
export async function fetchLogPiece(
  credentials: Credentials,
  ref: BuildRef,
  jobId: string,
  tailBytes: number | null,
): Promise<LogPiece> {
  const url = restUrl(`organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}/jobs/${jobId}/log`);
  const headers: Record<string, string> = { ...authHeaders(credentials), Accept: 'text/plain' };
  if (tailBytes !== null) headers.Range = `bytes=-${tailBytes}`;
  let response: Response;
  try {
    response = await client.get(url, { headers, retry: readRetry(['get']) });
  } catch (cause) {
    if (cause instanceof HTTPError) {
      await recordRateLimit('rest', cause.response.headers);
      // An empty log has no last N bytes to give.
      if (cause.response.status === 416) return { text: '', start: 0, totalBytes: 0, cached: false };
      throw new KdFailure(
        errorFromResponse(cause.response.status, cause.response.headers, await bodyOf(cause.response), {
          api: 'rest',
          scope: 'read_build_logs',
          org: ref.org,
          ...(credentials.scopes ? { tokenScopes: credentials.scopes } : {}),
        }),
      );
    }
    if (cause instanceof TimeoutError) throw new KdFailure(timeoutError(TIMEOUT_MS / 1000));
    throw new KdFailure(networkError(cause));
  }
  await recordRateLimit('rest', response.headers);
  const text = await response.text();
  const range = response.status === 206 ? parseContentRange(response.headers.get('content-range')) : null;
  if (range) return { text, start: range.start, totalBytes: range.total, cached: false };
  return { text, start: 0, totalBytes: new TextEncoder().encode(text).length, cached: false };
}

/**
 * A job's log through the cache and the request pool. `tailBytes: null` asks for the whole log. `final`: the job
 * has finished, so its log no longer changes and may be cached (and served from the cache).
 */
export async function readLog(
  credentials: Credentials,
  ref: BuildRef,
  jobId: string,
  { tailBytes, final }: { tailBytes: number | null; final: boolean },
): Promise<LogPiece> {
  const key = logCacheKey(ref.org, ref.pipeline, ref.number, jobId);
  if (final) {
    const cached = await readCachedLog(key).catch(() => null);
    // The cached text serves a request for the whole log only when it is whole, and a tail when it is long enough.
    if (cached && (cached.start === 0 || (tailBytes !== null && cached.text.length >= tailBytes))) {
      return { text: cached.text, start: cached.start, totalBytes: cached.totalBytes, cached: true };
    }
  }
  const piece = await limited(() => fetchLogPiece(credentials, ref, jobId, tailBytes));
  if (final) {
    await writeCachedLog(key, {
      text: piece.text,
      start: piece.start,
      totalBytes: piece.totalBytes,
      fetchedAt: Date.now(),
    }).catch(
      () => undefined, // a full disk or a private window: the log is still shown, only not kept
    );
  }
  return piece;
}
