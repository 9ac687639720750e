/**
 * The palette in the popup: where the keyboard command lands when the current tab is not a Buildkite page (or when
 * the popup is opened at `popup.html#palette`). Same UI, embedded; results open in the current tab (a new one with
 * Ctrl/⌘+Enter). Only global actions apply here: build actions need their page.
 */
import { browser } from 'wxt/browser';
import { messenger } from '../messenger';
import { paletteSession } from './session';
import { createPalette } from './ui/palette';

export function mountPopupPalette(container: HTMLElement): void {
  const session = paletteSession();
  const ui = createPalette(
    {
      pageUrl: () => '',
      search: (query, pageUrl) => session.search(query, pageUrl),
      closed: () => session.end(),
      opened: (id) => void messenger.sendMessage('paletteOpened', { id }).catch(() => undefined),
      navigate: (url, newTab) => {
        void (newTab ? browser.tabs.create({ url }) : browser.tabs.update({ url })).finally(() => window.close());
      },
      runAction: async (action) => {
        if (action.startsWith('open-')) {
          const page = action.slice('open-'.length) as 'console' | 'webhook-lab' | 'options' | 'token-health';
          const reply = await messenger.sendMessage('paletteOpenPage', { page });
          return reply.ok ? null : reply.error.title;
        }
        if (action === 'refresh-index') {
          const reply = await messenger.sendMessage('paletteRefresh', undefined);
          return reply.ok ? 'Indexing every pipeline again…' : reply.error.title;
        }
        return 'Open the build or pipeline page for this action.';
      },
    },
    container,
    true,
  );
  ui.open();
}
