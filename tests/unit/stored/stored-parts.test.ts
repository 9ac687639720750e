// @vitest-environment node
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerStoredHandlers } from '@/entrypoints/background/stored-handlers';
import { historyItem, type HistoryEntry } from '@/lib/console/history';
import type { KdError } from '@/lib/errors';
import { clearLogCache, readCachedLog, writeCachedLog } from '@/lib/logs/cache';
import { messenger } from '@/lib/messenger';
import { forgetCachedIndex, loadIndex, saveIndex, EMPTY_RECORD } from '@/lib/palette/store';
import { readSettings, updateSettings } from '@/lib/settings';
import { STORED_PART_IDS, STORED_PARTS, type StoredPartState } from '@/lib/stored/messages';
import { hasToken, storeToken } from '@/lib/token/vault';
import { enableLock, lock } from '@/lib/vault/vault';
import { newWatchedBuild } from '@/lib/watch/model';
import { readPollState, watchListItem } from '@/lib/watch/store';
import { readHistory, recordDelivery, type StoredDelivery } from '@/lib/webhooks/history';
import { senders, type Sender } from '../background/senders';

const TOKEN = 'bkua_a87ff679a2f3e71d9181a67b7542122c1e4fa3b2';
type Wire = { res?: { ok: true; value: StoredPartState[] } | { ok: false; error: KdError } };
let nextId = 1;

async function deliver(type: string, data: unknown, sender: Sender = senders.extensionTab()): Promise<Wire> {
  const replies = (await fakeBrowser.runtime.onMessage.trigger(
    { id: nextId++, type, data, timestamp: Date.now() },
    sender,
  )) as unknown[];
  return replies.find((reply) => reply !== undefined) as Wire;
}

async function parts(): Promise<Record<string, StoredPartState>> {
  const reply = await deliver('getStoredParts', undefined);
  if (!reply.res?.ok) throw new Error(JSON.stringify(reply.res));
  return Object.fromEntries(reply.res.value.map((part) => [part.id, part]));
}

const consoleEntry: HistoryEntry = {
  kind: 'rest',
  method: 'GET',
  path: '/v2/user',
  body: '',
  id: 'h1',
  at: 1,
  status: 200,
  durationMs: 4,
  title: 'GET /v2/user',
};

const delivery: StoredDelivery = {
  id: 'd1',
  event: 'ping',
  endpointId: null,
  endpointName: null,
  authMode: 'token',
  secret: 'whsec-value',
  request: {
    url: 'https://hooks.example.com/',
    method: 'POST',
    headers: { 'X-Buildkite-Token': 'whsec-value' },
    body: '{}',
  },
  response: null,
  failure: null,
  sentAt: 1,
  durationMs: 1,
  truncated: false,
  responseBytes: null,
  replayOf: null,
};

async function fill() {
  await storeToken(TOKEN, false);
  await watchListItem.setValue([newWatchedBuild({ org: 'acme', pipeline: 'web', number: 1 }, 'page', Date.now())]);
  await historyItem.setValue([consoleEntry]);
  await recordDelivery(delivery);
  await writeCachedLog('acme/web/1/j', { text: 'x'.repeat(500), start: 0, totalBytes: 500, fetchedAt: Date.now() });
  await saveIndex({ ...EMPTY_RECORD, complete: { pipelines: [], builtAt: 1, orgs: ['acme'] } });
  await updateSettings({ readOnly: true });
}

beforeEach(async () => {
  messenger.removeAllListeners();
  fakeBrowser.reset();
  forgetCachedIndex();
  await clearLogCache();
  registerStoredHandlers();
});
afterAll(() => messenger.removeAllListeners());

describe('What Kitedeck stores (options)', () => {
  it('lists every part with a size; the token only as present, never its value or size', async () => {
    await fill();
    const reply = await deliver('getStoredParts', undefined);
    expect(reply.res?.ok).toBe(true);
    const all = await parts();
    expect(Object.keys(all)).toEqual([...STORED_PART_IDS]);
    expect(STORED_PARTS.map((part) => part.id)).toEqual([...STORED_PART_IDS]);
    expect(all.token).toEqual({ id: 'token', bytes: null, summary: 'A token is stored' });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect(JSON.stringify(reply)).not.toContain('whsec-value');
    expect(all.watch).toMatchObject({ summary: '1 build watched' });
    expect(all.watch!.bytes).toBeGreaterThan(100);
    expect(all.console).toMatchObject({ summary: '1 request' });
    expect(all.console!.bytes).toBeGreaterThan(JSON.stringify([consoleEntry]).length);
    expect(all.deliveries).toMatchObject({ summary: '1 delivery' });
    expect(all.deliveries!.bytes).toBeGreaterThan(200);
    expect(all.logs).toEqual({ id: 'logs', bytes: 1200, summary: '1 log' });
    expect(all.palette!.bytes).toBeGreaterThan(0);
    expect(all.settings).toMatchObject({ summary: 'Changed from defaults' });
  });

  it('each Clear empties its own part only', async () => {
    for (const id of STORED_PART_IDS) {
      await fill();
      const before = await parts();
      const reply = await deliver('clearStoredPart', { part: id });
      expect(reply.res?.ok).toBe(true);
      const after = Object.fromEntries((reply.res as { value: StoredPartState[] }).value.map((p) => [p.id, p]));
      for (const other of STORED_PART_IDS.filter((o) => o !== id && o !== 'token')) {
        expect(after[other]!.summary, `${id} leaves ${other}`).toBe(before[other]!.summary);
      }
      if (id === 'token') expect(await hasToken()).toBe(false);
      else expect(await hasToken()).toBe(true);
    }
  });

  it('what each Clear leaves behind', async () => {
    await fill();
    await deliver('clearStoredPart', { part: 'watch' });
    await deliver('clearStoredPart', { part: 'console' });
    await deliver('clearStoredPart', { part: 'deliveries' });
    await deliver('clearStoredPart', { part: 'logs' });
    await deliver('clearStoredPart', { part: 'palette' });
    await deliver('clearStoredPart', { part: 'settings' });
    expect(await watchListItem.getValue()).toEqual([]);
    expect((await readPollState()).dismissed).toEqual(['acme/web/1']); // auto-watch won't add it back
    expect(await historyItem.getValue()).toEqual([]);
    expect(await readHistory()).toEqual([]);
    expect(await readCachedLog('acme/web/1/j')).toBeNull();
    forgetCachedIndex();
    expect((await loadIndex()).complete).toBeNull();
    expect((await readSettings()).readOnly).toBe(false);
    const all = await parts();
    expect(all.console).toEqual({ id: 'console', bytes: 0, summary: '0 requests' });
    expect(all.deliveries).toEqual({ id: 'deliveries', bytes: 0, summary: '0 deliveries' });
    expect(all.logs).toEqual({ id: 'logs', bytes: 0, summary: '0 logs' });
    expect(all.settings!.summary).toBe('Defaults');
  });

  it('locked vault: the delivery history has no size, and can still be cleared', async () => {
    await recordDelivery(delivery);
    await enableLock('correct horse battery staple', 15);
    await lock();
    expect((await parts()).deliveries).toEqual({
      id: 'deliveries',
      bytes: null,
      summary: 'Locked: unlock Kitedeck to see its size',
    });
    expect((await deliver('clearStoredPart', { part: 'deliveries' })).res?.ok).toBe(true);
    expect((await parts()).deliveries!.bytes).toBe(0);
  });

  it('refused from a content script, and an unknown part is a bad message', async () => {
    const page = senders.contentScript('https://buildkite.com/acme/web/builds/1');
    expect((await deliver('getStoredParts', undefined, page)).res).toMatchObject({
      ok: false,
      error: { kind: 'bad-message' },
    });
    await fill();
    expect((await deliver('clearStoredPart', { part: 'token' }, page)).res).toMatchObject({ ok: false });
    expect(await hasToken()).toBe(true);
    expect((await deliver('clearStoredPart', { part: 'everything' })).res).toMatchObject({
      ok: false,
      error: { kind: 'bad-message' },
    });
  });
});
