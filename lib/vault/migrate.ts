import { browser } from '#imports';
import { deleteSecret, lockStatus, secretKey, setMigrator, writeSecretDirect, type SecretName } from './vault';
import { readRaw } from './store';

/**
 * Moves the secrets an earlier Kitedeck kept in storage.local (readable by content scripts) into the vault.
 * Crash-safe: each one is written to the vault and read back (commit) before its storage.local key is removed; a
 * key found in both places is a move that crashed after the write, so only the old copy is removed.
 */
export const LEGACY_KEYS: Record<SecretName, string> = {
  apiToken: 'apiToken',
  webhookEndpoints: 'webhookEndpoints',
  portalTokens: 'portalTokens',
  webhookHistory: 'webhookHistory',
};

export async function migrateLegacySecrets(): Promise<SecretName[]> {
  const legacy = await browser.storage.local.get(Object.values(LEGACY_KEYS));
  const moved: SecretName[] = [];
  for (const [name, key] of Object.entries(LEGACY_KEYS) as [SecretName, string][]) {
    const value: unknown = legacy[key];
    if (value === undefined) continue;
    if ((await readRaw(secretKey(name))) === undefined) {
      if (value !== null && (await lockStatus()).locked) continue; // sealed vault, locked: move it after unlock
      if (value !== null) await writeSecretDirect(name, value);
    }
    await browser.storage.local.remove(key);
    moved.push(name);
  }
  // "Forget when the browser closes" keeps no persistent token: remove one left by a switch that crashed midway.
  const settings = (await browser.storage.local.get('vaultSettings')).vaultSettings as
    | { forgetOnClose?: boolean }
    | undefined;
  if (settings?.forgetOnClose && (await readRaw(secretKey('apiToken'))) !== undefined) await deleteSecret('apiToken');
  return moved;
}

/** Every vault read waits for this (once per worker). Also run from the background's startup and onInstalled. */
export function registerMigration(): void {
  setMigrator(async () => {
    await migrateLegacySecrets();
  });
}
