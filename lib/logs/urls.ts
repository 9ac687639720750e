import { browser } from 'wxt/browser';
import type { BuildRef } from '../builds/model';

const query = (ref: BuildRef) =>
  new URLSearchParams({ org: ref.org, pipeline: ref.pipeline, build: String(ref.number) }).toString();

/** The failure digest (with search and downloads) of a build: `digest.html?org=…&pipeline=…&build=…`. */
export function digestPageUrl(ref: BuildRef): string {
  return `${browser.runtime.getURL('/digest.html')}?${query(ref)}`;
}

/** A job's log page, optionally at a line (`#L123`). */
export function logPageUrl(ref: BuildRef, jobId: string, line?: number): string {
  return `${browser.runtime.getURL('/job-log.html')}?${query(ref)}&job=${encodeURIComponent(jobId)}${line ? `#L${line}` : ''}`;
}

/** Reads `?org=&pipeline=&build=` back; null when a part is missing or malformed. */
export function refFromSearch(search: string): BuildRef | null {
  const params = new URLSearchParams(search);
  const org = params.get('org') ?? '';
  const pipeline = params.get('pipeline') ?? '';
  const number = Number(params.get('build'));
  const slug = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
  if (!slug.test(org) || !slug.test(pipeline) || !Number.isInteger(number) || number < 1) return null;
  return { org, pipeline, number };
}
