import { browser, type Browser } from 'wxt/browser';
import { WEB_ORIGINS } from '@/lib/config';
import type { Access } from '@/lib/message-spec';
import { parsePageUrl } from '@/lib/pages';

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

/**
 * An in-page write acts only on the build the sender's tab shows. A page script can `history.pushState` to any
 * build the token reaches (other organisations included) and then drive the panel: the tab's URL as the browser
 * reports it (`sender.tab.url` or the frame's `sender.url`) must name the same build.
 * Extension pages (popup, notifications' buttons) are not tied to a tab.
 */
export function senderShowsBuild(sender: Sender, ref: { org: string; pipeline: string; number: number }): boolean {
  if (isExtensionPage(sender)) return true;
  const urls = [sender.tab?.url, sender.url].filter((url): url is string => typeof url === 'string');
  if (urls.length === 0) return false;
  // Chrome keeps the frame's `sender.url` at the URL the document loaded with after an in-app pushState, while
  // `tab.url` follows it: one of them naming the build is enough (they never name another build than the page's).
  return urls.some((url) => {
    const page = parsePageUrl(url, WEB_ORIGINS);
    return (
      page.kind === 'build' &&
      page.org.toLowerCase() === ref.org.toLowerCase() &&
      page.pipeline.toLowerCase() === ref.pipeline.toLowerCase() &&
      page.buildNumber === ref.number
    );
  });
}
