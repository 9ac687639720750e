import type { BlockField, JobView } from '../builds/model';
import { askBackground } from '../in-page-messaging';
import { createFeedback, type BuildSession } from './build-session';
import { openDialog } from './dialog';
import { button, h, uid } from './dom';
import {
  fieldsToSend,
  initialValue,
  SEARCHABLE_AFTER,
  validateFields,
  validateKeyValues,
  type FieldValues,
} from './unblock-form';
import { onUserSubmit } from './user-gesture';
import { safeBuildkiteUrl } from '../safe-url';

interface FieldControl {
  read(): string | string[];
  invalid(message: string | null): void;
  focus(): void;
}

/**
 * Unblock a block step with its fields as a real form. Before sending, asks whether a newer build exists on the
 * same branch and, if so, requires an explicit "Unblock anyway". The dialog stays open on failure (nothing typed
 * is lost) and closes on success.
 */
export function openUnblockDialog(session: BuildSession, job: JobView, opener: Element | null): void {
  const data = session.store.data;
  if (!data) return;
  const form = h('form', { novalidate: true });
  const controls = new Map<string, FieldControl>();
  const kv = job.fields === null ? keyValueEditor() : null;
  if (job.prompt) form.append(h('p', {}, job.prompt));
  const source = fieldsSourceNote(job);
  if (source) form.append(h('p', { class: 'kd-hint', 'data-kd-fields-source': job.fieldsSource ?? 'none' }, source));
  for (const field of job.fields ?? []) {
    const control = fieldControl(field);
    controls.set(field.key, control.api);
    form.append(control.element);
  }
  if (kv) form.append(kv.element);
  const warning = h('div', { class: 'kd-warning', hidden: true, role: 'alert' });
  const feedback = createFeedback('dialog-feedback');
  const submit = h('button', { type: 'submit', class: 'kd-primary' }, 'Unblock');
  const cancel = button('Cancel', () => dialog.close());
  form.append(warning, feedback.element, h('div', { class: 'kd-dialog-actions' }, cancel, submit));
  session.dialogOpen = true;
  const dialog = openDialog(
    session.panel.root,
    {
      title: `Unblock “${job.label ?? 'block step'}”`,
      opener,
      signal: session.signal,
      onClose: () => (session.dialogOpen = false),
    },
    form,
  );

  const collect = (): FieldValues | null => {
    if (kv) return kv.collect();
    const values: FieldValues = {};
    controls.forEach((control, key) => (values[key] = control.read()));
    const fields = job.fields ?? [];
    const problems = validateFields(fields, values);
    let first: FieldControl | null = null;
    controls.forEach((control, key) => {
      control.invalid(problems[key] ?? null);
      if (problems[key] && !first) first = control;
    });
    if (first) {
      (first as FieldControl).focus();
      return null;
    }
    return fieldsToSend(fields, values);
  };

  const send = (fields: FieldValues) =>
    session.run({
      key: `unblock-${job.id}`,
      button: submit,
      feedback,
      pending: 'Unblocking…',
      send: () => askBackground('unblockJob', { ...session.ref, jobId: job.id, fields }),
      done: ({ build }) => {
        session.store.apply(build);
        dialog.close();
        return `Unblocked “${job.label ?? 'block step'}”.`;
      },
    });

  let checked = false;
  onUserSubmit(form, () => {
    const fields = collect();
    if (!fields) return;
    if (checked) return void send(fields);
    submit.disabled = true;
    feedback.pending('Checking for a newer build on this branch…');
    void askBackground('findNewerBuild', { ...session.ref, branch: data.build.branch }).then((reply) => {
      submit.disabled = false;
      if (session.signal.aborted) return;
      if (reply.ok && reply.value === null) return void send(fields);
      checked = true;
      feedback.element.replaceChildren();
      warning.hidden = false;
      if (reply.ok && reply.value) {
        const newer = reply.value;
        warning.replaceChildren(
          `A newer build exists on ${data.build.branch}: `,
          h('a', { href: safeBuildkiteUrl(newer.webUrl), target: '_blank', rel: 'noopener' }, `#${newer.number}`),
          ` (${newer.state}). Unblocking this one may deploy stale code.`,
        );
      } else if (!reply.ok) {
        warning.replaceChildren(`Could not check for a newer build: ${reply.error.title}. ${reply.error.detail}`);
      }
      submit.textContent = 'Unblock anyway';
      submit.focus();
    });
  });
}

function fieldControl(field: BlockField): { element: HTMLElement; api: FieldControl } {
  const id = uid('field');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { class: 'kd-invalid', id: errorId, hidden: true });
  const hint = field.hint ? h('p', { class: 'kd-hint', id: hintId }, field.hint) : null;
  const describedBy = [hint ? hintId : '', errorId].filter(Boolean).join(' ');
  const labelText = field.required ? `${field.label} (required)` : field.label;
  const initial = initialValue(field);
  let input: HTMLInputElement | HTMLSelectElement;
  let read: () => string | string[];
  let body: HTMLElement;
  const filterable = field.kind === 'select' && field.options.length > SEARCHABLE_AFTER;
  const filter = filterable
    ? h('input', { type: 'search', class: 'kd-filter', 'aria-label': `Filter ${field.label} options` })
    : null;

  if (field.kind === 'select' && field.multiple) {
    const chosen = new Set(Array.isArray(initial) ? initial : [initial]);
    const boxes = field.options.map((option) => {
      const box = h('input', { type: 'checkbox', value: option.value, checked: chosen.has(option.value) });
      return { option, box, row: h('label', {}, box, ` ${option.label}`) };
    });
    input = boxes[0]?.box ?? h('input', { type: 'checkbox', disabled: true });
    read = () => boxes.filter((b) => b.box.checked).map((b) => b.option.value);
    filter?.addEventListener('input', () =>
      boxes.forEach((b) => (b.row.hidden = !matches(b.option.label, filter.value))),
    );
    body = h(
      'fieldset',
      { class: 'kd-field', 'aria-describedby': describedBy },
      h('legend', {}, labelText),
      hint,
      filter,
      h('div', { role: 'group' }, ...boxes.map((b) => h('div', {}, b.row))),
      error,
    );
  } else {
    if (field.kind === 'select') {
      const select = h(
        'select',
        { id, 'aria-describedby': describedBy, 'aria-required': field.required ? 'true' : null },
        h('option', { value: '' }, field.required ? 'Choose…' : '—'),
        ...field.options.map((option) => h('option', { value: option.value }, option.label)),
      );
      select.value = typeof initial === 'string' ? initial : '';
      filter?.addEventListener('input', () => {
        for (const option of select.options) if (option.value) option.hidden = !matches(option.text, filter.value);
      });
      input = select;
    } else {
      input = h('input', {
        type: 'text',
        id,
        'aria-describedby': describedBy,
        'aria-required': field.required ? 'true' : null,
        value: typeof initial === 'string' ? initial : '',
      });
    }
    const control = input;
    read = () => control.value;
    body = h('div', { class: 'kd-field' }, h('label', { for: id }, labelText), hint, filter, input, error);
  }
  const target = input;
  return {
    element: body,
    api: {
      read,
      focus: () => target.focus(),
      invalid(message) {
        error.hidden = !message;
        error.textContent = message ?? '';
        if (message) target.setAttribute('aria-invalid', 'true');
        else target.removeAttribute('aria-invalid');
      },
    },
  };
}

const matches = (text: string, query: string) => text.toLowerCase().includes(query.trim().toLowerCase());

/** Where the form's fields came from: Buildkite documents no API for a block step's fields. */
function fieldsSourceNote(job: JobView): string | null {
  if (job.fieldsSource === 'pipeline') return 'Fields from the pipeline’s steps.';
  if (job.fieldsSource === 'last-unblock')
    return 'Fields this step was unblocked with last time on this pipeline (its build meta-data); none are required.';
  return null;
}

/** When the block's fields are unknown: free key/value rows. */
function keyValueEditor() {
  const rows: { key: HTMLInputElement; value: HTMLInputElement; element: HTMLElement; error: HTMLElement }[] = [];
  const list = h('div', {});
  const add = () => {
    const n = rows.length + 1;
    const key = h('input', { type: 'text', 'aria-label': `Field ${n} key` });
    const value = h('input', { type: 'text', 'aria-label': `Field ${n} value` });
    const error = h('p', { class: 'kd-invalid', hidden: true });
    const element = h(
      'div',
      {},
      h(
        'div',
        { class: 'kd-kv' },
        key,
        value,
        button(
          'Remove',
          () => {
            rows.splice(
              rows.findIndex((r) => r.element === element),
              1,
            );
            element.remove();
          },
          { 'aria-label': `Remove field ${n}` },
        ),
      ),
      error,
    );
    rows.push({ key, value, element, error });
    list.append(element);
    return key;
  };
  add();
  const element = h(
    'fieldset',
    { class: 'kd-field' },
    h('legend', {}, 'Fields'),
    h(
      'p',
      { class: 'kd-hint' },
      'This step’s fields are not in the pipeline’s steps, and it was never unblocked with any before: add the keys and values the step expects (or none).',
    ),
    list,
    button('Add field', () => add().focus()),
  );
  return {
    element,
    collect(): FieldValues | null {
      const { problems, values } = validateKeyValues(rows.map((r) => ({ key: r.key.value, value: r.value.value })));
      rows.forEach((row, index) => {
        row.error.hidden = !problems[index];
        row.error.textContent = problems[index] ?? '';
      });
      const firstBad = rows.find((_, index) => problems[index]);
      if (firstBad) {
        firstBad.key.focus();
        return null;
      }
      return values;
    },
  };
}
