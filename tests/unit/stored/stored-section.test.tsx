import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STORED_PART_IDS, type StoredPartState } from '@/lib/stored/messages';

const sendMessage = vi.fn();
vi.mock('@/lib/messenger', () => ({ messenger: { sendMessage: (...args: unknown[]) => sendMessage(...args) } }));
const { StoredSection } = await import('@/components/StoredSection');

const full = (): StoredPartState[] =>
  STORED_PART_IDS.map((id) =>
    id === 'token'
      ? { id, bytes: null, summary: 'A token is stored' }
      : { id, bytes: 2048, summary: id === 'console' ? '3 requests' : 'something' },
  );
let state: StoredPartState[];

afterEach(cleanup);
beforeEach(() => {
  state = full();
  sendMessage.mockReset();
  sendMessage.mockImplementation((name: string, data: { part: string }) => {
    if (name === 'getStoredParts') return Promise.resolve({ ok: true, value: state });
    if (name === 'clearStoredPart') {
      state = state.map((part) => (part.id === data.part ? { ...part, bytes: 0, summary: 'Empty' } : part));
      return Promise.resolve({ ok: true, value: state });
    }
    return Promise.resolve({ ok: false, error: { kind: 'bad-message', title: 'x', detail: 'y', action: 'z' } });
  });
});

async function show() {
  await act(() => {
    render(<StoredSection />);
  });
  return screen.findByRole('table');
}

describe('What Kitedeck stores', () => {
  it('shows each part with its size; the token as present, without a size', async () => {
    const table = await show();
    const token = within(table).getByRole('row', { name: /API token/ });
    expect(token.textContent).toContain('A token is stored');
    expect(token.textContent).toContain('—');
    const console = within(table).getByRole('row', { name: /Console history/ });
    expect(console.textContent).toContain('2.0 kB');
    expect(console.textContent).toContain('3 requests');
    expect(within(table).getAllByRole('button', { name: /^Clear / })).toHaveLength(STORED_PART_IDS.length);
  });

  it('a destructive part asks first: Cancel clears nothing, Yes clears that part only', async () => {
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Clear Console history' }));
    const confirm = screen.getByRole('group', { name: 'Confirm clearing Console history' });
    expect(confirm.textContent).toContain('Delete the console’s request history.');
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(sendMessage).not.toHaveBeenCalledWith('clearStoredPart', expect.anything());
    fireEvent.click(screen.getByRole('button', { name: 'Clear Console history' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, clear Console history' }));
    await screen.findByText('Cleared: Console history.');
    expect(sendMessage).toHaveBeenCalledWith('clearStoredPart', { part: 'console' });
    expect(screen.getByRole('row', { name: /Console history/ }).textContent).toContain('Empty');
  });

  it('a cache clears at once, without a confirmation', async () => {
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Clear Cached job logs' }));
    expect(screen.queryByRole('group')).toBeNull();
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('clearStoredPart', { part: 'logs' }));
  });

  it('a refused clear shows the error in the shared vocabulary', async () => {
    sendMessage.mockImplementation((name: string) =>
      name === 'getStoredParts'
        ? Promise.resolve({ ok: true, value: state })
        : Promise.resolve({
            ok: false,
            error: { kind: 'quota', title: 'Storage is full', detail: 'd', action: 'a' },
          }),
    );
    await show();
    fireEvent.click(screen.getByRole('button', { name: 'Clear Palette index' }));
    expect(await screen.findByText(/Storage is full/)).toBeTruthy();
  });
});
