import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn();
vi.mock('@/lib/messenger', () => ({ messenger: { sendMessage: (...args: unknown[]) => sendMessage(...args) } }));
const { UnlockForm } = await import('@/components/UnlockForm');

const WRONG = {
  kind: 'bad-message',
  title: 'Wrong passphrase',
  detail: 'That passphrase does not open Kitedeck’s vault. Nothing was changed; your secrets are still there.',
  action: 'Type it again (it is case-sensitive).',
};

beforeEach(() => {
  sendMessage.mockReset();
  sendMessage.mockImplementation((name: string) => {
    if (name === 'getLockStatus')
      return Promise.resolve({ ok: true, value: { enabled: true, locked: true, idleMinutes: 15 } });
    if (name === 'unlockVault') return Promise.resolve({ ok: false, error: WRONG });
    return Promise.resolve({ ok: false, error: WRONG });
  });
});

describe('popup unlock form', () => {
  it('shows "Locked" and a passphrase form; a wrong passphrase says so and keeps what was typed', async () => {
    render(<UnlockForm />);
    expect(await screen.findByRole('heading', { name: 'Locked' })).toBeTruthy();
    const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
    fireEvent.input(field, { target: { value: 'not it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Wrong passphrase.');
    expect(alert.textContent).toContain('Nothing was changed');
    expect(sendMessage).toHaveBeenCalledWith('unlockVault', { passphrase: 'not it' });
    await waitFor(() => expect(field.value).toBe('not it'));
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('renders nothing when no passphrase lock is set', async () => {
    sendMessage.mockImplementation(() =>
      Promise.resolve({ ok: true, value: { enabled: false, locked: false, idleMinutes: null } }),
    );
    const { container } = render(<UnlockForm />);
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('getLockStatus', undefined));
    expect(container.textContent).toBe('');
  });
});
