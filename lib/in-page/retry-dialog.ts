/** The failure states `retryFailedJobs` accepts (RETRY_STATES in lib/builds/messages.ts, which pulls valibot into the content script). */
const RETRY_STATES = ['failed', 'timed_out', 'canceled', 'expired', 'soft_failed'] as const;
import { previewRetry } from '../builds/retry-preview';
import { askBackground } from '../in-page-messaging';
import { allowed, type BuildSession } from './build-session';
import { openDialog } from './dialog';
import { button, h } from './dom';
import { onlyUser } from './user-gesture';

type RetryState = (typeof RETRY_STATES)[number];
const STATE_LABELS: Record<RetryState, string> = {
  failed: 'Failed',
  timed_out: 'Timed out',
  canceled: 'Canceled',
  expired: 'Expired',
  soft_failed: 'Soft failed',
};
const DEFAULT_STATES: ReadonlySet<RetryState> = new Set(['failed', 'timed_out']);

/** "Retry failed jobs" from the panel's button, a shortcut or the palette: the button's rules, then the preview. */
export function retryFailed(session: BuildSession, opener: Element | null): void {
  if (!allowed(session, 'retry', undefined, opener) || session.dialogOpen) return;
  openRetryDialog(session, opener);
}

/**
 * "Retry failed jobs" (also while the build still runs): a preview of the jobs that will be retried and why the
 * others are left out, with the options "only infrastructure failures" and which failure states to include.
 */
function openRetryDialog(session: BuildSession, opener: Element | null): void {
  const data = session.store.data;
  if (!data) return;
  const build = data.build;
  const states = new Set<RetryState>(DEFAULT_STATES);
  let onlyInfrastructure = false;
  let jobIds: string[] = [];

  const infra = h('input', {
    type: 'checkbox',
    onchange: (e) => {
      onlyInfrastructure = (e.target as HTMLInputElement).checked;
      update();
    },
  });
  const stateBoxes = RETRY_STATES.map((state) =>
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        checked: states.has(state),
        onchange: (e) => {
          if ((e.target as HTMLInputElement).checked) states.add(state);
          else states.delete(state);
          update();
        },
      }),
      ` ${STATE_LABELS[state]} `,
    ),
  );
  const willList = h('ul', { 'aria-label': 'Jobs that will be retried' });
  const leftList = h('ul', { 'aria-label': 'Jobs left out' });
  const willTitle = h('h3', {});
  const leftTitle = h('h3', {});
  const confirm = h('button', { type: 'button', class: 'kd-primary' });
  const summary = h('p', { class: 'kd-hint', 'aria-live': 'polite' });

  const update = () => {
    const preview = previewRetry(build, { states: [...states], onlyInfrastructure });
    jobIds = preview.willRetry.map((job) => job.id);
    willTitle.textContent = `Will retry (${preview.willRetry.length})`;
    leftTitle.textContent = `Left out (${preview.leftOut.length})`;
    willList.replaceChildren(...preview.willRetry.map((job) => h('li', {}, job.label ?? job.id)));
    leftList.replaceChildren(
      ...preview.leftOut.map(({ job, reason }) => h('li', {}, `${job.label ?? job.id}: ${reason}`)),
    );
    confirm.textContent = preview.willRetry.length === 1 ? 'Retry 1 job' : `Retry ${preview.willRetry.length} jobs`;
    confirm.disabled = preview.willRetry.length === 0;
    summary.textContent = preview.willRetry.length === 0 ? 'Nothing to retry with these options.' : '';
  };

  session.dialogOpen = true;
  const dialog = openDialog(
    session.panel.root,
    {
      title: `Retry failed jobs of #${build.number}`,
      opener,
      signal: session.signal,
      onClose: () => (session.dialogOpen = false),
    },
    h('fieldset', {}, h('legend', {}, 'Include jobs that are'), ...stateBoxes),
    h('label', {}, infra, ' Only infrastructure failures (agent lost or stopped)'),
    willTitle,
    willList,
    leftTitle,
    leftList,
    summary,
    h(
      'div',
      { class: 'kd-dialog-actions' },
      button('Close', () => dialog.close()),
      confirm,
    ),
  );
  update();
  confirm.addEventListener(
    'click',
    onlyUser(() => {
      const ids = jobIds;
      if (ids.length === 0) return;
      dialog.close();
      void session.run({
        key: 'retry-failed',
        pending: `Retrying ${ids.length} job${ids.length === 1 ? '' : 's'}…`,
        send: () => askBackground('retryFailedJobs', { ...session.ref, jobIds: ids }),
        done: ({ retried, build: fresh }) => {
          session.store.apply(fresh);
          return `Retried ${retried.length} job${retried.length === 1 ? '' : 's'}.`;
        },
      });
    }),
  );
}
