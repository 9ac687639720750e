import { describe, expect, it } from 'vitest';
import { compareDeliveries, compareHeaders, type DeliverySnapshot } from '@/lib/webhooks/compare';

const previous: DeliverySnapshot = {
  request: {
    url: 'https://hooks.example.com/bk',
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Buildkite-Event': 'build.finished',
      'X-Buildkite-Signature': 'timestamp=1700000000,signature=aa',
    },
    body: '{"event":"build.finished","build":{"state":"passed"}}',
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json', date: 'Tue, 14 Nov 2023 22:13:20 GMT' },
    body: '{"ok":true}',
  },
  sentAt: 1_700_000_000_000,
  durationMs: 120,
};

describe('compareDeliveries', () => {
  it('reports nothing but the expected changes for a resend of the same payload', () => {
    const next: DeliverySnapshot = {
      ...previous,
      request: {
        ...previous.request,
        headers: { ...previous.request.headers, 'X-Buildkite-Signature': 'timestamp=1700000060,signature=bb' },
      },
      response: {
        ...previous.response!,
        headers: { ...previous.response!.headers, date: 'Tue, 14 Nov 2023 22:14:20 GMT' },
      },
      sentAt: previous.sentAt + 60_000,
      durationMs: 120,
    };
    const comparison = compareDeliveries(previous, next);
    expect(comparison.urlChanged).toBe(false);
    expect(comparison.status).toEqual({ previous: 200, next: 200, changed: false, summary: '200 OK both times' });
    expect(comparison.timing).toMatchObject({ deltaMs: 0, summary: '120 ms, same as before' });
    expect(comparison.requestHeaders).toEqual([
      {
        name: 'X-Buildkite-Signature',
        change: 'changed',
        previous: 'timestamp=1700000000,signature=aa',
        next: 'timestamp=1700000060,signature=bb',
        expected: true,
      },
    ]);
    expect(comparison.responseHeaders.every((change) => change.expected)).toBe(true);
    expect(comparison.requestBody).toEqual({ same: true, difference: null, sameJson: true });
    expect(comparison.responseBody).toMatchObject({ same: true });
  });

  it('reports a new status, slower timing, header and body changes', () => {
    const next: DeliverySnapshot = {
      request: {
        url: 'https://hooks.example.com/bk2',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Buildkite-Token': 'tok' },
        body: '{"event":"build.finished","build":{"state":"failed"}}',
      },
      response: {
        status: 401,
        statusText: 'Unauthorized',
        headers: { 'content-type': 'text/plain' },
        body: 'bad token',
      },
      sentAt: previous.sentAt + 1000,
      durationMs: 450,
    };
    const comparison = compareDeliveries(previous, next);
    expect(comparison.urlChanged).toBe(true);
    expect(comparison.status).toMatchObject({ changed: true, summary: '200 OK → 401 Unauthorized' });
    expect(comparison.timing).toMatchObject({
      deltaMs: 330,
      summary: '450 ms, 330 ms slower than the previous 120 ms',
    });
    expect(comparison.requestHeaders).toEqual([
      { name: 'X-Buildkite-Event', change: 'removed', previous: 'build.finished', expected: false },
      {
        name: 'X-Buildkite-Signature',
        change: 'removed',
        previous: 'timestamp=1700000000,signature=aa',
        expected: true,
      },
      { name: 'X-Buildkite-Token', change: 'added', next: 'tok', expected: false },
    ]);
    expect(comparison.requestBody).toMatchObject({
      same: false,
      sameJson: false,
      difference: { line: 1, column: 45, aChar: '"p"', bChar: '"f"' },
    });
    expect(comparison.responseBody).toMatchObject({ same: false, sameJson: null });
  });

  it('handles a delivery without a response', () => {
    const failed: DeliverySnapshot = { ...previous, response: null, error: 'Network error', durationMs: null };
    const comparison = compareDeliveries(previous, failed);
    expect(comparison.status).toMatchObject({
      previous: 200,
      next: null,
      changed: true,
      summary: '200 OK → no response (Network error)',
    });
    expect(comparison.timing).toMatchObject({ deltaMs: null });
    expect(comparison.responseBody).toBeNull();
    expect(comparison.responseHeaders.map((change) => change.change)).toEqual(['removed', 'removed']);
  });

  it('tells a reformatted body (same JSON) from a changed one', () => {
    const next: DeliverySnapshot = {
      ...previous,
      request: { ...previous.request, body: JSON.stringify(JSON.parse(previous.request.body), null, 2) },
    };
    expect(compareDeliveries(previous, next).requestBody).toMatchObject({ same: false, sameJson: true });
  });
});

describe('compareHeaders', () => {
  it('matches names case-insensitively', () => {
    expect(compareHeaders({ 'Content-Type': 'a' }, { 'content-type': 'a' })).toEqual([]);
    expect(compareHeaders({ 'Content-Type': 'a' }, { 'content-type': 'b' })).toEqual([
      { name: 'Content-Type', change: 'changed', previous: 'a', next: 'b', expected: false },
    ]);
  });
});
