import { downloadZip } from 'client-zip';

export interface ZipJob {
  id: string;
  label: string | null;
}

/** `03-unit-tests-0189…-….log`: ordered, readable, unique. */
export function logFileName(job: ZipJob, index: number): string {
  const slug = (job.label ?? 'job')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${String(index + 1).padStart(2, '0')}-${slug || 'job'}-${job.id}.log`;
}

/**
 * One zip of every job's whole raw log, streamed by client-zip: each log is fetched only when the zip stream
 * reaches it and dropped once written, so memory holds about one log at a time (plus the zip being built).
 */
export function zipLogs(
  jobs: readonly ZipJob[],
  fetchLog: (job: ZipJob) => Promise<string>,
  onProgress?: (done: number) => void,
): Response {
  async function* files() {
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!;
      const text = await fetchLog(job);
      yield { name: logFileName(job, i), input: text, lastModified: new Date() };
      onProgress?.(i + 1);
    }
  }
  return downloadZip(files());
}
