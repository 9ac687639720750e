import { plainText } from './ansi';
import { searchText, type SearchHit } from './search';

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

/**
 * Searches each job's log as it arrives (up to `concurrency` fetches at once; the background paces them against
 * the rate budget), reporting each job's hits at once so results stream in. One log's text is held at a time per
 * fetch slot: it is dropped after its search. Stops early when `signal` aborts. Resolves when every log was
 * searched or the search was stopped; a log that fails to load is reported through `onError` and skipped.
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
  },
): Promise<{ searched: number; stopped: boolean }> {
  let next = 0;
  let searched = 0;
  const worker = async () => {
    while (next < jobs.length && !handlers.signal?.aborted) {
      const job = jobs[next++]!;
      let raw: string;
      try {
        raw = await fetchLog(job);
      } catch (cause) {
        if (!handlers.signal?.aborted) handlers.onError?.(job, cause);
        continue;
      }
      if (handlers.signal?.aborted) return;
      const { hits, truncated } = searchText(plainText(raw), pattern, handlers.limitPerJob ?? 200);
      searched++;
      handlers.onHits({ job, hits, truncated });
    }
  };
  await Promise.all(Array.from({ length: Math.min(handlers.concurrency ?? 4, jobs.length) }, worker));
  return { searched, stopped: handlers.signal?.aborted ?? false };
}
