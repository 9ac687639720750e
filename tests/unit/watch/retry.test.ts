// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSettings } from '@/lib/settings';
import type { TokenHealthReport } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { storeToken } from '@/lib/token/vault';
import { notificationRecordsItem } from '@/lib/watch/store';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { FULL_SCOPES, TOKENS } from '../../fake-buildkite/seed-tokens';
import { sent, useFakeBuildkite } from '../builds/harness';

/** The popup's and the notifications' "Retry failed jobs": the build page's retry, behind the same write policy. */
type Listener = (message: {
  data: unknown;
  sender: unknown;
}) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
const listeners = vi.hoisted(() => new Map<string, Listener>());
vi.mock('@/lib/messenger', () => ({
  messenger: { onMessage: (name: string, listener: Listener) => listeners.set(name, listener) },
}));

const { notificationActions, registerWatchHandlers } = await import('@/entrypoints/background/watch-handlers');
registerWatchHandlers();

useFakeBuildkite();

const POPUP = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
const failed = { org: 'acme', pipeline: 'web', number: BUILDS.webFailed.number };
const READ_ONLY = { ok: false, error: { kind: 'forbidden', title: 'Read-only mode is on' } };

describe('watch list retry', () => {
  beforeEach(async () => {
    await storeToken(TOKENS.full, false);
    await healthReportItem.setValue({
      token: { scopes: [...FULL_SCOPES] },
      graphqlEnabled: true,
    } as unknown as TokenHealthReport);
    await updateSettings({ readOnly: false });
  });

  it('read-only mode: the popup’s retry is refused before anything is sent', async () => {
    await updateSettings({ readOnly: true });
    const reply = await listeners.get('retryWatchedBuild')!({ data: failed, sender: POPUP });
    expect(reply).toMatchObject(READ_ONLY);
    expect(sent).toEqual([]);
  });

  it('read-only mode: the notification’s retry (no message) is refused by the same policy, nothing sent, the reason notified', async () => {
    await updateSettings({ readOnly: true });
    await notificationActions.retry(failed);
    expect(sent).toEqual([]);
    const shown = await notificationRecordsItem.getValue();
    expect(shown[`kd-watch:result:acme/web/${failed.number}`]).toMatchObject({
      title: expect.stringContaining('could not retry failed jobs'),
      message: expect.stringContaining('Read-only mode is on'),
    });
  });

  it('retries with the build page’s code and answers its result shape', async () => {
    const reply = await listeners.get('retryWatchedBuild')!({ data: failed, sender: POPUP });
    expect(reply.ok).toBe(true);
    const value = reply.value as { retried: { oldJobId: string }[]; build: { number: number }; skipped: unknown[] };
    expect(value.retried.length).toBeGreaterThan(0);
    expect(value.build.number).toBe(failed.number);
    expect(value.skipped).toEqual([]);
    expect(sent.filter((s) => s.method !== 'GET' && s.operationName !== 'BuildPage').length).toBe(1);
  });
});
