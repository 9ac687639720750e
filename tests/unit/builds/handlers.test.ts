// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSettings } from '@/lib/settings';
import type { TokenHealthReport } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { storeToken } from '@/lib/token/vault';
import { BUILDS, JOBS } from '../../fake-buildkite/seed-ids';
import { FULL_SCOPES, READ_SCOPES, TOKENS } from '../../fake-buildkite/seed-tokens';
import { operations, sent, useFakeBuildkite } from './harness';

/** The background's build handlers as a Buildkite tab reaches them: sender check, payload check, then the checks of writes. */
type Listener = (message: {
  data: unknown;
  sender: unknown;
}) => Promise<{ ok: boolean; value?: unknown; error?: { kind: string; title: string } }>;
const listeners = vi.hoisted(() => new Map<string, Listener>());
vi.mock('@/lib/messenger', () => ({
  messenger: { onMessage: (name: string, listener: Listener) => listeners.set(name, listener) },
}));

const { registerBuildHandlers } = await import('@/entrypoints/background/build-handlers');
registerBuildHandlers();

useFakeBuildkite();

const TAB = {
  id: 'test-extension-id',
  url: 'https://buildkite.com/acme/web/builds/105',
  tab: { id: 3, index: 0, url: 'https://buildkite.com/acme/web/builds/105' },
  frameId: 0,
};
const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/job-log.html?key=x' };
const send = (name: string, data: unknown, sender: unknown = TAB) => listeners.get(name)!({ data, sender });
const running = { org: 'acme', pipeline: 'web', number: BUILDS.webRunning.number };

async function useToken(token: string, scopes: readonly string[]) {
  await storeToken(token, false);
  await healthReportItem.setValue({
    token: { scopes: [...scopes] },
    graphqlEnabled: scopes.includes('graphql'),
  } as unknown as TokenHealthReport);
}

describe('build handlers', () => {
  beforeEach(() => useToken(TOKENS.full, FULL_SCOPES));

  it('getBuild answers the build and what the token and settings allow', async () => {
    const reply = await send('getBuild', running);
    expect(reply.ok).toBe(true);
    expect(reply.value).toMatchObject({
      build: { number: 105, state: 'running', source: 'graphql' },
      capabilities: { graphql: true, canRead: true, canWrite: true, canReadLogs: true, readOnlyMode: false },
    });
  });

  it('read-only mode: the write handlers refuse and nothing reaches Buildkite', async () => {
    await updateSettings({ readOnly: true });
    for (const [name, data] of [
      ['cancelBuild', running],
      ['rebuildBuild', running],
      ['retryJob', { ...running, jobId: JOBS.runningTest }],
      ['cancelJob', { ...running, jobId: JOBS.runningTest }],
      ['retryFailedJobs', { ...running, jobIds: [JOBS.runningTest] }],
      ['unblockJob', { ...running, jobId: JOBS.runningTest, fields: {} }],
    ] as const) {
      const reply = await send(name, data);
      expect(reply, name).toMatchObject({ ok: false, error: { kind: 'forbidden', title: 'Read-only mode is on' } });
    }
    expect(sent).toEqual([]);
    const read = await send('getBuild', running);
    expect(read).toMatchObject({ ok: true, value: { capabilities: { readOnlyMode: true } } });
  });

  it('a token without write access is told so before anything is sent', async () => {
    await useToken(TOKENS.readonly, READ_SCOPES);
    const reply = await send('cancelBuild', running);
    expect(reply).toMatchObject({
      ok: false,
      error: { kind: 'missing-scope', title: 'The token lacks the write_builds scope' },
    });
    expect(sent).toEqual([]);
  });

  it('an in-page write for a build the tab does not show is refused (pushState to another build)', async () => {
    const elsewhere = {
      ...TAB,
      url: 'https://buildkite.com/other-org/secret/builds/7',
      tab: { ...TAB.tab, url: 'https://buildkite.com/other-org/secret/builds/7' },
    };
    for (const sender of [
      elsewhere,
      { ...TAB, url: 'https://buildkite.com/acme/web', tab: { ...TAB.tab, url: 'https://buildkite.com/acme/web' } },
    ]) {
      for (const [name, data] of [
        ['cancelBuild', running],
        ['rebuildBuild', running],
        ['retryJob', { ...running, jobId: JOBS.runningTest }],
        ['cancelJob', { ...running, jobId: JOBS.runningTest }],
        ['retryFailedJobs', { ...running, jobIds: [JOBS.runningTest] }],
        ['unblockJob', { ...running, jobId: JOBS.runningTest, fields: {} }],
      ] as const) {
        const reply = await send(name, data, sender);
        expect(reply, name).toMatchObject({ ok: false, error: { title: 'Refused: not the build on this page' } });
      }
    }
    expect(sent).toEqual([]);
    expect(await send('getBuild', running, elsewhere)).toMatchObject({ ok: true });
  });

  it('writes go through after the checks', async () => {
    const reply = await send('cancelBuild', running);
    expect(reply).toMatchObject({ ok: true, value: { state: 'canceled' } });
    expect(operations()).toEqual(['BuildPage', 'BuildCancel', 'BuildPage']);
  });

  it('the same write asked twice before the first answers is sent once (a double click)', async () => {
    const [first, second] = await Promise.all([send('cancelBuild', running), send('cancelBuild', running)]);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ ok: true });
    expect(operations().filter((name) => name === 'BuildCancel')).toHaveLength(1);
  });

  it('payloads are validated, and the job log is only for Kitedeck’s own pages', async () => {
    expect(await send('retryJob', { ...running, jobId: 'not-a-uuid' })).toMatchObject({
      ok: false,
      error: { kind: 'bad-message' },
    });
    expect(await send('getJobLog', { key: 'a'.repeat(32) })).toMatchObject({ ok: false, error: { title: 'Refused' } });
    expect(await send('getJobLog', { key: 'a'.repeat(32) }, PAGE)).toEqual({ ok: true, value: null });
  });
});
