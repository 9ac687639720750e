import type * as v from 'valibot';
import { REST_BASE } from '../config';
import type { CallContext } from './errors';
import { authHeaders, NO_RETRY, readRetry, requestJson, type Credentials } from './http';

export interface RestRead<S extends v.GenericSchema> {
  /** Path under `/v2/`, without a leading slash, e.g. `organizations/acme/pipelines`. */
  path: string;
  searchParams?: Record<string, string | number | boolean | undefined> | URLSearchParams;
  schema: S;
  /** The scope the endpoint needs, used to explain a 403. */
  scope?: string;
  org?: string;
}

export interface RestWrite<S extends v.GenericSchema> extends RestRead<S> {
  method: 'post' | 'put' | 'patch' | 'delete';
  json?: unknown;
}

export interface RestResult<T> {
  value: T;
  status: number;
  headers: Headers;
}

/** Identical concurrent reads are made once: the key is the token and the URL. */
const inFlight = new Map<string, Promise<RestResult<unknown>>>();

export function restUrl(path: string, searchParams?: RestRead<v.GenericSchema>['searchParams']): string {
  const url = new URL(path.replace(/^\/+/, ''), REST_BASE);
  if (searchParams) {
    const entries =
      searchParams instanceof URLSearchParams
        ? [...searchParams.entries()]
        : Object.entries(searchParams).flatMap(([key, value]): [string, string][] =>
            value === undefined ? [] : [[key, String(value)]],
          );
    for (const [key, value] of entries) url.searchParams.append(key, value);
  }
  return url.toString();
}

function contextOf(call: RestRead<v.GenericSchema>, credentials: Credentials): CallContext {
  return {
    api: 'rest',
    ...(call.scope ? { scope: call.scope } : {}),
    ...(call.org ? { org: call.org } : {}),
    ...(credentials.scopes ? { tokenScopes: credentials.scopes } : {}),
  };
}

export function restRead<S extends v.GenericSchema>(
  credentials: Credentials,
  call: RestRead<S>,
): Promise<RestResult<v.InferOutput<S>>> {
  const url = restUrl(call.path, call.searchParams);
  const key = `${credentials.token}\n${url}`;
  const pending = inFlight.get(key);
  if (pending) return pending;
  const request = requestJson(
    'rest',
    url,
    { method: 'get', headers: authHeaders(credentials), retry: readRetry(['get']) },
    call.schema,
    contextOf(call, credentials),
  )
    .then(({ value, response }) => ({ value, status: response.status, headers: response.headers }))
    .finally(() => inFlight.delete(key));
  inFlight.set(key, request);
  return request;
}

/** A write: sent once, never retried automatically. */
export async function restWrite<S extends v.GenericSchema>(
  credentials: Credentials,
  call: RestWrite<S>,
): Promise<RestResult<v.InferOutput<S>>> {
  const { value, response } = await requestJson(
    'rest',
    restUrl(call.path, call.searchParams),
    {
      method: call.method,
      headers: authHeaders(credentials),
      retry: NO_RETRY,
      ...(call.json === undefined ? {} : { json: call.json }),
    },
    call.schema,
    contextOf(call, credentials),
  );
  return { value, status: response.status, headers: response.headers };
}
