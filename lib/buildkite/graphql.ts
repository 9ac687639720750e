import { initGraphQLTada, type ResultOf, type TadaDocumentNode, type VariablesOf } from 'gql.tada';
import { print } from '@0no-co/graphql.web';
import * as v from 'valibot';
import { GRAPHQL_URL } from '../config';
import { KdFailure } from '../errors';
import type { introspection } from './graphql-env.d.ts';
import { graphqlRefused, isGraphQLRefusal, policyError } from './errors';
import { authHeaders, NO_RETRY, readRetry, requestJson, type Credentials } from './http';

const POLICY_WORDS = /\bIP\b|allow ?list|\bSSO\b|single sign|\bSAML\b/i;

/** Typed GraphQL documents, checked against the vendored official schema (`schema.graphql`) by `gql-tada check`. */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown; JSInt: number; YAML: string; XML: string };
}>();

export type { ResultOf, VariablesOf };

const GraphQLEnvelope = v.object({
  data: v.optional(v.nullable(v.unknown())),
  errors: v.optional(
    v.array(
      v.looseObject({
        message: v.string(),
        path: v.optional(v.nullable(v.array(v.union([v.string(), v.number()])))),
      }),
    ),
  ),
});

/** One GraphQL error, with the path of the field it nulled (standard GraphQL, reference §3.4). */
export interface GraphQLFieldError {
  message: string;
  path: readonly (string | number)[] | null;
}

function operationKind(document: { definitions: TadaDocumentNode['definitions'] }): { name: string; kind: string } {
  const definition = document.definitions.find((node) => String(node.kind) === 'OperationDefinition');
  if (!definition || !('operation' in definition)) return { name: 'anonymous', kind: 'query' };
  return { name: definition.name?.value ?? 'anonymous', kind: definition.operation };
}

/**
 * Runs a document with the token. Queries may retry like REST reads; mutations are sent once.
 * `data` must be present: GraphQL errors with no data, or a 429, become a `KdFailure`.
 * The result is checked with `schema`, since GraphQL types alone don't prove the server's answer.
 */
export async function runGraphQL<Result, Variables, S extends v.GenericSchema<unknown, Result>>(
  credentials: Credentials,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  schema: S,
): Promise<v.InferOutput<S>> {
  return (await runGraphQLWithErrors(credentials, document, variables, schema)).data;
}

/**
 * Like `runGraphQL`, and also returns the errors that came with partial data: a field nulled by an error (its
 * `path`) is "unknown this time", not "absent".
 */
export async function runGraphQLWithErrors<Result, Variables, S extends v.GenericSchema<unknown, Result>>(
  credentials: Credentials,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  schema: S,
): Promise<{ data: v.InferOutput<S>; errors: GraphQLFieldError[] }> {
  const { name, kind } = operationKind(document);
  const { value } = await requestJson(
    'graphql',
    GRAPHQL_URL,
    {
      method: 'post',
      headers: authHeaders(credentials),
      json: { query: print(document), variables, operationName: name },
      retry: kind === 'mutation' ? NO_RETRY : readRetry(['post']),
    },
    GraphQLEnvelope,
    { api: 'graphql' },
  );
  const messages = (value.errors ?? []).map((error) => error.message);
  if (value.data == null && messages.length) {
    // No GraphQL access answers in undocumented ways (reference §1.5, §8): one of them is a 200 with errors.
    const all = messages.join('; ');
    if (messages.some((message) => POLICY_WORDS.test(message))) throw new KdFailure(policyError(200, all));
    if (messages.every(isGraphQLRefusal)) throw new KdFailure(graphqlRefused(200, all));
  }
  if (value.data == null || (kind === 'mutation' && messages.length)) {
    throw new KdFailure({
      kind: 'graphql',
      title: kind === 'mutation' ? 'Buildkite refused the change' : 'The GraphQL query failed',
      detail: messages.length ? `Buildkite said: “${messages.join('; ')}”.` : 'The answer held no data.',
      action: 'Read the reason above; refresh the page and try again.',
    });
  }
  const parsed = v.safeParse(schema, value.data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new KdFailure({
      kind: 'invalid-response',
      title: 'Unexpected answer from Buildkite',
      detail: `The GraphQL answer to ${name} did not have the expected shape${issue ? ` at “${v.getDotPath(issue) ?? ''}”` : ''}.`,
      action: 'Try again. If it keeps happening, report it to Kitedeck.',
    });
  }
  const errors = (value.errors ?? []).map((error) => ({ message: error.message, path: error.path ?? null }));
  return { data: parsed.output, errors };
}

/**
 * `runGraphQL` with the answer typed by its valibot schema rather than by gql.tada's result type: the schemas
 * read enums as plain strings and see through fragment masking, and they are what the code relies on.
 */
export function runChecked<Variables, S extends v.GenericSchema>(
  credentials: Credentials,
  document: TadaDocumentNode<unknown, Variables>,
  variables: Variables,
  schema: S,
): Promise<v.InferOutput<S>> {
  return runGraphQL(
    credentials,
    document as TadaDocumentNode<v.InferOutput<S>, Variables>,
    variables,
    schema as v.GenericSchema<unknown, v.InferOutput<S>>,
  );
}

const Envelope = v.object({
  data: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  errors: v.optional(
    v.array(v.looseObject({ message: v.string(), path: v.optional(v.array(v.union([v.string(), v.number()]))) })),
  ),
});

export interface AliasedAnswer {
  /** Each alias's payload (null when it failed). */
  data: Record<string, unknown>;
  /** Buildkite's error message per alias (`path[0]`); errors without a path are under `''`. */
  errors: Map<string, string>;
}

/**
 * Sends a document with several aliased fields ONCE and returns every alias's outcome, so a partial success is
 * reported as exactly that (`runGraphQL` turns any error of a mutation into one failure). Reads may retry like other
 * reads; mutations are never retried. `org` files the answer's rate budget under that organisation.
 */
export async function runAliased(
  credentials: Credentials,
  document: TadaDocumentNode<unknown, Record<string, string>>,
  variables: Record<string, string>,
  options: { operationName: string; kind: 'query' | 'mutation'; org?: string },
): Promise<AliasedAnswer> {
  const { value } = await requestJson(
    'graphql',
    GRAPHQL_URL,
    {
      method: 'post',
      headers: authHeaders(credentials),
      json: { query: print(document), variables, operationName: options.operationName },
      retry: options.kind === 'mutation' ? NO_RETRY : readRetry(['post']),
    },
    Envelope,
    options.org === undefined ? { api: 'graphql' } : { api: 'graphql', org: options.org },
  );
  const errors = new Map<string, string>();
  for (const error of value.errors ?? []) {
    const alias = typeof error.path?.[0] === 'string' ? error.path[0] : '';
    errors.set(alias, errors.has(alias) ? `${errors.get(alias)}; ${error.message}` : error.message);
  }
  if (!value.data && options.kind === 'query')
    throw new KdFailure({
      kind: 'graphql',
      title: 'The GraphQL query failed',
      detail: errors.size ? `Buildkite said: “${[...errors.values()].join('; ')}”.` : 'The answer held no data.',
      action: 'Try again in a moment.',
    });
  return { data: value.data ?? {}, errors };
}
