import { applySgr, scanLog, type ParsedLine, type Style } from './ansi';
import { findGroupsIn, type LogGroup } from './groups';

const ESC = 0x1b;
const BEL = 0x07;
const LF = 0x0a;

/**
 * A log ready to show without parsing all of it: where each line starts, the style in force there (colours carry
 * over lines), its groups, whether it has times. Built in one pass that only follows escapes (native `indexOf`
 * between them, no spans, no per-line strings); a line is parsed (`scanLog`) when it is shown, then kept. The
 * lines are the ones `parseLog` gives, line for line.
 */
export interface LogIndex {
  count: number;
  line: (index: number) => ParsedLine;
  groups: LogGroup[];
  hasTimes: boolean;
}

const EMPTY: ParsedLine = { text: '', spans: null, time: null };

/** Where the escape at `i` (an ESC) ends, by `scanLog`'s rules; applies an SGR to `state.style`. */
function skipEscape(text: string, i: number, state: { style: Style | null; times: boolean }): number {
  const n = text.length;
  const kind = i + 1 < n ? text.charCodeAt(i + 1) : -1;
  if (kind === 0x5b) {
    let j = i + 2;
    while (j < n && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x3f) j++;
    const paramsEnd = j;
    while (j < n && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
    const final = j < n ? text.charCodeAt(j) : -1;
    if (final < 0x40 || final > 0x7e) return j;
    if (final === 0x6d && paramsEnd - (i + 2) <= 256) state.style = applySgr(state.style, text.slice(i + 2, paramsEnd));
    return j + 1;
  }
  if (kind === 0x5d || kind === 0x5f || kind === 0x50) {
    if (kind === 0x5f && !state.times && text.startsWith('bk;t=', i + 2)) state.times = true;
    for (let j = i + 2; j < n; j++) {
      const b = text.charCodeAt(j);
      if (b === BEL) return j + 1;
      if (b === ESC && j + 1 < n && text.charCodeAt(j + 1) === 0x5c) return j + 2;
      if (b === LF) return j;
    }
    return n;
  }
  return Math.min(n, i + 2);
}

const mayStartHeader = (c: number) => c === 0x2d || c === 0x2b || c === 0x7e || c === 0x5e; // - + ~ ^

/** The whole index at once (tests, small logs). */
export function indexLog(text: string): LogIndex {
  const indexer = logIndexer(text);
  while (!indexer.advance(Number.POSITIVE_INFINITY));
  return indexer.index;
}

/**
 * An index built a slice at a time, so the log page paints its first rows before the rest of the log is read:
 * `advance(chars)` reads about `chars` more characters (whole lines) and answers whether the log is done. Until
 * then `index` holds the lines read so far (a prefix of the final lines; the last group runs to the last line read).
 */
export function logIndexer(text: string): { index: LogIndex; advance: (chars: number) => boolean } {
  const n = text.length;
  const starts: number[] = [0];
  const styles = new Map<number, Style>();
  const state = { style: null as Style | null, times: false };
  /** Lines that may be group headers: their first plain character is - + ~ ^, or they hold a carriage return. */
  const candidates: number[] = [];
  const parsed = new Map<number, ParsedLine>();
  let lineStart = 0;
  let checked = false; // the current line's first plain character was looked at
  let nextEsc = text.indexOf('\x1b');
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  let i = 0;
  let done = false;

  const lineEnd = (index: number) => (index + 1 < starts.length ? starts[index + 1]! - 1 : n);
  const line = (index: number): ParsedLine => {
    let found = parsed.get(index);
    if (!found) {
      found = EMPTY;
      scanLog(text.slice(starts[index], lineEnd(index)), (l) => (found = l), styles.get(index) ?? null);
      parsed.set(index, found);
    }
    return found;
  };
  const index: LogIndex = { count: 0, line, groups: [], hasTimes: false };

  const advance = (chars: number): boolean => {
    if (done) return true;
    const until = i + chars;
    for (;;) {
      if (!checked && nextEsc !== i) {
        // The first plain character of the line (escapes at `i` are read first).
        checked = true;
        const end = nextLf === -1 ? n : nextLf;
        while (nextCr !== -1 && nextCr < lineStart) nextCr = text.indexOf('\r', lineStart);
        if ((i < end && mayStartHeader(text.charCodeAt(i))) || (nextCr !== -1 && nextCr < end))
          candidates.push(starts.length - 1);
      }
      if (nextLf !== -1 && (nextEsc === -1 || nextLf < nextEsc)) {
        i = lineStart = nextLf + 1;
        starts.push(lineStart);
        if (state.style) styles.set(starts.length - 1, state.style);
        checked = false;
        nextLf = text.indexOf('\n', i);
        if (i >= until) break;
      } else if (nextEsc !== -1) {
        i = skipEscape(text, nextEsc, state);
        // `ESC` and a newline: the escape takes the newline, the line goes on.
        if (nextLf !== -1 && nextLf < i) nextLf = text.indexOf('\n', i);
        nextEsc = text.indexOf('\x1b', i);
      } else {
        done = true;
        break;
      }
    }
    let count = starts.length - 1;
    if (done) {
      // The text after the last newline is a line when `scanLog` would emit one for it.
      const last = starts[count]!;
      if (last < n) {
        let emitted = false;
        scanLog(text.slice(last), () => (emitted = true), styles.get(count) ?? null);
        if (emitted) count++;
      }
    }
    index.count = count;
    index.hasTimes = state.times;
    index.groups = findGroupsIn(
      count,
      candidates.filter((c) => c < count).map((c) => ({ index: c, text: line(c).text })),
    );
    return done;
  };
  return { index, advance };
}
