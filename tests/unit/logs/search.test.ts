import { describe, expect, it } from 'vitest';
import { compileQuery, searchText } from '@/lib/logs/search';

const run = (text: string, query: string, regex = false, caseSensitive = false) => {
  const compiled = compileQuery({ text: query, regex, caseSensitive });
  if (!compiled.ok) throw new Error(compiled.message);
  return searchText(text, compiled.pattern).hits;
};

describe('log search', () => {
  const log = 'one\ntwo Error here\nthree\nfour error again error\nfive\nsix\n';

  it('finds plain text without case, one hit per line, with line numbers and context', () => {
    const hits = run(log, 'error');
    expect(hits.map((h) => [h.line, h.text.slice(h.start, h.end)])).toEqual([
      [2, 'Error'],
      [4, 'error'],
    ]);
    expect(hits[1]).toMatchObject({ before: ['two Error here', 'three'], after: ['five', 'six'] });
    expect(hits[0]).toMatchObject({ before: ['one'] });
  });

  it('honours case and regular expressions', () => {
    expect(run(log, 'Error', false, true).map((h) => h.line)).toEqual([2]);
    expect(run(log, '^f\\w+', true).map((h) => h.line)).toEqual([4, 5]);
    expect(run('a.b\naxb\n', 'a.b').map((h) => h.line)).toEqual([1]);
  });

  it('explains a bad regular expression', () => {
    const bad = compileQuery({ text: 'fail(', regex: true, caseSensitive: false });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/Not a valid regular expression/);
    expect(compileQuery({ text: 'x*', regex: true, caseSensitive: false }).ok).toBe(false);
  });

  it('stops at the limit', () => {
    const many = 'hit\n'.repeat(50);
    const compiled = compileQuery({ text: 'hit', regex: false, caseSensitive: false });
    expect(compiled.ok && searchText(many, compiled.pattern, 10)).toMatchObject({ truncated: true });
  });
});
