import { cancelBuild, cancelJob, findNewerBuild, openJobLog, rebuildBuild, unblockJob } from '@/lib/builds/actions';
import { buildCapabilities } from '@/lib/builds/capabilities';
import { readJobLog } from '@/lib/builds/job-log';
import { readBuild } from '@/lib/builds/read';
import { retryFailedJobs, retryJob } from '@/lib/builds/retry';
import { credentials } from '@/lib/token/service';
import { handle } from './handle';

const refOf = ({ org, pipeline, number }: { org: string; pipeline: string; number: number }) => ({
  org,
  pipeline,
  number,
});

/**
 * Writes in flight, by message and payload: the same write asked again before the first answered (a double click,
 * two tabs) joins the first instead of being sent twice. In memory on purpose: it only spans one request.
 */
const writesInFlight = new Map<string, Promise<unknown>>();
function once<T>(name: string, input: unknown, write: () => Promise<T>): Promise<T> {
  const key = `${name}\n${JSON.stringify(input)}`;
  const pending = writesInFlight.get(key) as Promise<T> | undefined;
  if (pending) return pending;
  const request = write().finally(() => writesInFlight.delete(key));
  writesInFlight.set(key, request);
  return request;
}

/** In-page quick actions on build pages: reads, and writes (checked by `handle()`'s write policy) sent once. */
export function registerBuildHandlers(): void {
  handle('getBuild', async (input) => {
    const [build, capabilities] = await Promise.all([
      readBuild(await credentials(), refOf(input), { fresh: input.fresh === true }),
      buildCapabilities(),
    ]);
    return { build, capabilities };
  });
  handle('rebuildBuild', (input) =>
    once('rebuildBuild', input, async () => rebuildBuild(await credentials(), refOf(input))),
  );
  handle('cancelBuild', (input) =>
    once('cancelBuild', input, async () => cancelBuild(await credentials(), refOf(input))),
  );
  handle('retryFailedJobs', (input) =>
    once('retryFailedJobs', input, async () => retryFailedJobs(await credentials(), refOf(input), input.jobIds)),
  );
  handle('retryJob', (input) =>
    once('retryJob', input, async () => retryJob(await credentials(), refOf(input), input.jobId)),
  );
  handle('cancelJob', (input) =>
    once('cancelJob', input, async () => ({ build: await cancelJob(await credentials(), refOf(input), input.jobId) })),
  );
  handle('unblockJob', (input) =>
    once('unblockJob', input, async () => ({
      build: await unblockJob(await credentials(), refOf(input), input.jobId, input.fields),
    })),
  );
  handle('findNewerBuild', async (input) => findNewerBuild(await credentials(), refOf(input), input.branch));
  handle('openJobLog', async (input, sender) => {
    await openJobLog(await credentials(), refOf(input), input.jobId, sender.tab);
    return null;
  });
  handle('getJobLog', async ({ key }) => readJobLog(key));
}
