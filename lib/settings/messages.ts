import * as v from 'valibot';
import { message, NoInput } from '../message-spec';

/** User preferences (kept by lib/settings, the storage side; this is the protocol's view of them). */
export interface Settings {
  /** Hide every in-page control that writes (rebuild, cancel, retry, unblock). */
  readOnly: boolean;
  /** Watch builds the token's user creates, from the moment this is turned on. */
  autoWatchMine: boolean;
  /** In-page feature ids the user switched off (lib/features/<id>/). */
  disabledFeatures: string[];
}

/** User preferences (not secret). Changing them is local state, not a write to Buildkite: no write policy. */
export const settingsMessages = {
  /** In-page code reads them (which features are off, read-only mode) through this message. */
  getSettings: message<Settings>()('buildkite-tab', NoInput),
  updateSettings: message<Settings>()(
    'extension-page',
    v.partial(
      v.strictObject({
        readOnly: v.boolean(),
        autoWatchMine: v.boolean(),
        disabledFeatures: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(100)),
      }),
    ),
  ),
};
