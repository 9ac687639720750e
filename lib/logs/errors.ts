/**
 * The lines of a log that matter when a job failed: the lines that look like errors, and the tail. Pure functions
 * over plain text lines (see ansi.ts); the failure digest groups jobs whose error lines are the same.
 */

/** What marks an error line: compilers, test runners, Python, Go, the JVM, shells, assertion diffs. */
const ERROR_PATTERNS: readonly RegExp[] = [
  /\berror\b/i,
  /\bFAIL(?:ED|URE)?\b/,
  /\bTraceback \(most recent call last\)/,
  /\bpanic:/,
  /\b\w*Exception\b/,
  /\bexit status \d+/i,
  /\bexited with status\b/i,
  /\bAssertionError\b/,
  /^\s*(?:Expected|Received|Actual|expected|actual|got|want)\s*[:=]/,
];
/** A line of a unified/assertion diff (`- expected` / `+ received`) counts only next to another error line. */
const DIFF_LINE = /^\s*[-+] \S/;
/** Lines that say "error" without being one ("0 errors", "--error-format", "errors: 0"). */
const NOT_ERROR = /\b0 (?:errors?|failures?|failed)\b|\berrors?:\s*0\b|--\w*error/i;

export function isErrorLine(text: string): boolean {
  if (text.length > 2000 || text.trim() === '') return false;
  if (NOT_ERROR.test(text)) return false;
  return ERROR_PATTERNS.some((pattern) => pattern.test(text));
}

export interface NumberedLine {
  /** 1-based line number in the log. */
  n: number;
  text: string;
}

export interface LogHighlights {
  errors: NumberedLine[];
  tail: NumberedLine[];
}

/**
 * The error lines (at most `maxErrors`, the last ones: the cause is usually near the end) and the last `tailLines`
 * lines. Diff lines (`- a` / `+ b`) count when they follow an error line within 10 lines. `firstLine` is the
 * number of the first line given (a log tail starts somewhere in the middle; then numbers are relative).
 */
export function highlights(
  lines: readonly string[],
  {
    maxErrors = 20,
    tailLines = 15,
    firstLine = 1,
  }: { maxErrors?: number; tailLines?: number; firstLine?: number } = {},
): LogHighlights {
  const errors: NumberedLine[] = [];
  let lastError = -100;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const isError = isErrorLine(text) || (i - lastError <= 10 && DIFF_LINE.test(text) && text.length <= 2000);
    if (!isError) continue;
    lastError = i;
    errors.push({ n: firstLine + i, text });
    if (errors.length > maxErrors * 4) errors.splice(0, errors.length - maxErrors);
  }
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  const start = Math.max(0, end - tailLines);
  return {
    errors: errors.slice(-maxErrors),
    tail: lines.slice(start, end).map((text, k) => ({ n: firstLine + start + k, text })),
  };
}

/**
 * The same error in parallel jobs differs in durations, ids, paths with numbers and timestamps: those become `#`
 * so the lines compare equal.
 */
export function normaliseLine(text: string): string {
  return text
    .replace(/\b[0-9a-f]{8,}\b/gi, '#')
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface JobErrors {
  jobId: string;
  errors: readonly NumberedLine[];
}

export interface ErrorGroup {
  /** The error lines as the first job of the group has them. */
  lines: readonly NumberedLine[];
  jobIds: string[];
}

/**
 * Groups jobs whose error lines are the same once normalised ("the same 3 lines failed in 12 parallel jobs").
 * Jobs without error lines are left out. Largest groups first, then in the jobs' order.
 */
export function groupByErrors(jobs: readonly JobErrors[]): ErrorGroup[] {
  const byKey = new Map<string, ErrorGroup>();
  for (const job of jobs) {
    if (job.errors.length === 0) continue;
    const key = job.errors.map((line) => normaliseLine(line.text)).join('\n');
    const group = byKey.get(key);
    if (group) group.jobIds.push(job.jobId);
    else byKey.set(key, { lines: job.errors, jobIds: [job.jobId] });
  }
  return [...byKey.values()].sort((a, b) => b.jobIds.length - a.jobIds.length);
}
