/**
 * Where two texts first differ, told the way a person reads text: line, column and a short excerpt of both
 * sides. Used by the signature verifier ("the body you verified is not the body Buildkite signed") and by the
 * delivery history's "compare with previous delivery".
 */

export interface FirstDifference {
  /** UTF-16 offset of the first differing code unit (the texts are equal before it). */
  index: number;
  /** 1-based line of `index` (lines end at `\n`; `\r\n` counts once). */
  line: number;
  /** 1-based column of `index` on that line, in UTF-16 code units (what a textarea counts). */
  column: number;
  /** The character of each side at `index`, described for people (`"a"`, `newline`, `end of text`). */
  aChar: string;
  bChar: string;
  /** A short excerpt of each side around `index`, with `…` where it was cut. */
  aExcerpt: string;
  bExcerpt: string;
}

const EXCERPT_BEFORE = 16;
const EXCERPT_AFTER = 24;

/** Where `a` and `b` first differ, or `null` when they are identical. */
export function firstDifference(a: string, b: string): FirstDifference | null {
  if (a === b) return null;
  const shorter = Math.min(a.length, b.length);
  let index = 0;
  while (index < shorter && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  // Never cut a surrogate pair in half: step back to its first half so both excerpts show whole characters.
  if (index > 0 && isHighSurrogate(a.charCodeAt(index - 1))) index--;
  const { line, column } = lineAndColumn(a, index);
  return {
    index,
    line,
    column,
    aChar: describeCharAt(a, index),
    bChar: describeCharAt(b, index),
    aExcerpt: excerptAround(a, index),
    bExcerpt: excerptAround(b, index),
  };
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(index, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

function excerptAround(text: string, index: number): string {
  const start = Math.max(0, index - EXCERPT_BEFORE);
  const end = Math.min(text.length, index + EXCERPT_AFTER);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

const NAMED_CHARACTERS: Record<string, string> = {
  '\n': 'newline',
  '\r': 'carriage return',
  '\t': 'tab',
  ' ': 'space',
  '\u00a0': 'no-break space',
  '\ufeff': 'byte order mark',
};

function describeCharAt(text: string, index: number): string {
  if (index >= text.length) return 'end of text';
  const codePoint = text.codePointAt(index) ?? 0;
  const char = String.fromCodePoint(codePoint);
  const named = NAMED_CHARACTERS[char];
  if (named) return named;
  if (codePoint < 0x20 || codePoint === 0x7f) return `control character U+${hex4(codePoint)}`;
  return `"${char}"`;
}

function hex4(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
