import { describe, expect, it } from 'vitest';
import { stripAnsi } from '@/lib/ansi';
import { parseLog, plainText } from '@/lib/logs/ansi';

describe('parseLog', () => {
  it('turns SGR colours into styled spans, never HTML', () => {
    const [line] = parseLog('\x1b[31mred\x1b[0m <b>plain</b> \x1b[1;38;5;208mbold orange\x1b[m\n');
    expect(line?.text).toBe('red <b>plain</b> bold orange');
    expect(line?.spans?.map((s) => [s.text, s.style?.fg ?? null, s.style?.bold ?? false])).toEqual([
      ['red', 1, false],
      [' <b>plain</b> ', null, false],
      ['bold orange', 208, true],
    ]);
  });

  it('reads truecolour, backgrounds and bright colours', () => {
    const [line] = parseLog('\x1b[38;2;255;0;16;44ma\x1b[92mb');
    expect(line?.spans?.[0]?.style).toMatchObject({ fg: '#ff0010', bg: 4 });
    expect(line?.spans?.[1]?.style).toMatchObject({ fg: 10, bg: 4 });
  });

  it('keeps the style across lines as a terminal does', () => {
    const lines = parseLog('\x1b[32mgreen\nstill green\x1b[0m\nplain\n');
    expect(lines.map((l) => l.spans?.[0]?.style?.fg ?? null)).toEqual([2, 2, null]);
  });

  it('reads Buildkite timestamps as the line time', () => {
    const lines = parseLog('\x1b_bk;t=1700000000123\x07first\n\x1b_bk;t=1700000000456\x07second\nnone\n');
    expect(lines.map((l) => [l.text, l.time])).toEqual([
      ['first', 1700000000123],
      ['second', 1700000000456],
      ['none', null],
    ]);
  });

  it('keeps the last version of a line rewritten with carriage returns', () => {
    expect(parseLog('10%\r50%\r100%\r\nnext').map((l) => l.text)).toEqual(['100%', 'next']);
  });

  it('counts lines like a text editor', () => {
    expect(parseLog('')).toEqual([]);
    expect(parseLog('a\n').length).toBe(1);
    expect(parseLog('a\nb').length).toBe(2);
    expect(plainText('\x1b[1ma\x1b[0m\nb\n')).toBe('a\nb\n');
  });

  it('drops unterminated escapes at the line end and keeps the next lines', () => {
    expect(parseLog('a\x1b]8;;never ends\nb\x1b[\nc').map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it(
    'reads a crafted 10 MB log in linear time (a quadratic reader would not finish before the timeout)',
    { timeout: 30_000 },
    () => {
      const piece = '\x1b]' + 'x'.repeat(50) + '\x1b[' + '1;'.repeat(20) + '\x1b_bk;t=' + '9'.repeat(10) + '\r';
      const line = piece.repeat(Math.ceil(100_000 / piece.length));
      const log = `${line}\n`.repeat(Math.ceil(10_000_000 / (line.length + 1)));
      expect(log.length).toBeGreaterThanOrEqual(10_000_000);
      let count = 0;
      const started = performance.now();
      for (const _ of parseLog(log)) count++;
      expect(count).toBe(Math.ceil(10_000_000 / (line.length + 1)));
      // And the old entry point, used by other pages, is the same reader.
      expect(stripAnsi(log).length).toBeLessThan(log.length);
      expect(performance.now() - started).toBeGreaterThan(0);
    },
  );

  it('reads a 10 MB log of one endless unterminated OSC without rescanning it', { timeout: 30_000 }, () => {
    const log = '\x1b]'.repeat(5_000_000);
    expect(parseLog(log).map((l) => l.text)).toEqual(['']);
  });
});
