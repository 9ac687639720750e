import { afterEach, describe, expect, it, vi } from 'vitest';

/** Ctrl+K when the palette's on-demand code cannot be loaded: the user is told on the page, and may try again. */
const loadInPageUi = vi.fn();
vi.mock('@/lib/in-page/on-demand', () => ({
  loadInPageUi: () => loadInPageUi(),
  withSessionUi: vi.fn(),
}));
vi.mock('@/lib/in-page-messaging', () => ({ askBackground: vi.fn() }));

const { installPalette } = await import('@/lib/palette/in-page');

const controller = new AbortController();
afterEach(() => {
  document.querySelectorAll('kd-notice').forEach((notice) => notice.remove());
  loadInPageUi.mockReset();
});

/** The user's own press: the palette's key check wants `isTrusted` (set here explicitly). */
function pressCtrlK() {
  const event = new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  document.body.dispatchEvent(event);
  return event;
}

const lostContact = {
  ok: false,
  error: {
    kind: 'lost-contact',
    title: 'Kitedeck lost contact',
    detail: 'The background did not answer.',
    action: 'Refresh this page.',
  },
};

describe('palette shortcut when its code cannot be loaded', () => {
  installPalette(() => null, controller.signal);

  it('shows a notice that says why, read out at once, and the next Ctrl+K tries again', async () => {
    loadInPageUi.mockResolvedValue(lostContact);
    expect(pressCtrlK().defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(document.querySelector('kd-notice')).not.toBeNull());
    const alert = document.querySelector('kd-notice')!.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('Kitedeck could not open the command palette');
    expect(alert.textContent).toContain('Kitedeck lost contact. Refresh this page.');
    expect(loadInPageUi).toHaveBeenCalledTimes(1);

    pressCtrlK();
    await vi.waitFor(() => expect(loadInPageUi).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(document.querySelectorAll('kd-notice')).toHaveLength(1)); // replaced, not stacked
  });

  it('the notice goes on Dismiss and on Escape', async () => {
    loadInPageUi.mockResolvedValue(lostContact);
    pressCtrlK();
    await vi.waitFor(() => expect(document.querySelector('kd-notice')).not.toBeNull());
    const dismiss = [...document.querySelector('kd-notice')!.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent === 'Dismiss',
    )!;
    dismiss.click();
    expect(document.querySelector('kd-notice')).toBeNull();

    pressCtrlK();
    await vi.waitFor(() => expect(document.querySelector('kd-notice')).not.toBeNull());
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(document.querySelector('kd-notice')).toBeNull();
  });
});
