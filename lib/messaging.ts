import type * as v from 'valibot';
import type { Reply } from './errors';
import type { MessageSpec } from './message-spec';
import { buildMessages } from './builds/messages';
import { consoleMessages } from './console/messages';
import { pipelineMessages } from './pipelines/messages';
import { logMessages } from './logs/messages';
import { paletteMessages } from './palette/messages';
import { pageViewMessages } from './page-view/messages';
import { settingsMessages } from './settings/messages';
import { storedMessages } from './stored/messages';
import { tokenMessages } from './token/messages';
import { vaultMessages } from './vault/messages';
import { watchMessages } from './watch/messages';
import { webhookMessages } from './webhooks/messages';

export type { Access } from './message-spec';

/**
 * The whole extension's message protocol, in one map: every message, who may send it, its payload schema and its
 * reply type. Each capability declares its messages in its own `messages.ts`; the background validates every
 * payload against `input` before use (entrypoints/background/handle.ts).
 */
export const protocol = {
  ...tokenMessages,
  ...vaultMessages,
  ...settingsMessages,
  ...buildMessages,
  ...webhookMessages,
  ...watchMessages,
  ...consoleMessages,
  ...pipelineMessages,
  ...logMessages,
  ...paletteMessages,
  ...pageViewMessages,
  ...storedMessages,
} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type MessageInput<K extends MessageName> = v.InferInput<Protocol[K]['input']>;
type ReplyOf<K extends MessageName> = Protocol[K] extends MessageSpec<v.GenericSchema, infer R> ? R : never;
export type MessageReply<K extends MessageName> = Reply<ReplyOf<K>>;

/** The map @webext-core/messaging is typed with. */
export type ProtocolMap = { [K in MessageName]: (data: MessageInput<K>) => MessageReply<K> };
