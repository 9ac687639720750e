import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { clearLogCache, LOG_CACHE_TTL_MS, logCacheSummary, readCachedLog, writeCachedLog } from '@/lib/logs/cache';
import { nextPiece } from '@/lib/logs/follow';
import { paceDelay } from '@/lib/logs/pool';

const log = (chars: number, fetchedAt = 1000) => ({ text: 'x'.repeat(chars), start: 0, totalBytes: chars, fetchedAt });

describe('log cache (IndexedDB kitedeck-logs)', () => {
  it('keeps logs under a byte cap, evicting the least recently used', async () => {
    await clearLogCache();
    const maxBytes = 3 * (2 * 1000 + 200);
    await writeCachedLog('a', log(1000), { maxBytes, now: 1000 });
    await writeCachedLog('b', log(1000), { maxBytes, now: 2000 });
    await writeCachedLog('c', log(1000), { maxBytes, now: 3000 });
    // Reading "a" makes "b" the least recently used.
    expect(await readCachedLog('a', 4000)).not.toBeNull();
    await writeCachedLog('d', log(1000), { maxBytes, now: 5000 });
    expect(await readCachedLog('b', 6000)).toBeNull();
    expect((await readCachedLog('a', 6000))?.text.length).toBe(1000);
    expect(await logCacheSummary(6000)).toEqual({ logs: 3, bytes: 3 * 2200 });
  });

  it('forgets logs after 24 hours and can be cleared', async () => {
    await clearLogCache();
    await writeCachedLog('old', log(10, 0), { now: 0 });
    expect(await readCachedLog('old', LOG_CACHE_TTL_MS + 1)).toBeNull();
    await writeCachedLog('new', log(10, 0), { now: 0 });
    await clearLogCache();
    expect(await readCachedLog('new', 1)).toBeNull();
    expect(await logCacheSummary(1)).toEqual({ logs: 0, bytes: 0 });
  });
});

describe('pacing log requests by the REST budget', () => {
  const snapshot = (remaining: number, resetInMs: number) => ({
    api: 'rest' as const,
    remaining,
    limit: 200,
    resetAt: 10_000 + resetInMs,
    userRemaining: null,
    userLimit: null,
    userResetAt: null,
    complexityRequested: null,
    complexityActual: null,
    at: 10_000,
  });
  it.each([
    ['unknown budget', undefined, { waitMs: 0 }],
    ['plenty left', snapshot(150, 30_000), { waitMs: 0 }],
    ['low, reset soon: wait for it', snapshot(5, 20_000), { waitMs: 20_000 }],
    ['low, reset far: refuse with the time', snapshot(5, 90_000), { refuse: 100_000 }],
  ])('%s', (_name, snap, expected) => {
    expect(paceDelay(snap, 10_000)).toEqual(expected);
  });
});

describe('following a running job with suffix ranges', () => {
  it('appends only the new bytes, sees nothing new, or reports a gap', () => {
    expect(nextPiece({ endByte: 6 }, { text: 'llo\nwörld\n', start: 3 })).toEqual({
      kind: 'append',
      text: '\nwörld\n',
      endByte: 14,
    });
    expect(nextPiece({ endByte: 14 }, { text: 'wörld\n', start: 7 })).toEqual({ kind: 'same' });
    expect(nextPiece({ endByte: 14 }, { text: 'later\n', start: 100 })).toEqual({ kind: 'gap' });
  });
});
