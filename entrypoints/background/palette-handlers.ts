import { browser } from 'wxt/browser';
import { recordOpen } from '@/lib/palette/history';
import { ensureFresh, markUsed, onPaletteAlarm, PALETTE_ALARM, search } from '@/lib/palette/service';
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
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PALETTE_ALARM) void onPaletteAlarm();
  });
}
