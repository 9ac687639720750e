import * as v from 'valibot';
import { BuildRefSchema } from '../builds/messages';
import type { BuildCapabilities, BuildView } from '../builds/model';
import type { Reply } from '../errors';
import { message, NoInput } from '../message-spec';
import type { TokenStatusSummary } from '../token/report';
import type { WatchState } from '../watch/view';
import type { PanelState } from './panel-state';

/**
 * Everything an in-page feature needs to start, in ONE message (it replaces getSettings, getTokenStatus, getBuild
 * and getWatchState at start-up): the settings it reads, the token's status (never the token), the page's build
 * (from the background's short cache when fresh) and whether it is watched.
 */
export interface PageView {
  /** Feature ids the user switched off. */
  disabledFeatures: string[];
  readOnly: boolean;
  token: TokenStatusSummary;
  /** The page's build, or why it could not be read; null when no build was asked or no asking feature is on. */
  build: Reply<{ build: BuildView; capabilities: BuildCapabilities }> | null;
  watch: WatchState | null;
  /** The panel's remembered layout. */
  panel: PanelState;
}

const FeatureId = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,63}$/));

export const pageViewMessages = {
  getPageView: message<PageView>()(
    'buildkite-tab',
    v.strictObject({
      /** The features that apply to this page (the build is read only when one of them is switched on). */
      features: v.pipe(v.array(FeatureId), v.maxLength(50)),
      build: v.optional(BuildRefSchema),
    }),
  ),
  /**
   * Injects the on-demand in-page UI (dialogs, the build list, the palette's UI: lib/in-page/on-demand.ts) into the
   * asking frame, on the first use of one of them. Answers once the script has run there.
   */
  loadInPageUi: message<true>()('buildkite-tab', NoInput),
  /** Remembers the panel's layout (expanded, dock side) for the next page view. Local UI state, not a write to Buildkite. */
  setPanelState: message<PanelState>()(
    'buildkite-tab',
    v.strictObject({ expanded: v.boolean(), dock: v.picklist(['left', 'right']) }),
  ),
};
