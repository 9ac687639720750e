import type { BuildRef, JobView } from '../builds/model';
import type { KdError, Reply } from '../errors';
import { createBuildStore, type BuildStore } from './build-store';
import { h, type Child } from './dom';
import { askBackground } from '../in-page-messaging';
import { pageViewOf } from './page-view';
import { controlState, type Control } from './permissions';
import { mountPanel, type Panel } from './panel';

/**
 * What the quick-action features of ONE build page view share: one panel, one build store (one `getBuild`), one
 * feedback line, and the actions in flight. Created by the first feature that asks; gone when the signal aborts.
 */
export interface BuildSession {
  ref: BuildRef;
  signal: AbortSignal;
  panel: Panel;
  store: BuildStore;
  /** The one feedback line: shown next to the control that caused it (`anchor`), or by the launcher. */
  feedback: Feedback;
  /** The control the user last acted with (a dialog's opener): feedback goes next to it. */
  anchor: Element | null;
  /** Sends an action once: a second call with the same key while it is pending is ignored. */
  run<T>(action: Action<T>): Promise<boolean>;
  /** True while a Kitedeck dialog is open (shortcuts wait). */
  dialogOpen: boolean;
}

export interface Action<T> {
  key: string;
  pending: string;
  send: () => Promise<Reply<T>>;
  /** What to say on success (and what to do with the reply: usually `store.apply(build)`). */
  done: (value: T) => Child | Child[];
  /** Disabled while pending. */
  button?: HTMLButtonElement | null;
  /** Where to report (default: the panel's feedback line), e.g. inside a dialog that stays open on failure. */
  feedback?: Feedback;
}

export interface Feedback {
  element: HTMLElement;
  pending(text: string): void;
  success(...content: Child[]): void;
  error(error: KdError): void;
}

const sessions = new WeakMap<AbortSignal, BuildSession>();

export function buildSession(ref: BuildRef, signal: AbortSignal): BuildSession {
  const existing = sessions.get(signal);
  if (existing) return existing;
  const view = pageViewOf(signal);
  const panel = mountPanel(view?.panel ?? { expanded: false, dock: 'right' }, (prefs) => {
    void askBackground('setPanelState', prefs);
  });
  signal.addEventListener('abort', () => panel.destroy(), { once: true });
  const line = createFeedback();
  /** Next to the control that caused it: after its row in the panel, else above the launcher. */
  const place = () => {
    const anchor = session.anchor?.isConnected ? session.anchor : null;
    const row = anchor?.closest('.kd-buttons, ul, [data-kd=watch]') ?? anchor;
    if (row && panel.expanded && row.closest('.kd-body')) {
      if (row.nextElementSibling !== line.element) row.after(line.element);
    } else if (panel.expanded) {
      panel.onBuild(0, (body) => body.firstElementChild?.after(line.element));
    } else {
      line.element.classList.add('kd-float');
      panel.root.querySelector('section')?.prepend(line.element);
      return;
    }
    line.element.classList.remove('kd-float');
  };
  const feedback: Feedback = {
    element: line.element,
    pending: (text) => (place(), line.pending(text)),
    success: (...content) => (place(), line.success(...content)),
    error: (error) => (place(), line.error(error)),
  };
  const inFlight = new Set<string>();
  let store: BuildStore | null = null;
  const session: BuildSession = {
    ref,
    signal,
    panel,
    anchor: null,
    /** Created on first use, so a page whose quick actions are all switched off makes no API request. */
    get store() {
      if (!store) {
        store = createBuildStore(ref, signal, pageViewOf(signal)?.build);
        // The benchmark and tests wait for this: the build is shown (or its error is).
        store.subscribe(() => panel.host.setAttribute('data-kd-build', store?.data ? 'ready' : 'error'), signal);
      }
      return store;
    },
    feedback,
    dialogOpen: false,
    async run(action) {
      if (inFlight.has(action.key)) return false;
      inFlight.add(action.key);
      const button = action.button;
      if (button && !button.closest('dialog')) session.anchor = button;
      if (button) {
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
      }
      const report = action.feedback ?? feedback;
      report.pending(action.pending);
      try {
        const reply = await action.send();
        if (signal.aborted) return false;
        if (!reply.ok) {
          report.error(reply.error);
          return false;
        }
        const said = action.done(reply.value);
        feedback.success(...(Array.isArray(said) ? said : [said]));
        if (report !== feedback)
          report.success(
            ...(Array.isArray(said) ? said : [said]).map((c) => (c instanceof Node ? c.cloneNode(true) : c)),
          );
        return true;
      } finally {
        inFlight.delete(action.key);
        if (button) {
          button.disabled = false;
          button.removeAttribute('aria-busy');
        }
      }
    },
  };
  sessions.set(signal, session);
  return session;
}

/** One aria-live line: pending, then success or the error (what happened, what to do). */
export function createFeedback(name = 'feedback'): Feedback {
  const element = h('div', { class: 'kd-feedback', 'aria-live': 'polite', 'data-kd': name });
  const show = (state: string, content: Child[]) => {
    element.dataset.state = state;
    element.replaceChildren();
    for (const child of content) if (child) element.append(child);
  };
  return {
    element,
    pending: (text) => show('pending', [text]),
    success: (...content) => show('success', content),
    error: (error) => {
      show('error', [h('strong', {}, `${error.title}.`), ` ${error.detail} `, h('span', {}, error.action)]);
      element.dataset.kind = error.kind;
    },
  };
}

/**
 * Whether a build-level action may run now, by the same rules as its button (read-only mode, scopes, state); if
 * not, says why on the feedback line. Every action (button, shortcut, palette) asks this first.
 */
export function allowed(session: BuildSession, control: Control, job?: JobView, opener?: Element | null): boolean {
  if (opener) session.anchor = opener; // feedback goes next to the control that was used
  const data = session.store.data;
  if (!data) {
    session.feedback.pending('Still loading the build…');
    return false;
  }
  const state = controlState(control, data.capabilities, data.build, job);
  if (state.hidden) {
    session.feedback.success(
      data.capabilities.readOnlyMode
        ? 'Read-only mode is on: Kitedeck does not write.'
        : 'Not available for this build now.',
    );
    return false;
  }
  if (state.disabledReason) {
    session.feedback.success(state.disabledReason);
    return false;
  }
  return true;
}
