import { browser } from 'wxt/browser';
import type { MessageInput, MessageName, MessageReply } from './messaging';

/**
 * The content script's side of the protocol, without webextension-polyfill (it runs on every Buildkite tab, so it
 * stays small). It speaks @webext-core/messaging's wire format: `{id, type, data, timestamp}` → `{res} | {err}`.
 */
let sequence = Math.floor(Math.random() * 10_000);

export async function askBackground<K extends MessageName>(
  type: K,
  ...[data]: MessageInput<K> extends undefined ? [data?: undefined] : [data: MessageInput<K>]
): Promise<MessageReply<K>> {
  const answer: { res?: MessageReply<K>; err?: { message?: string } } | undefined = await browser.runtime.sendMessage({
    id: sequence++,
    type,
    data,
    timestamp: Date.now(),
  });
  if (answer?.res) return answer.res;
  return {
    ok: false,
    error: {
      kind: 'bad-message',
      title: 'Kitedeck did not answer',
      detail: answer?.err?.message ?? 'The extension’s background did not reply.',
      action: 'Reload the page. If Kitedeck was just updated, that reconnects it.',
    },
  };
}
