// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { GraphQLJob } from '@/lib/builds/documents';
import { buildFromGraphQL, jobFromGraphQL } from '@/lib/builds/map';
import { safeWebUrl } from '@/lib/watch/model';
import { safeBuildkiteUrl } from '@/lib/safe-url';

describe('safeBuildkiteUrl: links from API data', () => {
  it.each([
    ['https://buildkite.com/acme/web/builds/7', 'https://buildkite.com/acme/web/builds/7'],
    ['https://buildkite.com/acme/web/builds/7#0191-job', 'https://buildkite.com/acme/web/builds/7#0191-job'],
    ['https://portal.buildkite.com/organizations/acme', 'https://portal.buildkite.com/organizations/acme'],
    ['HTTPS://BUILDKITE.COM/acme', 'https://buildkite.com/acme'],
  ])('keeps %s', (url, expected) => expect(safeBuildkiteUrl(url)).toBe(expected));

  it.each([
    'javascript:alert(document.domain)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'http://buildkite.com/acme/web/builds/7',
    'https://evil.example/acme/web/builds/7',
    'https://buildkite.com.evil.example/acme',
    'https://evilbuildkite.com/acme',
    'https://buildkite.com@evil.example/acme',
    'https://user:pass@buildkite.com/acme',
    'https://buildkite.com:8443/acme',
    '//evil.example/x',
    '/acme/web/builds/7',
    'http://127.0.0.1:4120/acme/web/builds/7',
    '',
    null,
    undefined,
    42,
  ])('refuses %s', (url) => expect(safeBuildkiteUrl(url)).toBeNull());

  it('a build or job whose url is javascript: gets the page URL Kitedeck builds itself', () => {
    const ref = { org: 'acme', pipeline: 'web', number: 7 };
    const build = buildFromGraphQL(
      ref,
      {
        id: 'QnVp',
        uuid: 'b1',
        number: 7,
        state: 'PASSED',
        blockedState: null,
        url: 'javascript:alert(1)',
        branch: 'main',
        commit: 'c',
        message: null,
        createdAt: '2026-11-28T10:00:00Z',
        startedAt: null,
        finishedAt: null,
        pipeline: null,
        jobs: null,
      } as never,
      [],
    );
    expect(build.webUrl).toBe('https://buildkite.com/acme/web/builds/7');
    const job = jobFromGraphQL(
      { __typename: 'JobTypeCommand', uuid: 'u1', url: 'https://evil.example/x', state: 'FINISHED' } as GraphQLJob,
      build.webUrl,
    );
    expect(job.webUrl).toBe('https://buildkite.com/acme/web/builds/7#u1');
    expect(safeWebUrl('javascript:alert(1)', ref)).toBe('https://buildkite.com/acme/web/builds/7');
  });
});
