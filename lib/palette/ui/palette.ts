/**
 * The palette's UI: the ARIA combobox pattern (an input with role="combobox", a listbox of options,
 * aria-activedescendant; arrows move, Enter opens, Ctrl/⌘+Enter opens in a new tab, Esc closes and gives focus
 * back). Plain DOM in its own shadow root, built on first open. It draws what the background answers; it holds
 * no index and no token. Every text is set as text, never parsed as HTML.
 */
import type { Reply } from '../../errors';
import type { PaletteActionId, PaletteAnswer, PaletteResult } from '../model';
import { PALETTE_STYLE } from './style';

export interface PaletteHost {
  /** The page the palette is opened on (its in-context actions and `#123`). */
  pageUrl(): string;
  search(query: string, pageUrl: string): Promise<Reply<PaletteAnswer>>;
  /** The palette closed: its session with the background can end. */
  closed(): void;
  opened(id: string): void;
  navigate(url: string, newTab: boolean): void;
  /** Runs an action; a string is shown in the status line (the palette stays open), null closes it. */
  runAction(action: PaletteActionId, ui: PaletteUi): Promise<string | null>;
}

export interface PaletteUi {
  open(): void;
  close(): void;
  setQuery(query: string): void;
  readonly isOpen: boolean;
}

const STATE_WORD: Record<string, string> = {
  not_run: 'skipped',
  canceling: 'canceled',
  creating: 'scheduled',
  waiting: 'scheduled',
  waiting_failed: 'failed',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** `title` with the matched characters in <mark> (text nodes only). */
function highlighted(title: string, matches: readonly number[]): HTMLElement {
  const span = el('span', { class: 'kd-title' });
  const set = new Set(matches);
  let run = '';
  let marked = false;
  const flush = () => {
    if (!run) return;
    span.append(marked ? el('mark', {}, run) : document.createTextNode(run));
    run = '';
  };
  for (let i = 0; i < title.length; i++) {
    const m = set.has(i);
    if (m !== marked) flush();
    marked = m;
    run += title[i];
  }
  flush();
  return span;
}

export function createPalette(host: PaletteHost, mountPoint: HTMLElement | ShadowRoot, embedded = false): PaletteUi {
  const container = document.createElement('kd-palette');
  const root = container.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = PALETTE_STYLE;
  const overlay = el('div', { class: 'kd-overlay' });
  if (embedded) overlay.style.cssText = 'position: static; background: none; padding: 0;';
  const dialog = el('div', { class: 'kd-palette', role: 'dialog', 'aria-label': 'Kitedeck command palette' });
  if (!embedded) dialog.setAttribute('aria-modal', 'true');
  const input = el('input', {
    class: 'kd-input',
    type: 'text',
    role: 'combobox',
    'aria-label': 'Search pipelines, builds and actions',
    'aria-expanded': 'true',
    'aria-controls': 'kd-palette-list',
    'aria-autocomplete': 'list',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'Search pipelines and builds, paste a link, or > for actions',
  });
  const status = el('p', { class: 'kd-status', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { class: 'kd-list', role: 'listbox', id: 'kd-palette-list', 'aria-label': 'Results' });
  const hint = el(
    'p',
    { class: 'kd-hint' },
    '↑↓ to move · Enter to open · Ctrl/⌘+Enter in a new tab · > for actions · Esc to close',
  );
  dialog.append(input, status, list, hint);
  overlay.append(dialog);
  root.append(style, overlay);

  let results: PaletteResult[] = [];
  let active = -1;
  let sequence = 0;
  let opener: Element | null = null;
  let isOpen = false;
  let note = '';
  let again: ReturnType<typeof setTimeout> | undefined;

  const optionId = (i: number) => `kd-palette-option-${i}`;

  function setActive(i: number) {
    const options = list.children;
    if (active >= 0 && options[active]) options[active]!.setAttribute('aria-selected', 'false');
    active = results.length ? Math.max(0, Math.min(results.length - 1, i)) : -1;
    if (active >= 0) {
      const option = options[active] as HTMLElement;
      option.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', optionId(active));
      option.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  /**
   * The drawn options, keyed by result id. A result drawn for the last answer keeps its option (moved into place if
   * the ranking moved it); of a kept option only the title is redrawn when the matched characters changed (each
   * keystroke moves the highlight), and only a result that looks different otherwise gets a new option.
   */
  interface Row {
    li: HTMLLIElement;
    title: HTMLElement;
    /** What the title shows (text and matched indexes), and what the rest of the option shows. */
    titleLook: string;
    look: string;
  }
  let rows = new Map<string, Row>();
  const titleLook = (r: PaletteResult) => `${r.title}\u0000${r.matches.join(',')}`;
  const look = (r: PaletteResult) => JSON.stringify([r.kind, r.title, r.state, r.detail]);

  function row(r: PaletteResult): Row {
    const li = el('li', { class: 'kd-option', role: 'option', 'aria-selected': 'false' });
    if (r.kind === 'notice') li.setAttribute('aria-disabled', 'true');
    const title = highlighted(r.title, r.matches);
    li.append(title);
    if (r.state)
      li.append(
        el('span', { class: 'kd-chip', 'data-state': STATE_WORD[r.state] ?? r.state }, r.state.replace(/_/g, ' ')),
      );
    else if (r.kind === 'action') li.append(el('span', { class: 'kd-chip', 'data-kind': 'action' }, 'action'));
    if (r.detail) li.append(el('span', { class: 'kd-detail' }, r.detail));
    return { li, title, titleLook: titleLook(r), look: look(r) };
  }

  /** Draws an answer, touching only the options that changed. */
  function draw(answer: PaletteAnswer, query: string) {
    if (active >= 0) list.children[active]?.setAttribute('aria-selected', 'false');
    active = -1;
    results = answer.results;
    const next = new Map<string, Row>();
    results.forEach((r, i) => {
      let kept = next.has(r.id) ? undefined : rows.get(r.id);
      if (!kept || kept.look !== look(r)) kept = row(r);
      else if (kept.titleLook !== titleLook(r)) {
        const title = highlighted(r.title, r.matches);
        kept.title.replaceWith(title);
        kept.title = title;
        kept.titleLook = titleLook(r);
      }
      if (!next.has(r.id)) next.set(r.id, kept);
      const id = optionId(i);
      if (kept.li.id !== id) kept.li.id = id;
      const here = list.children[i];
      if (here !== kept.li) list.insertBefore(kept.li, here ?? null);
    });
    while (list.children.length > results.length) list.lastElementChild!.remove();
    rows = next;
    // Which query the listbox now answers (the bench and tests wait for it; screen readers ignore it).
    list.setAttribute('data-kd-query', query);
    const message = note || (answer.status.state === 'ready' ? '' : answer.status.message);
    status.textContent = results.length ? message : [message, 'No matches.'].filter(Boolean).join(' ');
    setActive(0);
  }

  function clearList() {
    results = [];
    rows = new Map();
    active = -1;
    list.replaceChildren();
    list.removeAttribute('data-kd-query');
  }

  /**
   * One query in flight at a time: keystrokes typed while it is out are not sent one by one; when it comes back
   * the answer is drawn only if the field still holds its query, else the field's latest value is asked for.
   */
  let inFlight = false;

  async function query() {
    if (inFlight) return;
    inFlight = true;
    const mine = ++sequence;
    const asked = input.value;
    let reply: Reply<PaletteAnswer>;
    try {
      reply = await host.search(asked, host.pageUrl());
    } finally {
      inFlight = false;
    }
    if (!isOpen) return;
    if (mine !== sequence || asked !== input.value) {
      void query(); // stale: ask for what the field holds now
      return;
    }
    if (!reply.ok) {
      clearList();
      status.textContent = `${reply.error.title}. ${reply.error.action}`;
      return;
    }
    draw(reply.value, asked);
    // While the index loads, ask again so new pipelines (and the progress line) show without a keystroke.
    if (reply.value.status.state === 'indexing') {
      clearTimeout(again);
      again = setTimeout(() => {
        if (mine === sequence && isOpen) void query();
      }, 400);
    }
  }

  async function choose(i: number, newTab: boolean) {
    const r = results[i];
    if (!r || r.kind === 'notice') return;
    host.opened(r.id);
    if (r.url) {
      if (!embedded) ui.close();
      host.navigate(r.url, newTab);
      return;
    }
    if (!r.action) return;
    const outcome = await host.runAction(r.action, ui);
    if (outcome === null) ui.close();
    else {
      note = outcome;
      status.textContent = outcome;
    }
  }

  input.addEventListener('input', () => {
    note = '';
    void query();
  });
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const key = e.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      e.preventDefault();
      if (results.length)
        setActive(key === 'ArrowDown' ? (active + 1) % results.length : (active - 1 + results.length) % results.length);
    } else if (key === 'Home' && e.ctrlKey) setActive(0);
    else if (key === 'End' && e.ctrlKey) setActive(results.length - 1);
    else if (key === 'Enter') {
      e.preventDefault();
      if (active >= 0) void choose(active, e.ctrlKey || e.metaKey);
    } else if (key === 'Escape' && !embedded) {
      e.preventDefault();
      ui.close();
    } else if (key === 'Tab' && !embedded) e.preventDefault(); // focus stays in the modal palette
    e.stopPropagation(); // the page's own shortcuts don't see what is typed here
  });
  const optionAt = (e: Event) => {
    const li = (e.target as Element | null)?.closest?.('li[role=option]');
    return li ? Array.prototype.indexOf.call(list.children, li) : -1;
  };
  list.addEventListener('mousedown', (e) => {
    if (optionAt(e) >= 0) e.preventDefault(); // the input keeps the focus
  });
  list.addEventListener('click', (e) => {
    const i = optionAt(e);
    if (i >= 0) void choose(i, e.ctrlKey || e.metaKey);
  });
  overlay.addEventListener('mousedown', (e) => {
    if (e.target === overlay && !embedded) ui.close();
  });

  const ui: PaletteUi = {
    get isOpen() {
      return isOpen;
    },
    open() {
      if (!isOpen) {
        const focused = document.activeElement;
        opener = focused instanceof HTMLElement ? focused : null;
        mountPoint.append(container);
        isOpen = true;
        note = '';
      }
      input.focus();
      input.select();
      void query();
    },
    close() {
      if (!isOpen) return;
      isOpen = false;
      sequence++;
      clearTimeout(again);
      container.remove();
      host.closed();
      clearList(); // the next open shows fresh results, never the last ones
      input.removeAttribute('aria-activedescendant');
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      opener = null;
    },
    setQuery(q: string) {
      input.value = q;
      input.focus();
      note = '';
      void query();
    },
  };
  return ui;
}
