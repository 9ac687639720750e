import { create } from 'zustand';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import type { BuildKeyParts } from '@/lib/watch/model';
import { retriedMessage, watchedName } from '@/lib/watch/notification-plan';
import type { TestNotificationResult, WatchListView } from '@/lib/watch/view';

/** The popup's watch list: everything goes through the background; the list refreshes while the popup is open. */
interface WatchStore {
  view: WatchListView | null;
  error: KdError | null;
  busy: string | null;
  /** The last action's outcome, for the aria-live line. */
  notice: string | null;
  test: TestNotificationResult | null;
  load(): Promise<void>;
  watchUrl(url: string): Promise<boolean>;
  unwatch(ref: BuildKeyParts): Promise<void>;
  checkNow(): Promise<void>;
  resume(): Promise<void>;
  retry(ref: BuildKeyParts): Promise<void>;
  openUnblock(ref: BuildKeyParts, jobId: string): Promise<void>;
  setAutoWatch(on: boolean): Promise<void>;
  sendTest(): Promise<void>;
}

export const useWatchStore = create<WatchStore>((set, get) => {
  const apply = (
    reply: { ok: true; value: WatchListView } | { ok: false; error: KdError },
    notice: string | null = null,
  ) => set(reply.ok ? { view: reply.value, error: null, busy: null, notice } : { error: reply.error, busy: null });
  return {
    view: null,
    error: null,
    busy: null,
    notice: null,
    test: null,
    async load() {
      const reply = await messenger.sendMessage('getWatchList', undefined);
      if (reply.ok) set({ view: reply.value });
      else set({ error: reply.error });
    },
    async watchUrl(url) {
      set({ busy: 'watch', error: null, notice: null });
      const reply = await messenger.sendMessage('watchBuildUrl', { url });
      apply(reply, reply.ok ? 'Watching the build.' : null);
      return reply.ok;
    },
    async unwatch(ref) {
      set({ busy: 'unwatch' });
      apply(await messenger.sendMessage('removeWatchedBuild', ref), `Stopped watching ${ref.pipeline} #${ref.number}.`);
    },
    async checkNow() {
      set({ busy: 'poll', notice: null });
      apply(await messenger.sendMessage('pollWatchedNow', undefined), 'Checked just now.');
    },
    async resume() {
      set({ busy: 'resume' });
      apply(await messenger.sendMessage('resumeWatching', undefined), 'Watching again.');
    },
    async retry(ref) {
      set({ busy: 'retry', notice: null });
      const reply = await messenger.sendMessage('retryWatchedBuild', ref);
      if (!reply.ok) set({ error: reply.error, busy: null });
      else
        set({
          busy: null,
          notice: retriedMessage(watchedName(get().view?.builds ?? [], ref), reply.value),
          error: null,
        });
      const list = await messenger.sendMessage('getWatchList', undefined);
      if (list.ok) set({ view: list.value });
    },
    async openUnblock(ref, jobId) {
      const reply = await messenger.sendMessage('openUnblockForm', { ...ref, jobId });
      if (!reply.ok) set({ error: reply.error });
    },
    async setAutoWatch(on) {
      const reply = await messenger.sendMessage('updateSettings', { autoWatchMine: on });
      if (!reply.ok) return set({ error: reply.error });
      const list = await messenger.sendMessage('getWatchList', undefined);
      if (list.ok) set({ view: { ...list.value, autoWatchMine: on } });
    },
    async sendTest() {
      set({ busy: 'test', test: null });
      const reply = await messenger.sendMessage('sendTestNotification', undefined);
      set(reply.ok ? { test: reply.value, busy: null } : { error: reply.error, busy: null });
    },
  };
});
