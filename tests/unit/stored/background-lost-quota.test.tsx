/**
 * Fault-matrix rows on the browser's side: the background lost (gone, restarted mid-call) and storage quota
 * exceeded. Each through the real code: the real messenger and options page, the real `handle()`, the real log read
 * and vault. Every row: a clear message in the error vocabulary, the promise settles, nothing saved is lost.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useConsole } from '@/entrypoints/console/store';
import { Options } from '@/entrypoints/options/Options';
import { historyItem } from '@/lib/console/history';
import { registerSettingsHandlers } from '@/entrypoints/background/settings-handlers';
import { isQuotaExceeded, KdFailure, toKdError, type KdError } from '@/lib/errors';
import { clearLogCache, logCacheSummary } from '@/lib/logs/cache';
import { readLog } from '@/lib/logs/fetch';
import { messenger } from '@/lib/messenger';
import { DEFAULT_SETTINGS, readSettings, updateSettings } from '@/lib/settings';
import { readSecret, writeSecret } from '@/lib/vault/vault';
import { senders } from '../background/senders';

const LOST = /Kitedeck lost contact/;
const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});
beforeEach(() => {
  messenger.removeAllListeners();
  fakeBrowser.reset();
});

describe('background lost: an extension page always gets a Reply', () => {
  it.each([
    ['no receiver (the worker is gone)', new Error('Could not establish connection. Receiving end does not exist.')],
    ['restarted mid-call', new Error('The message port closed before a response was received.')],
    ['the extension was reloaded', new Error('Extension context invalidated.')],
  ])('%s → lost-contact, no rejection', async (_why, error) => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(error);
    const reply = await messenger.sendMessage('getSettings', undefined);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'lost-contact', title: LOST } });
    expect((reply as { error: KdError }).error.detail).toContain(error.message);
  });

  it('no answer at all (undefined) → lost-contact', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    expect(await messenger.sendMessage('getStoredParts', undefined)).toMatchObject({
      ok: false,
      error: { kind: 'lost-contact' },
    });
  });

  it('an answer passes through unchanged', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ res: { ok: true, value: DEFAULT_SETTINGS } });
    expect(await messenger.sendMessage('getSettings', undefined)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('options page: the background restarts during a save → the message shows, the switch goes back, nothing lost', async () => {
    await updateSettings({ autoWatchMine: true });
    const answers: Record<string, unknown> = {
      getSettings: { ok: true, value: await readSettings() },
      getVaultSettings: { ok: true, value: { forgetOnClose: false, hasToken: true } },
      getLockStatus: { ok: true, value: { enabled: false, locked: false, idleMinutes: null } },
      getStoredParts: { ok: true, value: [] },
    };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: { type: string }) =>
      message.type in answers
        ? Promise.resolve({ res: answers[message.type] })
        : Promise.reject(new Error('The message port closed before a response was received.'))) as never);
    await act(() => {
      render(<Options />);
    });
    const readOnly = (await screen.findByRole('checkbox', { name: /Read-only mode/ })) as HTMLInputElement;
    fireEvent.click(readOnly);
    expect(await screen.findByText(LOST)).toBeTruthy();
    await waitFor(() => expect(readOnly.checked).toBe(false));
    expect(screen.getByRole('status').textContent).not.toMatch(/Saving/);
    expect(await readSettings()).toMatchObject({ readOnly: false, autoWatchMine: true });
  });
});

describe('storage quota exceeded', () => {
  it.each([
    ['IndexedDB (Chrome, Firefox)', quota()],
    ['Firefox, older', Object.assign(new Error('quota'), { name: 'NS_ERROR_DOM_QUOTA_REACHED' })],
    ['storage.local (Chrome)', new Error('QUOTA_BYTES quota exceeded')],
  ])('%s is read as "storage full"', (_where, cause) => {
    expect(isQuotaExceeded(cause)).toBe(true);
    expect(toKdError(cause)).toMatchObject({ kind: 'storage-full', title: 'Browser storage is full' });
    expect(toKdError(cause).action).toMatch(/What Kitedeck stores/);
  });

  it('a network failure is not mistaken for it', () => {
    expect(isQuotaExceeded(new TypeError('Failed to fetch'))).toBe(false);
    expect(toKdError(new TypeError('Failed to fetch')).kind).not.toBe('storage-full');
  });

  it('a settings save through handle(): a clear reply, the saved settings unchanged', async () => {
    registerSettingsHandlers();
    await updateSettings({ disabledFeatures: ['shortcuts'] });
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    const replies = (await fakeBrowser.runtime.onMessage.trigger(
      { id: 1, type: 'updateSettings', data: { readOnly: true }, timestamp: Date.now() },
      senders.extensionTab(),
    )) as { res?: { ok: boolean; error?: KdError } }[];
    const reply = replies.find(Boolean)!;
    expect(reply.res).toMatchObject({ ok: false, error: { kind: 'storage-full', title: 'Browser storage is full' } });
    vi.restoreAllMocks();
    expect(await readSettings()).toEqual({ ...DEFAULT_SETTINGS, disabledFeatures: ['shortcuts'] });
  });

  it('the vault: a refused write keeps the old secret', async () => {
    await writeSecret('portalTokens', { a: 'old' });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quota();
    });
    const failure = await writeSecret('portalTokens', { a: 'new' }).then(
      () => null,
      (cause: unknown) => toKdError(cause),
    );
    expect(failure).toMatchObject({ kind: 'storage-full' });
    vi.restoreAllMocks();
    expect(await readSecret('portalTokens')).toEqual({ a: 'old' });
  });

  describe('the job-log cache is full: the log is still shown, only not kept', () => {
    const server = setupServer(
      http.get('https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/1/jobs/j1/log', () =>
        HttpResponse.text('line one\nline two\n'),
      ),
    );
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());

    it('readLog settles with the text', async () => {
      await clearLogCache();
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
        throw quota();
      });
      const piece = await readLog({ token: 'bkua_quota' }, { org: 'acme', pipeline: 'web', number: 1 }, 'j1', {
        tailBytes: null,
        final: true,
      });
      expect(piece).toMatchObject({ text: 'line one\nline two\n', cached: false });
      vi.restoreAllMocks();
      expect(await logCacheSummary()).toEqual({ logs: 0, bytes: 0 });
    });
  });

  it('the console: a full storage.local keeps the answer on screen and the entry in the page', async () => {
    const response = {
      url: 'https://api.buildkite.com/v2/user',
      status: 200,
      statusText: 'OK',
      headers: [],
      body: '{}',
      truncated: false,
      bodyBytes: 2,
      durationMs: 3,
    };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ res: { ok: true, value: response } });
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    await useConsole.getState().sendRest('/v2/user');
    expect(useConsole.getState().rest).toMatchObject({ running: false, response: { status: 200 }, error: null });
    expect(useConsole.getState().history.map((entry) => entry.title)).toEqual(['GET /v2/user']);
    vi.restoreAllMocks();
    expect(await historyItem.getValue()).toEqual([]);
  });

  it('KdFailure passes through toKdError unchanged', () => {
    const error: KdError = { kind: 'locked', title: 't', detail: 'd', action: 'a' };
    expect(toKdError(new KdFailure(error))).toBe(error);
  });
});
