import { defineFeature } from '../define';
import { withSessionUi } from '../../in-page/on-demand';
import { id, pages } from './meta';
import { buildSession, type BuildSession } from '../../in-page/build-session';
import { openDialog } from '../../in-page/dialog';
import { button, h } from '../../in-page/dom';
import { isUserEvent } from '../../in-page/user-gesture';

/** Keyboard shortcuts on build pages. Two-key sequences: the second key must follow within this time. */
const SEQUENCE_MS = 1500;

export const SHORTCUTS: readonly { keys: string[]; label: string }[] = [
  { keys: ['r', 'f'], label: 'Retry failed jobs (preview first)' },
  { keys: ['r', 'b'], label: 'Rebuild (asks first)' },
  { keys: ['c', 'b'], label: 'Cancel build (asks first)' },
  { keys: ['u'], label: 'Unblock (opens the form)' },
  { keys: ['g', 'k'], label: 'Go to Kitedeck (focus its launcher or panel)' },
  { keys: ['?'], label: 'Show these shortcuts' },
  { keys: ['Esc'], label: 'Close a Kitedeck dialog' },
];

/**
 * `r f`, `r b`, `c b`, `u`, `?` on build pages; ignored while the user types in a field (inputs, textareas,
 * selects, contenteditable, also inside shadow roots) or holds a modifier. The overlay is built on first use.
 */
export const shortcuts = defineFeature({
  id,
  pages,
  init(context, signal) {
    const session = buildSession({ org: context.org, pipeline: context.pipeline, number: context.buildNumber }, signal);
    let prefix: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    session.panel.onBuild(90, (body) =>
      body.append(
        h(
          'div',
          { class: 'kd-buttons' },
          button('Keyboard shortcuts', (e) => showOverlay(session, e.currentTarget as Element), {
            'aria-keyshortcuts': '?',
          }),
        ),
      ),
    );

    document.addEventListener(
      'keydown',
      (event) => {
        // A page script's synthetic key presses never act (see lib/in-page/user-gesture.ts).
        if (!isUserEvent(event)) return;
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
        if (session.dialogOpen || isTyping(event)) return;
        const key = event.key;
        const first = prefix;
        prefix = null;
        clearTimeout(timer);
        const act = (action: () => void) => {
          event.preventDefault();
          action();
        };
        if (first === 'r' && key === 'f')
          return act(() => withSessionUi(session, (ui) => ui.retryFailed(session, null)));
        if (first === 'r' && key === 'b')
          return act(() => withSessionUi(session, (ui) => ui.confirmRebuild(session, null)));
        if (first === 'c' && key === 'b')
          return act(() => withSessionUi(session, (ui) => ui.confirmCancelBuild(session, null)));
        if (first === 'g' && key === 'k') return act(() => session.panel.focus());
        if (key === 'r' || key === 'c' || key === 'g') {
          prefix = key;
          timer = setTimeout(() => (prefix = null), SEQUENCE_MS);
          return;
        }
        if (key === 'u')
          return act(() => withSessionUi(session, (ui) => ui.unblock(session, null, undefined, context.jobId)));
        if (key === '?') return act(() => showOverlay(session, null));
      },
      { signal },
    );
  },
});

export default shortcuts;

function isTyping(event: KeyboardEvent): boolean {
  for (const target of event.composedPath()) {
    if (!(target instanceof HTMLElement)) continue;
    if (target.isContentEditable) return true;
    const tag = target.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (
      tag === 'INPUT' &&
      !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((target as HTMLInputElement).type)
    )
      return true;
  }
  return false;
}

function showOverlay(session: BuildSession, opener: Element | null) {
  if (session.dialogOpen) return;
  const readOnly = session.store.data?.capabilities.readOnlyMode;
  session.dialogOpen = true;
  const dialog = openDialog(
    session.panel.root,
    {
      title: 'Kitedeck keyboard shortcuts',
      opener,
      signal: session.signal,
      onClose: () => (session.dialogOpen = false),
    },
    h(
      'dl',
      { class: 'kd-shortcuts' },
      ...SHORTCUTS.flatMap(({ keys, label }) => [
        h('dt', {}, ...keys.flatMap((k, i) => [i > 0 ? ' then ' : null, h('kbd', {}, k)])),
        h('dd', {}, label),
      ]),
    ),
    h(
      'p',
      { class: 'kd-hint' },
      readOnly
        ? 'Read-only mode is on: the shortcuts that write do nothing.'
        : 'Shortcuts are ignored while you type in a field.',
    ),
    h(
      'div',
      { class: 'kd-dialog-actions' },
      button('Close', () => dialog.close()),
    ),
  );
}
