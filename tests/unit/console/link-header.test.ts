import { describe, expect, it } from 'vitest';
import { parseLinkHeader, restPathOf } from '@/lib/console/link-header';

const BASE = 'https://api.buildkite.com/v2/';

describe('parseLinkHeader', () => {
  it('reads next, prev, first and last as paths on the REST base', () => {
    const header =
      '<https://api.buildkite.com/v2/organizations/acme/pipelines?page=3&per_page=1>; rel="next", ' +
      '<https://api.buildkite.com/v2/organizations/acme/pipelines?page=1&per_page=1>; rel="prev", ' +
      '<https://api.buildkite.com/v2/organizations/acme/pipelines?page=1&per_page=1>; rel="first", ' +
      '<https://api.buildkite.com/v2/organizations/acme/pipelines?page=5&per_page=1>; rel="last"';
    expect(parseLinkHeader(header, BASE)).toEqual({
      next: {
        url: 'https://api.buildkite.com/v2/organizations/acme/pipelines?page=3&per_page=1',
        path: '/v2/organizations/acme/pipelines?page=3&per_page=1',
      },
      prev: {
        url: 'https://api.buildkite.com/v2/organizations/acme/pipelines?page=1&per_page=1',
        path: '/v2/organizations/acme/pipelines?page=1&per_page=1',
      },
      first: {
        url: 'https://api.buildkite.com/v2/organizations/acme/pipelines?page=1&per_page=1',
        path: '/v2/organizations/acme/pipelines?page=1&per_page=1',
      },
      last: {
        url: 'https://api.buildkite.com/v2/organizations/acme/pipelines?page=5&per_page=1',
        path: '/v2/organizations/acme/pipelines?page=5&per_page=1',
      },
    });
  });

  it('keeps a link to another host, but never as a path to follow', () => {
    const links = parseLinkHeader('<https://evil.example/v2/builds?page=2>; rel="next"', BASE);
    expect(links.next).toEqual({ url: 'https://evil.example/v2/builds?page=2', path: null });
  });

  it('tolerates spacing, unquoted and multiple rels, other params, and skips junk', () => {
    const header =
      ' <https://api.buildkite.com/v2/builds?page=2> ; title="x"; rel=next , garbage, <https://api.buildkite.com/v2/builds?page=9>; rel="last other"';
    const links = parseLinkHeader(header, BASE);
    expect(links.next?.path).toBe('/v2/builds?page=2');
    expect(links.last?.path).toBe('/v2/builds?page=9');
    expect(links.prev).toBeUndefined();
  });

  it('is empty for no header', () => {
    expect(parseLinkHeader(null, BASE)).toEqual({});
    expect(parseLinkHeader('', BASE)).toEqual({});
  });
});

describe('restPathOf', () => {
  it.each([
    ['https://api.buildkite.com/v2/builds?page=2', '/v2/builds?page=2'],
    ['http://api.buildkite.com/v2/builds', null],
    ['https://api.buildkite.com:444/v2/builds', null],
    ['https://api.buildkite.com/v1/builds', null],
    ['https://user:pw@api.buildkite.com/v2/builds', null],
    ['https://api.buildkite.com.evil.example/v2/builds', null],
    ['not a url', null],
  ])('%s → %s', (url, path) => {
    expect(restPathOf(url, BASE)).toBe(path);
  });
});
