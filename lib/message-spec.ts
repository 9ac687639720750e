import * as v from 'valibot';

/**
 * How one message is declared: who may send it, its payload schema, and (as a phantom type) its reply.
 * - `extension-page`: only Kitedeck's own pages (popup, tool pages). Anything touching the token or secrets.
 * - `buildkite-tab`: content scripts on a Buildkite tab, and extension pages. Never gets the token.
 */
export type Access = 'extension-page' | 'buildkite-tab';

export interface MessageSpec<S extends v.GenericSchema, R> {
  access: Access;
  input: S;
  /** Phantom: the reply type. */
  reply?: R;
}

export const message =
  <R>() =>
  <S extends v.GenericSchema>(access: Access, input: S): MessageSpec<S, R> => ({ access, input });

export const NoInput = v.optional(v.undefined());
