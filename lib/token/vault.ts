import { browser, storage } from '#imports';
import {
  deleteSecret,
  hasSecret,
  hasSessionToken,
  readSecret,
  readSessionToken,
  writeSecret,
  writeSessionToken,
} from '../vault/vault';

/**
 * The token vault: the only place the API token is kept. Background only (ESLint keeps in-page code away).
 * Default: the extension's own IndexedDB vault (lib/vault), which content scripts cannot open. With "forget when the
 * browser closes" it lives in `storage.session` instead, which the browser clears at shutdown and which is locked to
 * trusted contexts. Replacing it or moving it never deletes a copy before the new one is written and read back.
 */
export interface VaultSettings {
  forgetOnClose: boolean;
}

export const vaultSettings = storage.defineItem<VaultSettings>('local:vaultSettings', {
  fallback: { forgetOnClose: false },
  version: 1,
});

/** Keep session storage away from content scripts (Chrome's default, made explicit). */
export async function lockSessionStorage(): Promise<void> {
  const area = browser.storage.session as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}

export async function readToken(): Promise<string | null> {
  const { forgetOnClose } = await vaultSettings.getValue();
  return forgetOnClose ? readSessionToken() : ((await readSecret<string>('apiToken')) ?? null);
}

/** Whether a token is stored (works while locked: nothing is opened). */
export async function hasToken(): Promise<boolean> {
  const { forgetOnClose } = await vaultSettings.getValue();
  return forgetOnClose ? hasSessionToken() : hasSecret('apiToken');
}

/** New copy first (written and read back), then the setting that points at it, then the old copy goes. */
export async function storeToken(token: string, forgetOnClose: boolean): Promise<void> {
  if (forgetOnClose) {
    await writeSessionToken(token);
    await vaultSettings.setValue({ forgetOnClose });
    await deleteSecret('apiToken');
  } else {
    await writeSecret('apiToken', token);
    await vaultSettings.setValue({ forgetOnClose });
    await writeSessionToken(null);
  }
}

/** Moves the stored token to the other area when the option changes; the token itself is unchanged. */
export async function setForgetOnClose(forgetOnClose: boolean): Promise<void> {
  const token = await readToken();
  if (token) await storeToken(token, forgetOnClose);
  else await vaultSettings.setValue({ forgetOnClose });
}

export async function forgetToken(): Promise<void> {
  await Promise.all([deleteSecret('apiToken'), writeSessionToken(null)]);
}
