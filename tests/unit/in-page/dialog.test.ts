import { describe, expect, it, vi } from 'vitest';
import { openDialog } from '@/lib/in-page/dialog';

describe('openDialog', () => {
  it('Escape (the dialog’s cancel) closes it and reports it in the same key press, not a task later', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const opener = document.body.appendChild(document.createElement('button'));
    const onClose = vi.fn();
    const { dialog } = openDialog(root, { title: 'T', opener, signal: new AbortController().signal, onClose });
    expect(root.querySelector('dialog')).toBe(dialog);

    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(root.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);

    dialog.dispatchEvent(new Event('close')); // the browser's own close event, later: nothing more happens
    expect(onClose).toHaveBeenCalledTimes(1);
    host.remove();
    opener.remove();
  });
});
