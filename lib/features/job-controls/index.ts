import { defineFeature } from '../define';
import { withSessionUi } from '../../in-page/on-demand';
import { id, pages } from './meta';
import type { BuildView, JobView } from '../../builds/model';
import { askBackground } from '../../in-page-messaging';
import { buildSession, createFeedback, type BuildSession } from '../../in-page/build-session';
import { writeClipboard } from '../../in-page/copy-text';
import { openDialog } from '../../in-page/dialog';
import { button, h } from '../../in-page/dom';
import { controlState, TOKEN_HINT, type Control } from '../../in-page/permissions';
import { inFrame } from '../../in-page/frame';
import { onlyUser } from '../../in-page/user-gesture';

/** Jobs listed in the panel at first: the ones that need attention (the rest behind "Show all jobs"). */
const NOTABLE = new Set([
  'failed',
  'broken',
  'timed_out',
  'canceled',
  'expired',
  'blocked',
  'running',
  'scheduled',
  'assigned',
  'accepted',
  'canceling',
]);
const MAX_NOTABLE = 50;
const JOB_LINK = /\/builds\/(\d+)#([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Per job: retry, cancel (GraphQL), open the raw log, copy the job id; from the panel's job list and from a small
 * button next to the page's links whose href carries the job's UUID (`…/builds/N#<uuid>`), when such links exist.
 */
export const jobControls = defineFeature({
  id,
  pages,
  init(context, signal) {
    const session = buildSession({ org: context.org, pipeline: context.pipeline, number: context.buildNumber }, signal);
    session.panel.onBuild(30, (body) => renderList(session, body, signal));
    // Inline buttons next to the page's links to jobs that need attention (and the job in the URL), added when the
    // pointer or focus first reaches such a link: nothing is looked up in the page before someone goes there.
    const inline = new Map<string, HTMLButtonElement>();
    signal.addEventListener('abort', () => inline.forEach((b) => b.remove()), { once: true });
    const reach = (event: Event) => {
      const link = event.target instanceof Element ? event.target.closest('a') : null;
      const data = session.store.data;
      if (!link || !data || !JOB_LINK.test(link.getAttribute('href') ?? '')) return;
      const ids = new Set([...notableJobs(data.build).map((job) => job.id), ...(context.jobId ? [context.jobId] : [])]);
      attachInline(session, data.build, link, ids, inline);
    };
    document.addEventListener('pointerover', reach, { signal, passive: true });
    document.addEventListener('focusin', reach, { signal });
  },
});

export default jobControls;

const listedJobs = (build: BuildView) =>
  build.jobs.filter((job) => (job.type === 'command' || job.type === 'block') && !job.retried);
const notableJobs = (build: BuildView) =>
  listedJobs(build)
    .filter((job) => NOTABLE.has(job.state))
    .slice(0, MAX_NOTABLE);

/** The panel's job list (built on first expand): jobs that need attention, "Show all jobs" for the rest. */
function renderList(session: BuildSession, body: HTMLElement, signal: AbortSignal) {
  let showAll = false;
  const list = h('ul', { class: 'kd-jobs', 'aria-label': 'Jobs' });
  const more = button(
    'Show all jobs',
    () => {
      showAll = !showAll;
      render();
    },
    { 'aria-expanded': 'false' },
  );
  const section = h(
    'section',
    { class: 'kd-section', 'aria-label': 'Job actions', hidden: true },
    h('h3', {}, 'Jobs'),
    list,
    more,
  );
  body.append(section);
  const render = () => {
    const build = session.store.data?.build;
    if (!build) return;
    const jobs = listedJobs(build);
    const notable = notableJobs(build);
    const shown = showAll ? jobs : notable;
    section.hidden = jobs.length === 0;
    list.replaceChildren(
      ...shown.map((job) =>
        h(
          'li',
          {},
          h('span', { class: 'kd-job-label' }, job.label ?? job.id),
          h(
            'span',
            { class: 'kd-chip', 'data-state': job.state },
            job.softFailed ? `${job.state.replace(/_/g, ' ')} (soft)` : job.state.replace(/_/g, ' '),
          ),
          button('⋯', (e) => openJobMenu(session, job.id, e.currentTarget as Element), {
            'aria-label': `Job actions: ${job.label ?? job.id}`,
          }),
        ),
      ),
    );
    more.hidden = notable.length === jobs.length && !showAll;
    more.textContent = showAll ? 'Show jobs that need attention' : `Show all ${jobs.length} jobs`;
    more.setAttribute('aria-expanded', String(showAll));
  };
  session.store.subscribe(() => inFrame(list, render), signal);
}

/** A small button after `link` when it points at one of `ids` in this build and has none yet. */
function attachInline(
  session: BuildSession,
  build: BuildView,
  link: HTMLAnchorElement,
  ids: ReadonlySet<string>,
  inline: Map<string, HTMLButtonElement>,
) {
  const match = JOB_LINK.exec(link.getAttribute('href') ?? '');
  if (!match || Number(match[1]) !== build.number) return;
  const id = match[2]!.toLowerCase();
  if (!ids.has(id) || inline.get(id)?.isConnected) return;
  const b = button(
    '⋯',
    (e) => {
      e.preventDefault();
      openJobMenu(session, id, e.currentTarget as Element);
    },
    {
      'aria-label': `Kitedeck actions for ${link.textContent?.trim() || 'job'}`,
      'data-kd': 'job-inline',
      style: 'margin-left:4px;font:inherit;padding:0 6px;cursor:pointer',
    },
  );
  link.after(b);
  inline.set(id, b);
}

/** The job's actions in a small dialog, built on demand. */
function openJobMenu(session: BuildSession, jobId: string, opener: Element) {
  const data = session.store.data;
  const job = data?.build.jobs.find((j) => j.id === jobId);
  if (!data || !job || session.dialogOpen) return;
  const name = job.label ?? job.id;
  session.anchor = opener;
  const reasons = new Set<string>();
  const feedback = createFeedback('dialog-feedback');
  const item = (control: Control, label: string, act: (b: HTMLButtonElement) => void) => {
    const state = controlState(control, data.capabilities, data.build, job);
    if (state.hidden) return null;
    const b = button(
      label,
      onlyUser(() => act(b)),
    );
    if (state.disabledReason) {
      b.disabled = true;
      reasons.add(state.disabledReason);
    }
    return b;
  };
  const done =
    (text: string) =>
    ({ build }: { build: BuildView }) => {
      session.store.apply(build);
      menu.close();
      return text;
    };
  const buttons = [
    item(
      'retry-job',
      'Retry job',
      (b) =>
        void session.run({
          key: `retry-${job.id}`,
          button: b,
          feedback,
          pending: `Retrying ${name}…`,
          send: () => askBackground('retryJob', { ...session.ref, jobId: job.id }),
          done: done(`Retried ${name}.`),
        }),
    ),
    item(
      'cancel-job',
      'Cancel job',
      (b) =>
        void session.run({
          key: `cancel-${job.id}`,
          button: b,
          feedback,
          pending: `Canceling ${name}…`,
          send: () => askBackground('cancelJob', { ...session.ref, jobId: job.id }),
          done: done(`Canceled ${name}.`),
        }),
    ),
    item('unblock', 'Unblock…', () => {
      menu.close();
      withSessionUi(session, (ui) => ui.unblock(session, opener, job));
    }),
    item(
      'log',
      'Open raw log',
      (b) =>
        void session.run({
          key: `log-${job.id}`,
          button: b,
          feedback,
          pending: 'Opening the log…',
          send: () => askBackground('openJobLog', { ...session.ref, jobId: job.id }),
          done: () => {
            menu.close();
            return `Opened the log of ${name} in a new tab.`;
          },
        }),
    ),
    button('Copy job id', (e) => {
      const b = e.currentTarget as HTMLButtonElement;
      void writeClipboard(job.id).then((copied) => {
        if (copied) b.textContent = 'Copied';
        session.feedback.success(copied ? `Copied the job id of ${name}.` : `Could not copy; the job id is ${job.id}.`);
      });
    }),
  ];
  session.dialogOpen = true;
  const menu = openDialog(
    session.panel.root,
    { title: `Job: ${name}`, opener, signal: session.signal, onClose: () => (session.dialogOpen = false) },
    h('p', { class: 'kd-state' }, describe(job)),
    h('div', { class: 'kd-buttons' }, ...buttons),
    reasons.size ? h('p', { class: 'kd-reason' }, `${[...reasons].join(' ')} ${TOKEN_HINT}`) : null,
    feedback.element,
    h(
      'div',
      { class: 'kd-dialog-actions' },
      button('Close', () => menu.close()),
    ),
  );
}

function describe(job: JobView): string {
  const parts = [job.state];
  if (job.exitStatus !== null) parts.push(`exit ${job.exitStatus}`);
  if (job.signalReason) parts.push(job.signalReason.replace(/_/g, ' '));
  if (job.softFailed) parts.push('soft failed');
  return parts.join(' · ');
}
