import type { ParsedLine } from './ansi';

/**
 * Buildkite's log groups (docs "Managing log output"): a line starting with `--- ` opens a collapsed group, `+++ `
 * an expanded one, `~~~ ` a collapsed one whose header is not shown as a step; `^^^ +++` expands the group before.
 * A group runs from its header to the line before the next header.
 */
export interface LogGroup {
  /** The header's title, without the marker. */
  title: string;
  /** Index of the header line. */
  start: number;
  /** Index after the group's last line. */
  end: number;
  /** Expanded by default (`+++`, or re-opened by `^^^ +++`). */
  open: boolean;
}

const HEADER = /^(---|\+\+\+|~~~) (.*)$/;
const REOPEN = /^\^\^\^ \+\+\+\s*$/;

export function findGroups(lines: readonly Pick<ParsedLine, 'text'>[]): LogGroup[] {
  return findGroupsIn(
    lines.length,
    lines.map((line, index) => ({ index, text: line.text })),
  );
}

/** The groups of a log of `count` lines, given (in order) the lines that may be headers; others are not. */
export function findGroupsIn(count: number, candidates: readonly { index: number; text: string }[]): LogGroup[] {
  const groups: LogGroup[] = [];
  for (const { index: i, text } of candidates) {
    const first = text.charCodeAt(0);
    // Cheap first-character test: most lines are not headers.
    if (first !== 0x2d && first !== 0x2b && first !== 0x7e && first !== 0x5e) continue;
    if (REOPEN.test(text)) {
      const last = groups[groups.length - 1];
      if (last) last.open = true;
      continue;
    }
    const match = HEADER.exec(text);
    if (!match) continue;
    const previous = groups[groups.length - 1];
    if (previous) previous.end = i;
    groups.push({ title: match[2]!.trim(), start: i, end: count, open: match[1] === '+++' });
  }
  return groups;
}

/** Index of the group that holds line `index`, or -1 (binary search over `start`). */
export function groupOf(groups: readonly LogGroup[], index: number): number {
  let lo = 0;
  let hi = groups.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (groups[mid]!.start <= index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && index < groups[found]!.end ? found : -1;
}

/**
 * The line indexes to show, given which groups are open: a closed group shows only its header. Lines before the
 * first group always show.
 */
export function visibleLines(lineCount: number, groups: readonly LogGroup[], open: readonly boolean[]): Int32Array {
  const out = new Int32Array(lineCount);
  let count = 0;
  let g = 0;
  for (let i = 0; i < lineCount; ) {
    const group = groups[g];
    if (group && i === group.start) {
      out[count++] = i;
      if (open[g]) i++;
      else i = group.end;
      g++;
      continue;
    }
    if (group && i > group.start) {
      g++;
      continue;
    }
    out[count++] = i++;
  }
  return out.subarray(0, count);
}
