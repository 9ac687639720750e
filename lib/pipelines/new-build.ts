/**
 * The "New build" form: its model, validation next to each field, and the request bodies (REST
 * `POST …/pipelines/{pipeline}/builds`, GraphQL `buildCreate`, digest §2.5 and §3.5). Pure: the form runs it on each
 * keystroke in the page, and the background runs it again on the payload before sending.
 */

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface NewBuildForm {
  message: string;
  branch: string;
  /** `HEAD` or a commit SHA (7 to 40 hex digits). */
  commit: string;
  env: KeyValueRow[];
  metaData: KeyValueRow[];
  cleanCheckout: boolean;
  ignoreBranchFilters: boolean;
  authorName: string;
  authorEmail: string;
}

export const emptyForm = (defaults: Partial<NewBuildForm> = {}): NewBuildForm => ({
  message: '',
  branch: '',
  commit: 'HEAD',
  env: [],
  metaData: [],
  cleanCheckout: false,
  ignoreBranchFilters: false,
  authorName: '',
  authorEmail: '',
  ...defaults,
});

/** Field ids the problems point at; rows are `env.3.key`, `metaData.0.value`. */
export type FieldId =
  | 'message'
  | 'branch'
  | 'commit'
  | 'authorName'
  | 'authorEmail'
  | `env.${number}.${'key' | 'value'}`
  | `metaData.${number}.${'key' | 'value'}`;

export interface FieldProblem {
  field: FieldId;
  /** `error` stops sending; `warning` is shown and still allows it (e.g. a branch Buildkite may resolve). */
  level: 'error' | 'warning';
  message: string;
}

const SHA = /^[0-9a-f]{7,40}$/i;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const META_KEY = /^[^\s=]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// git check-ref-format, the parts a user types by mistake: spaces, control characters, `..`, `~^:?*[\`, a leading `-`.
// eslint-disable-next-line no-control-regex
const BAD_BRANCH = /[\s\u0000-\u001f\u007f~^:?*[\\]|\.\.|^-|\/$|\.lock$|@\{/;

export const MAX_MESSAGE = 10_000;
export const MAX_ROWS = 100;

export function isCommit(value: string): boolean {
  return value === 'HEAD' || SHA.test(value);
}

/** Rows whose key and value are both empty are ignored (a form's blank last row). */
export const filledRows = (rows: readonly KeyValueRow[]): { row: KeyValueRow; index: number }[] =>
  rows.map((row, index) => ({ row, index })).filter(({ row }) => row.key.trim() !== '' || row.value !== '');

function rowProblems(
  kind: 'env' | 'metaData',
  rows: readonly KeyValueRow[],
  keyRule: RegExp,
  keyWords: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  const filled = filledRows(rows);
  if (filled.length > MAX_ROWS)
    problems.push({ field: `${kind}.${MAX_ROWS}.key`, level: 'error', message: `At most ${MAX_ROWS} rows.` });
  for (const { row, index } of filled) {
    const key = row.key.trim();
    if (key === '') {
      problems.push({ field: `${kind}.${index}.key`, level: 'error', message: 'A key is needed for this value.' });
      continue;
    }
    if (!keyRule.test(key)) {
      problems.push({ field: `${kind}.${index}.key`, level: 'error', message: keyWords });
    } else if (seen.has(key)) {
      problems.push({
        field: `${kind}.${index}.key`,
        level: 'error',
        message: `“${key}” is already set in row ${seen.get(key)! + 1}.`,
      });
    } else seen.set(key, index);
    if (kind === 'metaData' && row.value === '')
      problems.push({ field: `${kind}.${index}.value`, level: 'error', message: 'Meta-data needs a value.' });
    if (kind === 'env' && /[\r\n]/.test(row.value))
      problems.push({ field: `${kind}.${index}.value`, level: 'error', message: 'One line only.' });
  }
  return problems;
}

/**
 * Every problem of the form, by field. `knownBranches` are the pipeline's default branch and its recent builds'
 * branches: a branch outside them is a warning only (Buildkite may resolve it).
 */
export function validateForm(form: NewBuildForm, knownBranches: readonly string[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const branch = form.branch.trim();
  if (branch === '') problems.push({ field: 'branch', level: 'error', message: 'A branch is needed.' });
  else if (BAD_BRANCH.test(branch) || branch.length > 255)
    problems.push({ field: 'branch', level: 'error', message: 'Not a valid branch name.' });
  else if (knownBranches.length > 0 && !knownBranches.includes(branch))
    problems.push({
      field: 'branch',
      level: 'warning',
      message: 'No recent build used this branch; Buildkite will try to resolve it.',
    });
  const commit = form.commit.trim();
  if (!isCommit(commit))
    problems.push({
      field: 'commit',
      level: 'error',
      message: 'Use HEAD or a commit SHA (7 to 40 hexadecimal characters).',
    });
  if (form.message.length > MAX_MESSAGE)
    problems.push({ field: 'message', level: 'error', message: `At most ${MAX_MESSAGE} characters.` });
  problems.push(
    ...rowProblems('env', form.env, ENV_KEY, 'Letters, digits and _ only, not starting with a digit.'),
    ...rowProblems('metaData', form.metaData, META_KEY, 'No spaces or “=” in a meta-data key.'),
  );
  const name = form.authorName.trim();
  const email = form.authorEmail.trim();
  if (email !== '' && !EMAIL.test(email))
    problems.push({ field: 'authorEmail', level: 'error', message: 'Not an email address.' });
  if ((name === '') !== (email === ''))
    problems.push({
      field: name === '' ? 'authorName' : 'authorEmail',
      level: 'error',
      message: 'Give both the author’s name and email, or neither.',
    });
  return problems;
}

export const hasErrors = (problems: readonly FieldProblem[]): boolean =>
  problems.some((problem) => problem.level === 'error');

/** Pasted `KEY=value` lines as rows (blank lines and `#` comments skipped; a line without `=` keeps an empty value). */
export function parseEnvLines(text: string): KeyValueRow[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? { key: line, value: '' } : { key: line.slice(0, at).trim(), value: line.slice(at + 1) };
    });
}

const toRecord = (rows: readonly KeyValueRow[]): Record<string, string> =>
  Object.fromEntries(filledRows(rows).map(({ row }) => [row.key.trim(), row.value]));

/** REST `POST …/builds` body (only what the user set). */
export function restBody(form: NewBuildForm): Record<string, unknown> {
  const body: Record<string, unknown> = { commit: form.commit.trim(), branch: form.branch.trim() };
  if (form.message.trim() !== '') body.message = form.message;
  const env = toRecord(form.env);
  if (Object.keys(env).length) body.env = env;
  const metaData = toRecord(form.metaData);
  if (Object.keys(metaData).length) body.meta_data = metaData;
  if (form.cleanCheckout) body.clean_checkout = true;
  if (form.ignoreBranchFilters) body.ignore_pipeline_branch_filters = true;
  if (form.authorName.trim() !== '') body.author = { name: form.authorName.trim(), email: form.authorEmail.trim() };
  return body;
}

/**
 * GraphQL `BuildCreateInput`, or null when the form needs what only REST takes: `buildCreate` has no clean checkout
 * and no "ignore branch filters" (schema `BuildCreateInput`).
 */
export function graphqlInput(
  form: NewBuildForm,
  pipelineId: string,
): {
  pipelineID: string;
  commit: string;
  branch: string;
  message?: string;
  env?: string[];
  metaData?: KeyValueRow[];
  author?: { name: string; email: string };
} | null {
  if (form.cleanCheckout || form.ignoreBranchFilters) return null;
  const env = filledRows(form.env).map(({ row }) => `${row.key.trim()}=${row.value}`);
  const metaData = filledRows(form.metaData).map(({ row }) => ({ key: row.key.trim(), value: row.value }));
  return {
    pipelineID: pipelineId,
    commit: form.commit.trim(),
    branch: form.branch.trim(),
    ...(form.message.trim() !== '' ? { message: form.message } : {}),
    ...(env.length ? { env } : {}),
    ...(metaData.length ? { metaData } : {}),
    ...(form.authorName.trim() !== ''
      ? { author: { name: form.authorName.trim(), email: form.authorEmail.trim() } }
      : {}),
  };
}

/** "Rebuild with changes": the form prefilled from a build (same commit and branch; env and meta-data editable). */
export function formFromBuild(build: {
  message: string | null;
  branch: string;
  commit: string;
  env?: Record<string, string> | null;
  metaData?: Record<string, string> | null;
}): NewBuildForm {
  const rows = (record: Record<string, string> | null | undefined): KeyValueRow[] =>
    Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
  return emptyForm({
    message: build.message ?? '',
    branch: build.branch,
    commit: isCommit(build.commit) ? build.commit : 'HEAD',
    env: rows(build.env),
    metaData: rows(build.metaData),
  });
}

/** Branch suggestions: the default branch first, then recent builds' branches, newest first, once each. */
export function branchSuggestions(defaultBranch: string | null, recent: readonly string[], typed = ''): string[] {
  const all = [...(defaultBranch ? [defaultBranch] : []), ...recent].filter(
    (branch, index, list) => branch !== '' && list.indexOf(branch) === index,
  );
  const needle = typed.trim().toLowerCase();
  return (needle ? all.filter((branch) => branch.toLowerCase().includes(needle)) : all).slice(0, 20);
}
