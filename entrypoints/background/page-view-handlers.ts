import { buildCapabilities } from '@/lib/builds/capabilities';
import { readBuild } from '@/lib/builds/read';
import { browser } from 'wxt/browser';
import { fail, KdFailure, ok, toKdError } from '@/lib/errors';
import { DEFAULT_PANEL_STATE, panelStateItem } from '@/lib/page-view/panel-state';
import { readSettings } from '@/lib/settings';
import { summarise } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { credentials } from '@/lib/token/service';
import { buildKey } from '@/lib/watch/model';
import { watchListItem } from '@/lib/watch/store';
import { isBuildkiteTab } from './guards';
import { handle } from './handle';

/** The on-demand in-page UI (entrypoints/buildkite-ui.content, registered at runtime: not in the manifest). */
const IN_PAGE_UI_SCRIPT = '/content-scripts/buildkite-ui.js';

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
  // First use of a dialog, the build list or the palette in a Buildkite tab: run the on-demand UI in the asking
  // frame's isolated world (Chrome: that very document, also when it is prerendered; Firefox: by frame id).
  handle('loadInPageUi', async (_input, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined || !isBuildkiteTab(sender)) {
      throw new KdFailure({
        kind: 'bad-message',
        title: 'Refused',
        detail: 'Kitedeck’s page tools are added only to Buildkite pages.',
        action: 'Use Kitedeck on a Buildkite page.',
      });
    }
    const documentId = (sender as { documentId?: string }).documentId;
    try {
      await browser.scripting.executeScript({
        target: documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [sender.frameId ?? 0] },
        files: [IN_PAGE_UI_SCRIPT],
      });
    } catch (cause) {
      throw new KdFailure({
        kind: 'lost-contact',
        title: 'Kitedeck could not add its tools to this page',
        detail: `The browser refused: ${cause instanceof Error ? cause.message : String(cause)}. Nothing was sent to Buildkite.`,
        action: 'Reload the page and try again.',
      });
    }
    return true as const;
  });
  handle('setPanelState', async (state) => {
    await panelStateItem.setValue(state);
    return state;
  });
}
