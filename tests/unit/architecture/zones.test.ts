import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Each zone rule of .dependency-cruiser.cjs must fail on its fake tree (tests/fixtures/zones/<case>/), and the
 * clean tree must pass: a rule that stops matching (a renamed folder, a broken alias) fails here, not silently.
 */
interface Violation {
  rule: { name: string };
  from: string;
}

function cruiseFixtures(): Violation[] {
  let out: string;
  try {
    out = execFileSync(
      'node_modules/.bin/depcruise',
      ['tests/fixtures/zones', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    out = (error as { stdout: string }).stdout; // depcruise exits non-zero when it finds violations
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const EXPECTED: Record<string, string> = {
  'content-vault': 'in-page-no-vault',
  'content-client': 'in-page-no-buildkite-client',
  'content-storage': 'in-page-no-storage',
  'content-polyfill': 'in-page-no-storage',
  'feature-glob': 'in-page-no-buildkite-client',
  'page-vault': 'pages-no-vault',
  cycle: 'no-cycles',
};

describe('zone rules (dependency-cruiser) over fake trees', () => {
  const byCase = new Map<string, Set<string>>();
  it('cruises the fixtures', { timeout: 120_000 }, () => {
    for (const violation of cruiseFixtures()) {
      const name = /tests\/fixtures\/zones\/([^/]+)\//.exec(violation.from)?.[1] ?? '?';
      byCase.set(name, (byCase.get(name) ?? new Set()).add(violation.rule.name));
    }
    expect(byCase.size).toBeGreaterThan(0);
  });

  it.each(Object.entries(EXPECTED))('%s breaks %s', (fixture, rule) => {
    expect([...(byCase.get(fixture) ?? [])]).toContain(rule);
  });

  it('the clean tree (content script and a page asking by message) passes', () => {
    expect(byCase.get('clean')).toBeUndefined();
  });
});
