import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadPortalPermission, withPortalPermission } from '@/entrypoints/console/portal-permission';

const PORTAL = { origins: ['https://portal.buildkite.com/*'] };

describe('portal host permission (optional, asked in the click)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('asks for portal.buildkite.com only, runs the action when granted', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    await loadPortalPermission();
    const action = vi.fn(() => Promise.resolve());
    const denied = vi.fn();
    withPortalPermission(action, denied);
    expect(request).toHaveBeenCalledWith(PORTAL);
    await vi.waitFor(() => expect(action).toHaveBeenCalledOnce());
    expect(denied).not.toHaveBeenCalled();

    // Granted now: the next run asks nothing.
    withPortalPermission(action, denied);
    expect(request).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(action).toHaveBeenCalledTimes(2));
  });

  it('sends nothing when the user declines', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    await loadPortalPermission();
    const action = vi.fn(() => Promise.resolve());
    const denied = vi.fn();
    withPortalPermission(action, denied);
    await vi.waitFor(() => expect(denied).toHaveBeenCalledOnce());
    expect(action).not.toHaveBeenCalled();
  });

  it('does not ask when the permission is already there', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const request = vi.spyOn(fakeBrowser.permissions, 'request');
    await loadPortalPermission();
    const action = vi.fn(() => Promise.resolve());
    withPortalPermission(action, vi.fn());
    expect(action).toHaveBeenCalledOnce();
    expect(request).not.toHaveBeenCalled();
  });
});
