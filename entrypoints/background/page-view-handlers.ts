import { buildCapabilities } from '@/lib/builds/capabilities';
import { readBuild } from '@/lib/builds/read';
import { fail, ok, toKdError } from '@/lib/errors';
import { DEFAULT_PANEL_STATE, panelStateItem } from '@/lib/page-view/panel-state';
import { readSettings } from '@/lib/settings';
import { summarise } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { credentials } from '@/lib/token/service';
import { buildKey } from '@/lib/watch/model';
import { watchListItem } from '@/lib/watch/store';
import { handle } from './handle';

/**
 * The in-page start-up message: settings, token status, the build and its watch state, read in parallel from
 * storage and the build cache (lib/builds/read.ts keeps answers for a few seconds and joins concurrent reads).
 * Nothing is read for a page whose features are all switched off.
 */
export function registerPageViewHandlers(): void {
  handle('getPageView', async ({ features, build: ref }) => {
    const [settings, report, panel] = await Promise.all([
      readSettings(),
      healthReportItem.getValue(),
      panelStateItem.getValue(),
    ]);
    const enabled = features.some((id) => !settings.disabledFeatures.includes(id));
    const [build, watch] = await Promise.all([
      ref && enabled
        ? Promise.all([credentials().then((c) => readBuild(c, ref)), buildCapabilities()]).then(
            ([view, capabilities]) => ok({ build: view, capabilities }),
            (cause: unknown) => fail(toKdError(cause)),
          )
        : null,
      ref && enabled
        ? watchListItem.getValue().then((list) => {
            const watched = list.find((b) => b.key === buildKey(ref));
            return { watched: watched !== undefined, state: watched?.state ?? null, end: watched?.end ?? null };
          })
        : null,
    ]);
    return {
      disabledFeatures: settings.disabledFeatures,
      readOnly: settings.readOnly,
      token: summarise(report),
      build,
      watch,
      panel: { ...DEFAULT_PANEL_STATE, ...panel },
    };
  });
  handle('setPanelState', async (state) => {
    await panelStateItem.setValue(state);
    return state;
  });
}
