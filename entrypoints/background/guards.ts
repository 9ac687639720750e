import { browser, type Browser } from 'wxt/browser';
import { WEB_ORIGINS } from '@/lib/config';
import type { Access } from '@/lib/message-spec';

type Sender = Browser.runtime.MessageSender;

/** Our own extension pages: popup, options, tool pages (not content scripts, not other extensions). */
export function isExtensionPage(sender: Sender): boolean {
  if (sender.id !== browser.runtime.id || typeof sender.url !== 'string') return false;
  const ownOrigin = browser.runtime.getURL('/');
  if (!sender.url.startsWith(ownOrigin)) return false;
  // A content script's sender.url is the page; an extension page opened in a tab has its own URL there too.
  return !sender.tab || (typeof sender.tab.url === 'string' ? sender.tab.url.startsWith(ownOrigin) : true);
}

/**
 * A content script of ours, in the top frame of a Buildkite tab. `frameId === 0` is only the ACTIVE page's top
 * frame: Chromium gives a prerendered page's top frame a non-zero id, with `documentLifecycle: 'prerender'`. Our
 * content script runs in top frames only (no `allFrames`), so a prerendering document is served too.
 */
export function isBuildkiteTab(sender: Sender): boolean {
  if (sender.id !== browser.runtime.id || !sender.tab || typeof sender.url !== 'string') return false;
  const lifecycle = (sender as { documentLifecycle?: string }).documentLifecycle;
  if (sender.frameId !== undefined && sender.frameId !== 0 && lifecycle !== 'prerender') return false;
  try {
    return WEB_ORIGINS.includes(new URL(sender.url).origin);
  } catch {
    return false;
  }
}

export function senderAllowed(access: Access, sender: Sender): boolean {
  return access === 'extension-page' ? isExtensionPage(sender) : isExtensionPage(sender) || isBuildkiteTab(sender);
}
