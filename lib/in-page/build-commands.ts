import type { JobView } from '../builds/model';
import { askBackground } from '../in-page-messaging';
import { allowed, type BuildSession } from './build-session';
import { openDialog } from './dialog';
import { button, h } from './dom';
import { blockedJobs } from './permissions';
import { openUnblockDialog } from './unblock-dialog';
import { onlyUser } from './user-gesture';
import { safeBuildkiteUrl } from '../safe-url';

/**
 * The build-level actions, shared by the panel's buttons, the keyboard shortcuts and the palette. Each checks the
 * same rules as its button (`allowed`, build-session.ts) and says why when it can't run. "Retry failed jobs" is
 * `retryFailed` in retry-dialog.ts.
 */
export function rebuild(session: BuildSession, opener: HTMLButtonElement | null): void {
  if (!allowed(session, 'rebuild', undefined, opener)) return;
  void session.run({
    key: 'rebuild',
    button: opener,
    pending: 'Creating a new build…',
    send: () => askBackground('rebuildBuild', session.ref),
    done: ({ number, webUrl }) => {
      void session.store.refresh();
      const href = safeBuildkiteUrl(webUrl);
      return ['Rebuilt as ', href ? h('a', { href }, `#${number}`) : `#${number}`, '.'];
    },
  });
}

/**
 * The `r b` shortcut asks first; the panel's labelled "Rebuild" button sends at once, as Buildkite's own button does.
 * Why a confirmation and not an undo window: a rebuild cannot be taken back (a canceled new build still started
 * jobs, and may have triggered deploys), and a delayed send dies with the tab or a navigation, leaving the user
 * unsure. Two keys pressed by accident outside a field are the likely mistake; a click on a named button is not.
 */
export function confirmRebuild(session: BuildSession, opener: Element | null): void {
  if (!allowed(session, 'rebuild') || session.dialogOpen) return;
  session.dialogOpen = true;
  const dialog = openDialog(
    session.panel.root,
    {
      title: `Rebuild #${session.ref.number}?`,
      opener,
      signal: session.signal,
      onClose: () => (session.dialogOpen = false),
    },
    h('p', {}, 'A new build of the same commit starts on this branch.'),
    h(
      'div',
      { class: 'kd-dialog-actions' },
      button('Don’t rebuild', () => dialog.close()),
      button(
        'Rebuild',
        onlyUser(() => {
          dialog.close();
          rebuild(session, null);
        }),
        { class: 'kd-primary' },
      ),
    ),
  );
}

export function confirmCancelBuild(session: BuildSession, opener: Element | null): void {
  if (!allowed(session, 'cancel', undefined, opener) || session.dialogOpen) return;
  session.dialogOpen = true;
  const dialog = openDialog(
    session.panel.root,
    {
      title: `Cancel build #${session.ref.number}?`,
      opener,
      signal: session.signal,
      onClose: () => (session.dialogOpen = false),
    },
    h('p', {}, 'Running jobs are stopped and the build ends as canceled.'),
    h(
      'div',
      { class: 'kd-dialog-actions' },
      button('Keep running', () => dialog.close()),
      button(
        'Cancel build',
        onlyUser(() => {
          dialog.close();
          void session.run({
            key: 'cancel-build',
            button: opener instanceof HTMLButtonElement ? opener : null,
            pending: 'Canceling the build…',
            send: () => askBackground('cancelBuild', session.ref),
            done: (build) => {
              session.store.apply(build);
              return `Build #${build.number} is ${build.state}.`;
            },
          });
        }),
        { class: 'kd-danger' },
      ),
    ),
  );
}

/** Unblocks `job`, or the page's job (`#uuid`) when it is a block step, or the first blocked step. */
export function unblock(session: BuildSession, opener: Element | null, job?: JobView, pageJobId?: string | null): void {
  if (!allowed(session, 'unblock', job, opener) || session.dialogOpen) return;
  const candidates = blockedJobs(session.store.data!.build);
  const target = job ?? candidates.find((j) => j.id === pageJobId) ?? candidates[0];
  if (target) openUnblockDialog(session, target, opener);
}
