import * as v from 'valibot';
import type { Browser } from 'wxt/browser';
import { fail, KdFailure, ok, toKdError, type KdError } from '@/lib/errors';
import { writeNeedOf, type MessageSpec, type WriteNeed } from '@/lib/message-spec';
import { messenger } from '@/lib/messenger';
import { protocol, type MessageName, type MessageReply } from '@/lib/messaging';
import { readSettings } from '@/lib/settings';
import { healthReportItem } from '@/lib/token/report-store';
import { senderAllowed } from './guards';

type ReplyValue<K extends MessageName> = Extract<MessageReply<K>, { ok: true }>['value'];
type Input<K extends MessageName> = v.InferOutput<(typeof protocol)[K]['input']>;

export type Handler<K extends MessageName> = (
  input: Input<K>,
  sender: Browser.runtime.MessageSender,
) => Promise<ReplyValue<K>>;

/**
 * The one check before any write to Buildkite (run by `handle()` for every message whose spec `writes`, and through
 * `assertMessageAllowed` by the watch notifications' "Retry failed jobs" button, which is not a message):
 * read-only mode refuses it, and a token known (from the last health check) to lack the scope is told so without
 * a request. Unknown scopes (no check yet) let the request go: Buildkite answers with its own error.
 */
export async function assertWriteAllowed(need: WriteNeed): Promise<void> {
  const [settings, report] = await Promise.all([readSettings(), healthReportItem.getValue()]);
  if (settings.readOnly) {
    throw new KdFailure({
      kind: 'forbidden',
      title: 'Read-only mode is on',
      detail: 'Kitedeck is set to make no changes, so nothing was sent to Buildkite.',
      action: 'Turn off read-only mode in Kitedeck’s options to use this action.',
    });
  }
  if (need === 'no-token-scope') return;
  const scopes = report?.token?.scopes ?? [];
  // GraphQL access reads and writes builds; it can't be narrowed to fewer rights.
  const graphql = scopes.includes('graphql') && report?.graphqlEnabled !== false;
  if (scopes.length === 0 || scopes.includes(need) || (need === 'write_builds' && graphql)) return;
  throw new KdFailure({
    kind: 'missing-scope',
    scope: need,
    title: `The token lacks the ${need} scope`,
    detail:
      need === 'write_builds'
        ? 'This action changes a build, which needs the “write_builds” scope (or GraphQL access); this token has neither.'
        : `This action changes something in Buildkite, which needs the “${need}” scope; this token lacks it.`,
    action: `Create a token with ${need} (Kitedeck’s token health view links to a prefilled form).`,
  });
}

/** The write policy of message `name` for `payload` (already validated): what `handle()` applies before its handler. */
export async function assertMessageAllowed<K extends MessageName>(name: K, payload: Input<K>): Promise<void> {
  const need = writeNeedOf(protocol[name] as MessageSpec<v.GenericSchema, unknown>, payload);
  if (need !== null) await assertWriteAllowed(need);
}

function refusedSender(name: string): KdError {
  return {
    kind: 'bad-message',
    title: 'Refused',
    detail: `“${name}” may not be sent from here.`,
    action: 'Use Kitedeck’s popup or its own pages for this.',
  };
}

/** A payload that failed its schema, in the shared error vocabulary (messages, and the palette's port). */
export function invalidRequest(issues: readonly v.BaseIssue<unknown>[]): KdError {
  return {
    kind: 'bad-message',
    title: 'Invalid request',
    detail: issues.map((issue) => `${v.getDotPath(issue) ?? 'input'}: ${issue.message}`).join('; '),
    action: 'Reload the page and try again.',
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
      return fail(invalidRequest(parsed.issues)) as MessageReply<K>;
    }
    try {
      await assertMessageAllowed(name, parsed.output as Input<K>);
      return ok(await handler(parsed.output as Input<K>, sender as Browser.runtime.MessageSender)) as MessageReply<K>;
    } catch (cause) {
      return fail(toKdError(cause)) as MessageReply<K>;
    }
  }) as never);
}
