/**
 * Searching a build's logs: plain text or a regular expression, with or without case. One log at a time, over its
 * plain text (escapes removed), so the extra memory is about one log's size.
 */

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

/**
 * Every line of `text` (plain text) that matches, at most `limit` hits. The regex runs over the whole text (no
 * split into lines unless there are hits); line numbers come from counting newlines up to each hit, once.
 */
export function searchText(text: string, pattern: RegExp, limit = 1000): { hits: SearchHit[]; truncated: boolean } {
  const hits: SearchHit[] = [];
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let lineNo = 1;
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
      if (hits.length >= limit) return { hits, truncated: true };
      lastLineStart = lineStart;
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
      const shown = cut(line, at - lineStart, Math.min(at - lineStart + match[0].length, line.length));
      hits.push({
        line: lineNo,
        ...shown,
        before: linesBefore(text, lineStart, 2),
        after: linesAfter(text, lineEnd, 2),
      });
    }
    // One hit per line: go on from the next line.
    re.lastIndex = Math.max(re.lastIndex, lineEnd);
    scanned = Math.max(scanned, at);
  }
  return { hits, truncated: false };
}

function linesBefore(text: string, lineStart: number, count: number): string[] {
  const out: string[] = [];
  let end = lineStart - 1;
  while (out.length < count && end >= 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    out.unshift(text.slice(start, end).slice(0, MAX_LINE));
    end = start - 1;
  }
  return out;
}

function linesAfter(text: string, lineEnd: number, count: number): string[] {
  const out: string[] = [];
  let start = lineEnd + 1;
  while (out.length < count && start <= text.length && lineEnd < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (start === text.length) break;
    out.push(text.slice(start, end).slice(0, MAX_LINE));
    start = end + 1;
  }
  return out;
}
