/**
 * Searching a raw job log without making a plain copy of it. A search pattern is rewritten so that it runs over
 * the raw text, escapes and all: after every character it matches, a run of escape sequences is skipped (whole
 * escapes, by the rules of `plainText`). The rewritten pattern finds every line the original finds in the plain text
 * (and maybe more: look-arounds and word boundaries are dropped), so each line it finds is checked with the original
 * pattern on that line's plain text. Only the lines found are ever made plain.
 *
 * This holds for "usual" raw text only (`usualLines`): no escape that swallows a line break, no very long escape
 * or run of escapes (which would let a crafted log make the rewritten pattern slow). Other pieces of a log, and
 * patterns that may match a line break, are searched the plain way. (A bare carriage return is usual: a line's
 * plain text is what follows its last one, which the rewritten pattern sees too, and the check is on plain text.)
 */

import { ESCAPE_SOURCE } from './ansi';

/**
 * A run of whole escape sequences, taken atomically (a look-ahead and a back-reference): the engine never gives
 * back part of an escape to match it as text, so the run is read once, in linear time. The back-reference is in a
 * group of its own: `\7` followed by a digit of the pattern would read as `\71`.
 */
const skipEscapes = (group: number) => `(?=((?:${ESCAPE_SOURCE})*))(?:\\${group})`;

/** Bounds of a usual escape: CSI parameter and intermediate bytes, OSC/APC/DCS characters, escapes in a row. */
const MAX_PARAMS = 32;
const MAX_INTERMEDIATES = 8;
const MAX_STRING = 96;
const MAX_RUN = 16;
/** Escape characters per plain character on a line (past the first 64): a line of escapes is not searched raw. */
const MAX_DENSITY = 3;

/**
 * Whether the rewritten pattern finds in this raw text what the original finds in its plain text, in linear time:
 * no escape that takes a newline or a carriage return (lines would not be where the plain text has them), no
 * `ESC p` (a case-insensitive pattern would read it as `ESC P`, which starts a long escape), no CSI over 32
 * parameter or 8 intermediate bytes, no OSC/APC/DCS over 96 characters or with an `ESC` inside, no 16 escapes in
 * a row, no line of more than 3 escape characters per plain one (past its first 64): so skipping the escapes after
 * a character costs a bounded time, and a line is at most a few times longer raw than plain (the rewritten
 * pattern costs at most a constant factor more than the plain one). Answers how many newlines the text has, or
 * -1 when it is not usual. One walk over the escapes and lines, by the rules of `plainText` (native `indexOf`
 * between them).
 */
export function usualLines(raw: string): number {
  const n = raw.length;
  let run = 0;
  let runEnd = -1;
  // The line being read: where it starts and ends, and how many of its characters are escapes.
  let lines = 0;
  let lineStart = 0;
  let lineEnd = raw.indexOf('\n');
  if (lineEnd === -1) lineEnd = n;
  let escapes = 0;
  let nextBel = -1;
  for (let i = raw.indexOf('\x1b'); i !== -1; ) {
    if (i > lineEnd) {
      if (escapes > MAX_DENSITY * (lineEnd - lineStart - escapes) + 64) return -1;
      escapes = 0;
      // On to the line of this escape, counting the lines on the way.
      do {
        lines++;
        lineStart = lineEnd + 1;
        lineEnd = raw.indexOf('\n', lineStart);
        if (lineEnd === -1) lineEnd = n;
      } while (i > lineEnd);
    }
    const kind = i + 1 < n ? raw.charCodeAt(i + 1) : -1;
    let j = i + 2;
    let next = -2; // the next ESC, when already known
    if (kind === 0x5b /* [ CSI */) {
      while (j < n && raw.charCodeAt(j) >= 0x30 && raw.charCodeAt(j) <= 0x3f) j++;
      if (j - (i + 2) >= MAX_PARAMS) return -1;
      const params = j;
      while (j < n && raw.charCodeAt(j) >= 0x20 && raw.charCodeAt(j) <= 0x2f) j++;
      if (j - params >= MAX_INTERMEDIATES) return -1;
      if (j < n && raw.charCodeAt(j) >= 0x40 && raw.charCodeAt(j) <= 0x7e) j++;
    } else if (kind === 0x5d /* ] */ || kind === 0x5f /* _ */ || kind === 0x50 /* P */) {
      // Ends at BEL, at `ESC \`, or (unterminated) at the line's end; any other ESC inside makes it unusual.
      next = raw.indexOf('\x1b', j);
      if (next === -1) next = n;
      if (nextBel < j) {
        nextBel = raw.indexOf('\x07', j);
        if (nextBel === -1) nextBel = n;
      }
      if (nextBel < next && nextBel < lineEnd) j = nextBel + 1;
      else if (next < lineEnd) {
        if (raw.charCodeAt(next + 1) !== 0x5c) return -1;
        j = next + 2;
        next = -2;
      } else j = lineEnd;
      if (j - i > MAX_STRING + 4) return -1;
    } else if (kind === 0x0a || kind === 0x0d || kind === 0x70 /* p */) return -1;
    else j = Math.min(n, i + 2);
    run = i === runEnd ? run + 1 : 1;
    if (run >= MAX_RUN) return -1;
    runEnd = j;
    escapes += j - i;
    i = next === -2 ? raw.indexOf('\x1b', j) : next === n ? -1 : next;
  }
  if (escapes > MAX_DENSITY * (lineEnd - lineStart - escapes) + 64) return -1;
  // The lines after the last escape.
  for (let k = lineEnd; k !== -1 && k < n; k = raw.indexOf('\n', k + 1)) lines++;
  return lines;
}

/** Escapes that stand for one character that is never a line break (`\d`, `\w`, `\S`, `\t`, `\.` …). */
const SAFE_ESCAPE = /^[dwStvf]$|^[^A-Za-z0-9]$/;
/** The same inside a class, where `\t-\r` would be a range over line breaks: classes and punctuation only. */
const SAFE_CLASS_ESCAPE = /^[dwS]$|^[^A-Za-z0-9]$/;
const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/;

/**
 * The pattern rewritten to run over raw text (flags kept, `g` added), or null when the rewrite does not apply: the
 * pattern may match a line break (`\n`, `\s`, `[^…]`, `.` with `s`, a code point escape…), refers back to a group,
 * or uses syntax this reader does not know. Never a different answer: null means "search the plain way".
 */
export function rawPattern(pattern: RegExp): RegExp | null {
  if (pattern.flags.includes('v') || pattern.flags.includes('s')) return null;
  const src = pattern.source;
  let i = 0;
  let groups = 0;
  const skip = () => skipEscapes(++groups);

  const quantifier = (): string => {
    const match = QUANTIFIER.exec(src.slice(i, i + 24));
    if (!match) return '';
    i += match[0].length;
    return match[0];
  };

  /** One atom's own source (a character, an escape, a class), or null. */
  const atom = (): string | null => {
    const c = src[i]!;
    if (c === '.') {
      i++;
      return '.';
    }
    if (c === '\\') {
      const e = src[i + 1];
      if (e === undefined || !SAFE_ESCAPE.test(e)) return null;
      i += 2;
      return `\\${e}`;
    }
    if (c === '[') {
      if (src[i + 1] === '^') return null;
      let j = i + 1;
      // A `]` right after `[` closes the class (it matches nothing).
      for (; j < src.length && src[j] !== ']'; j++) {
        if (src[j] === '\\') {
          if (!SAFE_CLASS_ESCAPE.test(src[j + 1] ?? 'x')) return null;
          j++;
        } else if (src.charCodeAt(j) < 0x20 || src[j] === '\u2028' || src[j] === '\u2029') return null;
      }
      if (j >= src.length) return null;
      const text = src.slice(i, j + 1);
      i = j + 1;
      return text;
    }
    if ('*+?)|'.includes(c) || src.charCodeAt(i) < 0x20 || c === '\u2028' || c === '\u2029') return null;
    // A surrogate pair is one character (with the `u` flag, half of one would match nothing).
    const pair = /[\ud800-\udbff]/.test(c) && /[\udc00-\udfff]/.test(src[i + 1] ?? '') ? 2 : 1;
    i += pair;
    return src.slice(i - pair, i);
  };

  const disjunction = (): string | null => {
    let out = '';
    while (i < src.length && src[i] !== ')') {
      const c = src[i]!;
      if (c === '|') {
        out += '|';
        i++;
      } else if (c === '^') {
        out += `^${skip()}`;
        i++;
      } else if (c === '$') {
        out += '$';
        i++;
      } else if (c === '\\' && (src[i + 1] === 'b' || src[i + 1] === 'B')) {
        i += 2; // word boundaries are checked on the plain line
      } else if (c === '(') {
        const head = /^\((\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>))?/.exec(src.slice(i, i + 64));
        if (!head || (src[i + 1] === '?' && !head[1])) return null;
        i += head[0].length;
        const groupsBefore = groups;
        const inner = disjunction();
        if (inner === null || src[i] !== ')') return null;
        i++;
        const lookaround = head[1] !== undefined && /^\?<?[=!]$/.test(head[1]);
        const q = quantifier();
        // Look-arounds are checked on the plain line; here they only have to be free of line breaks.
        if (!lookaround) out += `(?:${inner})${q}`;
        else groups = groupsBefore; // its escape skips are not in the rewritten pattern
      } else {
        const a = atom();
        if (a === null) return null;
        const q = quantifier();
        out += q ? `(?:${a}${skip()})${q}` : `${a}${skip()}`;
      }
    }
    return out;
  };

  const source = disjunction();
  if (source === null || i !== src.length) return null;
  try {
    return new RegExp(source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  } catch {
    return null;
  }
}
