import { describe, expect, it } from 'vitest';
import { normaliseState, safeWebUrl } from '@/lib/watch/model';

describe('watch model', () => {
  it.each([
    ['RUNNING', false, 'running'],
    ['FAILING', false, 'failing'],
    ['BLOCKED', false, 'blocked'],
    ['passed', true, 'blocked'],
    ['failed', false, 'failed'],
    ['waiting', false, 'scheduled'],
    ['waiting_failed', false, 'failed'],
    ['NOT_RUN', false, 'not_run'],
    ['SOMETHING_NEW', false, 'running'],
  ] as const)('state %s (blocked: %s) reads as %s', (raw, blocked, expected) => {
    expect(normaliseState(raw, blocked)).toBe(expected);
  });

  it.each([
    ['https://buildkite.com/acme/web/builds/7', 'https://buildkite.com/acme/web/builds/7'],
    ['javascript:alert(1)', 'https://buildkite.com/acme/web/builds/7'],
    ['https://evil.example/acme/web/builds/7', 'https://buildkite.com/acme/web/builds/7'],
    ['http://buildkite.com/acme/web/builds/7', 'https://buildkite.com/acme/web/builds/7'],
  ])('build links from the API: %s → %s', (url, expected) => {
    expect(safeWebUrl(url, { org: 'acme', pipeline: 'web', number: 7 })).toBe(expected);
  });
});
