import { describe, expect, it } from 'vitest';
import { findGroups, groupOf, visibleLines } from '@/lib/logs/groups';
import { groupByErrors, highlights, isErrorLine, normaliseLine } from '@/lib/logs/errors';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));

describe('findGroups', () => {
  const log = lines('setup', '~~~ Prepare', 'a', '--- Build', 'b', 'c', '+++ Test', 'd', '--- Upload', 'e', '^^^ +++');
  const groups = findGroups(log);

  it('reads ---, +++ and ~~~ headers and ^^^ +++', () => {
    expect(groups.map((g) => [g.title, g.start, g.end, g.open])).toEqual([
      ['Prepare', 1, 3, false],
      ['Build', 3, 6, false],
      ['Test', 6, 8, true],
      ['Upload', 8, 11, true],
    ]);
  });

  it('finds the group of a line', () => {
    expect([0, 1, 2, 5, 7, 10].map((i) => groupOf(groups, i))).toEqual([-1, 0, 0, 1, 2, 3]);
  });

  it('shows only the headers of closed groups', () => {
    expect([
      ...visibleLines(
        log.length,
        groups,
        groups.map((g) => g.open),
      ),
    ]).toEqual([0, 1, 3, 6, 7, 8, 9, 10]);
    expect([...visibleLines(log.length, groups, [true, true, true, true])]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('error lines', () => {
  it.each([
    ['error: cannot find module', true],
    ['src/a.ts(3,1): error TS2304', true],
    ['--- FAIL: TestThing (0.01s)', true],
    ['Traceback (most recent call last):', true],
    ['panic: runtime error: index out of range', true],
    ['java.lang.NullPointerException', true],
    ['exit status 2', true],
    ['AssertionError: expected 1 to equal 2', true],
    ['Expected: 3', true],
    ['Compiled with 0 errors', false],
    ['go vet --error-format=json', false],
    ['all good', false],
  ])('%s → %s', (text, expected) => {
    expect(isErrorLine(text)).toBe(expected);
  });

  it('keeps the last error lines, diff lines after them, and the tail', () => {
    const log = ['ok', 'AssertionError: values differ', '- 1', '+ 2', 'ok', '', ''];
    const found = highlights(log, { tailLines: 2 });
    expect(found.errors.map((l) => l.n)).toEqual([2, 3, 4]);
    expect(found.tail).toEqual([
      { n: 4, text: '+ 2' },
      { n: 5, text: 'ok' },
    ]);
  });

  it('groups jobs whose error lines are the same but for numbers and ids', () => {
    expect(normaliseLine('took 12.5s in deadbeefcafe')).toBe('took #s in #');
    const groups = groupByErrors([
      { jobId: 'a', errors: [{ n: 10, text: 'FAIL test 1 (3s)' }] },
      { jobId: 'b', errors: [{ n: 12, text: 'FAIL test 1 (4s)' }] },
      { jobId: 'c', errors: [{ n: 1, text: 'panic: other' }] },
      { jobId: 'd', errors: [] },
    ]);
    expect(groups.map((g) => g.jobIds)).toEqual([['a', 'b'], ['c']]);
  });
});
