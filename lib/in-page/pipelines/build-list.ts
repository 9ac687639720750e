import type { BuildRow } from '../../pipelines/model';
import type { BulkAction } from '../../bulk/plan';
import { askBackground } from '../../in-page-messaging';
import { budgetLine } from './budget-line';
import { button, h, uid } from '../dom';
import type { Panel } from '../panel';
import { previewAndRun } from './bulk-ui';
import { openNewBuildDialog, type NewBuildTarget } from './new-build-dialog';

/**
 * The panel's build list on pipeline pages and build lists, and the user's own builds across organisations on the
 * dashboard: the builds come from the API (one request for 100), never from Buildkite's markup. Rows are selectable,
 * with a state chip; bulk actions act on the selection (or, for "cancel superseded", on the branch filter of a
 * pipeline's list). Built when the user first opens it.
 */

/** A pipeline's builds (by branch), or `mine`: the token user's builds across organisations (`viewer.builds`). */
export type ListContext =
  | { kind?: 'pipeline'; org: string; pipeline: string; branch: string | null }
  | { kind: 'mine' };

/** The bulk actions a list offers: "cancel superseded" needs one pipeline's branch, so not across pipelines. */
export function bulkActionsOf(context: ListContext): BulkAction[] {
  const across: BulkAction[] = ['cancel', 'retry-failed', 'rebuild'];
  return context.kind === 'mine' ? across : ['cancel-superseded', ...across];
}

/** A row's label; across pipelines (`mine`) it names the organisation and pipeline too. */
export function rowLabel(row: BuildRow, acrossPipelines: boolean): string {
  const where = acrossPipelines ? `${row.org}/${row.pipeline} ` : '';
  return `${where}#${row.number} ${row.branch}${row.message ? `: ${row.message.split('\n')[0]}` : ''}`;
}

const STATES = ['', 'scheduled', 'running', 'failing', 'failed', 'passed', 'canceled', 'blocked'] as const;

export interface BuildListView {
  section: HTMLElement;
  newBuild(opener: Element | null): void;
  bulk(action: BulkAction, opener: Element | null): void;
}

export function mountBuildList(panel: Panel, context: ListContext, signal: AbortSignal): BuildListView {
  const mine = context.kind === 'mine';
  let rows: BuildRow[] = [];
  let pipelineInfo: { graphqlId: string | null; defaultBranch: string | null } | null = null;
  const selected = new Set<string>();
  const keyOf = (row: BuildRow) => `${row.org}/${row.pipeline}/${row.number}`;

  const branchId = uid('branch');
  const stateId = uid('state');
  const branch = h('input', {
    type: 'text',
    id: branchId,
    class: 'kd-filter',
    value: mine ? '' : (context.branch ?? ''),
  });
  const state = h(
    'select',
    { id: stateId, class: 'kd-filter' },
    ...STATES.map((s) => h('option', { value: s }, s || 'any state')),
  );
  const status = h('p', { class: 'kd-hint', role: 'status' });
  const budget = h('p', { class: 'kd-warning', 'data-kd': 'budget', hidden: true });
  const list = h('ul', { class: 'kd-jobs', 'aria-label': 'Builds', 'data-kd': 'build-list' });
  const progress = h('div', { 'data-kd': 'bulk-host' });
  const count = h('span', { class: 'kd-hint' }, '0 selected');

  const refreshBudget = () =>
    void askBackground('getLowBudgets').then((reply) => {
      if (signal.aborted || !reply.ok) return;
      const line = budgetLine(reply.value);
      budget.hidden = line === null;
      budget.textContent = line ?? '';
    });

  const render = () => {
    list.replaceChildren(
      ...rows.map((row) => {
        const key = keyOf(row);
        const id = uid('row');
        const box = h('input', { type: 'checkbox', id, checked: selected.has(key) });
        box.addEventListener('change', () => {
          if (box.checked) selected.add(key);
          else selected.delete(key);
          count.textContent = `${selected.size} selected`;
        });
        const label = rowLabel(row, mine);
        return h(
          'li',
          { 'data-state': row.state },
          box,
          h('label', { for: id, class: 'kd-job-label' }, label),
          h(
            'span',
            { class: 'kd-chip', 'data-state': row.state },
            row.blocked ? `${row.state}, blocked` : row.state.replace(/_/g, ' '),
          ),
          h(
            'a',
            { href: row.webUrl, 'aria-label': `Open build ${mine ? `${row.org}/${row.pipeline} ` : ''}#${row.number}` },
            'Open',
          ),
        );
      }),
    );
    count.textContent = `${selected.size} selected`;
  };

  const load = async () => {
    status.textContent = 'Loading builds…';
    const states = state.value ? { states: [state.value as Exclude<(typeof STATES)[number], ''>] } : {};
    const reply = await askBackground(
      'listBuilds',
      context.kind === 'mine'
        ? { kind: 'mine', ...states }
        : {
            kind: 'pipeline',
            org: context.org,
            pipeline: context.pipeline,
            ...(branch.value.trim() ? { branch: branch.value.trim() } : {}),
            ...states,
          },
    );
    if (signal.aborted) return;
    if (!reply.ok) {
      status.textContent = `${reply.error.title}. ${reply.error.detail} ${reply.error.action}`;
      return;
    }
    rows = reply.value.rows;
    pipelineInfo = reply.value.pipeline ?? pipelineInfo;
    const keys = new Set(rows.map(keyOf));
    for (const key of [...selected]) if (!keys.has(key)) selected.delete(key);
    status.textContent = `${rows.length} build${rows.length === 1 ? '' : 's'}${branch.value.trim() ? ` on ${branch.value.trim()}` : ''}.`;
    render();
    refreshBudget();
  };

  const target = (): NewBuildTarget | null =>
    context.kind === 'mine'
      ? null
      : {
          org: context.org,
          pipeline: context.pipeline,
          pipelineGraphqlId: pipelineInfo?.graphqlId ?? null,
          defaultBranch: pipelineInfo?.defaultBranch ?? null,
          recentBranches: rows.map((row) => row.branch),
        };

  const bulk = (action: BulkAction, opener: Element | null) => {
    if (!bulkActionsOf(context).includes(action)) return;
    if (action === 'cancel-superseded' && !branch.value.trim()) {
      status.textContent = 'Filter by a branch first: “cancel superseded” works on one branch.';
      branch.focus();
      return;
    }
    const picked = rows.filter((row) => selected.has(keyOf(row)));
    if (action !== 'cancel-superseded' && picked.length === 0) {
      status.textContent = 'Select at least one build first.';
      return;
    }
    void previewAndRun(
      panel.root,
      progress,
      action === 'cancel-superseded' && context.kind !== 'mine'
        ? { action, org: context.org, pipeline: context.pipeline, branch: branch.value.trim() }
        : { action, builds: picked.map((row) => ({ org: row.org, pipeline: row.pipeline, number: row.number })) },
      signal,
      opener,
      () => void load(),
    );
  };

  const trusted = (run: (opener: Element | null) => void) => (event: Event) => {
    if (event.isTrusted) run(event.currentTarget as Element);
  };

  const section = h(
    'section',
    { class: 'kd-section kd-builds', 'aria-label': mine ? 'Your builds' : 'Builds', 'data-kd': 'builds' },
    h('h3', {}, mine ? 'Your builds' : 'Builds'),
    budget,
    h(
      'form',
      {
        class: 'kd-row',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void load();
        },
      },
      ...(mine ? [] : [h('label', { for: branchId }, 'Branch'), branch]),
      h('label', { for: stateId }, 'State'),
      state,
      h('button', { type: 'submit' }, 'Filter'),
    ),
    status,
    list,
    h(
      'div',
      { class: 'kd-buttons' },
      count,
      ...(mine
        ? []
        : [
            button(
              'Cancel superseded on this branch',
              trusted((o) => bulk('cancel-superseded', o)),
            ),
          ]),
      button(
        'Cancel selected',
        trusted((o) => bulk('cancel', o)),
        { 'aria-keyshortcuts': 'c b' },
      ),
      button(
        'Retry failed jobs',
        trusted((o) => bulk('retry-failed', o)),
        { 'aria-keyshortcuts': 'r f' },
      ),
      button(
        'Rebuild selected',
        trusted((o) => bulk('rebuild', o)),
        { 'aria-keyshortcuts': 'r b' },
      ),
    ),
    progress,
  );
  panel.onBuild(20, (body) => body.append(section));
  signal.addEventListener('abort', () => section.remove(), { once: true });
  // The form waits for the first list: it brings the pipeline's id (GraphQL new build) and branch suggestions.
  const firstLoad = load();

  return {
    section,
    newBuild: (opener) =>
      void firstLoad.then(() => {
        const to = target();
        if (!signal.aborted && to) openNewBuildDialog(panel.root, to, signal, { opener, onCreated: () => void load() });
      }),
    bulk,
  };
}
