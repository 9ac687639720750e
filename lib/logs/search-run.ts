import { searchLog, type SearchHit } from './search';

export interface SearchJob {
  id: string;
  label: string | null;
  final: boolean;
}

export interface JobHits {
  job: SearchJob;
  hits: SearchHit[];
  truncated: boolean;
}

/** Matching lines kept for one job, and for the whole search (what a page can show and a person can read). */
export const HITS_PER_JOB = 200;
export const HITS_IN_ALL = 1000;

/**
 * Searches each job's log as it arrives (up to `concurrency` fetches at once; the background paces them against
 * the rate budget), reporting each job's hits at once so results stream in. Each log is searched in one pass the
 * moment it arrives (synchronously, so one log is being searched at a time) and dropped. Stops early when `signal`
 * aborts, or once `limitInAll` matching lines were reported (`capped`: the rest of the logs are not fetched).
 * Resolves when every log was searched or the search stopped; a log that fails to load is reported through
 * `onError` and skipped.
 */
export async function searchLogs(
  jobs: readonly SearchJob[],
  fetchLog: (job: SearchJob) => Promise<string>,
  pattern: RegExp,
  handlers: {
    onHits: (result: JobHits) => void;
    onError?: (job: SearchJob, error: unknown) => void;
    signal?: AbortSignal;
    concurrency?: number;
    limitPerJob?: number;
    limitInAll?: number;
  },
): Promise<{ searched: number; stopped: boolean; capped: boolean }> {
  let next = 0;
  let searched = 0;
  let left = handlers.limitInAll ?? HITS_IN_ALL;
  const done = () => handlers.signal?.aborted === true || left <= 0;
  const worker = async () => {
    while (next < jobs.length && !done()) {
      const job = jobs[next++]!;
      let raw: string;
      try {
        raw = await fetchLog(job);
      } catch (cause) {
        if (!handlers.signal?.aborted) handlers.onError?.(job, cause);
        continue;
      }
      if (done()) return;
      const { hits, truncated } = searchLog(raw, pattern, Math.min(handlers.limitPerJob ?? HITS_PER_JOB, left));
      left -= hits.length;
      searched++;
      handlers.onHits({ job, hits, truncated });
    }
  };
  await Promise.all(Array.from({ length: Math.min(handlers.concurrency ?? 4, jobs.length) }, worker));
  return { searched, stopped: handlers.signal?.aborted ?? false, capped: left <= 0 };
}
