import { describe, expect, it } from 'vitest';
import { plainText } from '@/lib/logs/ansi';
import { rawPattern, usualLines } from '@/lib/logs/raw-pattern';
import { compileQuery, searchLog, searchText } from '@/lib/logs/search';

const compile = (text: string, regex = false, caseSensitive = false) => {
  const compiled = compileQuery({ text, regex, caseSensitive });
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.pattern;
};
/** What searching the plain text gives: the answer `searchLog` must give over the raw text. */
const expected = (raw: string, pattern: RegExp, limit = 1000) => searchText(plainText(raw), pattern, limit);

describe('a pattern rewritten for raw text', () => {
  it.each([
    ['needle \\d+\\.\\d+ failed', true],
    ['(foo|ba[rz])+x{2,3}?', true],
    ['^\\w+: \\S+$', true],
    ['\\berror\\b', true],
    ['(?<=a)b(?!c)', true],
    ['(?<name>a)\\k<name>', false], // a back-reference
    ['a\\1', false],
    ['a\\sb', false], // \s may match a line break
    ['[^x]', false],
    ['\\x41', false],
    ['[\\t-\\r]', false],
  ])('%s: rewritten %s', (source, rewritten) => {
    expect(rawPattern(new RegExp(source, 'gim')) !== null).toBe(rewritten);
  });

  it('is refused for the dotAll and unicode-sets flags', () => {
    expect(rawPattern(/a.b/gs)).toBeNull();
    expect(rawPattern(/ab/gv)).toBeNull();
  });

  it('matches across escapes, wherever they fall in the match', () => {
    const fast = rawPattern(compile('needle \\d+\\.\\d+ failed', true))!;
    const raw = '\x1b_bk;t=1\x07\x1b[31mnee\x1b[1mdle\x1b[0m 12\x1b[33m.\x1b[0m3 fai\x1b]8;;x\x1b\\led\n';
    expect(fast.exec(raw)).not.toBeNull();
  });
});

describe('usual raw text', () => {
  it('is what Buildkite writes: times, colours, hyperlinks, carriage returns', () => {
    expect(usualLines('\x1b_bk;t=1700000000000\x07\x1b[1;38;5;196m✗\x1b[0m done\r\n')).toBe(1);
    expect(usualLines('\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ 50%\r100%\n')).toBe(1);
    expect(usualLines('\x1b[1A'.repeat(15) + 'x\n')).toBe(1);
  });

  it('counts its newlines, with and without escapes on the lines', () => {
    expect(usualLines('')).toBe(0);
    expect(usualLines('x')).toBe(0);
    expect(usualLines('a\n\n\x1b[1mb\x1b[0m\nc\n\nd\x1b[0m\ne')).toBe(6);
    expect(usualLines('\x1b[1m\n\n\n')).toBe(3);
  });

  it('is not: an escape taking a line break, ESC p, long escapes, 16 escapes in a row', () => {
    expect(usualLines('a\x1b\nb\n')).toBe(-1);
    expect(usualLines('a\x1bpb\n')).toBe(-1);
    expect(usualLines(`\x1b[${'1;'.repeat(16)}m\n`)).toBe(-1);
    expect(usualLines(`\x1b]${'x'.repeat(97)}\x07\n`)).toBe(-1);
    expect(usualLines('\x1b]8;;x\x1bay\x07\n')).toBe(-1);
    expect(usualLines('\x1b[1A'.repeat(16) + 'x\n')).toBe(-1);
  });
});

describe('searching raw text without a plain copy', () => {
  it('finds a match split by escapes, with the match and context in plain text', () => {
    const raw = [
      '\x1b_bk;t=1\x07before',
      '\x1b_bk;t=2\x07\x1b[32mok\x1b[0m',
      '\x1b_bk;t=3\x07\x1b[31mER\x1b[1mROR\x1b[0m: nee\x1b[4mdle\x1b[0m 7.1 failed',
      'after \x1b[2mone\x1b[0m',
      'after two',
    ].join('\n');
    const { hits } = searchLog(raw, compile('error: needle \\d+\\.\\d failed', true));
    expect(hits).toEqual([
      {
        line: 3,
        text: 'ERROR: needle 7.1 failed',
        start: 0,
        end: 24,
        before: ['before', 'ok'],
        after: ['after one', 'after two'],
      },
    ]);
  });

  it('finds a long pattern with digits after its tenth character (escape skips are numbered groups)', () => {
    const raw = '\x1b_bk;t=1\x07\x1b[32mneedle-107\x1b[0m seen in shard 7\nneedle-1070\n';
    for (const pattern of [compile('needle-107 seen'), compile('needle-1(0[5-9]|1\\d)\\b', true)]) {
      expect(searchLog(raw, pattern)).toEqual(expected(raw, pattern));
      expect(searchLog(raw, pattern).hits.map((h) => h.line)).toEqual([1]);
    }
  });

  it('gives the plain answer when matches and their context sit on the edges of pieces', () => {
    const lines = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0 ? `\x1b[3${i % 8}mhit\x1b[0m ${i}` : `\x1b_bk;t=${i}\x07line ${i}`,
    );
    const raw = `${lines.join('\n')}\n`;
    for (const pieceChars of [1, 7, 20, 64, 1000]) {
      expect(searchLog(raw, compile('hit \\d', true), 1000, pieceChars)).toEqual(
        expected(raw, compile('hit \\d', true)),
      );
      expect(searchLog(raw, compile('hit \\d', true), 5, pieceChars)).toEqual(
        expected(raw, compile('hit \\d', true), 5),
      );
    }
  });

  it('finds a match at the end of a line longer than a piece, escapes all along it', () => {
    const long = `${'\x1b[32mab\x1b[0mcdefgh'.repeat(20_000)}needle 1.2 failed`;
    const raw = `first\n${long}\nlast\n`;
    const pattern = compile('needle \\d\\.\\d failed', true);
    const result = searchLog(raw, pattern, 1000, 1024);
    expect(result).toEqual(expected(raw, pattern));
    expect(result.hits.map((h) => [h.line, h.text.slice(h.start, h.end)])).toEqual([[2, 'needle 1.2 failed']]);
  });

  it('gives the plain answer over random raw text, for plain text and regular expressions', () => {
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const bits = ['a', 'b', 'ab', 'ba', ' ', '1', '\n', '\n', '\r', '\r\n', '\x1b[31m', '\x1b[0m', '\x1b_bk;t=1\x07'];
    const queries = [
      compile('ab'),
      compile('a b'),
      compile('B', false, true),
      compile('a\\d+b', true),
      compile('\\bab\\b', true),
      compile('(?<=a)b(?!a)', true),
      compile('^(ab|ba)+ ?$', true),
      compile('[ab]{3}', true),
      compile('a[^\\n ]b', true), // searched the plain way
    ];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 5 + random(80) }, () => bits[random(bits.length)]).join('');
      for (const query of queries) {
        const plain = expected(text, query);
        for (const piece of [1, 3, 16]) expect(searchLog(text, query, 1000, piece)).toEqual(plain);
      }
    }
  });

  it(
    'searches a crafted 2 MB log in linear time (a quadratic search would not finish before the timeout)',
    { timeout: 30_000 },
    () => {
      const crafted: [string, boolean][] = [
        // Unusual (searched the plain way): a long run of escapes, runs and long escapes with little text.
        ['\x1ba'.repeat(1_000), false],
        [`${'\x1b[1A'.repeat(15)}a`, false],
        [`\x1b]${'a'.repeat(90)}\x07`, false],
        [`\x1b[${'1;'.repeat(15)}ma`, false],
        // Usual (searched raw), about as dense as allowed, with characters the patterns start with inside escapes.
        ['\x1b[1;31ma1b ', true],
        ['\x1b]8;;a\x1b\\a1a1a1', true],
      ];
      for (const [part, usual] of crafted) {
        const line = part.repeat(Math.ceil(50_000 / part.length));
        expect(usualLines(line) >= 0).toBe(usual);
        const raw = `${line}\n`.repeat(Math.ceil(2_000_000 / (line.length + 1)));
        expect(raw.length).toBeGreaterThanOrEqual(2_000_000);
        for (const pattern of [compile('a b'), compile('a\\d*1x', true), compile('a.a.a.a.x', true)]) {
          expect(searchLog(raw, pattern)).toEqual(expected(raw, pattern));
        }
      }
    },
  );
});
