import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { prevalidate } from '@/lib/console/prevalidate';
import { READY_QUERIES } from '@/lib/console/ready-queries';

const schema = buildSchema(readFileSync('lib/buildkite/schema.graphql', 'utf8'));

describe('ready-made console queries', () => {
  it('offers my builds, pipelines of this org and blocked builds', () => {
    expect(READY_QUERIES.map((query) => query.label)).toEqual(['My builds', 'Pipelines of this org', 'Blocked builds']);
  });

  it.each(READY_QUERIES.map((query) => [query.id, query] as const))(
    '%s validates against the schema with its variables',
    (_id, ready) => {
      expect(validate(schema, parse(ready.query))).toEqual([]);
      expect(prevalidate(ready.query, ready.variables('acme'))).toMatchObject({
        ok: true,
        operation: { kind: 'query' },
      });
    },
  );

  it('fills the organisation picked from the token health report', () => {
    const pipelines = READY_QUERIES.find((query) => query.id === 'org-pipelines');
    expect(pipelines?.variables('globex')).toMatchObject({ org: 'globex' });
  });

  it('bounds every connection with first', () => {
    for (const ready of READY_QUERIES) {
      for (const match of ready.query.matchAll(/\b(builds|pipelines|organizations)\(([^)]*)\)/g)) {
        expect(match[2]).toMatch(/first:/);
      }
    }
  });
});
