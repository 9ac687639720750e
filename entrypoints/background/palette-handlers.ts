import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import { recordOpen } from '@/lib/palette/history';
import { PaletteQuery } from '@/lib/palette/messages';
import type { PaletteAnswerMessage } from '@/lib/palette/model';
import { ensureFresh, markUsed, onPaletteAlarm, PALETTE_ALARM, search } from '@/lib/palette/service';
import { OPEN_PALETTE_MESSAGE, PALETTE_COMMAND, PALETTE_PORT, PALETTE_REQUEST_KEY } from '@/lib/palette/command';
import { WEB_ORIGINS } from '@/lib/config';
import { fail, ok, toKdError } from '@/lib/errors';
import { handle, invalidRequest } from './handle';
import { senderAllowed } from './guards';

const PAGE_FILES = {
  console: 'console.html',
  'webhook-lab': 'webhook-lab.html',
  'token-health': 'popup.html',
} as const;

/**
 * One palette session (lib/palette/session.ts): queries arrive on a long-lived port, not one message each. Checked
 * as a `buildkite-tab` message is: a port from anyone else (another extension, a frame that is not the tab's top)
 * is closed at once; every query is validated against `PaletteQuery`; a failure becomes a `Reply` error.
 */
function servePaletteSession(port: Browser.runtime.Port): void {
  if (!port.sender || !senderAllowed('buildkite-tab', port.sender)) {
    port.disconnect();
    return;
  }
  const answer = (message: PaletteAnswerMessage) => {
    try {
      port.postMessage(message);
    } catch {
      // The palette closed (or its page went away) before the answer: nobody is waiting for it.
    }
  };
  port.onMessage.addListener((raw: unknown) => {
    const parsed = v.safeParse(PaletteQuery, raw);
    if (!parsed.success) {
      const seq = (raw as { seq?: unknown } | null)?.seq;
      if (!Number.isSafeInteger(seq)) return port.disconnect();
      return answer({ seq: seq as number, reply: fail(invalidRequest(parsed.issues)) });
    }
    const { seq, query, pageUrl } = parsed.output;
    if (query === '') void markUsed();
    search(query, pageUrl).then(
      (value) => answer({ seq, reply: ok(value) }),
      (cause: unknown) => answer({ seq, reply: fail(toKdError(cause)) }),
    );
  });
}

/** The command palette: search, opens, refresh, opening Kitedeck's pages; the keyboard command; its alarm. */
export function registerPaletteHandlers(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === PALETTE_PORT) servePaletteSession(port);
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
