import { describe, expect, it } from 'vitest';
import { parseLog } from '@/lib/logs/ansi';
import { findGroups } from '@/lib/logs/groups';
import { indexLog, logIndexer } from '@/lib/logs/log-index';

const same = (text: string) => {
  const lines = parseLog(text);
  const index = indexLog(text);
  expect(index.count).toBe(lines.length);
  // Out of order on purpose: a line parsed alone is the line parsed in its place.
  for (let i = index.count - 1; i >= 0; i--) expect(index.line(i)).toEqual(lines[i]);
  expect(index.groups).toEqual(findGroups(lines));
  expect(index.hasTimes).toBe(lines.some((l) => l.time !== null));
};

describe('indexLog (the log page reads lines as they are shown)', () => {
  it('gives the lines, colours carried over lines, times and groups parseLog gives', () => {
    same(
      [
        '\x1b_bk;t=1700000000000\x07--- :hammer: build',
        '\x1b[32mgreen',
        'still green\x1b[0m',
        '\x1b[1m+++ \x1b[0mTests',
        'x\r~~~ overwritten header',
        '^^^ +++',
        'tail\x1b',
        'joined by the escape',
        '',
      ].join('\n'),
    );
  });

  it('agrees with parseLog on arbitrary logs', () => {
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const bits = ['a', '-', '--- g', '+++ h', '^^^ +++', '\n', '\n', '\r', '\r\n', '\x1b[31m', '\x1b[0m'];
    bits.push('\x1b_bk;t=5\x07', '\x1b', '\x1b]x', '\x1b[1;4', '~~~ ');
    for (let round = 0; round < 300; round++) {
      same(Array.from({ length: random(60) }, () => bits[random(bits.length)]).join(''));
    }
  });

  it('indexes a 100,000-line log without parsing its lines', () => {
    const text = Array.from({ length: 100_000 }, (_, i) =>
      i % 1000 === 0 ? `--- group ${i / 1000}` : `\x1b[36mline\x1b[0m ${i}`,
    ).join('\n');
    const index = indexLog(text);
    expect(index.count).toBe(100_000);
    expect(index.groups).toHaveLength(100);
    expect(index.line(99_999).text).toBe('line 99999');
  });

  it('read a slice at a time, shows a prefix of the lines until the end', () => {
    const text = Array.from({ length: 50 }, (_, i) => (i % 10 === 0 ? `+++ g${i}` : `\x1b[31ml${i}`)).join('\n');
    const lines = parseLog(text);
    const indexer = logIndexer(text);
    let slices = 0;
    while (!indexer.advance(40)) {
      slices++;
      const { count, groups } = indexer.index;
      expect(count).toBeLessThan(lines.length);
      for (let i = 0; i < count; i++) expect(indexer.index.line(i)).toEqual(lines[i]);
      expect(groups.map((g) => g.start)).toEqual(findGroups(lines.slice(0, count)).map((g) => g.start));
    }
    expect(slices).toBeGreaterThan(5);
    expect(indexer.index.count).toBe(lines.length);
  });
});
