import { HTTPError, TimeoutError } from 'ky';
import { errorFromResponse, networkError, timeoutError } from '../buildkite/errors';
import { authHeaders, client, readRetry, TIMEOUT_MS, type Credentials } from '../buildkite/http';
import { recordRateLimit } from '../buildkite/rate-limit';
import { restUrl } from '../buildkite/rest';
import { KdFailure } from '../errors';
import type { BuildRef } from './model';

/** The most of a log Kitedeck fetches and keeps: its last 2 MB (`Range: bytes=-N` with `Accept: text/plain`). */
export const LOG_TAIL_BYTES = 2_000_000;

export interface LogText {
  text: string;
  truncated: boolean;
  totalBytes: number | null;
}

/** `Content-Range: bytes 100-199/1000` → start 100, total 1000. */
function contentRange(header: string | null): { start: number; total: number | null } | null {
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
 * `GET …/builds/{n}/jobs/{job}/log` as raw text: only the tail of a
 * long log (a `206` answer), and the whole text when the server ignores the range.
 */
export async function fetchJobLogText(credentials: Credentials, ref: BuildRef, jobId: string): Promise<LogText> {
  const url = restUrl(`organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}/jobs/${jobId}/log`);
  let response: Response;
  try {
    response = await client.get(url, {
      headers: { ...authHeaders(credentials), Accept: 'text/plain', Range: `bytes=-${LOG_TAIL_BYTES}` },
      retry: readRetry(['get']),
    });
  } catch (cause) {
    if (cause instanceof HTTPError) {
      await recordRateLimit('rest', cause.response.headers);
      // An empty log has no last N bytes to give.
      if (cause.response.status === 416) return { text: '', truncated: false, totalBytes: 0 };
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
  const raw = await response.text();
  const range = response.status === 206 ? contentRange(response.headers.get('content-range')) : null;
  if (range) return { text: raw, truncated: range.start > 0, totalBytes: range.total };
  const bytes = new TextEncoder().encode(raw);
  if (bytes.length <= LOG_TAIL_BYTES) return { text: raw, truncated: false, totalBytes: bytes.length };
  const tail = new TextDecoder().decode(bytes.slice(bytes.length - LOG_TAIL_BYTES));
  return { text: tail, truncated: true, totalBytes: bytes.length };
}
