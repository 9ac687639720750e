import { describe, expect, it } from 'vitest';
import { bulkActionsOf, rowLabel } from '../../../lib/in-page/pipelines/build-list';
import type { BuildRow } from '../../../lib/pipelines/model';

const row = (over: Partial<BuildRow> = {}): BuildRow => ({
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  graphqlId: null,
  org: 'globex',
  pipeline: 'api',
  number: 7,
  state: 'failed',
  blocked: false,
  branch: 'main',
  commit: 'abc1234',
  message: 'Fix the parser\n\nLonger body',
  createdAt: null,
  webUrl: 'https://buildkite.com/globex/api/builds/7',
  creator: null,
  ...over,
});

describe('build list: pipeline vs. the user’s builds across organisations', () => {
  it('offers "cancel superseded" only on a pipeline’s list (one branch of one pipeline)', () => {
    expect(bulkActionsOf({ org: 'acme', pipeline: 'web', branch: null })).toEqual([
      'cancel-superseded',
      'cancel',
      'retry-failed',
      'rebuild',
    ]);
    expect(bulkActionsOf({ kind: 'mine' })).toEqual(['cancel', 'retry-failed', 'rebuild']);
  });

  it('names the organisation and pipeline of each row only across pipelines; first message line only', () => {
    expect(rowLabel(row(), false)).toBe('#7 main: Fix the parser');
    expect(rowLabel(row(), true)).toBe('globex/api #7 main: Fix the parser');
    expect(rowLabel(row({ message: null, org: 'acme', pipeline: 'web' }), true)).toBe('acme/web #7 main');
  });
});
