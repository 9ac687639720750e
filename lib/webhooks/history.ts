import { storage } from '#imports';
import { KdFailure, describeError, type KdError } from '../errors';
import type { CapturedResponse } from './deliver';
import { maskSecret } from './endpoint-vault';
import type { WebhookRequest } from './request';
import { SIGNATURE_HEADER, TOKEN_HEADER, parseSignatureHeader } from './signature';
import type { AuthMode, DeliveryView, ReplayMode } from './types';

/**
 * The delivery history: the last HISTORY_CAP deliveries, newest first, in storage.local. A stored delivery holds the
 * request exactly as sent and the secret it was made with (for replays), so it never leaves the background as is:
 * `deliveryView` masks the token and the signature.
 */
export interface StoredDelivery {
  id: string;
  event: string;
  endpointId: string | null;
  endpointName: string | null;
  authMode: AuthMode;
  secret: string;
  request: WebhookRequest;
  response: CapturedResponse | null;
  failure: KdError | null;
  sentAt: number;
  durationMs: number | null;
  truncated: boolean;
  responseBytes: number | null;
  replayOf: { id: string; mode: ReplayMode } | null;
}

export const HISTORY_CAP = 50;
/** storage.local holds 10 MB in Chrome without `unlimitedStorage`: the history keeps well under it. */
export const HISTORY_MAX_CHARS = 4_000_000;

export const historyItem = storage.defineItem<StoredDelivery[]>('local:webhookHistory', { fallback: [] });

/** Writes are serialised so two sends finishing together don't lose one another. */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

export function recordDelivery(delivery: StoredDelivery): Promise<void> {
  return serialised(async () => {
    const all = [delivery, ...(await historyItem.getValue())].slice(0, HISTORY_CAP);
    let size = 0;
    const kept = all.filter((entry, index) => {
      size += entry.request.body.length + (entry.response?.body.length ?? 0) + 2000;
      return index === 0 || size <= HISTORY_MAX_CHARS;
    });
    await historyItem.setValue(kept);
  });
}

export async function findDelivery(id: string): Promise<StoredDelivery> {
  const found = (await historyItem.getValue()).find((delivery) => delivery.id === id);
  if (!found) {
    throw new KdFailure({
      kind: 'not-found',
      title: 'Delivery not found',
      detail: 'It is no longer in the history (only the last 50 are kept, and the history may have been cleared).',
      action: 'Send it again from the editor.',
    });
  }
  return found;
}

export async function listDeliveries(): Promise<DeliveryView[]> {
  return (await historyItem.getValue()).map(deliveryView);
}

export function clearDeliveries(): Promise<DeliveryView[]> {
  return serialised(async () => {
    await historyItem.setValue([]);
    return [];
  });
}

/** Headers for display: the token masked to its hint, the signature's hex masked (the timestamp stays visible). */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === TOKEN_HEADER.toLowerCase()) masked[name] = maskSecret(value);
    else if (lower === SIGNATURE_HEADER.toLowerCase()) {
      const parsed = parseSignatureHeader(value);
      masked[name] = parsed.ok ? `timestamp=${parsed.timestamp},signature=${maskSecret(parsed.signature)}` : '••••';
    } else masked[name] = value;
  }
  return masked;
}

export function deliveryView(delivery: StoredDelivery): DeliveryView {
  return {
    id: delivery.id,
    event: delivery.event,
    endpointId: delivery.endpointId,
    endpointName: delivery.endpointName,
    authMode: delivery.authMode,
    secretHint: maskSecret(delivery.secret),
    request: { ...delivery.request, headers: maskHeaders(delivery.request.headers) },
    response: delivery.response,
    error: delivery.failure ? describeError(delivery.failure) : null,
    failure: delivery.failure,
    sentAt: delivery.sentAt,
    durationMs: delivery.durationMs,
    truncated: delivery.truncated,
    responseBytes: delivery.responseBytes,
    replayOf: delivery.replayOf,
  };
}
