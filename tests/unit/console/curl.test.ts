import { describe, expect, it } from 'vitest';
import { curlFor, toCurl } from '@/lib/console/curl';
import { checkRestPath } from '@/lib/console/rest-path';
import { parsePortalUrl } from '@/lib/console/portal';

const bases = { rest: 'https://api.buildkite.com/v2/', graphql: 'https://graphql.buildkite.com/v1' };

describe('toCurl', () => {
  it('GraphQL: POST with the token as $BUILDKITE_API_TOKEN and the query-stats header', () => {
    const text = toCurl(
      { kind: 'graphql', query: 'query Me { viewer { user { name } } }', variables: { first: 1 }, operationName: 'Me' },
      bases,
    );
    expect(text).toBe(
      [
        "curl -i -X POST 'https://graphql.buildkite.com/v1'",
        '-H "Authorization: Bearer $BUILDKITE_API_TOKEN"',
        "-H 'Content-Type: application/json'",
        "-H 'Buildkite-Include-Query-Stats: true'",
        `--data-raw '{"query":"query Me { viewer { user { name } } }","variables":{"first":1},"operationName":"Me"}'`,
      ].join(' \\\n  '),
    );
  });

  it('REST: quotes everything a shell could expand, and sends a body only for writes', () => {
    const text = toCurl(
      { kind: 'rest', method: 'GET', path: '/v2/builds?branch=$(id)&x=`id`', body: '{"a":1}' },
      bases,
    );
    expect(text).toContain("curl -i -X GET 'https://api.buildkite.com/v2/builds?branch=$(id)&x=`id`'");
    expect(text).not.toContain('--data-raw');
    const write = toCurl(
      {
        kind: 'rest',
        method: 'POST',
        path: '/v2/organizations/acme/pipelines/web/builds',
        body: `{"message":"it's \`x\`"}`,
      },
      bases,
    );
    expect(write).toContain(`--data-raw '{"message":"it'\\''s \`x\`"}'`);
    expect(write).toContain("-H 'Content-Type: application/json'");
  });

  it('portals: the portal token as $BUILDKITE_PORTAL_TOKEN, variables as the body, operation_name in the URL', () => {
    const ref = parsePortalUrl('https://portal.buildkite.com/organizations/acme/portals/latest-builds');
    if (!ref.ok) throw new Error(ref.message);
    const text = toCurl({
      kind: 'portal',
      portal: ref.portal,
      variables: { pipelineSlug: 'acme/web' },
      operationName: 'PipelineBuilds',
    });
    expect(text).toContain(
      "'https://portal.buildkite.com/organizations/acme/portals/latest-builds?operation_name=PipelineBuilds'",
    );
    expect(text).toContain('-H "Authorization: Bearer $BUILDKITE_PORTAL_TOKEN"');
    expect(text).toContain(`--data-raw '{"pipelineSlug":"acme/web"}'`);
    expect(text).not.toContain('BUILDKITE_API_TOKEN');
  });

  it('never holds anything that looks like a token', () => {
    for (const request of [
      { kind: 'graphql' as const, query: '{ viewer { user { name } } }', variables: {} },
      { kind: 'rest' as const, method: 'DELETE' as const, path: '/v2/access-token' },
    ]) {
      expect(toCurl(request, bases)).not.toMatch(/bk(ua|pat)_/);
    }
  });

  it.each([
    '//evil.example/x',
    'https://evil.example/v2/user',
    '/v2/../../evil',
    '/v2/%2e%2e/%2e%2e/x',
    '/v2//evil.example/x',
    '/v2/user#x',
    '/v2/us er',
    '\\evil.example\\x',
    '/organizations/acme',
  ])('REST: a path Send refuses (%s) gives no command, with the same reason', (path) => {
    const made = curlFor({ kind: 'rest', method: 'GET', path }, bases);
    const check = checkRestPath(path, bases.rest);
    expect(check.ok).toBe(false);
    expect(made).toEqual({ ok: false, message: check.ok ? '' : check.message });
    expect(() => toCurl({ kind: 'rest', method: 'GET', path }, bases)).toThrow();
  });
});
