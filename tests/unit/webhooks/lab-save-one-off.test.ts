import { describe, expect, it } from 'vitest';
import { canSaveOneOff } from '@/entrypoints/webhook-lab/SaveOneOff';
import type { DeliveryView, EndpointView } from '@/lib/webhooks/types';

const URL_A = 'https://hooks.example.com/a';
const sent = (partial: Partial<DeliveryView> = {}): DeliveryView => ({
  id: 'd1',
  event: 'ping',
  endpointId: null,
  endpointName: null,
  authMode: 'signature',
  secretHint: '••••',
  request: { url: URL_A, method: 'POST', headers: {}, body: '{}' },
  response: { status: 200, statusText: 'OK', headers: {}, body: '' },
  error: null,
  failure: null,
  sentAt: 1,
  durationMs: 3,
  replayOf: null,
  truncated: false,
  responseBytes: 0,
  ...partial,
});
const oneOff = { kind: 'one-off' as const, url: URL_A, authMode: 'signature' as const, secret: 's3cret-value' };
const saved: EndpointView = { id: 'e1', name: 'A', url: URL_A, authMode: 'signature', secretHint: '••••alue' };

describe('"Save this URL as an endpoint" is offered', () => {
  it('after a one-off send to a URL no endpoint has, while the typed secret is still there', () => {
    expect(canSaveOneOff(sent(), oneOff, [])).toBe(true);
  });

  it('not before a send, after a replay or a saved endpoint’s send, nor for a known URL or another URL', () => {
    expect(canSaveOneOff(null, oneOff, [])).toBe(false);
    expect(canSaveOneOff(sent({ replayOf: { id: 'x', mode: 'fresh' } }), oneOff, [])).toBe(false);
    expect(canSaveOneOff(sent({ endpointId: 'e1' }), oneOff, [])).toBe(false);
    expect(canSaveOneOff(sent(), oneOff, [saved])).toBe(false);
    expect(canSaveOneOff(sent(), { ...oneOff, url: 'https://hooks.example.com/b' }, [])).toBe(false);
    expect(canSaveOneOff(sent(), { ...oneOff, secret: '' }, [])).toBe(false);
    expect(canSaveOneOff(sent(), { kind: 'saved', endpointId: 'e1' }, [])).toBe(false);
  });
});
