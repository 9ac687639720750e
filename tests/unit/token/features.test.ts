// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { FEATURES, featureVerdicts, KITEDECK_SCOPES, newTokenUrl } from '@/lib/token/features';

const READ_ONLY = ['read_builds', 'read_build_logs', 'read_pipelines', 'read_organizations', 'read_user'];
const byId = (scopes: readonly string[]) =>
  Object.fromEntries(featureVerdicts(scopes).map((verdict) => [verdict.id, verdict]));

describe('featureVerdicts', () => {
  it('returns one verdict per feature, in order', () => {
    expect(featureVerdicts(READ_ONLY).map((verdict) => verdict.id)).toEqual(FEATURES.map((feature) => feature.id));
  });

  describe('a read-only token (no write_builds, no graphql)', () => {
    const verdicts = byId(READ_ONLY);
    const cases: [id: string, allowed: boolean, missing: string[], degraded: string[]][] = [
      ['quick-actions', false, ['write_builds'], ['graphql']],
      ['retry', false, ['write_builds'], []],
      ['unblock', false, ['write_builds'], []],
      ['job-cancel', false, ['graphql'], []],
      ['logs', true, [], []],
      ['watch', true, [], ['graphql']],
      ['webhooks', true, [], []],
      ['console-graphql', false, ['graphql'], []],
      ['console-rest', true, [], []],
    ];
    it.each(cases)('%s: allowed=%s, missing %j, degraded without %j', (id, allowed, missing, degraded) => {
      const verdict = verdicts[id]!;
      expect(verdict.allowed).toBe(allowed);
      expect(verdict.missing).toEqual(missing);
      expect(verdict.degraded.map((item) => item.scope)).toEqual(degraded);
      for (const item of verdict.degraded) expect(item.why).not.toBe('');
    });
  });

  it('a token with every Kitedeck scope allows everything, nothing missing or degraded', () => {
    for (const verdict of featureVerdicts(KITEDECK_SCOPES)) {
      expect(verdict, verdict.id).toMatchObject({ allowed: true, missing: [], degraded: [] });
    }
  });

  it('a token with no scopes allows only what needs none, and lists every missing scope', () => {
    const verdicts = byId([]);
    expect(
      Object.values(verdicts)
        .filter((verdict) => verdict.allowed)
        .map((verdict) => verdict.id),
    ).toEqual(['console-rest']);
    expect(verdicts.webhooks!.missing).toEqual(['read_builds']);
    expect(verdicts['quick-actions']!.missing).toEqual(['read_builds', 'write_builds']);
  });

  it('write_builds without read_builds is not enough for quick actions', () => {
    expect(byId(['write_builds', 'graphql'])['quick-actions']).toMatchObject({
      allowed: false,
      missing: ['read_builds'],
    });
  });

  it('every scope a feature needs is one the new-token link asks for', () => {
    for (const feature of FEATURES) {
      for (const scope of [...feature.required, ...(feature.recommended ?? []).map((item) => item.scope)]) {
        expect(KITEDECK_SCOPES, `${feature.id} needs ${scope}`).toContain(scope);
      }
    }
  });
});

describe('newTokenUrl', () => {
  it('prefills Buildkite’s new-token form with every Kitedeck scope and a description', () => {
    const url = new URL(newTokenUrl());
    expect(`${url.origin}${url.pathname}`).toBe('https://buildkite.com/user/api-access-tokens/new');
    expect(url.searchParams.getAll('scopes[]')).toEqual([...KITEDECK_SCOPES]);
    expect(url.searchParams.get('description')).toBe('Kitedeck');
    expect(KITEDECK_SCOPES).toEqual(expect.arrayContaining(['read_builds', 'write_builds', 'graphql']));
  });

  it('takes other scopes and a description, encoded', () => {
    const url = new URL(newTokenUrl(['read_builds'], 'Kitedeck & friends'));
    expect(url.searchParams.getAll('scopes[]')).toEqual(['read_builds']);
    expect(url.searchParams.get('description')).toBe('Kitedeck & friends');
    expect(url.search).not.toContain('& friends');
  });
});
