import { storage } from '#imports';

/**
 * User preferences, shared by the background, extension pages and (read-only, through messages) in-page code.
 * Not secret: the token and webhook secrets live in their own vaults.
 */
export interface Settings {
  /** Hide every in-page control that writes (rebuild, cancel, retry, unblock). */
  readOnly: boolean;
  /** Watch builds the token's user creates, from the moment this is turned on. */
  autoWatchMine: boolean;
  /** In-page feature ids the user switched off (lib/features/<id>/). */
  disabledFeatures: string[];
}

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
