import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { applyPoll } from '@/lib/watch/decide';
import { newWatchedBuild, type BuildObservation } from '@/lib/watch/model';
import { planNotifications } from '@/lib/watch/notification-plan';
import { registerNotificationListeners } from '@/entrypoints/background/watch-handlers';
import { showPlanned, type NotificationActions } from '@/lib/watch/notify';
import { notificationRecordsItem, watchListItem } from '@/lib/watch/store';

const REF = { org: 'acme', pipeline: 'deploy', number: 13 };
const JOB = '0190a1b2-0000-4a00-8b00-000000013002';
const observation = (state: BuildObservation['state']): BuildObservation => ({
  ...REF,
  pipelineName: 'Deploy',
  branch: 'main',
  message: 'Release 2.5.0',
  webUrl: 'https://buildkite.com/acme/deploy/builds/13',
  state,
  createdAt: 1,
  startedAt: 2,
  blockSteps: state === 'blocked' ? [{ jobId: JOB, label: 'Release', unblockable: true }] : [],
  newer: null,
});

async function notify(state: BuildObservation['state']) {
  const { list, events } = applyPoll(
    [newWatchedBuild(REF, 'popup', 0)],
    { kind: 'observed', observations: new Map([['acme/deploy/13', observation(state)]]), notFound: new Set() },
    1,
  );
  await watchListItem.setValue(list);
  const plans = planNotifications(events);
  await showPlanned(plans);
  return plans[0]!.id;
}

/** The background's own registration code (not a copy): deleting its listeners fails these tests. */
const listen = (actions: NotificationActions) => registerNotificationListeners(actions);

describe('notification clicks and buttons (the worker may have slept: records come from storage)', () => {
  let actions: { openUrl: ReturnType<typeof vi.fn>; retry: ReturnType<typeof vi.fn> };
  beforeEach(() => {
    fakeBrowser.reset();
    actions = { openUrl: vi.fn(() => Promise.resolve()), retry: vi.fn(() => Promise.resolve()) };
    listen(actions as unknown as NotificationActions);
  });

  it('failed: button 0 opens the build, button 1 retries the failed jobs once', async () => {
    const id = await notify('failed');
    expect(Object.keys(await browser.notifications.getAll())).toEqual([id]);
    expect((await notificationRecordsItem.getValue())[id]).toMatchObject({
      title: 'Deploy #13 failed',
      buttons: ['open', 'retry'],
    });
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 1);
    await vi.waitFor(() => expect(actions.retry).toHaveBeenCalledWith(REF));
    expect(actions.openUrl).not.toHaveBeenCalled();
    expect(Object.keys(await browser.notifications.getAll())).toEqual([]);
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    expect(actions.openUrl).not.toHaveBeenCalled();
  });

  it('blocked: button 0 and a plain click (Firefox has no buttons) open the unblock form at the block job', async () => {
    const id = await notify('blocked');
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);
    await vi.waitFor(() =>
      expect(actions.openUrl).toHaveBeenCalledWith(`https://buildkite.com/acme/deploy/builds/13#${JOB}`),
    );
    const again = await notify('blocked');
    actions.openUrl.mockClear();
    await fakeBrowser.notifications.onClicked.trigger(again);
    await vi.waitFor(() =>
      expect(actions.openUrl).toHaveBeenCalledWith(`https://buildkite.com/acme/deploy/builds/13#${JOB}`),
    );
  });

  it('passed: a click opens the build; unknown ids do nothing', async () => {
    const id = await notify('passed');
    await fakeBrowser.notifications.onClicked.trigger(id);
    await vi.waitFor(() => expect(actions.openUrl).toHaveBeenCalledWith('https://buildkite.com/acme/deploy/builds/13'));
    await fakeBrowser.notifications.onClicked.trigger('someone-else');
    await fakeBrowser.notifications.onButtonClicked.trigger(id, 5);
    expect(actions.openUrl).toHaveBeenCalledTimes(1);
    expect(actions.retry).not.toHaveBeenCalled();
  });

  it('showing the same decision twice (re-sent after a restart) replaces, never duplicates', async () => {
    const id = await notify('failed');
    await notify('failed');
    expect(Object.keys(await browser.notifications.getAll())).toEqual([id]);
  });
});

describe('the failed notification opens the failure digest (issue 14)', () => {
  it('a click, through the background’s real registration and real actions, opens digest.html for the build', async () => {
    fakeBrowser.reset();
    registerNotificationListeners();
    const create = vi.spyOn(browser.tabs, 'create');
    const id = await notify('failed');
    await fakeBrowser.notifications.onClicked.trigger(id);
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    const url = new URL(create.mock.calls[0]![0].url!);
    expect(url.pathname).toBe('/digest.html');
    expect(Object.fromEntries(url.searchParams)).toEqual({ org: 'acme', pipeline: 'deploy', build: '13' });
    expect(Object.keys(await browser.notifications.getAll())).toEqual([]);
  });
});
