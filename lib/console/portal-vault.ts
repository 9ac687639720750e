/**
 * Portal tokens (`bkpat_…`), kept by the background like the API token: `storage.local` under their own key, one per
 * portal (`org/portal`). Pages only ever get masked hints. Background only.
 */
import { storage } from '#imports';
import { maskToken } from './portal';
import type { PortalTokenHint } from './messages';

const MAX_PORTALS = 50;

const portalTokensItem = storage.defineItem<Record<string, string>>('local:portalTokens', { fallback: {} });

export async function portalTokenHints(): Promise<PortalTokenHint[]> {
  const tokens = await portalTokensItem.getValue();
  return Object.entries(tokens)
    .map(([portal, token]) => ({ portal, hint: maskToken(token) }))
    .sort((a, b) => a.portal.localeCompare(b.portal));
}

export async function readPortalToken(portal: string): Promise<string | null> {
  return (await portalTokensItem.getValue())[portal] ?? null;
}

export async function storePortalToken(portal: string, token: string): Promise<void> {
  const tokens = { ...(await portalTokensItem.getValue()) };
  delete tokens[portal];
  tokens[portal] = token;
  const keys = Object.keys(tokens);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PORTALS))) delete tokens[old];
  await portalTokensItem.setValue(tokens);
}

export async function forgetPortalToken(portal: string): Promise<void> {
  const tokens = { ...(await portalTokensItem.getValue()) };
  delete tokens[portal];
  await portalTokensItem.setValue(tokens);
}
