import { buildsRoute, decode, isSlug, RESERVED, type PageContext } from '../pages';

/** The page kinds in-page code acts on: what features declare (lib/features/<id>/meta.ts) and the palette uses. */
export const IN_PAGE_KINDS = ['pipeline', 'builds', 'new-build', 'build', 'build-meta-data', 'dashboard'] as const;

/**
 * The content script's URL parser: lib/pages.ts's `parsePageUrl` cut to the dashboard, pipeline and build routes (the rest of
 * Buildkite's ~20 page kinds read as `other` here), so the full router stays out of the bundle every Buildkite tab
 * loads. For every URL it agrees with `parsePageUrl` on these kinds (tests/unit/pages.test.ts runs both on the
 * same table).
 */
export function parseInPageUrl(url: string, allowedOrigins: readonly string[]): PageContext {
  try {
    const u = new URL(url);
    if (!allowedOrigins.includes(u.origin)) return other();
    const path = u.pathname.slice(1).replace(/\/+$/, '');
    const s = path === '' ? [] : path.split('/').map(decode);
    const [org, pipeline, section] = s;
    if (org === '~' || org === 'dashboard') return s.length === 1 ? { kind: 'dashboard' } : other();
    if (org === 'organizations') {
      // `/organizations/{org|~}/pipelines/{pipeline}/builds/…`
      const alias = s[1];
      return (alias === '~' || isSlug(alias)) && s[2] === 'pipelines' && isSlug(s[3]) && s[4] === 'builds'
        ? (buildsRoute(alias, s[3], s, 5, u) ?? other())
        : other();
    }
    if (!isSlug(org) || RESERVED.has(org) || !isSlug(pipeline)) return other();
    if (section === undefined) return { kind: 'pipeline', org, pipeline };
    return section === 'builds' ? (buildsRoute(org, pipeline, s, 3, u) ?? other()) : other();
  } catch {
    return other();
  }
}

function other(): PageContext {
  return { kind: 'other' };
}
