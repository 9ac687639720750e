// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * The issue's contract test: EVERY GraphQL document in the extension's code (lib/, entrypoints/, components/)
 * validates against Buildkite's official schema
 * (lib/buildkite/schema.graphql, vendored byte for byte). Documents are found by scanning those folders for
 * `graphql(\`` template literals, then the modules that hold them are imported and each exported document is
 * validated as sent (fragments included). A literal that is not exported fails the count check, so a new
 * document can't slip past. Generated documents (exported functions named `…Document`) are validated for
 * several sizes.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const schema = buildSchema(readFileSync(`${root}lib/buildkite/schema.graphql`, 'utf8'));
const modules = import.meta.glob<Record<string, unknown>>([
  '../../../lib/**/*.{ts,tsx}',
  '../../../entrypoints/**/*.{ts,tsx}',
  '../../../components/**/*.{ts,tsx}',
]);
const LITERAL = /\bgraphql\(\s*`/g;

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === Kind.DOCUMENT;

function sourceOf(key: string): string {
  return readFileSync(fileURLToPath(new URL(key, import.meta.url)), 'utf8');
}

/** Documents built at run time: the inputs to build them with (a number of items, unless listed here). */
const GENERATOR_SAMPLES: Record<string, unknown[]> = {
  watchQueryDocument: [
    { builds: ['acme/web/1'], newest: [], mine: false },
    { builds: ['acme/web/1', 'acme/deploy/2'], newest: [{ pipeline: 'acme/deploy', branch: 'main' }], mine: true },
    { builds: [], newest: [], mine: false },
  ],
};

async function collect() {
  const found: { file: string; name: string; document: DocumentNode }[] = [];
  const literalCounts = new Map<string, number>();
  for (const [key, load] of Object.entries(modules)) {
    if (key.endsWith('.d.ts')) continue;
    const source = sourceOf(key);
    const literals = source.match(LITERAL)?.length ?? 0;
    const generators = /export function \w+Document\(/.test(source);
    if (!literals && !generators) continue;
    literalCounts.set(key, literals);
    const exports = await load();
    for (const [name, value] of Object.entries(exports)) {
      if (isDocument(value)) found.push({ file: key, name, document: value });
      if (typeof value === 'function' && /Document$/.test(name)) {
        const samples = GENERATOR_SAMPLES[name] ?? [1, 2, 7];
        samples.forEach((sample, index) => {
          const generated = (value as (input: unknown) => unknown)(sample);
          if (isDocument(generated)) found.push({ file: key, name: `${name}(#${index + 1})`, document: generated });
        });
      }
    }
  }
  return { found, literalCounts };
}

const { found, literalCounts } = await collect();

describe('GraphQL contract: every document in the code against the official schema', () => {
  it('finds the documents (the scan is not empty)', () => {
    expect(found.map((item) => item.name)).toEqual(
      expect.arrayContaining(['TokenHealthQuery', 'BuildPageQuery', 'JobUnblockMutation']),
    );
  });

  it('exports every graphql(`…`) literal, so each one is validated here', () => {
    for (const [file, literals] of literalCounts) {
      const exported = found.filter((item) => item.file === file && !item.name.includes('(')).length;
      expect(exported, `${file} has ${literals} graphql() documents but exports ${exported}`).toBeGreaterThanOrEqual(
        literals,
      );
    }
  });

  it.each(found.map((item) => [`${item.file.replace(/^(\.\.\/)+/, '')} ${item.name}`, item.document] as const))(
    '%s is valid',
    (_name, document) => {
      const parsed = parse(print(document));
      // A fragment exported on its own is checked too; only "never used" is moot for it.
      const fragmentOnly = parsed.definitions.every((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
      const rules = fragmentOnly ? specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule) : specifiedRules;
      const errors = validate(schema, parsed, rules).map((error) => error.message);
      expect(errors).toEqual([]);
    },
  );

  it('names every operation, and no two operations share a name', () => {
    const names = found
      .filter((item) => !item.name.includes('('))
      .flatMap((item) => item.document.definitions)
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? definition.name?.value : undefined));
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a schema mistake is caught (the check can fail)', () => {
    const errors = validate(schema, parse('query Bad { build(slug: "a/b/1") { nope } }'));
    expect(errors.length).toBeGreaterThan(0);
  });
});
