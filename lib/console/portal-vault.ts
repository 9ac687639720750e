/**
 * Portal tokens (`bkpat_…`), kept by the background like the API token: in the vault (lib/vault, extension-origin
 * IndexedDB, never storage.local), one per portal (`org/portal`). Pages only ever get masked hints. Background only.
 */
import { readSecret, writeSecret } from '../vault/vault';
import { maskToken } from './portal';
import type { PortalTokenHint } from './messages';

const MAX_PORTALS = 50;

async function readAll(): Promise<Record<string, string>> {
  return (await readSecret<Record<string, string>>('portalTokens')) ?? {};
}

export async function portalTokenHints(): Promise<PortalTokenHint[]> {
  const tokens = await readAll();
  return Object.entries(tokens)
    .map(([portal, token]) => ({ portal, hint: maskToken(token) }))
    .sort((a, b) => a.portal.localeCompare(b.portal));
}

export async function readPortalToken(portal: string): Promise<string | null> {
  return (await readAll())[portal] ?? null;
}

/** The whole map is replaced in one write (read back before it resolves): the old token is never deleted first. */
export async function storePortalToken(portal: string, token: string): Promise<void> {
  const tokens = { ...(await readAll()) };
  delete tokens[portal];
  tokens[portal] = token;
  const keys = Object.keys(tokens);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PORTALS))) delete tokens[old];
  await writeSecret('portalTokens', tokens);
}

export async function forgetPortalToken(portal: string): Promise<void> {
  const tokens = { ...(await readAll()) };
  delete tokens[portal];
  await writeSecret('portalTokens', tokens);
}
