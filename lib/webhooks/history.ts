import { KdFailure, describeError, type KdError } from '../errors';
import { keepWithinBytes } from '../format/bytes';
import { deleteSecret, readSecret, writeSecret } from '../vault/vault';
import type { CapturedResponse } from './deliver';
import { maskSecret } from './mask';
import type { WebhookRequest } from './request';
import { SIGNATURE_HEADER, TOKEN_HEADER, parseSignatureHeader } from './signature';
import type { AuthMode, DeliveryView, ReplayMode } from './types';

/**
 * The delivery history: the last HISTORY_CAP deliveries, newest first, in the vault (lib/vault, never storage.local).
 * A stored delivery holds the request exactly as sent and the secret it was made with (for replays), so it never
 * leaves the background as is: `deliveryView` masks the token and the signature. Deleting an endpoint purges its
 * secret from here (`secretPurged`): such a delivery can be read but not replayed.
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
  /** Set when the endpoint was deleted: `secret` is empty and the request's token/signature headers are masked. */
  secretPurged?: boolean;
}

export const HISTORY_CAP = 50;
/**
 * Kept well under what a browser's IndexedDB quota allows, and cheap to seal when the passphrase lock is on. Counted
 * as the UTF-8 bytes of each whole stored delivery: bodies, request and response headers, secret, everything.
 */
export const HISTORY_MAX_BYTES = 4 * 1024 * 1024;

/** Newest first: at most HISTORY_CAP deliveries within `maxBytes`, the oldest dropped first; the newest always kept. */
export function capHistory(newestFirst: readonly StoredDelivery[], maxBytes = HISTORY_MAX_BYTES): StoredDelivery[] {
  return keepWithinBytes(newestFirst.slice(0, HISTORY_CAP), maxBytes);
}

export async function readHistory(): Promise<StoredDelivery[]> {
  return (await readSecret<StoredDelivery[]>('webhookHistory')) ?? [];
}

function writeHistory(deliveries: StoredDelivery[]): Promise<void> {
  return writeSecret('webhookHistory', deliveries);
}

/** Writes are serialised so two sends finishing together don't lose one another. */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

export function recordDelivery(delivery: StoredDelivery): Promise<void> {
  return serialised(async () => {
    await writeHistory(capHistory([delivery, ...(await readHistory())]));
  });
}

export async function findDelivery(id: string): Promise<StoredDelivery> {
  const found = (await readHistory()).find((delivery) => delivery.id === id);
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
  return (await readHistory()).map(deliveryView);
}

/** Deletes the record outright (works while the vault is locked: nothing has to be sealed). */
export function clearDeliveries(): Promise<DeliveryView[]> {
  return serialised(async () => {
    await deleteSecret('webhookHistory');
    return [];
  });
}

/** Forgets a deleted endpoint's secret everywhere in the history: emptied, and masked in the recorded headers. */
export function purgeEndpointSecrets(endpointId: string): Promise<void> {
  return serialised(async () => {
    const all = await readHistory();
    if (!all.some((delivery) => delivery.endpointId === endpointId && !delivery.secretPurged)) return;
    await writeHistory(
      all.map((delivery) =>
        delivery.endpointId === endpointId
          ? {
              ...delivery,
              secret: '',
              secretPurged: true,
              request: { ...delivery.request, headers: maskHeaders(delivery.request.headers) },
            }
          : delivery,
      ),
    );
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
    secretHint: delivery.secretPurged ? 'deleted with its endpoint' : maskSecret(delivery.secret),
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
