import * as v from 'valibot';

/**
 * How one message is declared: who may send it, its payload schema, whether it writes to Buildkite, and (as a
 * phantom type) its reply.
 * - `extension-page`: only Kitedeck's own pages (popup, tool pages). Anything touching the token or secrets.
 * - `buildkite-tab`: content scripts on a Buildkite tab, and extension pages. Never gets the token.
 */
export type Access = 'extension-page' | 'buildkite-tab';

/** The token scopes a write to Buildkite can need. */
export type WriteScope = 'write_builds' | 'write_pipelines';

/**
 * What a write needs. A scope: read-only mode refuses it, and so does a token whose known scopes lack it (GraphQL
 * access counts for `write_builds`). `'no-token-scope'`: read-only mode refuses it, no scope is checked (a pipeline
 * trigger URL carries its own token; a console request's scope depends on the path Buildkite routes it to).
 */
export type WriteNeed = WriteScope | 'no-token-scope';

/**
 * The write policy of a message: what every call needs, or a function of the validated payload that answers
 * `null` when this call reads (a console GET, a GraphQL query). Enforced by the background's one `handle()`
 * before the handler runs. Read-only mode means no write TO BUILDKITE from Kitedeck; local state (settings,
 * watch list, saved endpoints) and the user's own token management are not writes in that sense.
 */
export type WritePolicy<S extends v.GenericSchema> = WriteNeed | WriteOf<v.InferOutput<S>>;
// Method syntax keeps a spec with a specific payload assignable to `MessageSpec<GenericSchema, R>` (bivariant).
type WriteOf<I> = { decide(input: I): WriteNeed | null }['decide'];

export interface MessageSpec<S extends v.GenericSchema, R> {
  access: Access;
  input: S;
  /** Absent: the message never writes to Buildkite. */
  writes?: WritePolicy<S>;
  /** Phantom: the reply type. */
  reply?: R;
}

export const message =
  <R>() =>
  <S extends v.GenericSchema>(access: Access, input: S, policy?: { writes: WritePolicy<S> }): MessageSpec<S, R> =>
    policy ? { access, input, writes: policy.writes } : { access, input };

/** The write a call of `spec` makes, or null when it makes none. */
export function writeNeedOf<S extends v.GenericSchema>(
  spec: MessageSpec<S, unknown>,
  input: v.InferOutput<S>,
): WriteNeed | null {
  const { writes } = spec;
  if (writes === undefined) return null;
  return typeof writes === 'function' ? writes(input) : writes;
}

export const NoInput = v.optional(v.undefined());
