import { describe, expect, it } from 'vitest';
import { HISTORY_MAX_BYTES as CONSOLE_MAX_BYTES, withEntry, type HistoryEntry } from '@/lib/console/history';
import { jsonBytes, keepWithinBytes } from '@/lib/format/bytes';
import { capHistory, HISTORY_CAP, HISTORY_MAX_BYTES, type StoredDelivery } from '@/lib/webhooks/history';

const consoleEntry = (n: number, bodyBytes: number): HistoryEntry => ({
  kind: 'rest',
  method: 'POST',
  path: `/v2/things/${n}`,
  body: 'b'.repeat(bodyBytes),
  id: `id-${n}`,
  at: n,
  status: 201,
  durationMs: 5,
  title: `POST /v2/things/${n}`,
});

const delivery = (n: number, { body = 10, headerBytes = 0, responseBytes = 0 } = {}): StoredDelivery => ({
  id: `d-${n}`,
  event: 'build.finished',
  endpointId: null,
  endpointName: null,
  authMode: 'token',
  secret: 's3cret',
  request: {
    url: 'https://hooks.example.com/in',
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Padding': 'h'.repeat(headerBytes) },
    body: 'x'.repeat(body),
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: { 'x-echo': 'r'.repeat(headerBytes) },
    body: 'y'.repeat(responseBytes),
  },
  failure: null,
  sentAt: n,
  durationMs: 3,
  truncated: false,
  responseBytes,
  replayOf: null,
});

describe('byte budgets', () => {
  it('counts UTF-8 bytes of the JSON, not characters', () => {
    expect(jsonBytes('abc')).toBe(5);
    expect(jsonBytes('é')).toBe(4); // "é" is 2 bytes + 2 quotes
    expect(jsonBytes('😀')).toBe(6);
    expect(jsonBytes({ a: 1 })).toBe(7);
  });

  it('keeps the newest within the cap, drops the oldest first, never skips to an older small one', () => {
    const items = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'd'];
    // [] = 2, each 40-char string = 42 bytes, commas 1 each
    expect(keepWithinBytes(items, 2 + 42 + 1 + 42)).toEqual(items.slice(0, 2));
    expect(keepWithinBytes(items, 2 + 42 + 1 + 42 - 1)).toEqual(items.slice(0, 1));
    // the newest stays even when it alone is over the cap
    expect(keepWithinBytes(items, 10)).toEqual(items.slice(0, 1));
    const kept = keepWithinBytes(items, 200);
    expect(jsonBytes(kept)).toBeLessThanOrEqual(200);
    expect(kept).toEqual(items);
    expect(jsonBytes(kept)).toBe(2 + 3 * 42 + 3 + 3); // brackets, three strings, "d", three commas
    expect(keepWithinBytes(items, 134)).toEqual(items); // the count is exact: 134 fits, 133 does not
    expect(keepWithinBytes(items, 133)).toEqual(items.slice(0, 3));
  });
});

describe('console history by bytes', () => {
  it('stays within HISTORY_MAX_BYTES however big each request is; oldest dropped first', () => {
    let history: HistoryEntry[] = [];
    for (let n = 1; n <= 30; n++) history = withEntry(history, consoleEntry(n, 40_000));
    expect(jsonBytes(history)).toBeLessThanOrEqual(CONSOLE_MAX_BYTES);
    // 256 KiB holds 6 entries of ~40 kB each
    expect(history).toHaveLength(6);
    expect(history.map((entry) => entry.id)).toEqual(['id-30', 'id-29', 'id-28', 'id-27', 'id-26', 'id-25']);
  });

  it('counts multi-byte text as bytes', () => {
    let history: HistoryEntry[] = [];
    const wide = (n: number) => ({ ...consoleEntry(n, 0), body: 'é'.repeat(20_000) }); // 40 000 bytes, 20 000 chars
    for (let n = 1; n <= 30; n++) history = withEntry(history, wide(n));
    expect(history).toHaveLength(6);
    expect(jsonBytes(history)).toBeLessThanOrEqual(CONSOLE_MAX_BYTES);
  });

  it('a single request bigger than the cap is still kept (alone) so the run just made is not lost', () => {
    const history = withEntry([consoleEntry(1, 10)], consoleEntry(2, CONSOLE_MAX_BYTES + 10));
    expect(history.map((entry) => entry.id)).toEqual(['id-2']);
  });
});

describe('webhook delivery history by bytes', () => {
  it('headers count: deliveries with small bodies but large headers are capped too', () => {
    const all = Array.from({ length: HISTORY_CAP }, (_, i) => delivery(HISTORY_CAP - i, { headerBytes: 50_000 }));
    const kept = capHistory(all, 1_000_000);
    expect(jsonBytes(kept)).toBeLessThanOrEqual(1_000_000);
    // each delivery carries two 50 kB headers: 9 fit in 1 MB, where bodies alone (10 bytes) would have kept 50
    expect(kept).toHaveLength(9);
    expect(kept[0]!.id).toBe(`d-${HISTORY_CAP}`);
    expect(kept.at(-1)!.id).toBe(`d-${HISTORY_CAP - 8}`);
  });

  it('at most HISTORY_CAP deliveries and HISTORY_MAX_BYTES bytes with the real cap', () => {
    const small = Array.from({ length: 80 }, (_, i) => delivery(80 - i));
    expect(capHistory(small)).toHaveLength(HISTORY_CAP);
    const big = Array.from({ length: 20 }, (_, i) => delivery(20 - i, { body: 300_000, responseBytes: 200_000 }));
    const kept = capHistory(big);
    expect(jsonBytes(kept)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(kept).toHaveLength(8); // ~500 kB each in 4 MiB
    expect(kept.map((item) => item.id).slice(0, 2)).toEqual(['d-20', 'd-19']);
  });
});
