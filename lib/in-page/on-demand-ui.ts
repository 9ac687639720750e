import { confirmCancelBuild, confirmRebuild, rebuild, unblock } from './build-commands';
import type { InPageUi } from './on-demand';
import { mountBuildList } from './pipelines/build-list';
import { openNewBuildDialog } from './pipelines/new-build-dialog';
import { retryFailed } from './retry-dialog';
import { paletteSession } from '../palette/session';
import { createPalette } from '../palette/ui/palette';
import { formFromBuild } from '../pipelines/new-build';

/** What the on-demand script (entrypoints/buildkite-ui.content) hands the content script: lib/in-page/on-demand.ts. */
export const inPageUi: InPageUi = {
  rebuild,
  confirmRebuild,
  confirmCancelBuild,
  unblock,
  retryFailed,
  openNewBuildDialog,
  formFromBuild,
  mountBuildList,
  createPalette,
  paletteSession,
};
