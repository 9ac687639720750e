/**
 * Whether a GraphQL document defines a mutation: a `mutation` keyword at the top level (outside braces, strings
 * and comments). Conservative on purpose: a document holding a query AND a mutation counts as a write whichever
 * operation is named, so read-only mode never lets a mutation through. A document that doesn't parse is left to
 * Buildkite, which runs nothing it can't parse.
 */
export function definesMutation(document: string): boolean {
  const code = document
    .replace(/"""[\s\S]*?"""/g, '""')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/#[^\n\r]*/g, '');
  let depth = 0;
  for (const token of code.match(/[{}]|[_A-Za-z][_0-9A-Za-z]*/g) ?? []) {
    if (token === '{') depth += 1;
    else if (token === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && token === 'mutation') return true;
  }
  return false;
}
