import { browser, storage } from '#imports';

/**
 * The token vault: the only place the API token is kept. Background only (ESLint keeps in-page code away).
 * Default: `storage.local`. With "forget when the browser closes" it lives in `storage.session` instead, which
 * the browser clears at shutdown and which content scripts cannot read.
 */
export interface VaultSettings {
  forgetOnClose: boolean;
}

const persistentToken = storage.defineItem<string | null>('local:apiToken', { fallback: null });
const sessionToken = storage.defineItem<string | null>('session:apiToken', { fallback: null });
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
  return forgetOnClose ? sessionToken.getValue() : persistentToken.getValue();
}

export async function storeToken(token: string, forgetOnClose: boolean): Promise<void> {
  await vaultSettings.setValue({ forgetOnClose });
  if (forgetOnClose) {
    await persistentToken.removeValue();
    await sessionToken.setValue(token);
  } else {
    await sessionToken.removeValue();
    await persistentToken.setValue(token);
  }
}

/** Moves the stored token to the other area when the option changes; the token itself is unchanged. */
export async function setForgetOnClose(forgetOnClose: boolean): Promise<void> {
  const token = await readToken();
  await vaultSettings.setValue({ forgetOnClose });
  if (token) await storeToken(token, forgetOnClose);
}

export async function forgetToken(): Promise<void> {
  await Promise.all([persistentToken.removeValue(), sessionToken.removeValue()]);
}
