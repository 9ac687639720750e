import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { webhookMessages } from '@/lib/webhooks/messages';

describe('webhook lab messages', () => {
  it('are all for Kitedeck’s own pages (they touch secrets or send on the user’s behalf)', () => {
    for (const [name, spec] of Object.entries(webhookMessages))
      expect([name, spec.access]).toEqual([name, 'extension-page']);
  });

  it('accept a saved endpoint id or a complete one-off target, nothing in between', () => {
    const input = webhookMessages.sendWebhook.input;
    const base = { event: 'ping', body: '{}' };
    expect(v.safeParse(input, { ...base, target: { endpointId: 'abc-123' } }).success).toBe(true);
    expect(
      v.safeParse(input, { ...base, target: { url: 'https://x.example', authMode: 'token', secret: 's' } }).success,
    ).toBe(true);
    expect(v.safeParse(input, { ...base, target: { url: 'https://x.example', authMode: 'token' } }).success).toBe(
      false,
    );
    expect(v.safeParse(input, { ...base, target: { endpointId: 'abc', secret: 'leak' } }).success).toBe(false);
    expect(v.safeParse(input, { ...base, event: 'ping; rm -rf', target: { endpointId: 'abc' } }).success).toBe(false);
  });
});
