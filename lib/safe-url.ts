import { WEB_ORIGINS } from './config';

/**
 * The one gate for links that come from API data (a build's or job's `web_url`/`url`, a newer build, a rebuild)
 * before they reach an `href`, `tabs.create` or a notification: https on buildkite.com or one of its subdomains,
 * no user info. The e2e build also allows its loopback fake's origin, exactly as lib/config.ts does; a production
 * bundle holds only buildkite.com. Anything else (`javascript:`, `data:`, another host) gives null.
 * Pure and small: it ships in the content script too.
 */
export function safeBuildkiteUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username || parsed.password) return null;
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol === 'https:' && (host === 'buildkite.com' || host.endsWith('.buildkite.com')) && !parsed.port) {
    return parsed.href;
  }
  // e2e only: WEB_ORIGINS holds the fake's origin when the build was made with WXT_KD_FAKE_ORIGIN.
  if (WEB_ORIGINS.slice(1).includes(parsed.origin)) return parsed.href;
  return null;
}
