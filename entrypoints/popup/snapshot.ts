import { storage } from '#imports';
import { DEFAULT_SETTINGS, settingsItem, type Settings } from '@/lib/settings';
import type { TokenHealthReport } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import type { WatchedBuild } from '@/lib/watch/model';
import { DEFAULT_POLL_STATE, watchListItem, watchPollItem, type WatchPollState } from '@/lib/watch/store';
import { watchListView, type WatchListView } from '@/lib/watch/view';
import { useTokenStore } from './token-store';
import { useWatchStore } from './watch-store';

/**
 * The popup paints at once from what the background last stored (the token's last health report, the watch list and
 * its poll state, the settings: none of it secret, all of it already in `storage.local`), read in ONE storage call
 * that needs no background at all (it may be asleep or busy). The stores then refresh through the background as
 * before (getTokenHealth + getVaultSettings, the re-check, getWatchList). With no token known, nothing is seeded:
 * the token form waits for the background's word (whether a token is stored needs the vault).
 */
export async function readPopupSnapshot(): Promise<{ report: TokenHealthReport; watch: WatchListView } | null> {
  const [report, builds, poll, settings] = (
    await storage.getItems([healthReportItem, watchListItem, watchPollItem, settingsItem])
  ).map((item) => item.value as unknown);
  const last = report as TokenHealthReport | null;
  if (!last || last.verdict === 'no-token') return null;
  return {
    report: last,
    watch: watchListView(
      (builds as WatchedBuild[] | null) ?? [],
      { ...DEFAULT_POLL_STATE, ...(poll as Partial<WatchPollState> | null) },
      { ...DEFAULT_SETTINGS, ...(settings as Partial<Settings> | null) },
    ),
  };
}

/** Seeds the popup's stores from the snapshot (only if nothing fresher came in first). */
export async function seedFromSnapshot(): Promise<void> {
  const snapshot = await readPopupSnapshot().catch(() => null);
  if (!snapshot) return;
  if (!useTokenStore.getState().loaded) useTokenStore.setState({ report: snapshot.report, loaded: true });
  if (!useWatchStore.getState().view) useWatchStore.setState({ view: snapshot.watch });
}
