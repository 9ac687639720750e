import type { BulkPreview } from '../../bulk/service';
import type { BulkAction } from '../../bulk/plan';
import type { BulkReport } from '../../bulk/run';
import { askBackground } from '../../in-page-messaging';
import type { MessageInput } from '../../messaging';
import { openDialog } from '../dialog';
import { button, h } from '../dom';

/**
 * Bulk actions in the page: the preview (exactly what happens to which build, the requests it needs and their share
 * of the organisation's current budget), the confirmation, then a progress bar with each build's outcome and a Stop
 * button. The background owns the job; the page only polls its report.
 */

export const ACTION_TITLES: Record<BulkAction, string> = {
  'cancel-superseded': 'Cancel superseded builds',
  cancel: 'Cancel selected builds',
  'retry-failed': 'Retry failed jobs of selected builds',
  rebuild: 'Rebuild selected builds',
};

const POLL_MS = 400;

export function budgetWords(preview: Pick<BulkPreview, 'budget' | 'share' | 'api' | 'requests'>): string {
  const { total } = preview.requests;
  const requests = `${total} request${total === 1 ? '' : 's'} to send`;
  if (!preview.budget || preview.share === null) return `${requests} (the budget is not known yet).`;
  const what = preview.api === 'rest' ? 'REST requests' : 'GraphQL points';
  const percent = Math.max(preview.share * 100, 0.1).toFixed(preview.share < 0.1 ? 1 : 0);
  return `${requests}: about ${percent} % of the organisation’s current budget (${preview.budget.remaining} of ${preview.budget.limit} ${what} left).`;
}

export async function previewAndRun(
  root: ShadowRoot,
  progressHost: HTMLElement,
  input: MessageInput<'previewBulk'>,
  signal: AbortSignal,
  opener: Element | null,
  onDone: () => void,
): Promise<void> {
  const loading = h('p', { role: 'status' }, 'Reading the builds…');
  const dialog = openDialog(root, { title: ACTION_TITLES[input.action], opener, signal }, loading);
  const reply = await askBackground('previewBulk', input);
  if (signal.aborted) return;
  if (!reply.ok) {
    loading.textContent = `${reply.error.title}. ${reply.error.detail} ${reply.error.action}`;
    dialog.body.append(
      h(
        'div',
        { class: 'kd-dialog-actions' },
        button('Close', () => dialog.close()),
      ),
    );
    return;
  }
  const preview = reply.value;
  const { items, leftOut } = preview.plan;
  const confirm = button(
    items.length ? `Confirm: ${items.length} build${items.length === 1 ? '' : 's'}` : 'Nothing to do',
    (event) => {
      if (!event.isTrusted || !items.length) return;
      dialog.close();
      void runWithProgress(progressHost, preview, signal, onDone);
    },
    { class: 'kd-primary', disabled: items.length === 0 },
  );
  dialog.body.replaceChildren(
    h(
      'div',
      {},
      h('p', {}, items.length ? 'What will happen:' : 'No build needs this action.'),
      h(
        'ul',
        { 'data-kd': 'bulk-preview' },
        ...items.map((item) => h('li', {}, `#${item.build.number}: ${item.effect}`)),
      ),
      leftOut.length ? h('p', {}, 'Left alone:') : null,
      leftOut.length
        ? h(
            'ul',
            { 'data-kd': 'bulk-left-out' },
            ...leftOut.map((entry) => h('li', {}, `#${entry.number}: ${entry.reason}`)),
          )
        : null,
      h('p', { class: 'kd-hint', 'data-kd': 'bulk-budget' }, budgetWords(preview)),
      h(
        'div',
        { class: 'kd-dialog-actions' },
        button('Cancel', () => dialog.close()),
        confirm,
      ),
    ),
  );
  confirm.focus();
}

const STATUS_WORDS: Record<string, string> = {
  pending: 'waiting',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  'not-sent': 'not sent',
};

async function runWithProgress(host: HTMLElement, preview: BulkPreview, signal: AbortSignal, onDone: () => void) {
  const total = preview.plan.items.length;
  const bar = h('progress', { max: total, value: 0, 'aria-label': 'Bulk action progress' });
  const summary = h('p', { role: 'status' }, 'Starting…');
  const outcomes = h('ul', { class: 'kd-jobs', 'data-kd': 'bulk-outcomes', 'aria-live': 'polite' });
  const stop = button('Stop', (event) => {
    if (!event.isTrusted || !jobId) return;
    stop.disabled = true;
    void askBackground('stopBulk', { jobId });
  });
  const section = h(
    'section',
    { class: 'kd-section', 'aria-label': ACTION_TITLES[preview.plan.action], 'data-kd': 'bulk-progress' },
    h('h3', {}, ACTION_TITLES[preview.plan.action]),
    bar,
    summary,
    outcomes,
    h('div', { class: 'kd-buttons' }, stop),
  );
  host.replaceChildren(section);
  let jobId: string | null = null;
  const started = await askBackground('startBulk', { planId: preview.planId });
  if (signal.aborted) return;
  if (!started.ok) {
    summary.textContent = `${started.error.title}. ${started.error.detail} ${started.error.action}`;
    stop.hidden = true;
    return;
  }
  jobId = started.value.jobId;
  const show = (report: BulkReport) => {
    const settled = report.outcomes.filter((outcome) => outcome.status !== 'pending').length;
    bar.value = settled;
    const wait = report.waiting
      ? ` Waiting ${Math.max(1, Math.ceil((report.waiting.until - Date.now()) / 1000))} s: ${report.waiting.reason}.`
      : '';
    const done = report.outcomes.filter((outcome) => outcome.status === 'done').length;
    summary.textContent = report.finishedAt
      ? `${report.stopped ? 'Stopped' : 'Finished'}: ${done} of ${total} done.${report.error ? ` ${report.error}` : ''}`
      : `${settled} of ${total} handled.${wait}`;
    if (report.waiting) summary.dataset.waiting = 'true';
    else delete summary.dataset.waiting;
    outcomes.replaceChildren(
      ...report.outcomes.map((outcome) =>
        h(
          'li',
          { 'data-status': outcome.status },
          h('span', { class: 'kd-job-label' }, `#${outcome.number}: ${outcome.detail}`),
          h('span', { class: 'kd-state' }, STATUS_WORDS[outcome.status] ?? outcome.status),
          outcome.url ? h('a', { href: outcome.url }, 'Open') : null,
        ),
      ),
    );
  };
  for (;;) {
    const reply = await askBackground('bulkStatus', { jobId });
    if (signal.aborted) return;
    if (reply.ok && reply.value) {
      show(reply.value);
      if (reply.value.finishedAt) break;
    } else if (!reply.ok) {
      summary.textContent = `${reply.error.title}. ${reply.error.action}`;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  stop.hidden = true;
  onDone();
}
