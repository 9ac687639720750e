import { act, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn();
vi.mock('@/lib/messenger', () => ({ messenger: { sendMessage: (...args: unknown[]) => sendMessage(...args) } }));
const { ReadOnlyChip } = await import('@/entrypoints/popup/ReadOnlyChip');

const settings = (readOnly: boolean) => ({ ok: true, value: { readOnly, autoWatchMine: false, disabledFeatures: [] } });

beforeEach(() => sendMessage.mockReset());

describe('popup read-only chip', () => {
  it('shows a visible "Read-only" chip when read-only mode is on', async () => {
    sendMessage.mockResolvedValue(settings(true));
    render(<ReadOnlyChip />);
    await act(() => sendMessage.mock.results[0]?.value);
    const chip = screen.getByText('Read-only');
    expect(chip.classList.contains('kd-chip')).toBe(true);
    expect(chip.getAttribute('title')).toContain('no writes to Buildkite');
    expect(sendMessage).toHaveBeenCalledWith('getSettings', undefined);
  });

  it('shows nothing when read-only mode is off, or when the settings cannot be read', async () => {
    sendMessage.mockResolvedValue(settings(false));
    const off = render(<ReadOnlyChip />);
    await act(() => sendMessage.mock.results[0]?.value);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(off.container.textContent).toBe('');
    off.unmount();
    sendMessage.mockResolvedValue({ ok: false, error: { kind: 'network', title: 'x', detail: 'y', action: 'z' } });
    const failed = render(<ReadOnlyChip />);
    await act(() => sendMessage.mock.results[1]?.value);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(failed.container.textContent).toBe('');
  });
});
