import { describe, expect, it } from 'vitest';
import { definesMutation } from '@/lib/console/operation-kind';

describe('definesMutation', () => {
  it.each([
    ['{ viewer { user { name } } }', false],
    ['query Q { viewer { user { name } } }', false],
    ['mutation M { buildCancel(input: {id: "x"}) { build { id } } }', true],
    ['query Q { a }\nmutation M { b }', true],
    ['query Q { pipeline(slug: "mutation") { name } }', false],
    ['# mutation in a comment\nquery { a }', false],
    ['query { mutation: viewer { id } }', false],
    ['  mutation{x}', true],
  ])('%s -> %s', (document, expected) => {
    expect(definesMutation(document)).toBe(expected);
  });
});
