import { storage } from '#imports';
import type { Settings } from './messages';

export type { Settings };

/**
 * User preferences, shared by the background, extension pages and (read-only, through messages) in-page code.
 * Not secret: the token and webhook secrets live in their own vaults.
 */

export const DEFAULT_SETTINGS: Settings = { readOnly: false, autoWatchMine: false, disabledFeatures: [] };

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export async function readSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await readSettings()), ...patch };
  await settingsItem.setValue(next);
  return next;
}
