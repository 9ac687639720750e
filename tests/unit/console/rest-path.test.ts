import { describe, expect, it } from 'vitest';
import { checkRestPath } from '@/lib/console/rest-path';

const BASE = 'https://api.buildkite.com/v2/';

describe('checkRestPath', () => {
  it.each([
    ['/v2/user', '/v2/user', 'https://api.buildkite.com/v2/user'],
    ['v2/user', '/v2/user', 'https://api.buildkite.com/v2/user'],
    [
      '  /v2/organizations/acme/pipelines?per_page=1  ',
      '/v2/organizations/acme/pipelines?per_page=1',
      'https://api.buildkite.com/v2/organizations/acme/pipelines?per_page=1',
    ],
    [
      '/v2/builds?state[]=failed&branch=main',
      '/v2/builds?state[]=failed&branch=main',
      'https://api.buildkite.com/v2/builds?state[]=failed&branch=main',
    ],
    [
      '/v2/organizations/acme/pipelines/web/builds/1/jobs/x/log.txt',
      '/v2/organizations/acme/pipelines/web/builds/1/jobs/x/log.txt',
      'https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/1/jobs/x/log.txt',
    ],
  ])('accepts %j', (input, path, url) => {
    expect(checkRestPath(input, BASE)).toEqual({ ok: true, path, url });
  });

  it.each([
    ['', 'Enter a path'],
    ['https://api.buildkite.com/v2/user', 'not a URL'],
    ['http://evil.example/v2/user', 'not a URL'],
    ['//evil.example/v2/user', 'not a URL'],
    ['javascript:alert(1)', 'not a URL'],
    ['/v1/user', 'must start with /v2/'],
    ['/v2', 'must start with /v2/'],
    ['/v2/', 'must start with /v2/'],
    ['/user', 'must start with /v2/'],
    ['/v2/../oauth/token', '“..”'],
    ['/v2/organizations/%2e%2e/%2E%2E/x', '“..”'],
    ['/v2/./user', '“..”'],
    ['/v2/user/..', '“..”'],
    ['/v2/a%2f%2fb', 'encoded slashes'],
    ['/v2//evil.example', 'empty segments'],
    ['/v2/user\\..\\x', 'backslash'],
    ['/v2/user#frag', 'fragment'],
    ['/v2/us er', 'spaces'],
    ['/v2/user\tx', 'spaces'],
    ['/v2/user\u0007', 'control characters'],
    ['/v2/%zz', 'percent-encoding'],
  ])('refuses %j', (input, reason) => {
    const result = checkRestPath(input, BASE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
  });

  it('always stays on the base it was given', () => {
    const result = checkRestPath('/v2/user?next=https://evil.example', 'http://127.0.0.1:4050/v2/');
    expect(result).toMatchObject({ ok: true, url: 'http://127.0.0.1:4050/v2/user?next=https://evil.example' });
  });
});
