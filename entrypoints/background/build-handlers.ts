import { cancelBuild, cancelJob, findNewerBuild, openJobLog, rebuildBuild, unblockJob } from '@/lib/builds/actions';
import { buildCapabilities } from '@/lib/builds/capabilities';
import { readJobLog } from '@/lib/builds/job-log';
import { readBuild } from '@/lib/builds/read';
import { retryFailedJobs, retryJob } from '@/lib/builds/retry';
import { recordVisit } from '@/lib/palette/history';
import { credentials } from '@/lib/token/service';
import { KdFailure } from '@/lib/errors';
import type { Browser } from 'wxt/browser';
import { senderShowsBuild } from './guards';
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
function once<T>(
  name: string,
  input: { org: string; pipeline: string; number: number },
  sender: Browser.runtime.MessageSender,
  write: () => Promise<T>,
): Promise<T> {
  if (!senderShowsBuild(sender, input)) return Promise.reject(new KdFailure(notThisPage(input)));
  const key = `${name}\n${JSON.stringify(input)}`;
  const pending = writesInFlight.get(key) as Promise<T> | undefined;
  if (pending) return pending;
  const request = write().finally(() => writesInFlight.delete(key));
  writesInFlight.set(key, request);
  return request;
}

function notThisPage(ref: { org: string; pipeline: string; number: number }) {
  return {
    kind: 'bad-message' as const,
    title: 'Refused: not the build on this page',
    detail: `This tab does not show ${ref.org}/${ref.pipeline} #${ref.number}; Kitedeck writes only to the build the tab shows.`,
    action: 'Reload the page, check its address, and use Kitedeck’s panel there.',
  };
}

/** In-page quick actions on build pages: reads, and writes (checked by `handle()`'s write policy) sent once. */
export function registerBuildHandlers(): void {
  handle('getBuild', async (input) => {
    const [build, capabilities] = await Promise.all([
      readBuild(await credentials(), refOf(input), { fresh: input.fresh === true }),
      buildCapabilities(),
    ]);
    void recordVisit(build).catch(() => undefined); // the palette's "visited" list
    return { build, capabilities };
  });
  handle('rebuildBuild', (input, sender) =>
    once('rebuildBuild', input, sender, async () => rebuildBuild(await credentials(), refOf(input))),
  );
  handle('cancelBuild', (input, sender) =>
    once('cancelBuild', input, sender, async () => cancelBuild(await credentials(), refOf(input))),
  );
  handle('retryFailedJobs', (input, sender) =>
    once('retryFailedJobs', input, sender, async () =>
      retryFailedJobs(await credentials(), refOf(input), input.jobIds),
    ),
  );
  handle('retryJob', (input, sender) =>
    once('retryJob', input, sender, async () => retryJob(await credentials(), refOf(input), input.jobId)),
  );
  handle('cancelJob', (input, sender) =>
    once('cancelJob', input, sender, async () => ({
      build: await cancelJob(await credentials(), refOf(input), input.jobId),
    })),
  );
  handle('unblockJob', (input, sender) =>
    once('unblockJob', input, sender, async () => ({
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
