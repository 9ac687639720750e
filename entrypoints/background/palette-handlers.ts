import { browser } from 'wxt/browser';
import { recordOpen } from '@/lib/palette/history';
import { ensureFresh, markUsed, onPaletteAlarm, PALETTE_ALARM, search } from '@/lib/palette/service';
import { OPEN_PALETTE_MESSAGE, PALETTE_COMMAND, PALETTE_REQUEST_KEY } from '@/lib/palette/command';
import { WEB_ORIGINS } from '@/lib/config';
import { handle } from './handle';

const PAGE_FILES = {
  console: 'console.html',
  'webhook-lab': 'webhook-lab.html',
  'token-health': 'popup.html',
} as const;

/** The command palette: search, opens, refresh, opening Kitedeck's pages; the keyboard command; its alarm. */
export function registerPaletteHandlers(): void {
  handle('paletteSearch', async ({ query, pageUrl }) => {
    if (query === '') void markUsed();
    return search(query, pageUrl);
  });
  handle('paletteOpened', async ({ id }) => {
    await recordOpen(id);
    return null;
  });
  handle('paletteRefresh', async () => {
    await ensureFresh(true);
    return null;
  });
  handle('paletteOpenPage', async ({ page }) => {
    if (page === 'options') await browser.runtime.openOptionsPage();
    else await browser.tabs.create({ url: browser.runtime.getURL(`/${PAGE_FILES[page]}`) });
    return null;
  });
  // The keyboard command: the palette in the current Buildkite tab (`activeTab` lets us read its URL), else the
  // popup's palette view. `openPopup` is called synchronously, inside the command's user gesture.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== PALETTE_COMMAND) return;
    const origin = tab?.url ? new URL(tab.url).origin : null;
    if (tab?.id !== undefined && origin && WEB_ORIGINS.includes(origin)) {
      void browser.tabs.sendMessage(tab.id, { type: OPEN_PALETTE_MESSAGE }).catch(() => undefined);
      return;
    }
    void browser.storage.session.set({ [PALETTE_REQUEST_KEY]: Date.now() });
    void browser.action.openPopup().catch(() => undefined);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PALETTE_ALARM) void onPaletteAlarm();
  });
}
