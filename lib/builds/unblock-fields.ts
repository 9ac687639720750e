import type { BlockField } from './model';

/**
 * A block step's answers, checked against its fields (pure; used by the background before sending, and usable by
 * the form). Multiple-select answers are sent as one newline-separated string: that is how Buildkite stores them
 * in the build's meta-data, and a plain string is what the documented unblock examples send.
 */

export type FieldAnswers = Record<string, string | string[]>;

export interface FieldProblem {
  key: string;
  label: string;
  message: string;
}

const asList = (value: string | string[] | null | undefined): string[] =>
  value == null ? [] : (Array.isArray(value) ? value : value.split('\n')).map((item) => item.trim()).filter(Boolean);

/** Problems Buildkite would answer 422 for: a required field left empty, an unknown option, a bad format. */
export function checkFieldAnswers(fields: readonly BlockField[], answers: FieldAnswers): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const given = answers[field.key];
    const values = asList(given === undefined ? field.default : given);
    const problem = (message: string) => problems.push({ key: field.key, label: field.label, message });
    if (values.length === 0) {
      if (field.required) problem('is required');
      continue;
    }
    if (field.kind === 'select') {
      const allowed = new Set(field.options.map((option) => option.value));
      if (!field.multiple && values.length > 1) problem('takes only one option');
      else if (allowed.size > 0 && values.some((value) => !allowed.has(value))) problem('is not one of the options');
      continue;
    }
    if (field.format) {
      let pattern: RegExp | null = null;
      try {
        pattern = new RegExp(`^(?:${field.format})$`);
      } catch {
        pattern = null; // a pattern JavaScript can't read: Buildkite checks it
      }
      if (pattern && !pattern.test(values.join('\n'))) problem(`does not match the format ${field.format}`);
    }
  }
  return problems;
}

/** The `fields` object sent to Buildkite: every answer as a string (multiple selects newline-separated). */
export function encodeFieldAnswers(answers: FieldAnswers): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(answers)) encoded[key] = Array.isArray(value) ? value.join('\n') : value;
  return encoded;
}

/** The fields' defaults, for answers the user left out (sent explicitly, so Buildkite gets what the form showed). */
export function defaultAnswers(fields: readonly BlockField[]): FieldAnswers {
  const answers: FieldAnswers = {};
  for (const field of fields)
    if (field.default !== null && field.default.length > 0) answers[field.key] = field.default;
  return answers;
}
