/**
 * "Compare with previous delivery" in the Webhook lab's history: what changed between two deliveries to the
 * same endpoint (status, timing, headers both ways, where the bodies first differ).
 */

import { equalAsJson } from './body-forms';
import { firstDifference, type FirstDifference } from './diff';

/** The parts of a recorded delivery the comparison needs (the history may store more). */
export interface DeliverySnapshot {
  request: { url: string; method: string; headers: Record<string, string>; body: string };
  /** `null` when no response came back (network error, timeout): see `error`. */
  response: { status: number; statusText?: string; headers: Record<string, string>; body: string } | null;
  /** What went wrong when there is no response, e.g. "Network error" or "Timed out after 10 s". */
  error?: string | null;
  /** When the request was sent (ms since epoch) and how long until the response (ms; null without response). */
  sentAt: number;
  durationMs: number | null;
}

export interface HeaderChange {
  /** Header name as first seen (comparison is case-insensitive). */
  name: string;
  change: 'added' | 'removed' | 'changed';
  previous?: string;
  next?: string;
  /** Headers that differ on every delivery by design (the signature's timestamp, dates, request ids). */
  expected: boolean;
}

export interface BodyComparison {
  same: boolean;
  /** Where the next body first differs from the previous one (a = previous, b = next); null when the same. */
  difference: FirstDifference | null;
  /** Same JSON value written differently (`true`), different JSON (`false`), or not JSON (`null`). */
  sameJson: boolean | null;
}

export interface DeliveryComparison {
  urlChanged: boolean;
  status: { previous: number | null; next: number | null; changed: boolean; summary: string };
  timing: { previousMs: number | null; nextMs: number | null; deltaMs: number | null; summary: string };
  requestHeaders: HeaderChange[];
  responseHeaders: HeaderChange[];
  requestBody: BodyComparison;
  /** Null when either delivery has no response. */
  responseBody: BodyComparison | null;
}

const ALWAYS_CHANGING_HEADERS = new Set([
  'x-buildkite-signature',
  'date',
  'age',
  'expires',
  'last-modified',
  'etag',
  'set-cookie',
  'x-request-id',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'cf-ray',
  'x-cloud-trace-context',
  'traceparent',
  'server-timing',
  'report-to',
]);

export function compareDeliveries(previous: DeliverySnapshot, next: DeliverySnapshot): DeliveryComparison {
  return {
    urlChanged: previous.request.url !== next.request.url,
    status: compareStatus(previous, next),
    timing: compareTiming(previous.durationMs, next.durationMs),
    requestHeaders: compareHeaders(previous.request.headers, next.request.headers),
    responseHeaders: compareHeaders(previous.response?.headers ?? {}, next.response?.headers ?? {}),
    requestBody: compareBodies(previous.request.body, next.request.body),
    responseBody: previous.response && next.response ? compareBodies(previous.response.body, next.response.body) : null,
  };
}

function describeOutcome(delivery: DeliverySnapshot): string {
  if (!delivery.response) return delivery.error ? `no response (${delivery.error})` : 'no response';
  const { status, statusText } = delivery.response;
  return statusText ? `${status} ${statusText}` : String(status);
}

function compareStatus(previous: DeliverySnapshot, next: DeliverySnapshot): DeliveryComparison['status'] {
  const previousStatus = previous.response?.status ?? null;
  const nextStatus = next.response?.status ?? null;
  const changed = previousStatus !== nextStatus || (previousStatus === null && previous.error !== next.error);
  const summary = changed
    ? `${describeOutcome(previous)} → ${describeOutcome(next)}`
    : `${describeOutcome(next)} both times`;
  return { previous: previousStatus, next: nextStatus, changed, summary };
}

function compareTiming(previousMs: number | null, nextMs: number | null): DeliveryComparison['timing'] {
  if (previousMs === null || nextMs === null) {
    return { previousMs, nextMs, deltaMs: null, summary: 'Timing unavailable: one delivery got no response.' };
  }
  const deltaMs = nextMs - previousMs;
  let summary: string;
  if (deltaMs === 0) summary = `${nextMs} ms, same as before`;
  else if (deltaMs > 0) summary = `${nextMs} ms, ${deltaMs} ms slower than the previous ${previousMs} ms`;
  else summary = `${nextMs} ms, ${-deltaMs} ms faster than the previous ${previousMs} ms`;
  return { previousMs, nextMs, deltaMs, summary };
}

/** Header differences, case-insensitive on names, in the order the headers appear (previous first). */
export function compareHeaders(previous: Record<string, string>, next: Record<string, string>): HeaderChange[] {
  const byLowerName = (headers: Record<string, string>) =>
    new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), { name, value }] as const));
  const before = byLowerName(previous);
  const after = byLowerName(next);
  const changes: HeaderChange[] = [];
  for (const [lower, { name, value }] of before) {
    const expected = ALWAYS_CHANGING_HEADERS.has(lower);
    const counterpart = after.get(lower);
    if (!counterpart) changes.push({ name, change: 'removed', previous: value, expected });
    else if (counterpart.value !== value)
      changes.push({ name, change: 'changed', previous: value, next: counterpart.value, expected });
  }
  for (const [lower, { name, value }] of after) {
    if (!before.has(lower))
      changes.push({ name, change: 'added', next: value, expected: ALWAYS_CHANGING_HEADERS.has(lower) });
  }
  return changes;
}

function compareBodies(previous: string, next: string): BodyComparison {
  const difference = firstDifference(previous, next);
  return { same: difference === null, difference, sameJson: equalAsJson(previous, next) };
}
