import { browser } from '#imports';
import { KdFailure, type KdError } from '../errors';
import { isThisMachine } from './endpoint';
import type { WebhookRequest } from './request';

/**
 * Sending from the background: the host-permission check, the fetch itself, the size-capped response and the
 * failure explained as far as the evidence goes.
 *
 * Why no `webRequest`: a failed `fetch` is one opaque TypeError ("Failed to fetch" in Chrome, "NetworkError when
 * attempting to fetch resource." in Firefox) whether the connection was refused, the name didn't resolve or TLS
 * failed. `webRequest.onErrorOccurred` would name the cause (net::ERR_CONNECTION_REFUSED, NS_ERROR_UNKNOWN_HOST...),
 * but it is one more permission prompt ("read and change all your data on the sites...") for a diagnosis, and
 * Firefox does not show an extension's own background requests to its listeners reliably. Instead Kitedeck
 * states only what it can rule out from the URL itself: a plain-http URL involves no TLS, an IP address no DNS.
 * A timeout is known for sure (AbortSignal.timeout).
 */

export const RESPONSE_BODY_CAP = 64 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;

export async function requireHostPermission(originPattern: string): Promise<void> {
  const granted = await browser.permissions.contains({ origins: [originPattern] }).catch(() => false);
  if (!granted) throw new KdFailure(permissionMissing(originPattern));
}

export function permissionMissing(originPattern: string): KdError {
  return {
    kind: 'forbidden',
    title: 'Permission needed',
    detail: `Kitedeck needs permission to reach ${originPattern} — click Send again and allow it.`,
    action: 'Kitedeck asks for each site at the moment you send to it, never for all sites up front.',
  };
}

export interface CapturedResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryOutcome {
  response: CapturedResponse | null;
  failure: KdError | null;
  durationMs: number | null;
  truncated: boolean;
  responseBytes: number | null;
}

/** POSTs the request exactly as built (no cookies, no cache) and reads at most RESPONSE_BODY_CAP bytes back. */
export async function deliver(request: WebhookRequest, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<DeliveryOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      credentials: 'omit',
      cache: 'no-store',
      // A redirect is shown, not followed: following would turn a POST into a GET on 301/302 and hide the problem,
      // and Buildkite doesn't document following them. Browsers hide the status (an "opaqueredirect" response).
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.type === 'opaqueredirect') {
      return {
        response: null,
        failure: redirected(new URL(request.url)),
        durationMs: Math.round(performance.now() - started),
        truncated: false,
        responseBytes: null,
      };
    }
    const { text, bytes, truncated } = await readCapped(response);
    return {
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: Object.fromEntries(response.headers.entries()),
        body: text,
      },
      failure: null,
      durationMs: Math.round(performance.now() - started),
      truncated,
      responseBytes: bytes,
    };
  } catch (cause) {
    return {
      response: null,
      failure: describeSendFailure(cause, new URL(request.url), timeoutMs),
      durationMs: null,
      truncated: false,
      responseBytes: null,
    };
  }
}

async function readCapped(response: Response): Promise<{ text: string; bytes: number; truncated: boolean }> {
  if (!response.body) return { text: '', bytes: 0, truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = RESPONSE_BODY_CAP - bytes;
    chunks.push(value.length > room ? value.subarray(0, room) : value);
    bytes += Math.min(value.length, room);
    if (value.length >= room) {
      truncated = value.length > room || !(await reader.read().then((next) => next.done));
      if (truncated) void reader.cancel().catch(() => undefined);
      break;
    }
  }
  const joined = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return { text: new TextDecoder().decode(joined), bytes, truncated };
}

function redirected(url: URL): KdError {
  return {
    kind: 'rejected',
    title: 'Redirected',
    detail: `${url.host} answered with a redirect (3xx). Kitedeck doesn’t follow redirects for webhooks, and the browser hides where it points.`,
    action: 'Send to the final URL instead (check it with curl -i), or fix the redirect on the receiver.',
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A failed send in the shared vocabulary, claiming only causes that the evidence leaves possible. */
export function describeSendFailure(cause: unknown, url: URL, timeoutMs: number): KdError {
  const name = cause instanceof Error || cause instanceof DOMException ? cause.name : '';
  const where = url.host;
  if (name === 'TimeoutError') {
    return {
      kind: 'timeout',
      title: 'Timed out',
      detail: `${where} sent no response within ${Math.round(timeoutMs / 1000)} s.`,
      action: 'Check that the receiver answers quickly (Buildkite doesn’t document its own timeout), then send again.',
    };
  }
  const isIp = IPV4.test(url.hostname) || url.hostname.startsWith('[');
  const plain = url.protocol === 'http:';
  const possible = ['refused'];
  if (!isIp) possible.push('DNS');
  if (!plain) possible.push('TLS');
  const causes =
    possible.length === 1 ? 'refused or dropped' : `${possible.slice(0, -1).join(', ')} or ${possible.at(-1)}`;
  const ruledOut = [plain ? 'no TLS is involved over http://' : '', isIp ? 'no DNS lookup for an IP address' : '']
    .filter(Boolean)
    .join('; ');
  const port = url.port || (plain ? '80' : '443');
  const browserSaid = cause instanceof Error && cause.message ? ` The browser said only: “${cause.message}”.` : '';
  return {
    kind: 'network',
    title: `Could not connect (${causes})`,
    detail:
      `No connection to ${where}.${ruledOut ? ` (${ruledOut[0]?.toUpperCase()}${ruledOut.slice(1)}.)` : ''}${browserSaid}` +
      ' Browsers don’t say which step failed.',
    action: isThisMachine(url.hostname)
      ? `Check that your receiver is running and listening on port ${port}.`
      : `Check the host name, that the server is up on port ${port}${plain ? '' : ', and that its TLS certificate is valid for this host (browsers refuse self-signed certificates)'}.`,
  };
}
