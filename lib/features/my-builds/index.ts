import { askBackground } from '../../in-page-messaging';
import { mountPanel } from '../../in-page/panel';
import { pageViewOf } from '../../in-page/page-view';
import type { BuildListView } from '../../in-page/pipelines/build-list';
import { withInPageUi } from '../../in-page/on-demand';
import { onListKeys } from '../../in-page/pipelines/list-keys';
import { defineFeature } from '../define';
import { id, pages } from './meta';

/**
 * The dashboard: the token user's builds across organisations (`listBuilds { kind: 'mine' }`, GraphQL
 * `viewer.builds`, one request for 100), selectable, with the bulk actions that make sense across pipelines
 * (cancel, retry failed jobs, rebuild; not "cancel superseded", which is one pipeline's branch). Nothing is read or
 * built until the user expands the panel. Shortcuts on the selection as on pipeline pages: `c b`, `r f`, `r b`
 * (trusted key events only; each opens a preview first).
 */
export default defineFeature({
  id,
  pages,
  init(_context, signal) {
    const pageView = pageViewOf(signal);
    const panel = mountPanel(pageView?.panel ?? { expanded: false, dock: 'right' }, (prefs) => {
      void askBackground('setPanelState', prefs);
    });
    signal.addEventListener('abort', () => panel.destroy(), { once: true });
    panel.setSummary({ text: 'Your builds', state: 'scheduled', chip: '' });
    if (pageView) panel.setStatus(pageView.token.verdict, pageView.token.summary);
    panel.setReadOnly(pageView?.readOnly ?? false);

    let view: BuildListView | null = null;
    // The list is on-demand code (lib/in-page/on-demand.ts): loaded on first expand.
    panel.onBuild(10, () =>
      withInPageUi(
        (ui) => {
          if (!signal.aborted) view ??= ui.mountBuildList(panel, { kind: 'mine' }, signal);
        },
        (error) => panel.setStatus('error', `${error.title}. ${error.action}`),
      ),
    );
    onListKeys(panel, signal, {
      'c b': () => !!view && void view.bulk('cancel', null),
      'r f': () => !!view && void view.bulk('retry-failed', null),
      'r b': () => !!view && void view.bulk('rebuild', null),
    });
  },
});
