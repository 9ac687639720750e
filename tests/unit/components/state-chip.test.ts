import { describe, expect, it } from 'vitest';
import { chipState, stateWord } from '@/components/StateChip';

describe('a state word from the API as a chip', () => {
  it.each([
    ['failed', 'failed'],
    ['FAILED', 'failed'],
    ['Blocked', 'blocked'],
    ['not_run', 'not_run'],
    ['waiting_failed', null],
    ['', null],
    ['constructor', null],
  ])('%s → %s', (word, state) => {
    expect(chipState(word)).toBe(state);
  });

  it('keeps Buildkite’s word on the chip', () => {
    expect(stateWord(chipState('CANCELED')!)).toBe('Canceled');
  });
});
