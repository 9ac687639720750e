/**
 * Notifications: show what the poll decided, and do what a click or a button asks. Records (text, links, actions)
 * are kept in storage by notification id: the worker may have slept when the user clicks.
 * Chrome shows up to two buttons; Firefox has none, so there a click does the notification's main action.
 */
import { browser } from '#imports';
import { buildPageUrl } from '../pages';
import { readSettings } from '../settings';
import type { WatchedBuild } from './model';
import {
  BUTTON_LABELS,
  NOTIFICATION_PREFIX,
  type NotificationAction,
  type PlannedNotification,
} from './notification-plan';
import { MAX_NOTIFICATION_RECORDS, notificationRecordsItem, watchListItem, type NotificationRecord } from './store';
import type { TestNotificationResult } from './view';

const SUPPORTS_BUTTONS = !import.meta.env.FIREFOX;
export const TEST_NOTIFICATION_ID = `${NOTIFICATION_PREFIX}test`;

export const iconUrl = () => browser.runtime.getURL('/icon-notification.png');

function refOf(key: string): { org: string; pipeline: string; number: number } {
  const [org = '', pipeline = '', number = '0'] = key.split('/');
  return { org, pipeline, number: Number(number) };
}

function recordFor(plan: PlannedNotification, list: readonly WatchedBuild[], now: number): NotificationRecord {
  const first = plan.buildKeys[0] ?? '';
  const build = list.find((b) => b.key === first);
  const ref = refOf(first);
  return {
    ...plan,
    openUrl: build?.webUrl ?? buildPageUrl(ref.org, ref.pipeline, ref.number),
    unblockUrl: plan.jobId ? buildPageUrl(ref.org, ref.pipeline, ref.number, plan.jobId) : null,
    shownAt: now,
  };
}

async function remember(record: NotificationRecord): Promise<void> {
  const records = { ...(await notificationRecordsItem.getValue()), [record.id]: record };
  const ids = Object.keys(records).sort((a, b) => records[a]!.shownAt - records[b]!.shownAt);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_NOTIFICATION_RECORDS))) delete records[id];
  await notificationRecordsItem.setValue(records);
}

/** Shows planned notifications. The same id twice replaces (never duplicates) a notification. */
export async function showPlanned(plans: readonly PlannedNotification[], now = Date.now()): Promise<void> {
  if (!plans.length) return;
  const list = await watchListItem.getValue();
  for (const plan of plans) {
    const record = recordFor(plan, list, now);
    await remember(record);
    await browser.notifications
      .create(plan.id, {
        type: 'basic',
        iconUrl: iconUrl(),
        title: plan.title,
        message: plan.message,
        ...(SUPPORTS_BUTTONS && plan.buttons.length
          ? { buttons: plan.buttons.slice(0, 2).map((action) => ({ title: BUTTON_LABELS[action] })) }
          : {}),
      })
      .catch((cause: unknown) => console.warn('[kitedeck] notification failed', cause));
  }
}

/** A one-off notification for an action's result (retry). */
export async function showResult(key: string, title: string, message: string): Promise<void> {
  const id = `${NOTIFICATION_PREFIX}result:${key}`;
  await browser.notifications.clear(id).catch(() => false);
  await showPlanned([{ id, title, message, buildKeys: [key], click: 'open', buttons: ['open'], jobId: null }]);
}

export interface NotificationActions {
  openUrl(url: string): Promise<void>;
  retry(ref: { org: string; pipeline: string; number: number }): Promise<unknown>;
  /** Opens the build's failure digest (an extension page). */
  openDigest(ref: { org: string; pipeline: string; number: number }): Promise<void>;
}

async function run(
  record: NotificationRecord,
  action: NotificationAction,
  actions: NotificationActions,
): Promise<void> {
  if (action === 'retry') {
    const ref = refOf(record.buildKeys[0] ?? '');
    if ((await readSettings()).readOnly) return;
    await actions.retry(ref);
    return;
  }
  if (action === 'unblock' && record.unblockUrl) return actions.openUrl(record.unblockUrl);
  if (action === 'digest') return actions.openDigest(refOf(record.buildKeys[0] ?? ''));
  const list = await watchListItem.getValue();
  const first = record.buildKeys.map((key) => list.find((b) => b.key === key)).find((b) => b?.state === 'failed');
  return actions.openUrl(first?.webUrl ?? record.openUrl);
}

/** `notifications.onClicked`: the notification's main action. */
export async function onNotificationClicked(id: string, actions: NotificationActions): Promise<void> {
  const record = (await notificationRecordsItem.getValue())[id];
  if (!record) return;
  await browser.notifications.clear(id).catch(() => false);
  await run(record, record.click, actions);
}

/** `notifications.onButtonClicked` (Chrome): button `index` of the notification, as it was shown. */
export async function onNotificationButton(id: string, index: number, actions: NotificationActions): Promise<void> {
  const record = (await notificationRecordsItem.getValue())[id];
  const action = record?.buttons[index];
  if (!record || !action) return;
  await browser.notifications.clear(id).catch(() => false);
  await run(record, action, actions);
}

/** The popup's self-test: shows a notification and says whether the browser (or the OS) lets it through. */
export async function sendTestNotification(): Promise<TestNotificationResult> {
  const api = browser.notifications as { getPermissionLevel?: () => Promise<string> };
  const level = api.getPermissionLevel ? await api.getPermissionLevel().catch(() => 'unknown') : 'unknown';
  const permission = level === 'granted' || level === 'denied' ? level : 'unknown';
  try {
    await browser.notifications.clear(TEST_NOTIFICATION_ID).catch(() => false);
    const id = await browser.notifications.create(TEST_NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: iconUrl(),
      title: 'Kitedeck test notification',
      message: 'Build notifications will look like this.',
    });
    return { permission, shown: typeof id === 'string' && id.length > 0, error: null };
  } catch (cause) {
    return { permission, shown: false, error: cause instanceof Error ? cause.message : String(cause) };
  }
}
