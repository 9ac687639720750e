import { browser } from 'wxt/browser';
import type { KdError } from './errors';
import type { MessageInput, MessageName, MessageReply } from './messaging';

/**
 * The content script's side of the protocol, without webextension-polyfill (it runs on every Buildkite tab, so it
 * stays small). It speaks @webext-core/messaging's wire format: `{id, type, data, timestamp}` → `{res} | {err}`.
 * Every call settles: a background that went away (updated, reloaded, stopped: `runtime.lastError`, "Extension
 * context invalidated", a closed port) or no reply within REPLY_BOUND_MS becomes `lostContact()`, never a pending
 * promise or an unhandled rejection, and never "try again" (a write may have happened).
 */
let sequence = Math.floor(Math.random() * 10_000);

/** Longer than the background's own Buildkite timeout (15 s) plus a read before a write. */
export const REPLY_BOUND_MS = 40_000;

export function lostContact(why: string): KdError {
  return {
    kind: 'lost-contact',
    title: 'Kitedeck lost contact: refresh the page to see whether it happened before trying again',
    detail: `${why} If you asked for a change, it may or may not have been made.`,
    action: 'Refresh this page: it shows the build as it is now, and reconnects Kitedeck if it was updated.',
  };
}

export async function askBackground<K extends MessageName>(
  type: K,
  ...[data]: MessageInput<K> extends undefined ? [data?: undefined] : [data: MessageInput<K>]
): Promise<MessageReply<K>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), REPLY_BOUND_MS)));
  try {
    type Wire = { res?: MessageReply<K>; err?: { message?: string } } | undefined;
    const sent = Promise.resolve().then(
      (): Promise<Wire> => browser.runtime.sendMessage({ id: sequence++, type, data, timestamp: Date.now() }),
    );
    const answer = await Promise.race([sent, bound]);
    if (answer === 'timeout') {
      sent.catch(() => undefined);
      return fail(lostContact(`No answer from Kitedeck’s background in ${REPLY_BOUND_MS / 1000} s.`));
    }
    if (answer?.res) return answer.res;
    if (answer?.err)
      return fail(lostContact(`Kitedeck’s background failed: ${answer.err.message ?? 'no reason given'}.`));
    return fail(lostContact('Kitedeck’s background did not reply (it may have been stopped or updated).'));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return fail(lostContact(`The connection to Kitedeck’s background was lost (${message}).`));
  } finally {
    clearTimeout(timer);
  }
}

function fail<K extends MessageName>(error: KdError): MessageReply<K> {
  const reply: { ok: false; error: KdError } = { ok: false, error };
  return reply;
}
