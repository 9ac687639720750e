/**
 * Sends one console request and reports the whole answer: status, every header, the body as text (capped) and the
 * time it took. Sent once, never retried: console requests are user input and may change things. Background only.
 */
import { errorFromResponse, networkError, timeoutError, writeTimeoutError } from '../buildkite/errors';
import { recordRateLimit } from '../buildkite/rate-limit';
import { KdFailure, type KdError } from '../errors';
import type { ConsoleResponse } from './messages';

export const MAX_CONSOLE_BODY = 1024 * 1024;
export const CONSOLE_TIMEOUT_MS = 30_000;

export interface ExchangeRequest {
  api: 'rest' | 'graphql' | 'portal';
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

async function readCapped(
  response: Response,
  cap: number,
): Promise<{ text: string; bytes: number; truncated: boolean }> {
  if (!response.body) return { text: '', bytes: 0, truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), bytes, truncated: false };
    const room = cap - bytes;
    bytes += value.byteLength;
    if (value.byteLength > room) {
      text += decoder.decode(value.subarray(0, room));
      await reader.cancel().catch(() => undefined);
      return { text, bytes, truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function diagnose(api: ExchangeRequest['api'], status: number, headers: Headers, text: string): KdError | undefined {
  if (status < 400) return undefined;
  const error = errorFromResponse(status, headers, parsedOrNull(text), api === 'portal' ? {} : { api });
  if (api === 'portal' && status === 401) {
    return {
      ...error,
      title: 'The portal refused this portal token',
      detail:
        `${error.detail.split(' It may')[0] ?? ''} The portal token may be wrong, expired (ephemeral tokens last about an hour), or for another portal.`.trim(),
      action: 'Paste the portal’s current token (bkpat_…) and run it again.',
    };
  }
  return error;
}

export async function exchange(
  request: ExchangeRequest,
  cap = MAX_CONSOLE_BODY,
): Promise<Omit<ConsoleResponse, 'links'>> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(CONSOLE_TIMEOUT_MS),
      credentials: 'omit',
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch (cause) {
    if (cause instanceof DOMException && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
      const seconds = CONSOLE_TIMEOUT_MS / 1000;
      throw new KdFailure(request.method === 'GET' ? timeoutError(seconds) : writeTimeoutError(seconds));
    }
    throw new KdFailure(networkError(cause));
  }
  if (response.type === 'opaqueredirect') {
    throw new KdFailure({
      kind: 'rejected',
      title: 'Buildkite answered with a redirect',
      detail:
        'The console does not follow redirects (an artifact download, for example), so the token never goes to another host.',
      action: 'Use the “url” in the JSON answer of the same endpoint, or download it from Buildkite’s web page.',
    });
  }
  const { text, bytes, truncated } = await readCapped(response, cap);
  const durationMs = Math.round(performance.now() - started);
  if (request.api !== 'portal') await recordRateLimit(request.api, response.headers).catch(() => undefined);
  const problem = diagnose(request.api, response.status, response.headers, text);
  return {
    url: request.url,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()].sort(([a], [b]) => a.localeCompare(b)),
    body: text,
    truncated,
    bodyBytes: bytes,
    durationMs,
    ...(problem ? { problem } : {}),
  };
}
