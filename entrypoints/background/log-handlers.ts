import { isBuildFinished, RUNNING_JOB_STATES } from '@/lib/builds/rules';
import { readBuild } from '@/lib/builds/read';
import { artifactDownloadUrl, listArtifacts } from '@/lib/logs/artifacts';
import { failureDigest } from '@/lib/logs/digest';
import { readLog } from '@/lib/logs/fetch';
import { requireScope } from '@/lib/logs/scopes';
import { digestPageUrl } from '@/lib/logs/urls';
import { credentials } from '@/lib/token/service';
import { handle } from './handle';

const refOf = ({ org, pipeline, number }: { org: string; pipeline: string; number: number }) => ({
  org,
  pipeline,
  number,
});

/** Logs, the failure digest and artifacts (lib/logs). All reads. */
export function registerLogHandlers(): void {
  handle('getFailureDigest', async (input) => {
    const creds = await credentials();
    return failureDigest(creds, refOf(input), {
      ...(input.softFailed !== undefined ? { softFailed: input.softFailed } : {}),
      ...(input.tailBytes !== undefined ? { tailBytes: input.tailBytes } : {}),
    });
  });
  handle('listLogJobs', async (input) => {
    const build = await readBuild(await credentials(), refOf(input));
    const finished = isBuildFinished(build);
    return {
      webUrl: build.webUrl,
      state: build.state,
      jobs: build.jobs
        .filter((job) => job.type === 'command')
        .map((job) => ({
          id: job.id,
          label: job.label,
          state: job.state,
          webUrl: job.webUrl,
          final: finished || (!RUNNING_JOB_STATES.includes(job.state) && job.passed !== null),
        })),
    };
  });
  handle('readJobLog', async (input) => {
    const creds = await credentials();
    requireScope(creds, 'read_build_logs');
    return readLog(creds, refOf(input), input.jobId, { tailBytes: input.tailBytes, final: input.final });
  });
  handle('listArtifacts', async (input) => listArtifacts(await credentials(), refOf(input)));
  handle('artifactDownloadUrl', async (input) =>
    artifactDownloadUrl(await credentials(), refOf(input), input.jobId, input.artifactId),
  );
  handle('openFailureDigest', async (input, sender) => {
    await browser.tabs.create({
      url: digestPageUrl(refOf(input)),
      ...(sender.tab?.id !== undefined ? { openerTabId: sender.tab.id } : {}),
      ...(sender.tab?.index !== undefined ? { index: sender.tab.index + 1 } : {}),
    });
    return null;
  });
}
