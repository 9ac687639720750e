import { describe, expect, it } from 'vitest';
import { listOperations, prevalidate } from '@/lib/console/prevalidate';

describe('prevalidate (against the bundled official schema)', () => {
  it('accepts a valid query and names its operation', () => {
    const result = prevalidate('query Me { viewer { user { name email } } }', {});
    expect(result).toMatchObject({ ok: true, operation: { name: 'Me', kind: 'query' } });
  });

  it('points an unknown field at its line, column and field name', () => {
    const query = 'query Me {\n  viewer {\n    user {\n      name\n      favouriteColour\n    }\n  }\n}';
    const result = prevalidate(query, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { message: 'Cannot query field "favouriteColour" on type "User".', line: 5, column: 7, field: 'favouriteColour' },
    ]);
  });

  it('reports a syntax error with its position', () => {
    const result = prevalidate('query {\n  viewer { user { name }\n', {});
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({
        line: 3,
        column: 1,
        message: expect.stringContaining('Syntax Error'),
      });
  });

  it('reports a wrong argument with the argument name', () => {
    const result = prevalidate('{ viewer { builds(frist: 3) { edges { node { number } } } } }', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ field: 'frist', line: 1, column: 19 });
  });

  it('checks the variables of the operation that will run', () => {
    const query =
      'query P($slug: ID!, $first: Int) { pipeline(slug: $slug) { builds(first: $first) { edges { node { number } } } } }';
    const missing = prevalidate(query, {});
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.problems[0]?.message).toContain('Variable "$slug" of required type "ID!" was not provided.');
    const wrong = prevalidate(query, { slug: 'acme/web', first: 'ten' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems[0]?.message).toContain('$first');
    expect(prevalidate(query, { slug: 'acme/web', first: 3 }).ok).toBe(true);
  });

  it('needs a choice when the document has several operations', () => {
    const query =
      'query A { viewer { id } }\nmutation B($id: ID!) { buildCancel(input: { id: $id }) { build { id } } }';
    expect(listOperations(query)).toEqual([
      { name: 'A', kind: 'query' },
      { name: 'B', kind: 'mutation' },
    ]);
    const unchosen = prevalidate(query, {});
    expect(unchosen.ok).toBe(false);
    if (!unchosen.ok) expect(unchosen.problems[0]?.message).toContain('choose the one to run');
    expect(prevalidate(query, { id: 'QnVpbGQtLS0x' }, 'B')).toMatchObject({
      ok: true,
      operation: { name: 'B', kind: 'mutation' },
    });
    expect(prevalidate(query, {}, 'C').ok).toBe(false);
  });

  it('refuses an empty document', () => {
    expect(prevalidate('  \n', {}).ok).toBe(false);
  });
});
