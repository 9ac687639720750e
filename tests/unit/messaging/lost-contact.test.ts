// @vitest-environment node
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KdFailure, describeError, type KdError } from '@/lib/errors';
import { restRead, restWrite } from '@/lib/buildkite/rest';
import { askBackground, REPLY_BOUND_MS } from '@/lib/in-page-messaging';

const LOST = 'Kitedeck lost contact: refresh the page to see whether it happened before trying again';
const ref = { org: 'acme', pipeline: 'web', number: 7 };

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('in-page messaging never leaves an action pending', () => {
  it.each([
    ['the extension was updated or reloaded', new Error('Extension context invalidated.')],
    ['the background is gone', new Error('Could not establish connection. Receiving end does not exist.')],
    ['the port closed before a reply', new Error('The message port closed before a response was received.')],
  ])('%s: a clear "lost contact", no rejection', async (_why, error) => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(error);
    const reply = await askBackground('rebuildBuild', ref);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'lost-contact', title: LOST } });
    expect(describeError((reply as { error: KdError }).error)).not.toMatch(/try again/i);
  });

  it('sendMessage throwing synchronously (no runtime at all) is the same', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(await askBackground('cancelBuild', ref)).toMatchObject({ ok: false, error: { kind: 'lost-contact' } });
  });

  it('no reply at all (undefined, as when no listener answered)', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    expect(await askBackground('getBuild', ref)).toMatchObject({ ok: false, error: { title: LOST } });
  });

  it('no reply within the bound: settles with "lost contact", never pending', async () => {
    vi.useFakeTimers();
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockReturnValue(new Promise(() => undefined));
    const reply = askBackground('retryFailedJobs', { ...ref, jobIds: [] });
    await vi.advanceTimersByTimeAsync(REPLY_BOUND_MS + 1);
    expect(await reply).toMatchObject({ ok: false, error: { kind: 'lost-contact', title: LOST } });
  });

  it('an answer passes through unchanged', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ res: { ok: true, value: { number: 8 } } });
    expect(await askBackground('rebuildBuild', ref)).toEqual({ ok: true, value: { number: 8 } });
  });
});

describe('a write that timed out says its outcome is unknown, never "Try again"', () => {
  const server = setupServer(
    http.put('https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/7/rebuild', () => delay('infinite')),
    http.get('https://api.buildkite.com/v2/user', () => delay('infinite')),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  async function failure(promise: Promise<unknown>): Promise<KdError> {
    try {
      await promise;
    } catch (cause) {
      if (cause instanceof KdFailure) return cause.error;
      throw cause;
    }
    throw new Error('expected a failure');
  }

  it('write: outcome unknown and how to check', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = failure(
      restWrite(
        { token: 'bkua_x' },
        { method: 'put', path: 'organizations/acme/pipelines/web/builds/7/rebuild', schema: v.unknown() },
      ),
    );
    await vi.advanceTimersByTimeAsync(16_000);
    const error = await pending;
    expect(error.kind).toBe('timeout');
    expect(error.title).toContain('outcome is unknown');
    expect(describeError(error)).toContain('Refresh the build page on Buildkite to see whether it happened');
    expect(describeError(error)).not.toMatch(/try again/i);
  });

  it('read: may say try again (reads are safe to repeat)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = failure(restRead({ token: 'bkua_x' }, { path: 'user', schema: v.unknown() }));
    await vi.advanceTimersByTimeAsync(120_000);
    const error = await pending;
    expect(error.kind).toBe('timeout');
    expect(error.title).not.toContain('unknown');
  });
});
