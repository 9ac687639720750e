import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from './messaging';

/** The typed messenger for the background and extension pages (popup, tool pages). */
export const messenger = defineExtensionMessaging<ProtocolMap>();
