import type { MessageSpec } from '../message-spec';
import type * as v from 'valibot';

/** Watched builds, notifications, blocked-step inbox (issue: watch). */
export const watchMessages = {} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;
