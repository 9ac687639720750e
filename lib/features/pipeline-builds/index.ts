import { askBackground } from '../../in-page-messaging';
import { button, h } from '../../in-page/dom';
import { mountPanel } from '../../in-page/panel';
import { pageViewOf } from '../../in-page/page-view';
import { budgetLine } from '../../in-page/pipelines/budget-line';
import type { BuildListView } from '../../in-page/pipelines/build-list';
import { withInPageUi } from '../../in-page/on-demand';
import { onListKeys } from '../../in-page/pipelines/list-keys';
import { offerNewBuild } from '../../in-page/pipelines/new-build-entry';
import { defineFeature } from '../define';
import { id, pages } from './meta';

/**
 * Pipeline pages and build lists: a panel with "Show builds" and "New build" (`n b`). Nothing is read or built
 * until the user asks: the list (one request for 100 builds), its bulk actions and the form come on first use.
 * Shortcuts follow the build page: `n b` new build, and on the selection `c b` cancel, `r f` retry failed jobs,
 * `r b` rebuild (each opens a preview first). Writing shortcuts act only on trusted key events.
 */
export default defineFeature({
  id,
  pages,
  init(context, signal) {
    // The page view's one start-up answer brings the panel's layout and the token's status: nothing more is asked
    // until the user expands the panel or presses a shortcut.
    const pageView = pageViewOf(signal);
    const panel = mountPanel(pageView?.panel ?? { expanded: false, dock: 'right' }, (prefs) => {
      void askBackground('setPanelState', prefs);
    });
    signal.addEventListener('abort', () => panel.destroy(), { once: true });
    panel.setSummary({ text: context.pipeline, state: 'scheduled', chip: '' });
    if (pageView) panel.setStatus(pageView.token.verdict, pageView.token.summary);
    panel.setReadOnly(pageView?.readOnly ?? false);
    panel.onBuild(5, (body) => {
      void askBackground('getLowBudgets').then((reply) => {
        const line = reply.ok ? budgetLine(reply.value) : null;
        if (line && !signal.aborted) body.append(h('p', { class: 'kd-warning', 'data-kd': 'budget' }, line));
      });
    });

    // The list, its bulk actions and the form are on-demand code (lib/in-page/on-demand.ts): loaded on first use.
    let view: BuildListView | null = null;
    const open = (then: (view: BuildListView) => void) => {
      panel.expand();
      withInPageUi(
        (ui) => {
          if (signal.aborted) return;
          view ??= ui.mountBuildList(
            panel,
            { org: context.org, pipeline: context.pipeline, branch: context.kind === 'builds' ? context.branch : null },
            signal,
          );
          show.hidden = true;
          then(view);
        },
        (error) => panel.setStatus('error', `${error.title}. ${error.action}`),
      );
    };
    const show = button('Show builds', () => open((list) => list.section.querySelector('input')?.focus()));
    const create = button(
      'New build',
      (event) => {
        const opener = event.currentTarget as Element; // gone once the event is dispatched
        open((list) => list.newBuild(opener));
      },
      { 'aria-keyshortcuts': 'n b' },
    );
    panel.onBuild(10, (body) => body.append(h('div', { class: 'kd-buttons' }, show, create)));
    offerNewBuild(() => open((list) => list.newBuild(null)), signal); // the command palette's "New build"

    onListKeys(panel, signal, {
      'n b': () => open((list) => list.newBuild(null)),
      'c b': () => !!view && void view.bulk('cancel', null),
      'r f': () => !!view && void view.bulk('retry-failed', null),
      'r b': () => !!view && void view.bulk('rebuild', null),
    });
  },
});
