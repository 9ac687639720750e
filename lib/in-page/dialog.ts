import { h, uid, type Child } from './dom';

export interface OpenDialog {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  close(): void;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog in the panel's shadow root, built when first needed: focus moves in, Tab stays inside, Escape
 * closes, and focus returns to the control that opened it. Closing (or `signal` aborting) removes it.
 */
export function openDialog(
  root: ShadowRoot,
  options: { title: string; opener?: Element | null; signal: AbortSignal; onClose?: () => void },
  ...content: Child[]
): OpenDialog {
  const titleId = uid('dialog-title');
  const body = h('div', { class: 'kd-dialog-body' }, ...content);
  const dialog = h(
    'dialog',
    { 'aria-labelledby': titleId, 'data-kd': 'dialog' },
    h('h2', { id: titleId }, options.title),
    body,
  );
  const opener = (options.opener ?? (root.activeElement || document.activeElement)) as HTMLElement | null;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    options.onClose?.();
    if (opener?.isConnected) opener.focus();
  };
  dialog.addEventListener('close', close);
  // Escape: the browser hides the dialog at once but fires `close` a task later; in between, a shortcut pressed next
  // would still see the dialog as open (`dialogOpen`) and be dropped. Clean up on `cancel`, in the same key press.
  dialog.addEventListener('cancel', close);
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = root.activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });
  signal(options.signal, close);
  root.append(dialog);
  dialog.showModal();
  const firstField =
    dialog.querySelector<HTMLElement>('input, select, textarea') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
  firstField?.focus();
  return { dialog, body, close };
}

function signal(s: AbortSignal, onAbort: () => void) {
  if (s.aborted) onAbort();
  else s.addEventListener('abort', onAbort, { once: true });
}
