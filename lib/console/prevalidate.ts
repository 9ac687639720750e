/**
 * Checks a console document against the bundled official schema BEFORE anything is sent: syntax, fields, arguments,
 * types, and the variables of the operation that will run. Problems say the line, column and field.
 *
 * This file loads graphql-js and the 260 kB schema text: only the console page may import it (checked on the
 * production build by tests/check-production-bundle.mjs).
 */
import {
  buildSchema,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import schemaText from '../buildkite/schema.graphql?raw';

export interface DocumentProblem {
  message: string;
  line: number | null;
  column: number | null;
  /** The field (or argument) the problem is about, when there is one. */
  field?: string;
}

export interface OperationInfo {
  name: string | null;
  kind: 'query' | 'mutation' | 'subscription';
}

export type Prevalidation =
  | { ok: true; operation: OperationInfo; operations: OperationInfo[] }
  | { ok: false; problems: DocumentProblem[]; operations: OperationInfo[] };

let schema: GraphQLSchema | undefined;

/** Built once per page, on first use (about 100 ms). */
export function consoleSchema(): GraphQLSchema {
  schema ??= buildSchema(schemaText);
  return schema;
}

function problemOf(error: GraphQLError): DocumentProblem {
  const location = error.locations?.[0];
  const node = error.nodes?.[0];
  const field = node && (node.kind === Kind.FIELD || node.kind === Kind.ARGUMENT) ? node.name.value : undefined;
  return {
    message: error.message,
    line: location?.line ?? null,
    column: location?.column ?? null,
    ...(field ? { field } : {}),
  };
}

function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter(
    (node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION,
  );
}

/** Operation names in a document, for the "which operation" picker; empty when it does not parse. */
export function listOperations(query: string): OperationInfo[] {
  try {
    return operationsOf(parse(query)).map((node) => ({ name: node.name?.value ?? null, kind: node.operation }));
  } catch {
    return [];
  }
}

export function prevalidate(query: string, variables: Record<string, unknown>, operationName?: string): Prevalidation {
  if (query.trim() === '') {
    return { ok: false, operations: [], problems: [{ message: 'The query is empty.', line: null, column: null }] };
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return { ok: false, operations: [], problems: [problemOf(error)] };
    throw error;
  }
  const nodes = operationsOf(document);
  const operations = nodes.map((node) => ({ name: node.name?.value ?? null, kind: node.operation }));
  const errors = validate(consoleSchema(), document);
  if (errors.length) return { ok: false, operations, problems: errors.map(problemOf) };

  const chosen = operationName
    ? nodes.find((node) => node.name?.value === operationName)
    : nodes.length === 1
      ? nodes[0]
      : undefined;
  if (!chosen) {
    const message = operationName
      ? `There is no operation named “${operationName}” in the document.`
      : 'The document has several operations: choose the one to run.';
    return { ok: false, operations, problems: [{ message, line: null, column: null }] };
  }
  if (String(chosen.operation) === 'subscription') {
    return {
      ok: false,
      operations,
      problems: [{ message: 'Buildkite’s API does not serve subscriptions.', ...at(chosen) }],
    };
  }
  const coerced = getVariableValues(consoleSchema(), chosen.variableDefinitions ?? [], variables, { maxErrors: 20 });
  if (coerced.errors) return { ok: false, operations, problems: coerced.errors.map(problemOf) };
  return { ok: true, operations, operation: { name: chosen.name?.value ?? null, kind: chosen.operation } };
}

function at(node: OperationDefinitionNode): { line: number | null; column: number | null } {
  const location = node.loc ? node.loc.source.locationOffset : undefined;
  if (!node.loc || !location) return { line: null, column: null };
  const before = node.loc.source.body.slice(0, node.loc.start).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
