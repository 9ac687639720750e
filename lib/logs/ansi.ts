/**
 * A linear-time reader of a Buildkite job log: terminal escapes become styled spans (plain data, never HTML),
 * Buildkite's `ESC _bk;t=<ms> BEL` markers become each line's time, and bare carriage returns keep only what a
 * terminal would show last. Every character is looked at a bounded number of times: an escape that is never
 * terminated is skipped up to where the scan stopped, never rescanned (the old regex-based strip was quadratic on
 * a crafted log).
 */

/** A text style; colours are 0-255 palette indexes or `#rrggbb`. Interned: equal styles are the same object. */
export interface Style {
  fg: number | string | null;
  bg: number | string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

export interface Span {
  text: string;
  /** null: the default style */
  style: Style | null;
}

export interface ParsedLine {
  /** The line as plain text (escapes removed). */
  text: string;
  /** Styled pieces of `text`; null when the whole line has the default style. */
  spans: Span[] | null;
  /** Milliseconds since the epoch from the first `_bk;t=` marker on the line, or null. */
  time: number | null;
}

const ESC = 0x1b;
const BEL = 0x07;
const LF = 0x0a;
const CR = 0x0d;

const PLAIN: Style = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };
const interned = new Map<string, Style>();

function intern(style: Style): Style | null {
  if (style.fg === null && style.bg === null && !style.bold && !style.dim && !style.italic && !style.underline)
    return null;
  const key = `${style.fg}|${style.bg}|${+style.bold}${+style.dim}${+style.italic}${+style.underline}`;
  let found = interned.get(key);
  if (!found) {
    found = Object.freeze({ ...style });
    if (interned.size < 4096) interned.set(key, found);
  }
  return found;
}

const hex = (n: number) => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');

const sgrCache = new Map<Style | null, Map<string, Style | null>>();

/** Applies one SGR parameter list (`ESC [ … m`) to `current`; returns the new style (memoised: logs repeat them). */
export function applySgr(current: Style | null, params: string): Style | null {
  let byParams = sgrCache.get(current);
  if (!byParams) {
    byParams = new Map();
    if (sgrCache.size < 4096) sgrCache.set(current, byParams);
  }
  const known = byParams.get(params);
  if (known !== undefined) return known;
  const next = computeSgr(current, params);
  if (byParams.size < 256) byParams.set(params, next);
  return next;
}

function computeSgr(current: Style | null, params: string): Style | null {
  const s: Style = { ...(current ?? PLAIN) };
  const codes = params === '' ? [0] : params.split(/[;:]/).map((part) => (part === '' ? 0 : Number(part)));
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) Object.assign(s, PLAIN);
    else if (code === 1) s.bold = true;
    else if (code === 2) s.dim = true;
    else if (code === 3) s.italic = true;
    else if (code === 4) s.underline = true;
    else if (code === 22) s.bold = s.dim = false;
    else if (code === 23) s.italic = false;
    else if (code === 24) s.underline = false;
    else if (code >= 30 && code <= 37) s.fg = code - 30;
    else if (code >= 90 && code <= 97) s.fg = code - 90 + 8;
    else if (code === 39) s.fg = null;
    else if (code >= 40 && code <= 47) s.bg = code - 40;
    else if (code >= 100 && code <= 107) s.bg = code - 100 + 8;
    else if (code === 49) s.bg = null;
    else if (code === 38 || code === 48) {
      let colour: number | string | null = null;
      if (codes[i + 1] === 5 && i + 2 < codes.length) {
        colour = Math.max(0, Math.min(255, codes[i + 2]!));
        i += 2;
      } else if (codes[i + 1] === 2 && i + 4 < codes.length) {
        colour = `#${hex(codes[i + 2]!)}${hex(codes[i + 3]!)}${hex(codes[i + 4]!)}`;
        i += 4;
      } else i = codes.length;
      if (code === 38) s.fg = colour;
      else s.bg = colour;
    }
  }
  return intern(s);
}

/**
 * Reads a whole log. `onLine` is called once per line, in order (the last line too when the log does not end with
 * a newline; an empty log has no lines). `initialStyle`: the style in force where `input` starts (colours carry
 * over from line to line).
 */
export function scanLog(input: string, onLine: (line: ParsedLine) => void, initialStyle: Style | null = null): void {
  const n = input.length;
  let style: Style | null = initialStyle;
  let spans: Span[] = [];
  let styled = false;
  let time: number | null = null;
  let segStart = 0;
  let i = 0;
  let nextEsc = -1;
  let nextLf = -1;
  let nextCr = -1;

  const flushSegment = (end: number) => {
    if (end > segStart) {
      const text = input.slice(segStart, end);
      const last = spans[spans.length - 1];
      if (last && last.style === style) last.text += text;
      else spans.push({ text, style });
      if (style) styled = true;
    }
  };
  const endLine = () => {
    let text = '';
    for (const span of spans) text += span.text;
    onLine({ text, spans: styled ? spans : null, time });
    spans = [];
    styled = false;
    time = null;
  };

  while (i < n) {
    const c = input.charCodeAt(i);
    if (c === LF) {
      flushSegment(i);
      endLine();
      segStart = ++i;
    } else if (c === CR) {
      flushSegment(i);
      i++;
      // "\r\n" ends the line as "\n" does; a bare "\r" returns to the start: what follows overwrites the line.
      if (i < n && input.charCodeAt(i) !== LF && input.charCodeAt(i) !== CR) {
        spans = [];
        styled = false;
      }
      segStart = i;
    } else if (c === ESC) {
      flushSegment(i);
      const kind = i + 1 < n ? input.charCodeAt(i + 1) : -1;
      if (kind === 0x5b /* [ CSI */) {
        let j = i + 2;
        while (j < n) {
          const b = input.charCodeAt(j);
          if (b >= 0x30 && b <= 0x3f) j++;
          else break;
        }
        const paramsEnd = j;
        while (j < n) {
          const b = input.charCodeAt(j);
          if (b >= 0x20 && b <= 0x2f) j++;
          else break;
        }
        const final = j < n ? input.charCodeAt(j) : -1;
        if (final >= 0x40 && final <= 0x7e) {
          if (final === 0x6d /* m */ && paramsEnd - (i + 2) <= 256)
            style = applySgr(style, input.slice(i + 2, paramsEnd));
          i = j + 1;
        } else i = j; // malformed: drop what was read, keep the rest as text
      } else if (kind === 0x5d /* ] OSC */ || kind === 0x5f /* _ APC */ || kind === 0x50 /* P DCS */) {
        let j = i + 2;
        let end = -1;
        while (j < n) {
          const b = input.charCodeAt(j);
          if (b === BEL) {
            end = j;
            j++;
            break;
          }
          if (b === ESC && j + 1 < n && input.charCodeAt(j + 1) === 0x5c) {
            end = j;
            j += 2;
            break;
          }
          if (b === LF) break; // unterminated: stop at the line's end, never rescan
          j++;
        }
        if (kind === 0x5f && time === null && end > 0 && input.startsWith('bk;t=', i + 2)) {
          const value = Number(input.slice(i + 7, end));
          if (Number.isFinite(value)) time = value;
        }
        i = j;
      } else i = Math.min(n, i + 2);
      segStart = i;
    } else {
      // Plain text: jump to the next character that matters with native searches (each found once per pass).
      if (nextEsc < i) nextEsc = indexOr(input, '\x1b', i, n);
      if (nextLf < i) nextLf = indexOr(input, '\n', i, n);
      if (nextCr < i) nextCr = indexOr(input, '\r', i, n);
      i = Math.min(nextEsc, nextLf, nextCr);
    }
  }
  flushSegment(n);
  if (spans.length > 0 || time !== null || (n > 0 && input.charCodeAt(n - 1) !== LF)) endLine();
}

function indexOr(input: string, char: string, from: number, n: number): number {
  const at = input.indexOf(char, from);
  return at === -1 ? n : at;
}

/** All lines of a log. */
export function parseLog(input: string): ParsedLine[] {
  const lines: ParsedLine[] = [];
  scanLog(input, (line) => lines.push(line));
  return lines;
}

/**
 * Every escape sequence, by the same bounded rules as `scanLog`: a CSI (`ESC [` parameters, intermediates, and its
 * final byte when there is one), an OSC/APC/DCS (`ESC ]`, `ESC _`, `ESC P`) up to BEL or `ESC \` (or up to, not
 * including, the line's end when unterminated), or `ESC` and the one character after it. The character classes
 * are disjoint and every part is optional after the introducer, so the engine never backtracks: linear time.
 */
export const ESCAPE_SOURCE = String.raw`\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]_P][^\x07\x1b\n]*(?:\x1b(?!\\)[^\x07\x1b\n]*)*(?:\x07|\x1b\\)?|[\s\S]?)`;
const ESCAPES = new RegExp(ESCAPE_SOURCE, 'g');

/**
 * The log as plain text, one `\n` per line (a final newline kept when the input had one). The fast path for
 * search: escapes are removed by one native replace (no spans are built); lines that hold a carriage return keep
 * only their last version. Taken piece by piece (pieces cut just after a newline that the plain piece still ends
 * with), the plain pieces joined are the plain text of the whole.
 */
export function plainText(input: string): string {
  const text = input.indexOf('\x1b') === -1 ? input : input.replace(ESCAPES, '');
  return text.indexOf('\r') === -1 ? text : lastVersions(text);
}

/**
 * Each line as a terminal shows it last (`scanLog`'s rule): carriage returns just before a newline (or the end)
 * only end the line; any other carriage return starts the line over, so the line's text is what follows the last
 * one. Native searches only: no per-line array.
 */
function lastVersions(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', from)) {
    const lineStart = text.lastIndexOf('\n', cr) + 1;
    let lineEnd = text.indexOf('\n', cr);
    if (lineEnd === -1) lineEnd = text.length;
    let end = lineEnd;
    while (end > lineStart && text.charCodeAt(end - 1) === CR) end--;
    const lastCr = end > lineStart ? text.lastIndexOf('\r', end - 1) : -1;
    parts.push(text.slice(from, lineStart), text.slice(lastCr >= lineStart ? lastCr + 1 : lineStart, end));
    from = lineEnd;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
