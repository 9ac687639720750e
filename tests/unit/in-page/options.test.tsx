import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

const sendMessage = vi.fn();
vi.mock('@/lib/messenger', () => ({ messenger: { sendMessage: (...args: unknown[]) => sendMessage(...args) } }));
const { Options } = await import('@/entrypoints/options/Options');

let settings: Settings;
beforeEach(() => {
  settings = { ...DEFAULT_SETTINGS, disabledFeatures: ['shortcuts'] };
  sendMessage.mockReset();
  sendMessage.mockImplementation((name: string, data: unknown) => {
    if (name === 'getSettings') return Promise.resolve({ ok: true, value: settings });
    if (name === 'getVaultSettings')
      return Promise.resolve({ ok: true, value: { forgetOnClose: false, hasToken: true } });
    if (name === 'updateSettings') {
      settings = { ...settings, ...(data as Partial<Settings>) };
      return Promise.resolve({ ok: true, value: settings });
    }
    if (name === 'setForgetOnClose')
      return Promise.resolve({ ok: true, value: { ...(data as object), hasToken: true } });
    return Promise.resolve({ ok: false, error: { kind: 'bad-message', title: 'x', detail: 'y', action: 'z' } });
  });
});

describe('options page', () => {
  it('switches read-only mode, features, auto-watch and forget-on-close through the background', async () => {
    await act(() => {
      render(<Options />);
    });
    const shortcuts = await screen.findByRole('checkbox', { name: 'Keyboard shortcuts enabled' });
    expect((shortcuts as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: /Read-only mode/ }));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('updateSettings', { readOnly: true }));
    fireEvent.click(shortcuts);
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('updateSettings', { disabledFeatures: [] }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Job controls enabled' }));
    await waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith('updateSettings', { disabledFeatures: ['job-controls'] }),
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Automatically watch builds I create (from now on)' }));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('updateSettings', { autoWatchMine: true }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Forget the token when the browser closes' }));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('setForgetOnClose', { forgetOnClose: true }));
    expect(settings).toMatchObject({ readOnly: true, autoWatchMine: true, disabledFeatures: ['job-controls'] });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Saved/));
  });
});
