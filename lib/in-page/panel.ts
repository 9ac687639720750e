/**
 * Kitedeck's in-page UI: a small launcher docked in a corner ("#42 · 4 failed · Retry"), expanding into the panel.
 * A shadow root (open, for assistive tools) styled by the one shared stylesheet (panel-style.ts); plain DOM so the
 * content script stays tiny; text only (`textContent`), never HTML. Nothing but the launcher is built until the
 * user expands it: the panel's head and body, and every section features add (`onBuild`), come on first expand.
 * Under 600 px wide the expanded panel is a bottom sheet. Expanded/collapsed and the dock side are remembered
 * (the background keeps them; `onPrefs` reports changes).
 */
import { h } from './dom';
import { inFrame } from './frame';
import { adoptStyles } from './panel-style';

export type Dock = 'left' | 'right';
export interface PanelPrefs {
  expanded: boolean;
  dock: Dock;
}

export interface LauncherSummary {
  /** Short, e.g. "#42 · 4 failed". */
  text: string;
  /** A Buildkite state word for the colour dot and chip (passed, failed, failing, running, blocked…). */
  state: string;
  /** The label for the state chip in the panel's head (e.g. "failing", "blocked"). */
  chip: string;
}

export interface Panel {
  host: HTMLElement;
  root: ShadowRoot;
  readonly expanded: boolean;
  /** Runs `build(body)` when the panel body exists: at once if it does, else on first expand. Ordered by `order`. */
  onBuild(order: number, build: (body: HTMLElement) => void): void;
  setSummary(summary: LauncherSummary): void;
  /** One quick action beside the launcher (e.g. Retry), or none. */
  setQuickAction(action: { label: string; name: string; run: (button: HTMLButtonElement) => void } | null): void;
  /** The token line: shown only when something is wrong (verdict other than ok). */
  setStatus(verdict: string, text: string): void;
  setReadOnly(on: boolean): void;
  expand(): void;
  collapse(): void;
  /** `g k`: focus the launcher, or the expanded panel's heading. */
  focus(): void;
  destroy(): void;
}

/**
 * A panel left by an earlier page view or an earlier copy of the content script, found where `mountPanel` puts one
 * (before <main>, or at the end of <body> or the document): only those parents' children are looked at, not the
 * whole page (a `querySelectorAll` walked all of a 300-job build page's DOM, about 0.5 ms on every load).
 */
function removeStalePanels(main: Element | null): void {
  for (const parent of new Set([main?.parentElement, document.body, document.documentElement])) {
    if (!parent) continue;
    for (const child of Array.from(parent.children)) if (child.localName === 'kd-panel') child.remove();
  }
}

export function mountPanel(prefs: PanelPrefs, onPrefs: (prefs: PanelPrefs) => void): Panel {
  const main = document.querySelector('main');
  removeStalePanels(main);
  const host = document.createElement('kd-panel');
  host.setAttribute('data-kd', 'panel');
  host.dataset.dock = prefs.dock;
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);

  let summary: LauncherSummary = { text: 'Kitedeck', state: 'scheduled', chip: '' };
  let status: [verdict: string, text: string] = ['ok', ''];
  let readOnly = false;
  let dock = prefs.dock;
  const builders: [number, (body: HTMLElement) => void][] = [];

  const dot = h('span', { class: 'kd-dot', 'aria-hidden': 'true' });
  const label = h('span', {}, 'Kitedeck');
  const launcher = h('button', {
    type: 'button',
    class: 'kd-launcher',
    'aria-expanded': 'false',
    'aria-controls': 'kd-panel',
    'aria-keyshortcuts': 'g k',
    'data-kd': 'launcher',
  });
  launcher.append(dot, label);
  let quick: HTMLButtonElement | null = null;
  let quickAction: Parameters<Panel['setQuickAction']>[0] = null;
  const dockBar = h('div', { class: 'kd-dock' }, launcher);
  const region = h('section', { 'aria-label': 'Kitedeck' }, dockBar);
  root.append(region);

  // Built on first expand.
  let built: null | {
    panel: HTMLElement;
    heading: HTMLElement;
    chip: HTMLElement;
    readOnlyChip: HTMLElement;
    statusLine: HTMLElement;
    body: HTMLElement;
    dockButton: HTMLButtonElement;
  } = null;

  const paintLauncher = () =>
    inFrame(launcher, () => {
      dot.dataset.state = summary.state;
      label.textContent = summary.text;
      launcher.setAttribute('aria-label', `Kitedeck: ${summary.text}`);
    });
  const paintPanel = () => {
    if (!built) return;
    const b = built;
    inFrame(b.panel, () => {
      b.chip.dataset.state = summary.state;
      b.chip.textContent = summary.chip;
      b.chip.hidden = !summary.chip;
      b.readOnlyChip.hidden = !readOnly;
      b.statusLine.dataset.verdict = status[0];
      b.statusLine.textContent = status[1];
      b.statusLine.hidden = status[0] === 'ok' || !status[1];
      b.dockButton.textContent = dock === 'right' ? 'Dock left' : 'Dock right';
      b.dockButton.setAttribute('aria-label', `Move Kitedeck to the ${dock === 'right' ? 'left' : 'right'}`);
    });
  };

  const build = () => {
    if (built) return built;
    const chip = h('span', { class: 'kd-chip', 'data-kd': 'build-state' });
    const readOnlyChip = h('span', { class: 'kd-chip kd-plain', 'data-kd': 'read-only' }, 'Read-only');
    const heading = h('h2', { tabindex: '-1' }, 'Kitedeck', chip, readOnlyChip);
    const dockButton = h('button', { type: 'button' });
    dockButton.addEventListener('click', () => {
      dock = dock === 'right' ? 'left' : 'right';
      host.dataset.dock = dock;
      paintPanel();
      onPrefs({ expanded: true, dock });
    });
    const collapseButton = h(
      'button',
      { type: 'button', 'aria-expanded': 'true', 'aria-controls': 'kd-panel', 'aria-label': 'Collapse Kitedeck panel' },
      'Collapse',
    );
    collapseButton.addEventListener('click', () => {
      api.collapse();
      launcher.focus();
    });
    const statusLine = h('p', { class: 'kd-status', role: 'status', 'data-kd': 'token-status', hidden: true });
    const body = h('div', { class: 'kd-body' }, statusLine);
    const panel = h(
      'div',
      { class: 'kd-panel', id: 'kd-panel', hidden: true },
      h('div', { class: 'kd-head' }, heading, dockButton, collapseButton),
      body,
    );
    region.append(panel);
    built = { panel, heading, chip, readOnlyChip, statusLine, body, dockButton };
    builders.sort((a, b) => a[0] - b[0]);
    for (const [, run] of builders) run(body);
    paintPanel();
    return built;
  };

  launcher.addEventListener('click', () => {
    api.expand();
    built?.heading.focus();
  });

  let expanded = false;
  const api: Panel = {
    host,
    root,
    get expanded() {
      return expanded;
    },
    onBuild(order, run) {
      if (built) {
        run(built.body);
      } else {
        builders.push([order, run]);
      }
    },
    setSummary(next) {
      summary = next;
      paintLauncher();
      paintPanel();
    },
    setQuickAction(action) {
      quickAction = action;
      if (!action) {
        quick?.remove();
        quick = null;
        return;
      }
      if (!quick) {
        const b = h('button', { type: 'button', 'data-kd': 'quick-action' });
        // A page script can click through the open shadow root: only the user's own click acts.
        b.addEventListener('click', (event) => {
          if (event.isTrusted) quickAction?.run(b);
        });
        dockBar.append(b);
        quick = b;
      }
      const b = quick;
      inFrame(b, () => {
        b.textContent = action.label;
        b.setAttribute('aria-label', action.name);
      });
    },
    setStatus(verdict, text) {
      status = [verdict, text];
      paintPanel();
    },
    setReadOnly(on) {
      readOnly = on;
      paintPanel();
    },
    expand() {
      if (expanded) return;
      expanded = true;
      const b = build();
      b.panel.hidden = false;
      dockBar.hidden = true;
      host.toggleAttribute('data-expanded', true);
      launcher.setAttribute('aria-expanded', 'true');
      onPrefs({ expanded: true, dock });
    },
    collapse() {
      if (!expanded) return;
      expanded = false;
      if (built) built.panel.hidden = true;
      dockBar.hidden = false;
      host.removeAttribute('data-expanded');
      launcher.setAttribute('aria-expanded', 'false');
      onPrefs({ expanded: false, dock });
    },
    focus() {
      if (expanded && built) built.heading.focus();
      else launcher.focus();
    },
    destroy: () => host.remove(),
  };

  // In the tab order after the page's header, before its main content, where the page has a <main>.
  if (main?.parentElement) main.before(host);
  else (document.body ?? document.documentElement).append(host);
  if (prefs.expanded) {
    const report = onPrefs;
    onPrefs = () => {}; // restoring is not a change
    api.expand();
    onPrefs = report;
  }
  return api;
}
