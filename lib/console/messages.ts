import type { MessageSpec } from '../message-spec';
import type * as v from 'valibot';

/** API console: GraphQL, REST, portals (issue: console). */
export const consoleMessages = {} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;
