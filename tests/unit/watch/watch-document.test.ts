import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { watchQueryText, watchQueryVariables } from '@/lib/watch/documents';

const schema = buildSchema(readFileSync('lib/buildkite/schema.graphql', 'utf8'));
const slugs = (n: number) => Array.from({ length: n }, (_, i) => `acme/web/${i + 1}`);

describe('the batched poll document', () => {
  it.each([
    ['no builds, auto-watch only', { builds: [], newest: [], mine: true }],
    ['1 build', { builds: slugs(1), newest: [], mine: false }],
    [
      '20 builds, 2 blocked, auto-watch',
      {
        builds: slugs(20),
        newest: [
          { pipeline: 'acme/web', branch: 'main' },
          { pipeline: 'acme/deploy', branch: 'release/1' },
        ],
        mine: true,
      },
    ],
    ['nothing at all', { builds: [], newest: [], mine: false }],
  ])('validates against the official schema: %s', (_name, input) => {
    const errors = validate(schema, parse(watchQueryText(input)));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('carries every value as a variable, never in the document text', () => {
    const input = {
      builds: ['acme/web/1") { id } evil: viewer { id'],
      newest: [{ pipeline: 'acme/web', branch: '"; drop' }],
      mine: false,
    };
    const text = watchQueryText(input);
    expect(text).not.toContain('evil');
    expect(text).not.toContain('drop');
    expect(watchQueryVariables(input)).toEqual({ b0: input.builds[0], n0: 'acme/web', nb0: ['"; drop'] });
  });

  it('is one operation with one alias per build', () => {
    const text = watchQueryText({ builds: slugs(20), newest: [], mine: false });
    expect(text.match(/\bb\d+: build\(/g)).toHaveLength(20);
    expect(text.match(/\bquery\b/g)).toHaveLength(1);
  });
});
