// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isBuildkiteTab, isExtensionPage, senderAllowed } from '@/entrypoints/background/guards';
import { senders, type Sender } from './senders';

const BUILD_PAGE = 'https://buildkite.com/acme/web/builds/1';

describe('the fake browser gives the values the senders are built from', () => {
  it('runtime.id and runtime.getURL', () => {
    expect(fakeBrowser.runtime.id).toBe('test-extension-id');
    expect(fakeBrowser.runtime.getURL('/popup.html')).toBe('chrome-extension://test-extension-id/popup.html');
  });
});

describe('senderAllowed', () => {
  const cases: [name: string, sender: () => Sender, extensionPage: boolean, buildkiteTab: boolean][] = [
    ['the popup (no tab, extension URL)', senders.popup, true, true],
    ['an extension page opened in a tab', senders.extensionTab, true, true],
    ['our content script on a Buildkite build page', () => senders.contentScript(BUILD_PAGE), false, true],
    [
      'our content script on the Buildkite dashboard',
      () => senders.contentScript('https://buildkite.com/'),
      false,
      true,
    ],
    ['our content script on https://evil.example', () => senders.contentScript('https://evil.example/'), false, false],
    [
      'a look-alike host buildkite.com.evil.example',
      () => senders.contentScript('https://buildkite.com.evil.example/acme'),
      false,
      false,
    ],
    ['a Buildkite sub-domain', () => senders.contentScript('https://api.buildkite.com/v2/builds'), false, false],
    ['plain http Buildkite', () => senders.contentScript('http://buildkite.com/acme'), false, false],
    ['a sub-frame of a Buildkite tab', () => senders.contentScript(BUILD_PAGE, 3), false, false],
    ['another extension', senders.otherExtension, false, false],
    [
      'another extension claiming a Buildkite URL',
      () => ({ ...senders.contentScript(BUILD_PAGE), id: 'another-extension-id' }),
      false,
      false,
    ],
    [
      'another extension’s page whose URL starts like ours',
      () => ({ id: 'another-extension-id', url: fakeBrowser.runtime.getURL('/popup.html') }),
      false,
      false,
    ],
    ['our id but no URL', () => ({ id: fakeBrowser.runtime.id }), false, false],
    ['a Buildkite content script without a tab', () => ({ id: fakeBrowser.runtime.id, url: BUILD_PAGE }), false, false],
    [
      'an extension-origin URL inside a web tab (frame of our page in someone else’s tab)',
      () => ({ ...senders.contentScript('https://evil.example/'), url: fakeBrowser.runtime.getURL('/popup.html') }),
      false,
      false,
    ],
    [
      'an unparseable URL in a tab',
      () => ({ ...senders.contentScript('https://buildkite.com/'), url: 'not a url' }),
      false,
      false,
    ],
    ['an empty sender', () => ({}), false, false],
  ];

  it.each(cases)('%s: extension-page=%s, buildkite-tab=%s', (_name, make, extensionPage, buildkiteTab) => {
    const sender = make();
    expect(senderAllowed('extension-page', sender)).toBe(extensionPage);
    expect(senderAllowed('buildkite-tab', sender)).toBe(buildkiteTab);
  });

  it('the two predicates separate pages from content scripts', () => {
    expect(isExtensionPage(senders.popup())).toBe(true);
    expect(isBuildkiteTab(senders.popup())).toBe(false);
    expect(isExtensionPage(senders.contentScript(BUILD_PAGE))).toBe(false);
    expect(isBuildkiteTab(senders.contentScript(BUILD_PAGE))).toBe(true);
  });
});
