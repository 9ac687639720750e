/**
 * Kitedeck's docked panel on Buildkite pages: a shadow root (our styles can't leak into the page and the page's
 * can't reach us), built with plain DOM so the in-page script stays tiny. It never depends on Buildkite's markup
 * or CSS classes. Everything shown is set with `textContent`: API text is never parsed as HTML.
 */
import { QUICK_ACTIONS_STYLE } from './quick-actions-style';

const STYLE = `
:host { all: initial; position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; }
.kd-panel { font: 13px/1.4 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #c9c9d1;
  border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.15); width: 300px; max-height: 70vh; overflow: auto; }
.kd-head { display: flex; align-items: center; gap: 8px; padding: 8px 10px; border-bottom: 1px solid #e4e4ea; }
.kd-head h2 { font-size: 13px; margin: 0; flex: 1; }
.kd-body { padding: 8px 10px; display: grid; gap: 6px; }
.kd-body[hidden] { display: none; }
.kd-row { display: flex; gap: 6px; }
.kd-label { color: #5b5b66; min-width: 64px; }
.kd-status[data-verdict=ok] { color: #1b6e34; }
.kd-status[data-verdict=invalid], .kd-status[data-verdict=expired], .kd-status[data-verdict=error] { color: #b3261e; }
.kd-status[data-verdict=warning], .kd-status[data-verdict=expiring], .kd-status[data-verdict=no-token] { color: #8a5100; }
button { font: inherit; cursor: pointer; border: 1px solid #c9c9d1; background: #f6f6f9; border-radius: 6px; padding: 2px 8px; }
button:focus-visible { outline: 2px solid #3b5bdb; outline-offset: 2px; }
${QUICK_ACTIONS_STYLE}`;

export interface Panel {
  host: HTMLElement;
  /** The shadow root (dialogs are opened in it, so they get the panel's styles). */
  root: ShadowRoot;
  /** Where features add their sections. */
  body: HTMLElement;
  setRows(rows: [label: string, value: string][]): void;
  setStatus(verdict: string, text: string): void;
  destroy(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function mountPanel(): Panel {
  document.querySelectorAll('kd-panel').forEach((stale) => stale.remove());
  const host = document.createElement('kd-panel');
  host.setAttribute('data-kd', 'panel');
  const root = host.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = STYLE;
  const panel = el('section', 'kd-panel');
  panel.setAttribute('aria-label', 'Kitedeck');
  const head = el('div', 'kd-head');
  const title = el('h2', undefined, 'Kitedeck');
  const toggle = el('button', undefined, 'Hide');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'true');
  toggle.setAttribute('aria-label', 'Hide Kitedeck panel');
  const body = el('div', 'kd-body');
  body.id = 'kd-body';
  toggle.setAttribute('aria-controls', body.id);
  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.textContent = open ? 'Hide' : 'Show';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('aria-label', `${open ? 'Hide' : 'Show'} Kitedeck panel`);
  });
  const rows = el('dl', 'kd-rows');
  rows.setAttribute('data-kd', 'context');
  const status = el('p', 'kd-status', 'Checking token…');
  status.setAttribute('role', 'status');
  status.setAttribute('data-kd', 'token-status');
  head.append(title, toggle);
  body.append(rows, status);
  panel.append(head, body);
  root.append(style, panel);
  (document.body ?? document.documentElement).append(host);

  return {
    host,
    root,
    body,
    setRows(entries) {
      rows.replaceChildren(
        ...entries.map(([label, value]) => {
          const row = el('div', 'kd-row');
          row.append(el('dt', 'kd-label', label), el('dd', undefined, value));
          return row;
        }),
      );
    },
    setStatus(verdict, text) {
      status.dataset.verdict = verdict;
      status.textContent = text;
    },
    destroy: () => host.remove(),
  };
}
