import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** Crafted message senders, built from what the fake browser says our id and URLs are. */
export type Sender = Browser.runtime.MessageSender;

const tab = (url: string, id = 7): NonNullable<Sender['tab']> =>
  ({
    id,
    index: 0,
    windowId: 1,
    url,
    active: true,
    highlighted: true,
    pinned: false,
    incognito: false,
    discarded: false,
    autoDiscardable: true,
    frozen: false,
    groupId: -1,
    selected: true,
  }) as NonNullable<Sender['tab']>;

export const senders = {
  /** The popup: an extension page with no tab. */
  popup: (): Sender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') }),
  /** An extension page (e.g. options) opened in a tab. */
  extensionTab: (): Sender => {
    const url = fakeBrowser.runtime.getURL('/options.html');
    return { id: fakeBrowser.runtime.id, url, tab: tab(url), frameId: 0, origin: new URL(url).origin };
  },
  /** Our content script in the top frame of a page. */
  contentScript: (url: string, frameId = 0): Sender => ({
    id: fakeBrowser.runtime.id,
    url,
    tab: tab(url),
    frameId,
    origin: new URL(url).origin,
  }),
  /** Another extension's page. */
  otherExtension: (): Sender => ({
    id: 'another-extension-id',
    url: 'chrome-extension://another-extension-id/popup.html',
  }),
};
