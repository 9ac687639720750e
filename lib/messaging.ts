import * as v from 'valibot';
import type { Reply } from './errors';
import type { TokenHealthReport, TokenStatusSummary } from './token/report';

/**
 * The whole extension's message protocol, in one place: every message, who may send it, its payload schema
 * and its reply type. The background validates every payload against `input` before use.
 *
 * Access:
 * - `extension-page`: only our own pages (popup, options, tool pages). Anything that touches the token or writes.
 * - `buildkite-tab`: content scripts on a Buildkite tab (and extension pages). Never gets the token.
 */
export type Access = 'extension-page' | 'buildkite-tab';

interface MessageSpec<S extends v.GenericSchema, R> {
  access: Access;
  input: S;
  /** Phantom: the reply type. */
  reply?: R;
}

const message =
  <R>() =>
  <S extends v.GenericSchema>(access: Access, input: S): MessageSpec<S, R> => ({ access, input });

const NoInput = v.optional(v.undefined());

export const protocol = {
  /** The last stored report at once (may be stale), for the popup's first paint. */
  getTokenHealth: message<TokenHealthReport | null>()('extension-page', NoInput),
  /** Runs the checks now. */
  checkTokenHealth: message<TokenHealthReport>()('extension-page', NoInput),
  setToken: message<TokenHealthReport>()(
    'extension-page',
    v.object({ token: v.pipe(v.string(), v.maxLength(512)), forgetOnClose: v.boolean() }),
  ),
  forgetToken: message<TokenHealthReport>()('extension-page', NoInput),
  /** `DELETE /v2/access-token`, then forget it. */
  revokeToken: message<TokenHealthReport>()('extension-page', NoInput),
  getVaultSettings: message<{ forgetOnClose: boolean; hasToken: boolean }>()('extension-page', NoInput),
  setForgetOnClose: message<{ forgetOnClose: boolean; hasToken: boolean }>()(
    'extension-page',
    v.object({ forgetOnClose: v.boolean() }),
  ),

  /** For the in-page panel: whether the token works and what it allows, never the token. */
  getTokenStatus: message<TokenStatusSummary>()('buildkite-tab', NoInput),
} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type MessageInput<K extends MessageName> = v.InferInput<Protocol[K]['input']>;
type ReplyOf<K extends MessageName> = Protocol[K] extends MessageSpec<v.GenericSchema, infer R> ? R : never;
export type MessageReply<K extends MessageName> = Reply<ReplyOf<K>>;

/** The map @webext-core/messaging is typed with. */
export type ProtocolMap = { [K in MessageName]: (data: MessageInput<K>) => MessageReply<K> };
