import type { Panel } from '../panel';

const SEQUENCE_MS = 1500;

function isTyping(event: KeyboardEvent): boolean {
  const target = (event.composedPath()[0] ?? event.target) as HTMLElement | null;
  return !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Two-key shortcuts of the build lists (`n b`, `c b`, `r f`, `r b`), the build page's conventions: only trusted key
 * events, never while typing or with a dialog open. `sequences` maps "first second" to what it runs; a run that
 * answers `false` did not apply (the key goes on to the page).
 */
export function onListKeys(
  panel: Panel,
  signal: AbortSignal,
  sequences: Readonly<Record<string, () => boolean | void>>,
): void {
  const firsts = new Set(Object.keys(sequences).map((keys) => keys.split(' ')[0]));
  let prefix: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  document.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event) || panel.root.querySelector('dialog[open]')) return;
      const first = prefix;
      prefix = null;
      clearTimeout(timer);
      const run = first === null ? undefined : sequences[`${first} ${event.key}`];
      if (run && run() !== false) return event.preventDefault();
      if (firsts.has(event.key)) {
        prefix = event.key;
        timer = setTimeout(() => (prefix = null), SEQUENCE_MS);
      }
    },
    { signal },
  );
}
