import { browser } from 'wxt/browser';
import { PALETTE_REQUEST_KEY } from './command';

/** The background asked for the palette view just now (the keyboard command, outside Buildkite). */
export async function paletteRequested(): Promise<boolean> {
  if (location.hash === '#palette') return true;
  const got = await browser.storage.session.get(PALETTE_REQUEST_KEY).catch(() => ({}));
  const at = Number((got as Record<string, unknown>)[PALETTE_REQUEST_KEY] ?? 0);
  if (!at) return false;
  await browser.storage.session.remove(PALETTE_REQUEST_KEY).catch(() => undefined);
  return Date.now() - at < 10_000;
}
