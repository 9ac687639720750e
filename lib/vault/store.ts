import { createStore, get, promisifyRequest } from 'idb-keyval';
import { KdFailure } from '../errors';

/**
 * Kitedeck's vault: the extension origin's own IndexedDB database. Content scripts run with the web page's origin
 * for IndexedDB, so nothing in a buildkite.com tab (our content script included) can open it; `storage.local` is
 * readable from content scripts in Chrome and Firefox, so no secret goes there. Background only.
 */
export const VAULT_DB = 'kitedeck-vault';
export const vaultStore = createStore(VAULT_DB, 'vault');

export function readRaw(key: string): Promise<unknown> {
  return get(key, vaultStore);
}

/**
 * Writes and deletes in ONE transaction (all or nothing), then reads every written key back: a caller removes an
 * old copy only after this resolved, so a crash leaves either the old or the new secret, never neither.
 */
export async function commit(puts: [string, unknown][], deletes: string[] = []): Promise<void> {
  await vaultStore('readwrite', (store) => {
    for (const [key, value] of puts) store.put(value, key);
    for (const key of deletes) store.delete(key);
    return promisifyRequest(store.transaction);
  });
  for (const [key, value] of puts) {
    const back = await get<unknown>(key, vaultStore);
    if (!sameValue(back, value)) throw new KdFailure(notKept());
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof CryptoKey !== 'undefined' && a instanceof CryptoKey) return b instanceof CryptoKey;
  return JSON.stringify(a) === JSON.stringify(b);
}

function notKept() {
  return {
    kind: 'server' as const,
    title: 'The browser did not keep the secret',
    detail: 'Kitedeck wrote it to its vault but could not read the same value back. The previous copy is kept.',
    action: 'Try again. If it keeps happening, check the browser’s free disk space.',
  };
}
