import type { BlockField } from '../builds/model';

/** Values of a block step's form, as `unblockJob` sends them. */
export type FieldValues = Record<string, string | string[]>;

/** The key format Buildkite (and the unblockJob message) accepts for a field key. */
export const FIELD_KEY = /^[A-Za-z0-9_.-]{1,100}$/;
/** More options than this and a select gets a filter input. */
export const SEARCHABLE_AFTER = 8;

/** The field's starting value: its default, or empty (a single required select with no default starts empty). */
export function initialValue(field: BlockField): string | string[] {
  const d = field.default;
  if (field.kind === 'select' && field.multiple) return d === null ? [] : Array.isArray(d) ? d : [d];
  return d === null ? '' : Array.isArray(d) ? (d[0] ?? '') : d;
}

/** Messages per field key for what is wrong; empty when the form can be sent. */
export function validateFields(fields: readonly BlockField[], values: FieldValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.key];
    const empty = value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === '');
    if (field.required && empty) {
      problems[field.key] =
        field.kind === 'select'
          ? `Choose ${field.multiple ? 'at least one option' : 'an option'}.`
          : `${field.label} is required.`;
      continue;
    }
    if (field.kind === 'select' && !empty) {
      const allowed = new Set(field.options.map((option) => option.value));
      const chosen = Array.isArray(value) ? value : [value];
      if (chosen.some((v) => !allowed.has(v))) problems[field.key] = 'Choose one of the listed options.';
    }
    if (field.kind === 'text' && typeof value === 'string' && value.length > 10_000)
      problems[field.key] = 'At most 10,000 characters.';
  }
  return problems;
}

/** What is sent: empty optional fields are left out. */
export function fieldsToSend(fields: readonly BlockField[], values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    if (Array.isArray(value) ? value.length === 0 : value === '') continue;
    out[field.key] = value;
  }
  return out;
}

/** The free key/value editor (when the block's fields are unknown): per-row problems, and the values to send. */
export function validateKeyValues(rows: readonly { key: string; value: string }[]): {
  problems: Record<number, string>;
  values: FieldValues;
} {
  const problems: Record<number, string> = {};
  const values: FieldValues = {};
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === '' && row.value === '') return;
    if (!FIELD_KEY.test(key)) problems[index] = 'Keys use letters, digits, “_”, “-” or “.” (1–100 characters).';
    else if (key in values) problems[index] = `“${key}” is used twice.`;
    else values[key] = row.value;
  });
  return { problems, values };
}
