import * as v from 'valibot';
import type { Browser } from 'wxt/browser';
import { fail, ok, toKdError, type KdError } from '@/lib/errors';
import { writeNeedOf, type MessageSpec } from '@/lib/message-spec';
import { messenger } from '@/lib/messenger';
import { protocol, type MessageName, type MessageReply } from '@/lib/messaging';
import { senderAllowed } from './guards';
import { assertWriteAllowed } from '@/lib/write-guard';

type ReplyValue<K extends MessageName> = Extract<MessageReply<K>, { ok: true }>['value'];
type Input<K extends MessageName> = v.InferOutput<(typeof protocol)[K]['input']>;

export type Handler<K extends MessageName> = (
  input: Input<K>,
  sender: Browser.runtime.MessageSender,
) => Promise<ReplyValue<K>>;

function refusedSender(name: string): KdError {
  return {
    kind: 'bad-message',
    title: 'Refused',
    detail: `“${name}” may not be sent from here.`,
    action: 'Use Kitedeck’s popup or its own pages for this.',
  };
}

/**
 * Registers the one handler of a message: check the sender, validate the payload, apply the message's write
 * policy (read-only mode, the token's known scopes), run, and turn any failure into a `Reply` in the shared error
 * vocabulary. Handlers never see an unchecked message, and a refused write never reaches a handler.
 */
export function handle<K extends MessageName>(name: K, handler: Handler<K>): void {
  const spec = protocol[name];
  // The generic map type can't be narrowed per K here; the Reply shapes below are the protocol's.
  messenger.onMessage(name, (async ({ data, sender }: { data: unknown; sender: unknown }) => {
    if (!senderAllowed(spec.access, sender as Browser.runtime.MessageSender)) {
      return fail(refusedSender(name)) as MessageReply<K>;
    }
    const parsed = v.safeParse(spec.input, data);
    if (!parsed.success) {
      return fail({
        kind: 'bad-message',
        title: 'Invalid request',
        detail: parsed.issues.map((issue) => `${v.getDotPath(issue) ?? 'input'}: ${issue.message}`).join('; '),
        action: 'Reload the page and try again.',
      }) as MessageReply<K>;
    }
    try {
      const need = writeNeedOf(spec as MessageSpec<v.GenericSchema, unknown>, parsed.output);
      if (need !== null) await assertWriteAllowed(need);
      return ok(await handler(parsed.output as Input<K>, sender as Browser.runtime.MessageSender)) as MessageReply<K>;
    } catch (cause) {
      return fail(toKdError(cause)) as MessageReply<K>;
    }
  }) as never);
}
