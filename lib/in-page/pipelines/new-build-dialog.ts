import { askBackground } from '../../in-page-messaging';
import {
  branchSuggestions,
  emptyForm,
  hasErrors,
  validateForm,
  type FieldId,
  type KeyValueRow,
  type NewBuildForm,
} from '../../pipelines/new-build';
import { openDialog } from '../dialog';
import { button, h, uid } from '../dom';

export interface NewBuildTarget {
  org: string;
  pipeline: string;
  pipelineGraphqlId: string | null;
  defaultBranch: string | null;
  recentBranches: string[];
}

/**
 * The "New build" form as a modal dialog in the panel's shadow root, built when opened: validation next to each
 * field as the user types, branch suggestions (default branch, then recent builds' branches), rows of environment
 * and meta-data, then the link to the new build and "Watch it". Sending needs a trusted click.
 */
export function openNewBuildDialog(
  root: ShadowRoot,
  target: NewBuildTarget,
  signal: AbortSignal,
  options: { title?: string; prefill?: NewBuildForm; opener?: Element | null; onCreated?: () => void } = {},
): void {
  const form: NewBuildForm = structuredClone(options.prefill ?? emptyForm({ branch: target.defaultBranch ?? '' }));
  const known = branchSuggestions(target.defaultBranch, target.recentBranches);
  const problemsFor = new Map<string, HTMLElement>();
  const inputsFor = new Map<string, HTMLInputElement | HTMLTextAreaElement>();

  const problemSlot = (field: FieldId) => {
    const slot = h('p', { class: 'kd-invalid', id: uid('problem'), 'aria-live': 'polite' });
    problemsFor.set(field, slot);
    return slot;
  };
  const text = (
    field: FieldId,
    label: string,
    value: string,
    set: (value: string) => void,
    attrs: Record<string, string> = {},
  ) => {
    const id = uid('field');
    const slot = problemSlot(field);
    const input = h('input', { type: 'text', id, value, 'aria-describedby': slot.id, ...attrs });
    input.addEventListener('input', () => {
      set(input.value);
      check();
    });
    inputsFor.set(field, input);
    return h('div', { class: 'kd-field' }, h('label', { for: id }, label), input, slot);
  };

  const listId = uid('branches');
  const branchList = h('datalist', { id: listId }, ...known.map((branch) => h('option', { value: branch })));
  const messageId = uid('field');
  const messageSlot = problemSlot('message');
  const message = h('textarea', { id: messageId, rows: 2, 'aria-describedby': messageSlot.id }, form.message);
  message.addEventListener('input', () => {
    form.message = message.value;
    check();
  });
  inputsFor.set('message', message);

  const rowsEditor = (kind: 'env' | 'metaData', legend: string) => {
    const list = h('div', { class: 'kd-rows-editor' });
    const rows: KeyValueRow[] = form[kind];
    const render = () => {
      list.replaceChildren(
        ...rows.map((row, index) => {
          const keyField = text(`${kind}.${index}.key`, `${legend} ${index + 1} key`, row.key, (value) => {
            row.key = value;
          });
          const valueField = text(`${kind}.${index}.value`, `${legend} ${index + 1} value`, row.value, (value) => {
            row.value = value;
          });
          const remove = button(`Remove ${legend.toLowerCase()} ${index + 1}`, () => {
            rows.splice(index, 1);
            render();
            check();
          });
          return h('div', { class: 'kd-kv' }, keyField, valueField, remove);
        }),
      );
    };
    render();
    const add = button(`Add ${legend.toLowerCase()}`, () => {
      rows.push({ key: '', value: '' });
      render();
      check();
      inputsFor.get(`${kind}.${rows.length - 1}.key` as FieldId)?.focus();
    });
    return h('fieldset', {}, h('legend', {}, legend), list, add);
  };

  const checkbox = (label: string, key: 'cleanCheckout' | 'ignoreBranchFilters') => {
    const id = uid('check');
    const input = h('input', { type: 'checkbox', id, checked: form[key] });
    input.addEventListener('change', () => {
      form[key] = input.checked;
    });
    return h('div', { class: 'kd-row' }, input, h('label', { for: id }, label));
  };

  const feedback = h('p', { class: 'kd-feedback', role: 'status' });
  const result = h('div', { class: 'kd-buttons' });
  const submit = h('button', { type: 'submit', class: 'kd-primary' }, 'Create build');
  const cancel = button('Cancel', () => opened.close());

  const formEl = h(
    'form',
    { novalidate: true },
    text('branch', 'Branch', form.branch, (value) => (form.branch = value), { list: listId, autocomplete: 'off' }),
    branchList,
    text('commit', 'Commit', form.commit, (value) => (form.commit = value)),
    h('div', { class: 'kd-field' }, h('label', { for: messageId }, 'Message'), message, messageSlot),
    rowsEditor('env', 'Environment variable'),
    rowsEditor('metaData', 'Meta-data'),
    checkbox('Clean checkout', 'cleanCheckout'),
    checkbox('Ignore branch filters', 'ignoreBranchFilters'),
    text('authorName', 'Author name', form.authorName, (value) => (form.authorName = value)),
    text('authorEmail', 'Author email', form.authorEmail, (value) => (form.authorEmail = value)),
    feedback,
    result,
    h('div', { class: 'kd-dialog-actions' }, cancel, submit),
  );

  function check(): boolean {
    const problems = validateForm(form, known);
    for (const [field, slot] of problemsFor) {
      const problem = problems.find((candidate) => candidate.field === field);
      slot.textContent = problem ? `${problem.level === 'warning' ? 'Note: ' : ''}${problem.message}` : '';
      const input = inputsFor.get(field);
      if (input) input.setAttribute('aria-invalid', String(problem?.level === 'error'));
    }
    return !hasErrors(problems);
  }

  formEl.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!event.isTrusted || submit.disabled) return;
    if (!check()) {
      feedback.dataset.state = 'error';
      feedback.textContent = 'Fix the marked fields first.';
      formEl.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    submit.disabled = true;
    feedback.dataset.state = '';
    feedback.textContent = 'Creating the build…';
    void askBackground('createBuild', {
      org: target.org,
      pipeline: target.pipeline,
      pipelineGraphqlId: target.pipelineGraphqlId,
      form,
    }).then((reply) => {
      if (signal.aborted) return;
      if (!reply.ok) {
        submit.disabled = false;
        feedback.dataset.state = 'error';
        feedback.textContent = `${reply.error.title}. ${reply.error.detail} ${reply.error.action}`;
        return;
      }
      feedback.dataset.state = 'success';
      feedback.textContent = `Build #${reply.value.number} created.`;
      submit.hidden = true;
      cancel.textContent = 'Close';
      const ref = { org: target.org, pipeline: target.pipeline, number: reply.value.number };
      const watch = button('Watch it', (click) => {
        if (!click.isTrusted) return;
        watch.disabled = true;
        void askBackground('watchBuild', ref).then((answer) => {
          feedback.textContent = answer.ok
            ? `Watching build #${ref.number}: Kitedeck will notify you.`
            : `${answer.error.title}. ${answer.error.action}`;
        });
      });
      result.replaceChildren(h('a', { href: reply.value.webUrl }, `Open build #${reply.value.number}`), watch);
      options.onCreated?.();
    });
  });

  const opened = openDialog(
    root,
    { title: options.title ?? `New build: ${target.pipeline}`, opener: options.opener ?? null, signal },
    formEl,
  );
  check();
}
