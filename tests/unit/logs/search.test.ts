import { describe, expect, it } from 'vitest';
import { plainText } from '@/lib/logs/ansi';
import { compileQuery, searchLog, searchText } from '@/lib/logs/search';
import { searchLogs } from '@/lib/logs/search-run';

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

describe('searching a raw log piece by piece', () => {
  const compile = (text: string, regex = false, caseSensitive = false) => {
    const compiled = compileQuery({ text, regex, caseSensitive });
    if (!compiled.ok) throw new Error(compiled.message);
    return compiled.pattern;
  };
  const raw = [
    '\x1b_bk;t=1700000000000\x07--- :hammer: build',
    '\x1b[32m✓\x1b[0m one passed',
    '\x1b_bk;t=1700000000001\x07\x1b[31mERR\x1b[0mOR: boom in \x1b[1mfoo\x1b[0m',
    'progress 10%\rprogress 100%\r',
    'plain line',
    '\x1b[31merror\x1b[0m again, Error',
    '',
    'tail',
  ].join('\n');

  it('finds matches across colour codes, with line numbers, context and the match in plain text', () => {
    const hits = searchLog(`${raw}\n`, compile('error'), 100, 8);
    expect(hits.truncated).toBe(false);
    expect(hits.hits.map((h) => [h.line, h.text, h.text.slice(h.start, h.end)])).toEqual([
      [3, 'ERROR: boom in foo', 'ERROR'],
      [6, 'error again, Error', 'error'],
    ]);
    expect(hits.hits[0]).toMatchObject({
      before: ['--- :hammer: build', '✓ one passed'],
      after: ['progress 100%', 'plain line'],
    });
    expect(hits.hits[1]).toMatchObject({ before: ['progress 100%', 'plain line'], after: ['', 'tail'] });
  });

  it('switches case and reads regular expressions', () => {
    expect(searchLog(raw, compile('Error', false, true), 100, 8).hits.map((h) => h.line)).toEqual([6]);
    expect(searchLog(raw, compile('^(progress|tail)\\b', true), 100, 8).hits.map((h) => h.line)).toEqual([4, 8]);
    expect(searchLog(raw, compile('10%', false), 100, 8).hits).toEqual([]); // overwritten by the carriage return
  });

  it('gives the same answer as searching the whole plain text, whatever the piece size', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const bits = [
      'a',
      'b',
      'ab',
      ' ',
      '\n',
      '\n',
      '\r',
      '\r\n',
      '\x1b[31m',
      '\x1b[0m',
      '\x1b_bk;t=1\x07',
      '\x1b',
      '\x1b]x',
    ];
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 5 + random(80) }, () => bits[random(bits.length)]).join('');
      for (const query of [compile('ab'), compile('^b', true), compile('a b?$', true), compile('B', false, true)]) {
        const expected = searchText(plainText(text), query, 1000);
        for (const piece of [1, 3, 16]) expect(searchLog(text, query, 1000, piece)).toEqual(expected);
      }
    }
  });

  it('stops at the limit but still gives the last hit its lines after', () => {
    const result = searchLog('hit\nhit\nx\ny\nhit\n', compile('hit'), 2, 1);
    expect(result.truncated).toBe(true);
    expect(result.hits.map((h) => [h.line, h.after])).toEqual([
      [1, ['hit', 'x']],
      [2, ['x', 'y']],
    ]);
  });
});

describe('searching every log of a build', () => {
  it('streams each job’s hits and stops fetching once enough lines matched', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ id: `j${i}`, label: null, final: true }));
    const fetched: string[] = [];
    const seen: number[] = [];
    const compiled = compileQuery({ text: 'x', regex: false, caseSensitive: false });
    if (!compiled.ok) throw new Error(compiled.message);
    const done = await searchLogs(
      jobs,
      (job) => {
        fetched.push(job.id);
        return Promise.resolve('x\n'.repeat(3));
      },
      compiled.pattern,
      { onHits: (result) => seen.push(result.hits.length), concurrency: 1, limitInAll: 7 },
    );
    expect(seen).toEqual([3, 3, 1]);
    expect(fetched).toEqual(['j0', 'j1', 'j2']);
    expect(done).toEqual({ searched: 3, stopped: false, capped: true });
  });
});
