import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The on-demand in-page UI (lib/in-page/on-demand.ts): asked for once, on first use, and reported when it fails. */
const askBackground = vi.fn();
vi.mock('@/lib/in-page-messaging', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  askBackground: (...args: unknown[]) => askBackground(...args),
}));
const { loadInPageUi, withInPageUi } = await import('@/lib/in-page/on-demand');
const { injectInPageUi } = await import('./fixtures');
await import('@/lib/in-page/on-demand-ui'); // loaded once here: the tests time the protocol, not the module graph

const slot = () => (globalThis as unknown as Record<symbol, { ui?: unknown }>)[Symbol.for('kitedeck.in-page-ui')];

beforeEach(() => {
  askBackground.mockReset();
  if (slot()) delete slot()!.ui; // a tab that has not used a dialog yet
});

describe('on-demand in-page UI', () => {
  it('is asked for once however many uses wait for it, then found at once, in the same event', async () => {
    askBackground.mockImplementation((type: string) => (type === 'loadInPageUi' ? injectInPageUi() : undefined));
    const used: string[] = [];
    withInPageUi(() => used.push('first'), vi.fn());
    withInPageUi(() => used.push('second'), vi.fn());
    expect(used).toEqual([]);
    await vi.waitFor(() => expect(used).toEqual(['first', 'second']), { timeout: 5000 });
    expect(askBackground).toHaveBeenCalledTimes(1);
    withInPageUi((ui) => used.push(typeof ui.retryFailed), vi.fn());
    expect(used).toEqual(['first', 'second', 'function']); // synchronously: a double click still meets a disabled button
    expect(askBackground).toHaveBeenCalledTimes(1);
  });

  it('a refusal is reported, nothing runs, and the next use asks again', async () => {
    const refused = {
      kind: 'lost-contact',
      title: 'Kitedeck could not add its tools to this page',
      detail: '',
      action: '',
    };
    askBackground.mockResolvedValueOnce({ ok: false, error: refused });
    const use = vi.fn();
    const report = vi.fn();
    withInPageUi(use, report);
    await vi.waitFor(() => expect(report).toHaveBeenCalledWith(refused), { timeout: 5000 });
    expect(use).not.toHaveBeenCalled();
    askBackground.mockImplementation(() => injectInPageUi());
    await expect(loadInPageUi()).resolves.toMatchObject({ ok: true });
    expect(askBackground).toHaveBeenCalledTimes(2);
  });

  it('a background that answers but whose script did not run reads as lost contact', async () => {
    askBackground.mockResolvedValue({ ok: true, value: true });
    const reply = await loadInPageUi();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'lost-contact' } });
  });
});
