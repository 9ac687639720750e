import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import * as v from 'valibot';
import { GRAPHQL_URL } from '../config';
import { runGraphQL } from '../buildkite/graphql';
import { authHeaders, NO_RETRY, requestJson, type Credentials } from '../buildkite/http';

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

export interface MutationBatchAnswer {
  /** Each alias's payload (null when it failed). */
  data: Record<string, unknown>;
  /** Buildkite's error message per alias (`path[0]`); errors without a path are under `''`. */
  errors: Map<string, string>;
}

/**
 * Sends a mutation document with several aliased fields ONCE and returns every alias's outcome, so a partial
 * success is reported as exactly that (`runGraphQL` turns any error of a mutation into one failure).
 */
export async function runMutationBatch(
  credentials: Credentials,
  document: TadaDocumentNode<unknown, Record<string, string>>,
  variables: Record<string, string>,
  operationName: string,
): Promise<MutationBatchAnswer> {
  const { value } = await requestJson(
    'graphql',
    GRAPHQL_URL,
    {
      method: 'post',
      headers: authHeaders(credentials),
      json: { query: print(document), variables, operationName },
      retry: NO_RETRY,
    },
    Envelope,
    { api: 'graphql' },
  );
  const errors = new Map<string, string>();
  for (const error of value.errors ?? []) {
    const alias = typeof error.path?.[0] === 'string' ? error.path[0] : '';
    errors.set(alias, errors.has(alias) ? `${errors.get(alias)}; ${error.message}` : error.message);
  }
  return { data: value.data ?? {}, errors };
}
