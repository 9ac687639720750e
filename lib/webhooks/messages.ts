import type { MessageSpec } from '../message-spec';
import type * as v from 'valibot';

/** Webhook lab: send, sign, replay, verify (issue: webhook lab). */
export const webhookMessages = {} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;
