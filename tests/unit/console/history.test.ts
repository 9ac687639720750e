import { describe, expect, it } from 'vitest';
import { titleOf, withEntry, type HistoryEntry } from '@/lib/console/history';

const entry = (n: number, path = `/v2/builds?page=${n}`): HistoryEntry => ({
  kind: 'rest',
  method: 'GET',
  path,
  body: '',
  id: `id-${n}`,
  at: n,
  status: 200,
  durationMs: 5,
  title: `GET ${path}`,
});

describe('console history', () => {
  it('puts the newest first and caps the list', () => {
    let history: HistoryEntry[] = [];
    for (let n = 1; n <= 40; n++) history = withEntry(history, entry(n));
    expect(history).toHaveLength(30);
    expect(history[0]?.id).toBe('id-40');
    expect(history.at(-1)?.id).toBe('id-11');
  });

  it('moves a repeated request to the top instead of repeating it', () => {
    const history = withEntry([entry(2), entry(1, '/v2/user')], entry(3, '/v2/user'));
    expect(history.map((item) => item.id)).toEqual(['id-3', 'id-2']);
  });

  it('titles each kind of request', () => {
    expect(titleOf({ kind: 'graphql', query: 'mutation CancelBuild($id: ID!) { x }', variables: '{}' })).toBe(
      'GraphQL CancelBuild',
    );
    expect(titleOf({ kind: 'graphql', query: '{ viewer { id } }', variables: '{}' })).toBe('GraphQL anonymous');
    expect(
      titleOf({
        kind: 'portal',
        portalUrl: 'https://portal.buildkite.com/organizations/acme/portals/p',
        variables: '{}',
      }),
    ).toBe('Portal acme/portals/p');
  });
});
