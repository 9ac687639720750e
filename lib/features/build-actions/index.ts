import { defineFeature } from '../define';
import { withSessionUi } from '../../in-page/on-demand';
import { id, pages } from './meta';
import { buildSession, type BuildSession } from '../../in-page/build-session';
import { copyItems, writeClipboard } from '../../in-page/copy-text';
import { button, h, uid } from '../../in-page/dom';
import { blockedJobs, controlState, TOKEN_HINT, type Control } from '../../in-page/permissions';
import { stateWord } from '../../in-page/build-summary';
import { inFrame } from '../../in-page/frame';
import { onlyUser } from '../../in-page/user-gesture';

/**
 * The panel's "Build" section: Rebuild, Cancel build (confirmed), Retry failed jobs (with a preview), Unblock
 * (a form), and copy helpers. Controls update in place when the build refreshes (focus is kept).
 */
export const buildActions = defineFeature({
  id,
  pages,
  init(context, signal) {
    const session = buildSession({ org: context.org, pipeline: context.pipeline, number: context.buildNumber }, signal);
    const { panel } = session;
    // Beside the launcher: the one action that matters most now (Retry on a failed build, Unblock on a blocked one).
    session.store.subscribe(() => {
      const data = session.store.data;
      if (!data) return;
      const usable = (control: Control) => {
        const state = controlState(control, data.capabilities, data.build);
        return !state.hidden && !state.disabledReason;
      };
      panel.setQuickAction(
        usable('retry')
          ? {
              label: 'Retry',
              name: 'Retry failed jobs (preview)',
              run: (b) => withSessionUi(session, (ui) => ui.retryFailed(session, b)),
            }
          : usable('unblock')
            ? {
                label: 'Unblock',
                name: 'Unblock (open the form)',
                run: (b) => withSessionUi(session, (ui) => ui.unblock(session, b)),
              }
            : null,
      );
    }, signal);
    panel.onBuild(10, (body) => renderSection(session, body, signal));
  },
});

export default buildActions;

/** The panel's "Build" section, built on first expand; controls update in place (focus is kept). */
function renderSection(session: BuildSession, body: HTMLElement, signal: AbortSignal) {
  const reasonId = uid('reason');
  const summary = h('p', { 'data-kd': 'build-summary' }, 'Loading the build…');
  const reason = h('p', { class: 'kd-reason', id: reasonId, hidden: true });
  const controls: [Control, HTMLButtonElement][] = [
    [
      'retry',
      button(
        'Retry failed jobs',
        onlyUser((e) => {
          const opener = e.currentTarget as Element; // gone once the event is dispatched
          withSessionUi(session, (ui) => ui.retryFailed(session, opener));
        }),
      ),
    ],
    [
      'rebuild',
      button(
        'Rebuild',
        onlyUser((e) => {
          const opener = e.currentTarget as HTMLButtonElement; // gone once the event is dispatched
          withSessionUi(session, (ui) => ui.rebuild(session, opener));
        }),
      ),
    ],
    [
      'cancel',
      button(
        'Cancel build',
        onlyUser((e) => {
          const opener = e.currentTarget as Element; // gone once the event is dispatched
          withSessionUi(session, (ui) => ui.confirmCancelBuild(session, opener));
        }),
        { class: 'kd-danger' },
      ),
    ],
  ];
  const unblocks = h('div', { class: 'kd-buttons' });
  const copyToggle = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Copy…');
  const copyList = h('div', { class: 'kd-buttons', hidden: true, 'data-kd': 'copy' });
  copyToggle.setAttribute('aria-label', 'Copy helpers');
  copyToggle.addEventListener('click', () => {
    const open = copyList.hidden;
    if (open) renderCopy(session, copyList);
    copyList.hidden = !open;
    copyToggle.setAttribute('aria-expanded', String(open));
  });
  const section = h(
    'section',
    { class: 'kd-section', 'aria-label': 'Build actions' },
    h('h3', {}, 'Build'),
    summary,
    unblocks,
    h('div', { class: 'kd-buttons' }, ...controls.map(([, b]) => b)),
    reason,
    h('div', { class: 'kd-buttons' }, copyToggle),
    copyList,
  );
  controls.forEach(([, b]) => (b.hidden = true));
  body.append(section);

  session.store.subscribe(
    () =>
      inFrame(section, () => {
        const { data, error } = session.store;
        if (!data) {
          if (error) {
            summary.textContent = `Could not load the build: ${error.title}. ${error.detail} ${error.action}`;
            summary.setAttribute('role', 'alert');
          }
          return;
        }
        summary.removeAttribute('role');
        const { build, capabilities } = data;
        summary.textContent = `#${build.number} ${stateWord(build).replace(/_/g, ' ')} · ${build.branch}`;
        let why: string | null = null;
        for (const [control, b] of controls) {
          const state = controlState(control, capabilities, build);
          b.hidden = state.hidden;
          if (b.getAttribute('aria-busy') !== 'true') b.disabled = !!state.disabledReason;
          toggleDescribed(b, reasonId, !!state.disabledReason);
          why ??= state.hidden ? null : state.disabledReason;
        }
        const blocked = controlState('unblock', capabilities, build).hidden ? [] : blockedJobs(build);
        unblocks.replaceChildren(
          ...blocked.map((job) => {
            const b = button(
              `Unblock ${job.label ?? 'block step'}`,
              onlyUser((e) => {
                const opener = e.currentTarget as Element; // gone once the event is dispatched
                withSessionUi(session, (ui) => ui.unblock(session, opener, job));
              }),
            );
            const state = controlState('unblock', capabilities, build, job);
            b.disabled = !!state.disabledReason;
            toggleDescribed(b, reasonId, !!state.disabledReason);
            return b;
          }),
        );
        reason.hidden = !why;
        reason.textContent = why ? `${why} ${TOKEN_HINT}` : '';
      }),
    signal,
  );
}

function toggleDescribed(b: HTMLElement, id: string, on: boolean) {
  if (on) b.setAttribute('aria-describedby', id);
  else b.removeAttribute('aria-describedby');
}

/** Built on first open: one button per value, "Copied" shown on the button and announced. */
function renderCopy(session: BuildSession, list: HTMLElement) {
  const build = session.store.data?.build;
  if (!build) return;
  list.replaceChildren(
    ...copyItems(build).map((item) =>
      button(
        item.label,
        (e) => {
          const b = e.currentTarget as HTMLButtonElement;
          void writeClipboard(item.text).then((copied) => {
            if (session.signal.aborted) return;
            if (!copied)
              return session.feedback.error({
                kind: 'bad-message',
                title: 'Could not copy',
                detail: item.text,
                action: 'Select the text and copy it by hand.',
              });
            b.textContent = 'Copied';
            session.feedback.success(`Copied: ${item.label.replace(/^Copy (as )?/, '')}.`);
            const timer = setTimeout(() => (b.textContent = item.label), 2000);
            session.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
          });
        },
        { 'data-copy': item.id },
      ),
    ),
  );
}
