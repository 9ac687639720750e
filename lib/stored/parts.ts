/**
 * What Kitedeck stores, measured and cleared part by part (background only: the vault and the caches live here).
 * Sizes are the UTF-8 bytes of each stored key and JSON value, which is how Chrome counts `storage.local`'s quota.
 */
import { browser } from '#imports';
import { historyItem } from '../console/history';
import { KdFailure } from '../errors';
import { jsonBytes } from '../format/bytes';
import { clearLogCache, logCacheSummary } from '../logs/cache';
import { panelStateItem } from '../page-view/panel-state';
import { opensItem, visitsItem } from '../palette/history';
import { EMPTY_RECORD, loadIndex, saveIndex } from '../palette/store';
import { DEFAULT_SETTINGS, readSettings, settingsItem } from '../settings';
import { forgetStoredToken } from '../token/service';
import { hasToken } from '../token/vault';
import { onAutoWatchChanged, unwatchAll } from '../watch/poller';
import { watchListItem } from '../watch/store';
import { clearDeliveries, readHistory } from '../webhooks/history';
import type { StoredPartId, StoredPartState } from './messages';

const LOCAL_KEYS: Record<'watch' | 'console' | 'palette' | 'settings', string[]> = {
  watch: ['watchList', 'watchPoll', 'watchNotifications'],
  console: ['consoleHistory'],
  palette: ['paletteVisits', 'paletteOpens', 'palettePipelinesUsedAt'],
  settings: ['settings', 'vaultSettings', 'panelState'],
};

/** Bytes of these `storage.local` keys (and WXT's `key$` metadata beside each), as key + JSON value. */
async function localBytes(keys: string[]): Promise<number> {
  const names = keys.flatMap((key) => [key, `${key}$`]);
  const stored = await browser.storage.local.get(names);
  return Object.entries(stored).reduce(
    (sum, [key, value]) => (value === undefined ? sum : sum + key.length + jsonBytes(value)),
    0,
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function measure(id: StoredPartId): Promise<StoredPartState> {
  switch (id) {
    case 'token':
      return { id, bytes: null, summary: (await hasToken()) ? 'A token is stored' : 'No token' };
    case 'watch': {
      const count = (await watchListItem.getValue()).length;
      return { id, bytes: await localBytes(LOCAL_KEYS.watch), summary: plural(count, 'build') + ' watched' };
    }
    case 'console': {
      const count = (await historyItem.getValue()).length;
      return { id, bytes: await localBytes(LOCAL_KEYS.console), summary: plural(count, 'request') };
    }
    case 'deliveries':
      try {
        const history = await readHistory();
        return {
          id,
          bytes: history.length ? jsonBytes(history) : 0,
          summary: plural(history.length, 'delivery', 'deliveries'),
        };
      } catch (cause) {
        if (cause instanceof KdFailure && cause.error.kind === 'locked')
          return { id, bytes: null, summary: 'Locked: unlock Kitedeck to see its size' };
        throw cause;
      }
    case 'logs': {
      const { logs, bytes } = await logCacheSummary();
      return { id, bytes, summary: plural(logs, 'log') };
    }
    case 'palette': {
      const index = await loadIndex();
      const pipelines = index.complete?.pipelines.length ?? index.run?.pipelines.length ?? 0;
      const empty = JSON.stringify(index) === JSON.stringify(EMPTY_RECORD);
      return {
        id,
        bytes: (empty ? 0 : jsonBytes(index)) + (await localBytes(LOCAL_KEYS.palette)),
        summary: `${plural(pipelines, 'pipeline')} indexed`,
      };
    }
    case 'settings': {
      const settings = await readSettings();
      const changed = JSON.stringify(settings) !== JSON.stringify(DEFAULT_SETTINGS);
      return {
        id,
        bytes: await localBytes(LOCAL_KEYS.settings),
        summary: changed ? 'Changed from defaults' : 'Defaults',
      };
    }
  }
}

export function storedParts(ids: readonly StoredPartId[]): Promise<StoredPartState[]> {
  return Promise.all(ids.map(measure));
}

export async function clearPart(id: StoredPartId): Promise<void> {
  switch (id) {
    case 'token':
      await forgetStoredToken();
      return;
    case 'watch':
      await unwatchAll();
      return;
    case 'console':
      await historyItem.removeValue();
      return;
    case 'deliveries':
      await clearDeliveries();
      return;
    case 'logs':
      await clearLogCache();
      return;
    case 'palette':
      await saveIndex({ ...EMPTY_RECORD });
      await Promise.all([visitsItem.removeValue(), opensItem.removeValue()]);
      return;
    case 'settings':
      await Promise.all([settingsItem.removeValue(), panelStateItem.removeValue()]);
      await onAutoWatchChanged();
      return;
  }
}
