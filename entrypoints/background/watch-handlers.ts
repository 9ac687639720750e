import { browser } from 'wxt/browser';
import { KdFailure } from '@/lib/errors';
import { parsePageUrl } from '@/lib/pages';
import { settingsItem } from '@/lib/settings';
import { digestPageUrl } from '@/lib/logs/urls';
import { openUnblockForm, openUrl, retryWatchedBuild } from '@/lib/watch/actions';
import { buildKey, type BuildKeyParts } from '@/lib/watch/model';
import {
  onNotificationButton,
  onNotificationClicked,
  sendTestNotification,
  type NotificationActions,
} from '@/lib/watch/notify';
import {
  onAutoWatchChanged,
  resumeAfterWake,
  resumeWatching,
  runWatchPoll,
  unwatchBuild,
  WATCH_ALARM,
  watchBuild,
} from '@/lib/watch/poller';
import { readPollState, watchListItem } from '@/lib/watch/store';
import { watchListView, type WatchListView, type WatchState } from '@/lib/watch/view';
import { readSettings } from '@/lib/settings';
import { assertMessageAllowed, handle } from './handle';

async function listView(): Promise<WatchListView> {
  const [builds, poll, settings] = await Promise.all([watchListItem.getValue(), readPollState(), readSettings()]);
  return watchListView(builds, poll, settings);
}

async function watchState(ref: BuildKeyParts): Promise<WatchState> {
  const build = (await watchListItem.getValue()).find((b) => b.key === buildKey(ref));
  return { watched: build !== undefined, state: build?.state ?? null, end: build?.end ?? null };
}

const toRef = ({ org, pipeline, number }: BuildKeyParts): BuildKeyParts => ({ org, pipeline, number });

/**
 * What notification clicks and buttons do: the same functions the popup's buttons call, behind the same write policy
 * (the `retryWatchedBuild` message's, applied here since a button is not a message).
 */
export const notificationActions: NotificationActions = {
  openUrl,
  openDigest: async (ref) => {
    await browser.tabs.create({ url: digestPageUrl(ref) });
  },
  // The result (or why it was refused) is shown as a notification by retryWatchedBuild.
  retry: (ref) =>
    retryWatchedBuild(ref, runWatchPoll, () => assertMessageAllowed('retryWatchedBuild', ref)).then(
      () => undefined,
      () => undefined,
    ),
};

/**
 * Notification clicks and buttons (Chrome has buttons; Firefox only clicks). Exported so tests drive THIS wiring,
 * not a copy of it; `actions` defaults to the real ones.
 */
export function registerNotificationListeners(actions: NotificationActions = notificationActions): void {
  browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id, actions));
  browser.notifications.onButtonClicked?.addListener((id, index) => void onNotificationButton(id, index, actions));
}

/** Watched builds: messages, the poll alarm, notification clicks, the auto-watch option. */
export function registerWatchHandlers(): void {
  handle('watchBuild', async (ref) => {
    await watchBuild(toRef(ref), 'page');
    return watchState(ref);
  });
  handle('unwatchBuild', async (ref) => {
    await unwatchBuild(toRef(ref));
    return watchState(ref);
  });
  handle('getWatchState', async (ref) => watchState(ref));
  handle('watchBuildUrl', async ({ url }) => {
    const page = parsePageUrl(url.trim());
    if (page.kind !== 'build') {
      throw new KdFailure({
        kind: 'bad-message',
        title: 'Not a Buildkite build URL',
        detail: 'Paste the address of a build page, like https://buildkite.com/acme/web/builds/123.',
        action: 'Open the build in Buildkite and copy the address from the address bar.',
      });
    }
    await watchBuild({ org: page.org, pipeline: page.pipeline, number: page.buildNumber }, 'popup');
    return listView();
  });
  handle('getWatchList', async () => listView());
  handle('removeWatchedBuild', async (ref) => {
    await unwatchBuild(toRef(ref));
    return listView();
  });
  handle('pollWatchedNow', async () => {
    await runWatchPoll();
    return listView();
  });
  handle('resumeWatching', async () => {
    await resumeWatching();
    return listView();
  });
  handle('retryWatchedBuild', async (ref) => retryWatchedBuild(toRef(ref), runWatchPoll));
  handle('openUnblockForm', async (ref) => {
    await openUnblockForm(ref);
    return null;
  });
  handle('sendTestNotification', async () => sendTestNotification());

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WATCH_ALARM) void runWatchPoll();
  });
  registerNotificationListeners();
  settingsItem.watch((next, previous) => {
    if (next?.autoWatchMine !== previous?.autoWatchMine) void onAutoWatchChanged();
  });
  void resumeAfterWake();
}
