import ky, { HTTPError, TimeoutError, type Options } from 'ky';
import * as v from 'valibot';
import { API_TIMEOUT_MS } from '../config';
import { KdFailure } from '../errors';
import {
  errorFromResponse,
  invalidResponse,
  networkError,
  rateLimitRefusal,
  timeoutError,
  writeTimeoutError,
  type CallContext,
} from './errors';
import { recordRateLimit } from './rate-limit';

export const TIMEOUT_MS = 15_000;
/** The deadline for one attempt, headers AND body (unit tests shorten it; an e2e build may, see lib/config.ts). */
export const deadlines = { attemptMs: API_TIMEOUT_MS };
/** A read waits for a rate-limit reset only when it is this close; longer waits are reported to the user. */
const MAX_WAIT_FOR_RESET_MS = 10_000;

export interface Credentials {
  token: string;
  /** The token's scopes from the last health check, to explain 403s. */
  scopes?: readonly string[];
  /** The organisations the token reached in the last health check, to tell "no org access" from a policy. */
  orgs?: readonly string[];
}

/**
 * Retry policy for reads: a few tries with backoff on 5xx/408. A 429 is not retried here: ky would wait
 * `Retry-After` or the org's `RateLimit-Reset` whichever scope refused; `requestJson` waits for the reset of the
 * scope that refused (org, user, GraphQL complexity) instead.
 */
export const readRetry = (methods: string[]): Options['retry'] => ({
  limit: 2,
  methods,
  statusCodes: [408, 500, 502, 503, 504],
  afterStatusCodes: [503],
  maxRetryAfter: MAX_WAIT_FOR_RESET_MS,
  backoffLimit: 4_000,
});

/** Mutations are never retried automatically. */
export const NO_RETRY: Options['retry'] = { limit: 0 };

export const client = ky.create({
  timeout: TIMEOUT_MS,
  throwHttpErrors: true,
});

class BodyTimeout extends Error {}

/**
 * Reads a body as text within `ms`: ky's timeout stops at the headers, and a body that stalls after them must
 * not hang the caller. On the deadline the stream is cancelled and the promise rejects with a timeout.
 */
export function readTextWithin(response: Response, ms: number, abort?: AbortController): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        // Reject before aborting: the abort rejects the body read at once (in Chromium, synchronously), and the
        // race must settle with the deadline, not with that AbortError.
        reject(new BodyTimeout(`No complete answer after ${Math.round(ms / 1000)} s.`));
        abort?.abort();
      },
      Math.max(0, ms),
    );
  });
  return Promise.race([response.text(), deadline]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends one request, records rate-limit headers, and parses the body with `schema`. Throws `KdFailure`. */
export async function requestJson<S extends v.GenericSchema>(
  api: 'rest' | 'graphql',
  url: string,
  options: Options,
  schema: S,
  context: CallContext,
): Promise<{ value: v.InferOutput<S>; response: Response }> {
  const isRead = options.retry !== NO_RETRY;
  let waitedForReset = false;
  for (;;) {
    const abort = new AbortController();
    let started = Date.now();
    const restart = () => {
      started = Date.now();
    };
    let response: Response;
    try {
      response = await client(url, {
        ...options,
        signal: abort.signal,
        timeout: deadlines.attemptMs,
        hooks: { ...options.hooks, beforeRetry: [...(options.hooks?.beforeRetry ?? []), restart] },
      });
    } catch (cause) {
      if (cause instanceof HTTPError) {
        await recordRateLimit(api, cause.response.headers, context.org);
        const body = await readBody(cause.response, started, abort, isRead);
        const status = cause.response.status;
        // A read refused by a rate limit that resets soon waits for THAT scope's reset, once.
        const refusal = status === 429 ? rateLimitRefusal(cause.response.headers, body, api) : null;
        if (
          isRead &&
          !waitedForReset &&
          refusal?.seconds !== undefined &&
          refusal.seconds * 1000 <= MAX_WAIT_FOR_RESET_MS
        ) {
          waitedForReset = true;
          await sleep(refusal.seconds * 1000);
          continue;
        }
        throw new KdFailure(
          errorFromResponse(status, cause.response.headers, body === UNPARSEABLE ? null : body, context),
        );
      }
      if (cause instanceof TimeoutError) {
        // Writes are the calls made without retry: their outcome is unknown, never "try again".
        const seconds = deadlines.attemptMs / 1000;
        throw new KdFailure(isRead ? timeoutError(seconds) : writeTimeoutError(seconds));
      }
      throw new KdFailure(networkError(cause));
    }
    await recordRateLimit(api, response.headers, context.org);
    const body = response.status === 204 ? null : await readBody(response, started, abort, isRead);
    return parseAnswer(response, body, schema);
  }
}

function parseAnswer<S extends v.GenericSchema>(
  response: Response,
  body: unknown,
  schema: S,
): { value: v.InferOutput<S>; response: Response } {
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

/**
 * The body as JSON, read within what is left of the attempt's deadline. A body that stalls is a timeout: for a
 * write, one whose outcome is unknown (the request was sent and Buildkite began to answer).
 */
async function readBody(
  response: Response,
  started: number,
  abort: AbortController,
  isRead: boolean,
): Promise<unknown> {
  let text: string;
  try {
    text = await readTextWithin(response, started + deadlines.attemptMs - Date.now(), abort);
  } catch (cause) {
    // Only the deadline aborts `abort`: a read that failed because of it is a timeout too.
    if (cause instanceof BodyTimeout || abort.signal.aborted) {
      const seconds = deadlines.attemptMs / 1000;
      throw new KdFailure(isRead ? timeoutError(seconds) : writeTimeoutError(seconds));
    }
    text = '';
  }
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
