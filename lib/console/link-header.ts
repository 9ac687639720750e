/**
 * Buildkite's REST pagination: a `Link` header with `rel="next" | "prev" | "first" | "last"`.
 * A link is followed only when it points at the same REST base: never send the token to another host.
 */
import { REST_BASE } from '../config';

export const PAGE_RELS = ['first', 'prev', 'next', 'last'] as const;
export type PageRel = (typeof PAGE_RELS)[number];

export interface PageLink {
  url: string;
  /** The `/v2/…` path to request, or null when the link leaves the REST base (shown, never followed). */
  path: string | null;
}

export type PageLinks = Partial<Record<PageRel, PageLink>>;

/** `<url>; rel="next", <url>; rel="last"` → `{ next, last }`. Unknown rels and malformed parts are skipped. */
export function parseLinkHeader(header: string | null | undefined, base: string = REST_BASE): PageLinks {
  const links: PageLinks = {};
  if (!header) return links;
  const part = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of header.matchAll(part)) {
    const url = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
    if (!rel) continue;
    for (const name of rel.trim().toLowerCase().split(/\s+/)) {
      if ((PAGE_RELS as readonly string[]).includes(name) && !links[name as PageRel]) {
        links[name as PageRel] = { url, path: restPathOf(url, base) };
      }
    }
  }
  return links;
}

/** The `/v2/…` path of `url` when it is on `base` (same scheme, host, port, under `/v2/`), else null. */
export function restPathOf(url: string, base: string = REST_BASE): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const root = new URL(base);
  if (parsed.origin !== root.origin || !parsed.pathname.startsWith(root.pathname)) return null;
  if (parsed.username || parsed.password) return null;
  return `/v2/${parsed.pathname.slice(root.pathname.length)}${parsed.search}`;
}
