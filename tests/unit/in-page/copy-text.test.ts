import { describe, expect, it } from 'vitest';
import { bkCommand, copyItems, curlCommand } from '@/lib/in-page/copy-text';
import { build } from './fixtures';

describe('copy helpers', () => {
  it('curl shows the token as a shell variable, never a value', () => {
    expect(curlCommand(build())).toBe(
      'curl -H "Authorization: Bearer $BUILDKITE_API_TOKEN" https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/104',
    );
  });
  it('bk command names the build and the pipeline', () => {
    expect(bkCommand(build())).toBe('bk build view 104 -p acme/web');
  });
  it('lists URL, number, UUID, GraphQL id, commit, curl, bk', () => {
    expect(copyItems(build()).map((i) => i.text)).toEqual([
      'https://buildkite.com/acme/web/builds/104',
      '104',
      '01908131-7d9f-495e-a17b-000000000104',
      'QnVpbGQtLS0x',
      'abc123',
      curlCommand(build()),
      bkCommand(build()),
    ]);
    expect(copyItems(build({ graphqlId: null })).map((i) => i.id)).not.toContain('graphql-id');
  });
});
