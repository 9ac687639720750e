import ky, { HTTPError, TimeoutError, type Options } from 'ky';
import * as v from 'valibot';
import { KdFailure } from '../errors';
import {
  errorFromResponse,
  invalidResponse,
  networkError,
  timeoutError,
  writeTimeoutError,
  type CallContext,
} from './errors';
import { recordRateLimit } from './rate-limit';

export const TIMEOUT_MS = 15_000;
/** A read waits for a rate-limit reset only when it is this close; longer waits are reported to the user. */
const MAX_WAIT_FOR_RESET_MS = 10_000;

export interface Credentials {
  token: string;
  /** The token's scopes from the last health check, to explain 403s. */
  scopes?: readonly string[];
}

/** Retry policy for reads: a few tries with backoff, honouring `Retry-After` / `RateLimit-Reset` on 429/503. */
export const readRetry = (methods: string[]): Options['retry'] => ({
  limit: 2,
  methods,
  statusCodes: [408, 429, 500, 502, 503, 504],
  afterStatusCodes: [429, 503],
  maxRetryAfter: MAX_WAIT_FOR_RESET_MS,
  backoffLimit: 4_000,
  shouldRetry: ({ error }) => {
    if (error instanceof HTTPError && error.response.status === 429) {
      const reset = Number(
        error.response.headers.get('retry-after') ?? error.response.headers.get('ratelimit-reset') ?? NaN,
      );
      // Retrying before the window resets only spends the org's shared budget.
      if (!Number.isFinite(reset) || reset * 1000 > MAX_WAIT_FOR_RESET_MS) return false;
    }
    return undefined;
  },
});

/** Mutations are never retried automatically. */
export const NO_RETRY: Options['retry'] = { limit: 0 };

export const client = ky.create({
  timeout: TIMEOUT_MS,
  throwHttpErrors: true,
});

/** Sends one request, records rate-limit headers, and parses the body with `schema`. Throws `KdFailure`. */
export async function requestJson<S extends v.GenericSchema>(
  api: 'rest' | 'graphql',
  url: string,
  options: Options,
  schema: S,
  context: CallContext,
): Promise<{ value: v.InferOutput<S>; response: Response }> {
  let response: Response;
  try {
    response = await client(url, options);
  } catch (cause) {
    if (cause instanceof HTTPError) {
      await recordRateLimit(api, cause.response.headers);
      const body = await readBody(cause.response);
      throw new KdFailure(errorFromResponse(cause.response.status, cause.response.headers, body, context));
    }
    if (cause instanceof TimeoutError) {
      // Writes are the calls made without retry: their outcome is unknown, never "try again".
      const seconds = TIMEOUT_MS / 1000;
      throw new KdFailure(options.retry === NO_RETRY ? writeTimeoutError(seconds) : timeoutError(seconds));
    }
    throw new KdFailure(networkError(cause));
  }
  await recordRateLimit(api, response.headers);
  const body = response.status === 204 ? null : await readBody(response);
  if (body === UNPARSEABLE) {
    throw new KdFailure(invalidResponse('The answer was not valid JSON.', response.status));
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    throw new KdFailure(
      invalidResponse(
        `The answer did not have the expected shape${where ? ` at “${where}”` : ''}: ${issue?.message ?? 'unknown'}.`,
        response.status,
      ),
    );
  }
  return { value: parsed.output, response };
}

const UNPARSEABLE = Symbol('unparseable');

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNPARSEABLE;
  }
}

export function authHeaders(credentials: Credentials): Record<string, string> {
  return { Authorization: `Bearer ${credentials.token}` };
}
