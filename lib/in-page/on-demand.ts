/**
 * The in-page code that only a user's action needs — dialogs (retry preview, rebuild, cancel, unblock, new build),
 * the pipeline/dashboard build list with its bulk actions, the command palette's UI — is not in the content script
 * that every Buildkite tab loads. On first use the content script asks the background (`loadInPageUi`), which
 * injects `content-scripts/buildkite-ui.js` into this frame's isolated world with `scripting.executeScript`: no
 * web-accessible resource a page could probe. That script publishes its functions here (same world, same
 * `globalThis`); every later use finds them at once.
 *
 * The functions receive the content script's own objects (build session, panel, signal): both bundles run in one
 * realm, so those are the same live objects, not copies. Module-level state both sides need is in world-shared.ts.
 */
import type { KdError, Reply } from '../errors';
import type { paletteSession } from '../palette/session';
import type { createPalette } from '../palette/ui/palette';
import type { formFromBuild } from '../pipelines/new-build';
import type { confirmCancelBuild, confirmRebuild, rebuild, unblock } from './build-commands';
import type { mountBuildList } from './pipelines/build-list';
import type { openNewBuildDialog } from './pipelines/new-build-dialog';
import type { retryFailed } from './retry-dialog';
import { askBackground, lostContact } from '../in-page-messaging';
import { worldShared } from './world-shared';

export interface InPageUi {
  rebuild: typeof rebuild;
  confirmRebuild: typeof confirmRebuild;
  confirmCancelBuild: typeof confirmCancelBuild;
  unblock: typeof unblock;
  retryFailed: typeof retryFailed;
  openNewBuildDialog: typeof openNewBuildDialog;
  formFromBuild: typeof formFromBuild;
  mountBuildList: typeof mountBuildList;
  createPalette: typeof createPalette;
  paletteSession: typeof paletteSession;
}

const slot = worldShared<{ ui?: InPageUi; loading?: Promise<Reply<InPageUi>> }>('in-page-ui', () => ({}));

/** Called once by the injected script (entrypoints/buildkite-ui.content). */
export function publishInPageUi(ui: InPageUi): void {
  slot.ui = ui;
}

/** The on-demand UI: at once when loaded, else after one `loadInPageUi` message; a failure can be tried again. */
export function loadInPageUi(): Promise<Reply<InPageUi>> {
  if (slot.ui) return Promise.resolve({ ok: true, value: slot.ui });
  slot.loading ??= askBackground('loadInPageUi').then((reply): Reply<InPageUi> => {
    slot.loading = undefined;
    if (!reply.ok) return reply;
    return slot.ui
      ? { ok: true, value: slot.ui }
      : { ok: false, error: lostContact('Kitedeck’s page tools did not start in this tab.') };
  });
  return slot.loading;
}

/**
 * Runs `use` with the on-demand UI: at once (in the same event) when it is loaded, else once it is; if it can't be
 * loaded, `report` says why (nothing was sent to Buildkite).
 */
export function withInPageUi(use: (ui: InPageUi) => void, report: (error: KdError) => void): void {
  if (slot.ui) return use(slot.ui);
  void loadInPageUi().then((reply) => (reply.ok ? use(reply.value) : report(reply.error)));
}

/** A build page's action: if the UI can't be loaded, the build session's feedback line says why. */
export function withSessionUi(session: { feedback: { error(error: KdError): void } }, use: (ui: InPageUi) => void) {
  withInPageUi(use, (error) => session.feedback.error(error));
}
