import * as v from 'valibot';
import { BuildRefSchema } from '../builds/messages';
import { message } from '../message-spec';
import type { ArtifactView } from './artifacts';
import type { FailureDigest } from './digest';
import type { LogPiece } from './fetch';

const Uuid = v.pipe(v.string(), v.uuid());
const JobRef = v.strictObject({ ...BuildRefSchema.entries, jobId: Uuid });
const MAX_TAIL = 64 * 1024 * 1024;

export interface LogJob {
  id: string;
  label: string | null;
  state: string;
  webUrl: string;
  /** Finished: its log no longer changes. */
  final: boolean;
}

/**
 * Logs, the failure digest and artifacts. Read-only; asked by Kitedeck's own log pages (digest, search, log page),
 * except `openFailureDigest`, which the "Why did it fail?" control on a Buildkite build page sends. Logs may hold
 * secrets: they go from Buildkite to these pages and the extension's own IndexedDB, nowhere else.
 */
export const logMessages = {
  getFailureDigest: message<FailureDigest>()(
    'extension-page',
    v.strictObject({
      ...BuildRefSchema.entries,
      softFailed: v.optional(v.boolean()),
      tailBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(MAX_TAIL))),
    }),
  ),
  /** The build's command jobs, for search, the zip and the log page. */
  listLogJobs: message<{ webUrl: string; state: string; jobs: LogJob[] }>()('extension-page', BuildRefSchema),
  /** One job's log: its last `tailBytes` bytes (`Range`), or the whole log when `tailBytes` is null. */
  readJobLog: message<LogPiece>()(
    'extension-page',
    v.strictObject({
      ...JobRef.entries,
      tailBytes: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_TAIL))),
      final: v.boolean(),
    }),
  ),
  listArtifacts: message<ArtifactView[]>()('extension-page', BuildRefSchema),
  /** The signed URL the documented 302 points at (valid for about a minute). */
  artifactDownloadUrl: message<{ url: string }>()(
    'extension-page',
    v.strictObject({ ...JobRef.entries, artifactId: Uuid }),
  ),
  /** From a Buildkite build page: opens the failure digest next to the tab. */
  openFailureDigest: message<null>()('buildkite-tab', BuildRefSchema),
};
