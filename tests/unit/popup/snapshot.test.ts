import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readPopupSnapshot } from '@/entrypoints/popup/snapshot';
import { settingsItem } from '@/lib/settings';
import type { TokenHealthReport } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { newWatchedBuild } from '@/lib/watch/model';
import { DEFAULT_POLL_STATE, watchListItem, watchPollItem } from '@/lib/watch/store';

const report = (verdict: TokenHealthReport['verdict']) =>
  ({ verdict, summary: verdict === 'no-token' ? 'No token set.' : 'Token works.' }) as TokenHealthReport;

describe("the popup's first paint from storage (no background)", () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the last report and the watch list, poll state and settings in one snapshot', async () => {
    const build = newWatchedBuild({ org: 'acme', pipeline: 'web', number: 7 }, 'popup', 1);
    await healthReportItem.setValue(report('ok'));
    await watchListItem.setValue([build]);
    await watchPollItem.setValue({ ...DEFAULT_POLL_STATE, lastPollAt: 5, api: 'graphql' });
    await settingsItem.setValue({ readOnly: false, autoWatchMine: true, disabledFeatures: [] });
    const snapshot = await readPopupSnapshot();
    expect(snapshot?.report.summary).toBe('Token works.');
    expect(snapshot?.watch).toMatchObject({ builds: [build], lastPollAt: 5, api: 'graphql', autoWatchMine: true });
  });

  it('seeds nothing without a known token (the form waits for the vault’s word) or with nothing stored', async () => {
    expect(await readPopupSnapshot()).toBeNull();
    await healthReportItem.setValue(report('no-token'));
    expect(await readPopupSnapshot()).toBeNull();
  });

  it('an empty watch list and no poll yet still paint', async () => {
    await healthReportItem.setValue(report('ok'));
    expect((await readPopupSnapshot())?.watch).toMatchObject({ builds: [], lastPollAt: null, autoWatchMine: false });
  });
});
