import { defineExtensionMessaging } from '@webext-core/messaging';
import type { KdError } from './errors';
import { lostContact } from './in-page-messaging';
import type { ProtocolMap } from './messaging';

const base = defineExtensionMessaging<ProtocolMap>();

/**
 * The typed messenger for the background and extension pages (popup, tool pages). A page's `sendMessage` always
 * settles with a `Reply`: a background that is gone or restarted mid-call (closed port, no receiver, no answer)
 * becomes `lostContact()` instead of a rejection that would leave the page saying "Saving…" for ever.
 */
export const messenger: typeof base = {
  ...base,
  sendMessage: (...args: Parameters<typeof base.sendMessage>) =>
    base.sendMessage(...args).catch((cause: unknown) => {
      const error: KdError = lostContact(
        `The connection to Kitedeck’s background was lost (${cause instanceof Error ? cause.message : String(cause)}).`,
      );
      return { ok: false, error };
    }),
};
