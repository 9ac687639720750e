import { KdFailure } from '../errors';
import { toCurl } from './curl';
import { deliver, requireHostPermission } from './deliver';
import { validateEndpointUrl } from './endpoint';
import { findEndpoint, invalidInput, readEndpoints } from './endpoint-vault';
import { deliveryView, findDelivery, recordDelivery, type StoredDelivery } from './history';
import { buildWebhookRequest, validatePayloadJson, type WebhookAuth, type WebhookRequest } from './request';
import type { AuthMode, DeliveryView, ReplayMode } from './types';

/** Where to send: a saved endpoint (its stored secret) or a one-off URL and secret typed in the lab. */
export type SendTarget = { endpointId: string } | { url: string; authMode: AuthMode; secret: string };

export interface SendInput {
  target: SendTarget;
  event: string;
  body: string;
  timeoutMs?: number | undefined;
}

interface ResolvedTarget {
  url: string;
  authMode: AuthMode;
  secret: string;
  endpointId: string | null;
  endpointName: string | null;
}

async function resolveTarget(target: SendTarget): Promise<ResolvedTarget> {
  if ('endpointId' in target) {
    const endpoint = await findEndpoint(target.endpointId);
    return { ...endpoint, endpointId: endpoint.id, endpointName: endpoint.name };
  }
  return { ...target, endpointId: null, endpointName: null };
}

function authOf(mode: AuthMode, secret: string): WebhookAuth {
  return mode === 'token' ? { mode: 'token', token: secret } : { mode: 'signature', secret };
}

/** Checks the URL and the host permission; returns the URL as the request will use it. */
async function checkDestination(url: string): Promise<URL> {
  const check = validateEndpointUrl(url);
  if (!check.ok) throw new KdFailure(invalidInput('That endpoint URL can’t be used', check.message));
  await requireHostPermission(check.originPattern);
  return check.url;
}

async function sendAndRecord(
  request: WebhookRequest,
  meta: Omit<
    StoredDelivery,
    'request' | 'response' | 'failure' | 'sentAt' | 'durationMs' | 'truncated' | 'responseBytes' | 'id'
  >,
  timeoutMs?: number,
): Promise<DeliveryView> {
  const sentAt = Date.now();
  const outcome = await deliver(request, timeoutMs);
  const delivery: StoredDelivery = { id: crypto.randomUUID(), ...meta, request, sentAt, ...outcome };
  await recordDelivery(delivery);
  return deliveryView(delivery);
}

export async function sendWebhook(input: SendInput): Promise<DeliveryView> {
  const target = await resolveTarget(input.target);
  const payload = validatePayloadJson(input.body);
  if (!payload.ok) {
    throw new KdFailure(
      invalidInput(
        'The payload is not valid JSON',
        `Line ${payload.line}, column ${payload.column}: ${payload.message}`,
      ),
    );
  }
  const url = await checkDestination(target.url);
  const request = await buildWebhookRequest({
    endpoint: url,
    event: input.event,
    rawBody: input.body,
    auth: authOf(target.authMode, target.secret),
  });
  const { endpointId, endpointName, authMode, secret } = target;
  return sendAndRecord(
    request,
    { event: input.event, endpointId, endpointName, authMode, secret, replayOf: null },
    input.timeoutMs,
  );
}

/**
 * Replays a delivery, always to the URL it was first sent to. `as-sent`: the very same request, old timestamp and
 * signature included (a receiver with replay protection rejects it once it is older than its window). `fresh`: the
 * same body with a new timestamp and signature. A fresh replay uses the saved endpoint's current secret only while
 * the endpoint still points at that same URL (a rotated secret); once its URL was edited, the replay is signed with
 * the secret the original delivery was made with, which that host already received: an endpoint's new secret is
 * never sent to its old host. A delivery whose endpoint was deleted lost its secret with it and is not replayed.
 */
export async function replayDelivery(id: string, mode: ReplayMode): Promise<DeliveryView> {
  const original = await findDelivery(id);
  if (original.secretPurged) throw new KdFailure(purgedDelivery());
  await checkDestination(original.request.url);
  let { request, secret } = original;
  if (mode === 'fresh') {
    const endpoint = original.endpointId
      ? (await readEndpoints()).find((saved) => saved.id === original.endpointId)
      : undefined;
    if (endpoint && endpoint.authMode === original.authMode && sameUrl(endpoint.url, original.request.url)) {
      secret = endpoint.secret;
    }
    request = await buildWebhookRequest({
      endpoint: original.request.url,
      event: original.event,
      rawBody: original.request.body,
      auth: authOf(original.authMode, secret),
    });
  }
  const { event, endpointId, endpointName, authMode } = original;
  return sendAndRecord(request, { event, endpointId, endpointName, authMode, secret, replayOf: { id, mode } });
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function purgedDelivery() {
  return {
    kind: 'bad-message' as const,
    title: 'This delivery can’t be replayed',
    detail: 'Its endpoint was deleted, and its secret was deleted with it.',
    action: 'Send the payload again from the editor to a saved endpoint.',
  };
}

/** The delivery as curl: masked (secrets as shell variables) unless `reveal`. */
export async function deliveryCurl(id: string, reveal: boolean): Promise<string> {
  const delivery = await findDelivery(id);
  return toCurl(delivery.request, { revealSecret: reveal });
}
