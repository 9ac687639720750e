import { readSettings, updateSettings } from '@/lib/settings';
import { handle } from './handle';

/** User preferences: read by pages and in-page code, changed only from extension pages (the options, the popup). */
export function registerSettingsHandlers(): void {
  handle('getSettings', async () => readSettings());
  handle('updateSettings', async (patch) => updateSettings(patch));
}
