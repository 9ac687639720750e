/**
 * Kitedeck's one error vocabulary. Every failure the user can meet is one of these kinds, with what happened
 * (`detail`, including Buildkite's own message when there is one) and what to do (`action`).
 * Plain data: it crosses the messaging boundary and is rendered as text.
 */
export type KdErrorKind =
  | 'no-token'
  | 'unauthorized'
  | 'missing-scope'
  | 'no-org-access'
  | 'ip-not-allowed'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'invalid-response'
  | 'rejected'
  | 'graphql'
  | 'bad-message'
  | 'locked'
  | 'lost-contact'
  | 'storage-full';

export interface KdError {
  kind: KdErrorKind;
  title: string;
  detail: string;
  action: string;
  status?: number;
  /** The scope that is missing, for `missing-scope`. */
  scope?: string;
  /** Epoch ms when a rate limit resets, for `rate-limited`. */
  retryAt?: number;
  /** The budget that refused, for `rate-limited`: org or user, REST or GraphQL. */
  rateScope?: 'rest' | 'rest_user' | 'graphql' | 'graphql_user';
}

/** Thrown inside the background; turned into a `Reply` at the messaging boundary. */
export class KdFailure extends Error {
  constructor(readonly error: KdError) {
    super(`${error.title}: ${error.detail}`);
    this.name = 'KdFailure';
  }
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: KdError };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = (error: KdError): Reply<never> => ({ ok: false, error });

/**
 * The browser refused a write for lack of space: IndexedDB's `QuotaExceededError` (Chrome, Firefox; Firefox's
 * older `NS_ERROR_DOM_QUOTA_REACHED`), or `storage.local`'s "QUOTA_BYTES quota exceeded" (Chrome).
 */
export function isQuotaExceeded(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  const { name, message } = cause as { name?: unknown; message?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    (typeof message === 'string' && /QUOTA_BYTES|quota ?exceeded|QuotaExceededError/i.test(message))
  );
}

export function storageFull(): KdError {
  return {
    kind: 'storage-full',
    title: 'Browser storage is full',
    detail: 'The browser refused to save this change for lack of space. What was saved before is unchanged.',
    action:
      'Free some space in Kitedeck’s options (What Kitedeck stores: cached logs and the palette index are safe to clear), then try again.',
  };
}

export function toKdError(cause: unknown): KdError {
  if (cause instanceof KdFailure) return cause.error;
  if (isQuotaExceeded(cause)) return storageFull();
  return {
    kind: 'network',
    title: 'Something went wrong',
    detail: cause instanceof Error ? cause.message : String(cause),
    action: 'Try again. If it keeps happening, reload the extension.',
  };
}

/** One line for a status line or a notification. */
export function describeError(error: KdError): string {
  return `${error.title}. ${error.detail} ${error.action}`.replace(/\s+/g, ' ').trim();
}
