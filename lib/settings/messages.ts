import * as v from 'valibot';
import { message, NoInput } from '../message-spec';
import type { Settings } from './index';

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
