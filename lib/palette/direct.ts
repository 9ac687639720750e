/**
 * Direct navigation from what the user typed or pasted: any Buildkite URL (every page shape `lib/pages.ts` parses),
 * `org/pipeline#123`, and `#123` on a pipeline or build page. Pure: the background calls it for every query.
 */
import { buildPageUrl, describePage, parsePageUrl, type PageContext } from '../pages';
import type { PaletteResult } from './model';

const ORG_PIPELINE_NUMBER = /^([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)\s*#\s*([1-9]\d{0,9})$/;
const HASH_NUMBER = /^#\s*([1-9]\d{0,9})$/;
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:www\.)?buildkite\.com\/)/i;

export interface DirectLookup {
  /** Is this pipeline in the index? `null` when the index can't tell (not loaded, no GraphQL access). */
  knownPipeline(org: string, pipeline: string): boolean | null;
}

const result = (r: Omit<PaletteResult, 'matches' | 'state' | 'action'>): PaletteResult => ({
  ...r,
  matches: [],
  state: null,
  action: null,
});

const notice = (id: string, title: string, detail: string): PaletteResult =>
  result({ id: `n:${id}`, kind: 'notice', title, detail, url: null });

function unknownNote(lookup: DirectLookup, org: string, pipeline: string): string {
  return lookup.knownPipeline(org, pipeline) === false
    ? `${org}/${pipeline} is not among the pipelines your token can see: the page may not exist.`
    : '';
}

function buildLink(org: string, pipeline: string, n: number, lookup: DirectLookup): PaletteResult {
  const url = buildPageUrl(org, pipeline, n);
  return result({
    id: `b:${org}/${pipeline}/${n}`,
    kind: 'link',
    title: `Go to ${org}/${pipeline} #${n}`,
    detail: unknownNote(lookup, org, pipeline) || 'Open the build',
    url,
  });
}

/** The direct results for `query` (at most a few), given the page the palette was opened on. */
export function directResults(
  query: string,
  page: PageContext,
  webOrigins: readonly string[],
  lookup: DirectLookup,
): PaletteResult[] {
  const q = query.trim();
  if (!q) return [];
  if (LOOKS_LIKE_URL.test(q)) return urlResult(q, webOrigins, lookup);
  const full = ORG_PIPELINE_NUMBER.exec(q);
  if (full) return [buildLink(full[1]!, full[2]!, Number(full[3]), lookup)];
  const hash = HASH_NUMBER.exec(q);
  if (hash) {
    const n = Number(hash[1]);
    if ('pipeline' in page && page.org !== '~' && page.org !== '-')
      return [buildLink(page.org, page.pipeline, n, lookup)];
    return [notice('hash', `Build #${n} of which pipeline?`, 'Type org/pipeline#123, or use #123 on a pipeline page.')];
  }
  return [];
}

function urlResult(q: string, webOrigins: readonly string[], lookup: DirectLookup): PaletteResult[] {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(q) ? q : `https://${q}`);
  } catch {
    return [notice('url', 'Not a link Kitedeck can open', 'Paste a whole buildkite.com address.')];
  }
  if (url.protocol === 'http:' && url.hostname === 'buildkite.com') url.protocol = 'https:';
  if (url.hostname === 'www.buildkite.com') url.hostname = 'buildkite.com';
  if (!webOrigins.includes(url.origin)) {
    return [notice('url', `${url.hostname} is not Buildkite`, 'Only buildkite.com pages open from the palette.')];
  }
  const page = parsePageUrl(url, webOrigins);
  if (page.kind === 'other') {
    return [
      result({
        id: `u:${url.href}`,
        kind: 'link',
        title: `Open ${url.pathname === '/' ? url.host : url.pathname}`,
        detail: 'A Buildkite page Kitedeck does not recognise; it opens as it is.',
        url: url.href,
      }),
    ];
  }
  const note =
    'pipeline' in page && page.org !== '~' && page.org !== '-' ? unknownNote(lookup, page.org, page.pipeline) : '';
  return [
    result({
      id: idFor(page, url),
      kind: 'link',
      title: `Go to ${describePage(page)}`,
      detail: note || url.href,
      url: url.href,
    }),
  ];
}

function idFor(page: PageContext, url: URL): string {
  if (page.kind === 'build') return `b:${page.org}/${page.pipeline}/${page.buildNumber}`;
  if (page.kind === 'pipeline') return `p:${page.org}/${page.pipeline}`;
  return `u:${url.href}`;
}
