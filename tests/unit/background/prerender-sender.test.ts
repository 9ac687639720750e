// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isBuildkiteTab } from '@/entrypoints/background/guards';

const tab = (frameId: number, documentLifecycle?: string) =>
  ({
    id: fakeBrowser.runtime.id,
    url: 'https://buildkite.com/acme/web/builds/1',
    tab: { id: 7, index: 0, url: 'https://buildkite.com/acme/web/builds/1' },
    frameId,
    ...(documentLifecycle ? { documentLifecycle } : {}),
  }) as Parameters<typeof isBuildkiteTab>[0];

describe('prerendered Buildkite pages are served (document lifecycle, not frameId === 0 alone)', () => {
  it('the active top frame', () => expect(isBuildkiteTab(tab(0, 'active'))).toBe(true));
  it('a prerendered top frame: non-zero frameId, lifecycle prerender (Chromium)', () =>
    expect(isBuildkiteTab(tab(697, 'prerender'))).toBe(true));
  it('a child frame of the active page is still refused', () => expect(isBuildkiteTab(tab(3, 'active'))).toBe(false));
  it('a child frame without lifecycle information is refused', () => expect(isBuildkiteTab(tab(3))).toBe(false));
  it('a back/forward-cached page is not served (it is not shown and will re-run on restore)', () =>
    expect(isBuildkiteTab(tab(12, 'cached'))).toBe(false));
});
