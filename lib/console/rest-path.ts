/**
 * What the REST tab may ask for: a path under `/v2`, relative, never a URL of its own. The request URL is always
 * built from `REST_BASE` (lib/config.ts), so the token can only ever go to Buildkite's REST API.
 */
import { REST_BASE } from '../config';

export const REST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RestMethod = (typeof REST_METHODS)[number];

export type RestPathCheck = { ok: true; path: string; url: string } | { ok: false; message: string };

const MAX_PATH = 2048;

/**
 * Accepts `/v2/organizations/acme/pipelines?per_page=1` (or without the leading slash) and returns the normalised
 * path and the full URL on `base`. Refuses schemes, hosts, `..` (also percent-encoded), backslashes, fragments,
 * whitespace and control characters.
 */
export function checkRestPath(input: string, base: string = REST_BASE): RestPathCheck {
  const raw = input.trim();
  if (raw === '') return { ok: false, message: 'Enter a path under /v2, e.g. /v2/user.' };
  if (raw.length > MAX_PATH) return { ok: false, message: `The path is longer than ${MAX_PATH} characters.` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) {
    return { ok: false, message: 'Give a path under /v2, not a URL: the host is always Buildkite’s API.' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw))
    return { ok: false, message: 'The path may not contain spaces or control characters.' };
  if (raw.includes('\\')) return { ok: false, message: 'The path may not contain a backslash.' };
  if (raw.includes('#')) return { ok: false, message: 'The path may not contain a fragment (#).' };
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  const [pathname = ''] = path.split('?');
  if (!/^\/v2(\/|$)/.test(pathname) || pathname === '/v2' || pathname === '/v2/') {
    return { ok: false, message: 'The path must start with /v2/, e.g. /v2/organizations.' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, message: 'The path has a broken percent-encoding.' };
  }
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) {
    return { ok: false, message: 'The path may not contain “.” or “..” segments.' };
  }
  if (decoded.includes('\\') || decoded.includes('//') || pathname.includes('//')) {
    return { ok: false, message: 'The path may not contain empty segments or encoded slashes.' };
  }
  const url = new URL(path.slice('/v2/'.length), base);
  // Belt and braces: whatever the input, the result stays on the REST base.
  if (!url.href.startsWith(base)) return { ok: false, message: 'The path leaves the REST API.' };
  return { ok: true, path, url: url.href };
}
