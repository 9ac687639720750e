/**
 * Searching a build's logs: plain text or a regular expression, with or without case. One log at a time, piece by
 * piece over its plain text (escapes removed), so the extra memory is a piece of a log, not a log.
 */

import { plainText } from './ansi';

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

/** How much of a raw log is made plain and searched at once: small enough to stay out of the large-object heap. */
const PIECE_CHARS = 16 * 1024;

interface Scan {
  re: RegExp;
  limit: number;
  hits: SearchHit[];
  /** Hits whose lines after are in the next piece. */
  waiting: SearchHit[];
  /** The last 2 lines of the pieces searched so far (the lines before a hit on a piece's first lines). */
  carry: string[];
  /** Lines in the pieces searched so far. */
  lineBase: number;
  truncated: boolean;
}

const newScan = (pattern: RegExp, limit: number): Scan => ({
  re: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
  limit,
  hits: [],
  waiting: [],
  carry: [],
  lineBase: 0,
  truncated: false,
});

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
 * `searchText(plainText(raw))`, in one pass over the log. The log is taken in pieces of about `pieceChars`
 * characters cut after a newline; each piece is made plain (`plainText`, linear), searched by the one regex and
 * dropped, so the extra memory is a piece, never a copy of the log or an array of its lines. A piece whose plain
 * text does not end a line (an escape swallowed its newline) is taken again twice as long. A match does not span
 * two pieces (search is by line: a pattern with `\n` may miss a match across a piece's edge).
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
    let size = pieceChars;
    let end: number;
    let plain: string;
    for (;;) {
      const newline = start + size >= n ? -1 : raw.indexOf('\n', start + size - 1);
      end = newline === -1 ? n : newline + 1;
      plain = plainText(raw.slice(start, end));
      if (end === n || plain.endsWith('\n')) break;
      size *= 2;
    }
    if (scan.truncated) fillAfter(scan, plain);
    else searchPiece(scan, plain);
    start = end;
  }
  return { hits: scan.hits, truncated: scan.truncated };
}

/** Gives the waiting hits their lines after from the start of the next piece. */
function fillAfter(scan: Scan, text: string): void {
  if (scan.waiting.length === 0) return;
  const lines = linesAfter(text, -1, 2);
  for (const hit of scan.waiting) hit.after.push(...lines.slice(0, 2 - hit.after.length));
  scan.waiting = scan.waiting.filter((hit) => hit.after.length < 2);
}

/** Searches one plain piece (whole lines) after the pieces before it. */
function searchPiece(scan: Scan, text: string): void {
  fillAfter(scan, text);
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
      const before = linesBefore(text, lineStart, 2);
      const hit: SearchHit = {
        line: lineNo,
        ...shown,
        before: before.length < 2 ? [...scan.carry.slice(before.length - 2), ...before] : before,
        after: linesAfter(text, lineEnd, 2),
      };
      scan.hits.push(hit);
      if (hit.after.length < 2) scan.waiting.push(hit);
    }
    // One hit per line: go on from the next line.
    re.lastIndex = Math.max(re.lastIndex, lineEnd);
  }
  for (let k = text.indexOf('\n', scanned); k !== -1; k = text.indexOf('\n', k + 1)) lineNo++;
  scan.lineBase = lineNo - 1;
  const last = linesBefore(text, text.endsWith('\n') ? text.length : text.length + 1, 2);
  scan.carry = last.length < 2 ? [...scan.carry, ...last].slice(-2) : last;
}

/** Up to `count` lines before the line starting at `lineStart`. */
function linesBefore(text: string, lineStart: number, count: number): string[] {
  const out: string[] = [];
  let end = lineStart - 1;
  while (out.length < count && end >= 0) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    out.unshift(text.slice(start, end).slice(0, MAX_LINE));
    end = start - 1;
  }
  return out;
}

/** Up to `count` lines after the line ending at `lineEnd` (its newline, or -1 for the text's first lines). */
function linesAfter(text: string, lineEnd: number, count: number): string[] {
  const out: string[] = [];
  let start = lineEnd + 1;
  while (out.length < count && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    out.push(text.slice(start, end).slice(0, MAX_LINE));
    start = end + 1;
  }
  return out;
}
