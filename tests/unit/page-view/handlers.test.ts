// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { updateSettings } from '@/lib/settings';
import type { TokenHealthReport } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { storeToken } from '@/lib/token/vault';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { FULL_SCOPES, TOKENS } from '../../fake-buildkite/seed-tokens';
import { sent, useFakeBuildkite } from '../builds/harness';

/** getPageView: the one in-page start-up message, as a Buildkite tab reaches it. */
type Listener = (message: { data: unknown; sender: unknown }) => Promise<{ ok: boolean; value?: any; error?: any }>;
const listeners = vi.hoisted(() => new Map<string, Listener>());
vi.mock('@/lib/messenger', () => ({
  messenger: { onMessage: (name: string, listener: Listener) => listeners.set(name, listener) },
}));

const { registerPageViewHandlers } = await import('@/entrypoints/background/page-view-handlers');
registerPageViewHandlers();
useFakeBuildkite();

const TAB = {
  id: 'test-extension-id',
  url: 'https://buildkite.com/acme/web/builds/105',
  tab: { id: 3, index: 0, url: 'https://buildkite.com/acme/web/builds/105' },
  frameId: 0,
};
const send = (data: unknown) => listeners.get('getPageView')!({ data, sender: TAB });
const running = { org: 'acme', pipeline: 'web', number: BUILDS.webRunning.number };
const FEATURES = ['build-panel', 'build-actions'];

describe('getPageView', () => {
  beforeEach(async () => {
    await storeToken(TOKENS.full, false);
    await healthReportItem.setValue({
      verdict: 'ok',
      summary: 'Token works.',
      checkedAt: 1,
      token: { scopes: [...FULL_SCOPES] },
      graphqlEnabled: true,
    } as unknown as TokenHealthReport);
  });

  it('answers settings, token status, the build and its watch state in one reply (one API request)', async () => {
    const reply = await send({ features: FEATURES, build: running });
    expect(reply.ok).toBe(true);
    expect(reply.value).toMatchObject({
      disabledFeatures: [],
      readOnly: false,
      token: { verdict: 'ok', summary: 'Token works.' },
      build: { ok: true, value: { build: { number: 105, state: 'running' }, capabilities: { canWrite: true } } },
      watch: { watched: false },
    });
    expect(JSON.stringify(reply.value)).not.toContain(TOKENS.full);
    expect(sent.filter((s) => s.path === 'graphql')).toHaveLength(1);
  });

  it('a second page view within the cache window is answered without a request', async () => {
    await send({ features: FEATURES, build: running });
    const before = sent.length;
    const reply = await send({ features: FEATURES, build: running });
    expect(reply.value.build.ok).toBe(true);
    expect(sent.length).toBe(before);
  });

  it('reads nothing from Buildkite when every feature of the page is switched off', async () => {
    await updateSettings({ disabledFeatures: FEATURES });
    const reply = await send({ features: FEATURES, build: running });
    expect(reply.value).toMatchObject({ disabledFeatures: FEATURES, build: null, watch: null });
    expect(sent).toEqual([]);
  });

  it('a build that cannot be read is an error in the reply, the rest still answers', async () => {
    const reply = await send({ features: FEATURES, build: { org: 'acme', pipeline: 'web', number: 99999 } });
    expect(reply.ok).toBe(true);
    expect(reply.value.build).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(reply.value.token.verdict).toBe('ok');
  });

  it('refuses an invalid payload before anything runs', async () => {
    const reply = await send({ features: ['<script>'], build: running });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    expect(sent).toEqual([]);
  });
});

describe('loadInPageUi', () => {
  const load = (sender: unknown) => listeners.get('loadInPageUi')!({ data: undefined, sender });

  it('runs the on-demand script in the asking frame: the document in Chrome, the frame id in Firefox', async () => {
    const run = vi.spyOn(browser.scripting, 'executeScript').mockResolvedValue(undefined as never);
    expect(await load({ ...TAB, documentId: 'doc-1', frameId: 2, documentLifecycle: 'prerender' })).toMatchObject({
      ok: true,
    });
    expect(run).toHaveBeenLastCalledWith({
      target: { tabId: 3, documentIds: ['doc-1'] },
      files: ['/content-scripts/buildkite-ui.js'],
    });
    expect(await load(TAB)).toMatchObject({ ok: true });
    expect(run).toHaveBeenLastCalledWith({
      target: { tabId: 3, frameIds: [0] },
      files: ['/content-scripts/buildkite-ui.js'],
    });
    run.mockRestore();
  });

  it('refuses an extension page or another site, and says so when the browser refuses', async () => {
    const run = vi
      .spyOn(browser.scripting, 'executeScript')
      .mockRejectedValue(new Error('Frame with ID 0 was removed.'));
    const page = { id: 'test-extension-id', url: `${browser.runtime.getURL('/popup.html')}` };
    expect(await load(page)).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    expect(
      await load({ ...TAB, url: 'https://example.com/', tab: { ...TAB.tab, url: 'https://example.com/' } }),
    ).toMatchObject({ ok: false, error: { kind: 'bad-message' } });
    expect(run).not.toHaveBeenCalled();
    const refused = await load(TAB);
    expect(refused).toMatchObject({ ok: false, error: { title: 'Kitedeck could not add its tools to this page' } });
    expect(refused.error.detail).toContain('Frame with ID 0 was removed.');
    run.mockRestore();
  });
});
