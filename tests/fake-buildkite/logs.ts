/**
 * The fake's logs, annotations and artifacts (docs: rest_api/jobs.md "Get a job's log output", annotations.md,
 * artifacts.md; GraphQL `Build.annotations`):
 * - `GET …/log` with `Accept: text/plain` and `Range: bytes=-N` answers `206` with the last N bytes and
 *   `Content-Range: bytes a-b/total` (suffix ranges only, as documented); other ranges are ignored (`200`, whole).
 * - `GET …/artifacts/{id}/download` answers `302` with the signed URL in `Location` and in the body `{url}`; the
 *   signed URL (`/__fake/artifact-blob/{id}?sig=…`) serves the bytes without a token, as S3 would.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Reply } from './rest';

export interface AnnotationRec {
  id: string;
  context: string;
  style: 'success' | 'info' | 'warning' | 'error' | 'default';
  /** HTML, as Buildkite renders it (the fake stores it as given: tests put hostile markup here). */
  bodyHtml: string;
  priority: number;
  createdAt: string;
}

export interface ArtifactRec {
  id: string;
  jobId: string;
  path: string;
  state: 'new' | 'error' | 'finished' | 'deleted' | 'expired';
  mimeType: string;
  content: string;
  sha1sum: string;
}

/** `Range: bytes=-N` over a text body, by bytes. */
export function logTextReply(content: string, range: string | undefined): Reply {
  const type = 'text/plain; charset=utf-8';
  const suffix = range ? /^bytes=-(\d+)$/.exec(range.trim()) : null;
  if (!suffix) return { status: 200, text: content, contentType: type };
  const bytes = Buffer.from(content, 'utf8');
  const want = Number(suffix[1]);
  if (want === 0 || bytes.length === 0) {
    return { status: 416, text: '', contentType: type, headers: { 'Content-Range': `bytes */${bytes.length}` } };
  }
  const start = Math.max(0, bytes.length - want);
  return {
    status: 206,
    text: bytes.subarray(start),
    contentType: type,
    headers: { 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` },
  };
}

export function artifactJson(base: string, buildApiUrl: string, a: ArtifactRec) {
  const url = `${buildApiUrl}/jobs/${a.jobId}/artifacts/${a.id}`;
  const filename = a.path.split('/').pop() ?? a.path;
  return {
    id: a.id,
    job_id: a.jobId,
    url,
    download_url: `${url}/download`,
    state: a.state,
    path: a.path,
    dirname: a.path.includes('/') ? a.path.slice(0, a.path.lastIndexOf('/')) : '.',
    filename,
    mime_type: a.mimeType,
    file_size: Buffer.byteLength(a.content),
    glob_path: null,
    original_path: null,
    sha1sum: a.sha1sum,
  };
}

export const signedArtifactUrl = (base: string, a: ArtifactRec) =>
  `${base}/__fake/artifact-blob/${a.id}?sig=fake-signature-${a.id.slice(0, 8)}`;

export function gAnnotation(a: AnnotationRec) {
  return {
    __typename: 'Annotation',
    id: `Annotation---${a.id}`,
    uuid: a.id,
    context: a.context,
    style: a.style.toUpperCase(),
    priority: a.priority,
    scope: 'BUILD',
    createdAt: a.createdAt,
    updatedAt: a.createdAt,
    body: { html: a.bodyHtml, text: a.bodyHtml.replace(/<[^>]*>/g, '') },
  };
}

/** `Build.annotations(style:, first:)`. */
export function annotationsOf(list: AnnotationRec[] | undefined, args: Record<string, unknown>): AnnotationRec[] {
  const styles = Array.isArray(args.style) ? (args.style as string[]) : null;
  return (list ?? [])
    .filter((a) => !styles || styles.includes(a.style.toUpperCase()))
    .sort((x, y) => y.createdAt.localeCompare(x.createdAt));
}

export interface LogExtrasSpec {
  annotations?: { style?: AnnotationRec['style']; context?: string; body_html: string; priority?: number }[];
  /** `job`: the index of the job in the spec's `jobs`, or a job id. */
  artifacts?: {
    job: number | string;
    path: string;
    state?: ArtifactRec['state'];
    content?: string;
    mime_type?: string;
  }[];
}

/** Adds the spec's annotations and artifacts to a new build. */
export function seedLogExtras(
  build: { jobs: { id: string }[]; annotations?: AnnotationRec[]; artifacts?: ArtifactRec[] },
  spec: LogExtrasSpec,
): void {
  const now = Date.now();
  build.annotations = (spec.annotations ?? []).map((a, i) => ({
    id: randomUUID(),
    context: a.context ?? `context-${i + 1}`,
    style: a.style ?? 'default',
    bodyHtml: a.body_html,
    priority: a.priority ?? 3,
    createdAt: new Date(now - i * 1000).toISOString(),
  }));
  build.artifacts = (spec.artifacts ?? []).map((a) => {
    const content = a.content ?? `artifact ${a.path}\n`;
    const jobId = typeof a.job === 'number' ? (build.jobs[a.job]?.id ?? '') : a.job;
    return {
      id: randomUUID(),
      jobId,
      path: a.path,
      state: a.state ?? 'finished',
      mimeType: a.mime_type ?? 'text/plain',
      content,
      sha1sum: createHash('sha1').update(content).digest('hex'),
    };
  });
}

/** The signed URL's answer: the bytes, no token needed. */
export function artifactBlob(builds: { artifacts?: ArtifactRec[] }[], id: string): ArtifactRec | null {
  for (const b of builds) for (const a of b.artifacts ?? []) if (a.id === id) return a;
  return null;
}
