/**
 * Searching a build's logs: plain text or a regular expression, with or without case. One log at a time, piece by
 * piece over its raw text (escapes skipped by the pattern itself, `raw-pattern.ts`), so the extra memory is the
 * lines that match, not a plain copy of the log.
 */

import { plainText } from './ansi';
import { rawPattern, usualLines } from './raw-pattern';

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface SearchHit {
  /** 1-based line number. */
  line: number;
  /** The line's text (cut to 500 characters around the match). */
  text: string;
  /** Where the match is in `text`. */
  start: number;
  end: number;
  /** Up to 2 lines before and after. */
  before: string[];
  after: string[];
}

export type CompiledQuery = { ok: true; pattern: RegExp } | { ok: false; message: string };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds the pattern, or explains why the regular expression is not valid. */
export function compileQuery(query: SearchQuery): CompiledQuery {
  if (query.text === '') return { ok: false, message: 'Type something to search for.' };
  const flags = query.caseSensitive ? 'gm' : 'gim';
  try {
    const pattern = new RegExp(query.regex ? query.text : escapeRegExp(query.text), flags);
    if (query.regex && pattern.test('')) {
      return {
        ok: false,
        message: 'This regular expression matches empty text, so it would match every line. Make it match something.',
      };
    }
    pattern.lastIndex = 0;
    return { ok: true, pattern };
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.replace(/^Invalid regular expression: /, '') : '';
    return { ok: false, message: `Not a valid regular expression: ${detail || 'the browser refused it'}.` };
  }
}

const MAX_LINE = 500;

function cut(line: string, start: number, end: number): { text: string; start: number; end: number } {
  if (line.length <= MAX_LINE) return { text: line, start, end };
  const from = Math.max(0, Math.min(start - 100, line.length - MAX_LINE));
  const text = line.slice(from, from + MAX_LINE);
  return { text, start: start - from, end: Math.min(end - from, text.length) };
}

/** How much of a raw log is searched at once: small enough to stay out of the large-object heap. */
const PIECE_CHARS = 16 * 1024;

interface Scan {
  re: RegExp;
  /** The pattern rewritten to run over raw text (`rawPattern`), or null: every piece is made plain. */
  fast: RegExp | null;
  limit: number;
  hits: SearchHit[];
  /** Hits whose lines after are in the next piece. */
  waiting: SearchHit[];
  /**
   * The last 2 lines of the pieces searched so far (the lines before a hit on a piece's first lines); made plain
   * only when a hit asks for them.
   */
  carry: Carry;
  /** Lines in the pieces searched so far. */
  lineBase: number;
  truncated: boolean;
}

/** Lines kept for the next piece: plain lines, or where they are in a raw piece (made plain only if asked). */
type Carry = { lines: string[] } | { raw: string; end: number };
/** The pattern with `g`, and its raw-text form, per pattern: a search of 50 logs compiles them once. */
const compiled = new WeakMap<RegExp, { re: RegExp; fast: RegExp | null }>();

function newScan(pattern: RegExp, limit: number): Scan {
  let forms = compiled.get(pattern);
  if (!forms) {
    const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    forms = { re, fast: rawPattern(re) };
    compiled.set(pattern, forms);
  }
  return { ...forms, limit, hits: [], waiting: [], carry: { lines: [] }, lineBase: 0, truncated: false };
}

/**
 * Every line of `text` (plain text) that matches, at most `limit` hits. The regex runs over the whole text (no
 * split into lines); line numbers come from counting newlines up to each hit, once.
 */
export function searchText(text: string, pattern: RegExp, limit = 1000): { hits: SearchHit[]; truncated: boolean } {
  const scan = newScan(pattern, limit);
  searchPiece(scan, text);
  return { hits: scan.hits, truncated: scan.truncated };
}

/**
 * Every line of a raw job log (escapes and all) that matches, at most `limit` hits: the same answer as
 * `searchText(plainText(raw))`, in one pass over the log, without a plain copy of it. The log is taken in pieces of
 * about `pieceChars` characters cut after a newline (a slice: no copy). A usual piece (`usualLines`) is searched
 * as it is by the pattern rewritten for raw text (`rawPattern`); only the lines it finds are made plain, to check
 * them with the pattern itself and to show them. Other pieces, and patterns that may match a line break, are made
 * plain (`plainText`, linear) and searched by the pattern; such a piece whose plain text does not end a line (an
 * escape swallowed its newline) is taken again twice as long. So the extra memory is a few lines, or at most a
 * piece, never a copy of the log or an array of its lines. A match does not span two pieces (search is by line: a
 * pattern with `\n` may miss a match across a piece's edge).
 */
export function searchLog(
  raw: string,
  pattern: RegExp,
  limit = 1000,
  pieceChars = PIECE_CHARS,
): { hits: SearchHit[]; truncated: boolean } {
  const scan = newScan(pattern, limit);
  const n = raw.length;
  for (let start = 0; start < n && (!scan.truncated || scan.waiting.length > 0); ) {
    for (let size = pieceChars; ; size *= 2) {
      const newline = start + size >= n ? -1 : raw.indexOf('\n', start + size - 1);
      const end = newline === -1 ? n : newline + 1;
      const piece = raw.slice(start, end);
      const lines = scan.fast ? usualLines(piece) : -1;
      if (lines >= 0) {
        if (scan.truncated) fillAfter(scan, piece, true);
        else searchRawPiece(scan, scan.fast!, piece, lines);
        start = end;
        break;
      }
      const plain = plainText(piece);
      if (end === n || plain.endsWith('\n')) {
        if (scan.truncated) fillAfter(scan, plain, false);
        else searchPiece(scan, plain);
        start = end;
        break;
      }
    }
  }
  return { hits: scan.hits, truncated: scan.truncated };
}

/** Gives the waiting hits their lines after from the start of the next piece. */
function fillAfter(scan: Scan, text: string, raw: boolean): void {
  if (scan.waiting.length === 0) return;
  const lines = linesAfter(text, -1, 2, raw);
  for (const hit of scan.waiting) hit.after.push(...lines.slice(0, 2 - hit.after.length));
  scan.waiting = scan.waiting.filter((hit) => hit.after.length < 2);
}

/** The lines before a hit on line `lineStart` of a piece: from the piece, then from the pieces before. */
const withCarry = (scan: Scan, before: string[]) =>
  before.length < 2 ? [...carried(scan.carry).slice(before.length - 2), ...before] : before;

const carried = (carry: Carry) => ('lines' in carry ? carry.lines : linesBefore(carry.raw, carry.end, 2, true));

/** Keeps the last 2 lines of a piece (those before `end`) for the next one. */
function keepLast(scan: Scan, last: Carry, lineCount: number): void {
  if (lineCount >= 2) scan.carry = last;
  // A piece of fewer lines: join them with the lines before now, so no chain of pieces is kept.
  else scan.carry = { lines: [...carried(scan.carry), ...carried(last)].slice(-2) };
}

/**
 * Searches one usual raw piece (whole lines) after the pieces before it: the rewritten pattern finds the lines
 * that may match, each is made plain and checked with the pattern (one hit per line), and the search goes on from
 * the next line. Lines are counted by their newlines, which usual raw text has exactly where its plain text has:
 * `newlines` in all (`usualLines` counted them), and up to a line found.
 */
function searchRawPiece(scan: Scan, fast: RegExp, piece: string, newlines: number): void {
  fillAfter(scan, piece, true);
  const { re } = scan;
  fast.lastIndex = 0;
  let lineNo = scan.lineBase + 1;
  let scanned = 0;
  let match: RegExpExecArray | null;
  while ((match = fast.exec(piece)) !== null) {
    const at = match.index;
    for (let k = piece.indexOf('\n', scanned); k !== -1 && k < at; k = piece.indexOf('\n', k + 1)) lineNo++;
    scanned = at;
    const lineStart = piece.lastIndexOf('\n', at - 1) + 1;
    let lineEnd = piece.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = piece.length;
    const line = plainText(piece.slice(lineStart, lineEnd));
    re.lastIndex = 0;
    let exact: RegExpExecArray | null;
    while ((exact = re.exec(line)) !== null && exact[0] === '') re.lastIndex++;
    if (exact) {
      if (scan.hits.length >= scan.limit) {
        scan.truncated = true;
        return;
      }
      const hit: SearchHit = {
        line: lineNo,
        ...cut(line, exact.index, Math.min(exact.index + exact[0].length, line.length)),
        before: withCarry(scan, linesBefore(piece, lineStart, 2, true)),
        after: linesAfter(piece, lineEnd, 2, true),
      };
      scan.hits.push(hit);
      if (hit.after.length < 2) scan.waiting.push(hit);
    }
    // One hit per line, and a line the pattern does not match in plain text is done too: on from the next line.
    fast.lastIndex = lineEnd + 1;
  }
  scan.lineBase += newlines;
  // After the last newline: a line, unless its plain text is empty (only escapes), as `plainText` counts them.
  const tail = piece.lastIndexOf('\n') + 1;
  const end = tail === piece.length || plainText(piece.slice(tail)) === '' ? tail : piece.length + 1;
  keepLast(scan, { raw: piece, end }, newlines);
}

/** Searches one plain piece (whole lines) after the pieces before it. */
function searchPiece(scan: Scan, text: string): void {
  fillAfter(scan, text, false);
  const { re } = scan;
  re.lastIndex = 0;
  let lineNo = scan.lineBase + 1;
  let scanned = 0;
  let lastLineStart = -1;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    if (match[0] === '') {
      re.lastIndex++;
      continue;
    }
    const at = match.index;
    // Count newlines between the last position and this hit (each character once over the whole search).
    for (let k = text.indexOf('\n', scanned); k !== -1 && k < at; k = text.indexOf('\n', k + 1)) lineNo++;
    scanned = at;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineStart !== lastLineStart) {
      if (scan.hits.length >= scan.limit) {
        scan.truncated = true;
        return;
      }
      lastLineStart = lineStart;
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
      const shown = cut(line, at - lineStart, Math.min(at - lineStart + match[0].length, line.length));
      const hit: SearchHit = {
        line: lineNo,
        ...shown,
        before: withCarry(scan, linesBefore(text, lineStart, 2)),
        after: linesAfter(text, lineEnd, 2),
      };
      scan.hits.push(hit);
      if (hit.after.length < 2) scan.waiting.push(hit);
    }
    // One hit per line: go on from the next line.
    re.lastIndex = Math.max(re.lastIndex, lineEnd);
  }
  for (let k = text.indexOf('\n', scanned); k !== -1; k = text.indexOf('\n', k + 1)) lineNo++;
  const lines = lineNo - 1 - scan.lineBase;
  scan.lineBase = lineNo - 1;
  const last = linesBefore(text, text.endsWith('\n') ? text.length : text.length + 1, 2);
  keepLast(scan, { lines: last }, lines);
}

/** How much of a raw context line is made plain: enough for `MAX_LINE` plain characters unless escapes fill it. */
const CONTEXT_RAW_CHARS = 16 * MAX_LINE;

/** A line shown as context: at most `MAX_LINE` characters (made plain from a bounded stretch of a raw line). */
const contextLine = (text: string, start: number, end: number, raw: boolean) =>
  (raw ? plainText(text.slice(start, Math.min(end, start + CONTEXT_RAW_CHARS))) : text.slice(start, end)).slice(
    0,
    MAX_LINE,
  );

/** Up to `count` lines before the line starting at `lineStart` (of raw text: made plain). */
function linesBefore(text: string, lineStart: number, count: number, raw = false): string[] {
  const out: string[] = [];
  let end = lineStart - 1;
  while (out.length < count && end >= 0) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    out.unshift(contextLine(text, start, end, raw));
    end = start - 1;
  }
  return out;
}

/**
 * Up to `count` lines after the line ending at `lineEnd` (its newline, or -1 for the text's first lines); of raw text:
 * made plain.
 */
function linesAfter(text: string, lineEnd: number, count: number, raw = false): string[] {
  const out: string[] = [];
  let start = lineEnd + 1;
  while (out.length < count && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = contextLine(text, start, end, raw);
    // Raw text may end with escapes after its last newline: no line in plain text.
    if (raw && end === text.length && line === '' && plainText(text.slice(start)) === '') break;
    out.push(line);
    start = end + 1;
  }
  return out;
}
