import { cancelBuild, cancelJob, findNewerBuild, openJobLog, rebuildBuild, unblockJob } from '@/lib/builds/actions';
import { assertCanWrite, buildCapabilities } from '@/lib/builds/capabilities';
import { readJobLog } from '@/lib/builds/job-log';
import { readBuild } from '@/lib/builds/read';
import { retryFailedJobs, retryJob } from '@/lib/builds/retry';
import { credentials } from '@/lib/token/service';
import { handle } from './handle';

const refOf = ({ org, pipeline, number }: { org: string; pipeline: string; number: number }) => ({ org, pipeline, number });

/** In-page quick actions on build pages: reads, and writes that are checked (read-only mode, scopes) then sent once. */
export function registerBuildHandlers(): void {
  handle('getBuild', async (input) => {
    const [build, capabilities] = await Promise.all([
      readBuild(await credentials(), refOf(input), { fresh: input.fresh === true }),
      buildCapabilities(),
    ]);
    return { build, capabilities };
  });
  handle('rebuildBuild', async (input) => {
    await assertCanWrite();
    return rebuildBuild(await credentials(), refOf(input));
  });
  handle('cancelBuild', async (input) => {
    await assertCanWrite();
    return cancelBuild(await credentials(), refOf(input));
  });
  handle('retryFailedJobs', async (input) => {
    await assertCanWrite();
    return retryFailedJobs(await credentials(), refOf(input), input.jobIds);
  });
  handle('retryJob', async (input) => {
    await assertCanWrite();
    return retryJob(await credentials(), refOf(input), input.jobId);
  });
  handle('cancelJob', async (input) => {
    await assertCanWrite();
    return { build: await cancelJob(await credentials(), refOf(input), input.jobId) };
  });
  handle('unblockJob', async (input) => {
    await assertCanWrite();
    return { build: await unblockJob(await credentials(), refOf(input), input.jobId, input.fields) };
  });
  handle('findNewerBuild', async (input) => findNewerBuild(await credentials(), refOf(input), input.branch));
  handle('openJobLog', async (input, sender) => {
    await openJobLog(await credentials(), refOf(input), input.jobId, sender.tab);
    return null;
  });
  handle('getJobLog', async ({ key }) => readJobLog(key));
}
