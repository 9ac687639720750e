import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describeSendFailure } from '@/lib/webhooks/deliver';
import { checkHostPermission, ensureHostPermission, forgetKnownPermissions } from '@/lib/webhooks/host-permission';

const sendMessage = vi.fn();
vi.mock('@/lib/messenger', () => ({ messenger: { sendMessage: (...args: unknown[]) => sendMessage(...args) } }));
const { useLabStore } = await import('@/entrypoints/webhook-lab/lab-store');

const PATTERN = 'https://hooks.example.com/*';
let contains: ReturnType<typeof vi.fn>;
let request: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fakeBrowser.reset();
  forgetKnownPermissions();
  sendMessage.mockReset();
  contains = vi.fn(() => Promise.resolve(false));
  request = vi.fn(() => Promise.resolve(true));
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(contains as never);
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(request as never);
});
afterEach(() => vi.restoreAllMocks());

describe('asking for host access at the moment of use', () => {
  it('asks (permissions.request) when contains said no, for that origin only', async () => {
    expect(await checkHostPermission(PATTERN)).toBe(false);
    expect(await ensureHostPermission(PATTERN)).toBe(true);
    expect(request).toHaveBeenCalledWith({ origins: [PATTERN] });
  });

  it('does not ask when contains said yes', async () => {
    contains.mockResolvedValue(true);
    await checkHostPermission(PATTERN);
    expect(await ensureHostPermission(PATTERN)).toBe(true);
    expect(request).not.toHaveBeenCalled();
  });

  it('calls request synchronously, inside the click (Firefox drops the gesture after an await)', () => {
    void ensureHostPermission(PATTERN);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('reports a refusal (or a failing prompt) as not granted', async () => {
    request.mockResolvedValueOnce(false);
    expect(await ensureHostPermission(PATTERN)).toBe(false);
    request.mockRejectedValueOnce(new Error('must be called during a user gesture'));
    expect(await ensureHostPermission(PATTERN)).toBe(false);
  });
});

describe('the lab store’s Send', () => {
  const target = {
    kind: 'one-off' as const,
    url: 'https://hooks.example.com/buildkite',
    authMode: 'token' as const,
    secret: 's3cret',
  };

  it('sends nothing when the user refuses, and says why', async () => {
    request.mockResolvedValue(false);
    useLabStore.setState({ target, endpoints: [] });
    await useLabStore.getState().send();
    expect(request).toHaveBeenCalledWith({ origins: [PATTERN] });
    expect(sendMessage).not.toHaveBeenCalled();
    expect(useLabStore.getState().sendError).toMatchObject({ kind: 'forbidden', title: 'Permission needed' });
    expect(useLabStore.getState().sendError?.detail).toContain(PATTERN);
  });

  it('sends once granted, with the one-off secret, and shows the result', async () => {
    request.mockResolvedValue(true);
    const delivery = {
      id: 'd1',
      request: { url: target.url, method: 'POST', headers: {}, body: '{}' },
      response: { status: 200, headers: {}, body: '' },
    };
    sendMessage.mockResolvedValue({ ok: true, value: delivery });
    useLabStore.setState({ target, endpoints: [], deliveries: [], body: '{}', eventName: 'ping' });
    await useLabStore.getState().send();
    expect(sendMessage).toHaveBeenCalledWith('sendWebhook', {
      target: { url: target.url, authMode: 'token', secret: 's3cret' },
      event: 'ping',
      body: '{}',
    });
    expect(useLabStore.getState().result).toEqual(delivery);
    expect(useLabStore.getState().deliveries).toEqual([delivery]);
  });
});

describe('describing a failed send without claiming an unobserved cause', () => {
  const typeError = new TypeError('Failed to fetch');
  it.each([
    ['https://hooks.example.com/x', 'Could not connect (refused, DNS or TLS)'],
    ['http://localhost:8080/x', 'Could not connect (refused or DNS)'],
    ['https://10.0.0.5/x', 'Could not connect (refused or TLS)'],
    ['http://127.0.0.1:9/x', 'Could not connect (refused or dropped)'],
    ['http://[::1]:9/x', 'Could not connect (refused or dropped)'],
  ])('%s → %s', (url, title) => {
    const error = describeSendFailure(typeError, new URL(url), 10_000);
    expect(error.kind).toBe('network');
    expect(error.title).toBe(title);
    expect(error.detail).toContain('Failed to fetch');
  });

  it('says timeout only for AbortSignal.timeout', () => {
    const error = describeSendFailure(
      new DOMException('signal timed out', 'TimeoutError'),
      new URL('https://a.example/x'),
      5000,
    );
    expect(error).toMatchObject({ kind: 'timeout', title: 'Timed out' });
    expect(error.detail).toContain('5 s');
  });
});
