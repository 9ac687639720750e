import { describe, expect, it } from 'vitest';
import { stripAnsi } from '@/lib/ansi';

describe('stripAnsi', () => {
  it.each([
    ['colours', '\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m', 'red and bold green'],
    ['cursor moves', 'a\x1b[2Kb\x1b[1A', 'ab'],
    ['OSC hyperlinks', '\x1b]8;;https://x.test\x07link\x1b]8;;\x07', 'link'],
    ['OSC with ST', '\x1b]1339;url=artifact://a.png\x1b\\after', 'after'],
    ['Buildkite timestamps', '\x1b_bk;t=1700000000000\x07line', 'line'],
    ['carriage-return overwrites', 'progress 10%\rprogress 100%\ndone\r\n', 'progress 100%\ndone\n'],
    ['plain text untouched', 'no escapes <b>here</b>', 'no escapes <b>here</b>'],
  ])('%s', (_name, input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
  });
});
