import { describe, expect, it } from 'vitest';
import { redeliveredLine, staleReplayNote } from '@/entrypoints/webhook-lab/DeliveryDetails';
import { previousOf } from '@/entrypoints/webhook-lab/HistoryPanel';
import type { DeliveryView } from '@/lib/webhooks/types';

function delivery(partial: Partial<DeliveryView> & { id: string }): DeliveryView {
  return {
    event: 'ping',
    endpointId: null,
    endpointName: null,
    authMode: 'signature',
    secretHint: '••••',
    request: { url: 'https://a.example/x', method: 'POST', headers: {}, body: '{}' },
    response: null,
    error: null,
    failure: null,
    sentAt: 1_700_000_600_000,
    durationMs: null,
    replayOf: null,
    truncated: false,
    responseBytes: null,
    ...partial,
  };
}

describe('history views', () => {
  it('warns that an as-sent replay of an old signature is rejected by a 5-minute window', () => {
    const headers = { 'X-Buildkite-Signature': 'timestamp=1700000000,signature=••••abcd' };
    const old = delivery({
      id: 'b',
      replayOf: { id: 'a', mode: 'as-sent' },
      request: { url: 'https://a.example/x', method: 'POST', headers, body: '{}' },
    });
    expect(staleReplayNote(old)).toContain('10 min old');
    expect(staleReplayNote({ ...old, sentAt: 1_700_000_060_000 })).toContain('accept it for 240 s more');
    expect(staleReplayNote({ ...old, replayOf: { id: 'a', mode: 'fresh' } })).toBeNull();
    expect(staleReplayNote({ ...old, authMode: 'token' })).toBeNull();
  });

  it('compares a replay with its original, otherwise with the previous delivery to the same URL', () => {
    const a = delivery({ id: 'a' });
    const other = delivery({
      id: 'o',
      request: { url: 'https://b.example/y', method: 'POST', headers: {}, body: '{}' },
    });
    const b = delivery({ id: 'b' });
    const replay = delivery({ id: 'r', replayOf: { id: 'a', mode: 'fresh' } });
    const newestFirst = [replay, b, other, a];
    expect(previousOf(replay, newestFirst)?.id).toBe('a');
    expect(previousOf(b, newestFirst)?.id).toBe('a');
    expect(previousOf(a, newestFirst)).toBeUndefined();
  });

  it('says how a redelivery went in one line: status, time, and how it was replayed', () => {
    const response = { status: 200, statusText: 'OK', headers: {}, body: '' };
    const fresh = delivery({ id: 'r', replayOf: { id: 'a', mode: 'fresh' }, response, durationMs: 12 });
    expect(redeliveredLine(fresh)).toBe('Redelivered: 200 OK in 12 ms');
    expect(redeliveredLine({ ...fresh, replayOf: { id: 'a', mode: 'as-sent' } })).toBe(
      'Redelivered as sent: 200 OK in 12 ms',
    );
    expect(redeliveredLine({ ...fresh, response: { ...response, status: 500, statusText: '' } })).toBe(
      'Redelivered: 500 in 12 ms',
    );
    const refused = {
      kind: 'network',
      title: 'Could not connect (refused or dropped)',
      detail: '',
      action: '',
    } as const;
    expect(redeliveredLine({ ...fresh, response: null, durationMs: null, failure: refused })).toBe(
      'Redelivered, no response: Could not connect (refused or dropped)',
    );
  });
});
