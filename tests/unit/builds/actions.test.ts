// @vitest-environment node
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cancelBuild, cancelJob, findNewerBuild, openJobLog, rebuildBuild, unblockJob } from '@/lib/builds/actions';
import { assertWriteAllowed } from '@/entrypoints/background/handle';
import { retryFailedJobs, retryJob } from '@/lib/builds/retry';
import { updateSettings } from '@/lib/settings';
import { healthReportItem } from '@/lib/token/report-store';
import { BUILDS, JOBS, gqlId } from '../../fake-buildkite/seed-ids';
import {
  answer,
  FULL,
  GRAPHQL,
  operation,
  operations,
  REST,
  REST_ONLY,
  restCalls,
  sent,
  useFakeBuildkite,
} from './harness';

useFakeBuildkite();

const ref = (b: { org: string; pipeline: string; number: number }) => ({
  org: b.org,
  pipeline: b.pipeline,
  number: b.number,
});
const W = (n: number) => `organizations/acme/pipelines/web/builds/${n}`;
const writes = () =>
  sent.filter((item) => item.method !== 'GET' && !(item.path === 'graphql' && item.operationName === 'BuildPage'));

describe('rebuild', () => {
  it('GraphQL: buildRebuild with the build id, answers the new number and URL', async () => {
    const result = await rebuildBuild(FULL, ref(BUILDS.webPassed));
    expect(operations()).toEqual(['BuildPage', 'BuildRebuild']);
    expect(operation('BuildRebuild')?.variables).toEqual({ id: gqlId('Build', BUILDS.webPassed.id) });
    expect(result).toEqual({ number: 106, webUrl: 'https://buildkite.com/acme/web/builds/106' });
  });

  it('REST: PUT …/rebuild, once', async () => {
    const result = await rebuildBuild(REST_ONLY, ref(BUILDS.webPassed));
    expect(restCalls()).toEqual([`GET ${W(101)}`, `PUT ${W(101)}/rebuild`]);
    expect(result.number).toBe(106);
  });
});

describe('cancel build', () => {
  it('GraphQL: buildCancel, then the fresh build (canceling → canceled)', async () => {
    const build = await cancelBuild(FULL, ref(BUILDS.webRunning));
    expect(operations()).toEqual(['BuildPage', 'BuildCancel', 'BuildPage']);
    expect(operation('BuildCancel')?.variables).toEqual({ id: gqlId('Build', BUILDS.webRunning.id) });
    expect(build.state).toBe('canceled');
  });

  it('REST: PUT …/cancel', async () => {
    await cancelBuild(REST_ONLY, ref(BUILDS.webRunning));
    expect(restCalls()).toEqual([`GET ${W(105)}`, `PUT ${W(105)}/cancel`, `GET ${W(105)}`]);
  });

  it('refuses a finished build before sending anything (after checking a fresh copy)', async () => {
    await expect(cancelBuild(FULL, ref(BUILDS.webPassed))).rejects.toMatchObject({
      error: { kind: 'rejected', title: "Build #101 can't be canceled" },
    });
    expect(operations()).toEqual(['BuildPage', 'BuildPage']);
  });

  it('a 5xx on the mutation is a server error, and the mutation was sent once', async () => {
    answer('post', GRAPHQL, (_request, sentAs) =>
      sentAs.operationName === 'BuildCancel'
        ? new HttpResponse('<h1>503 Service Unavailable</h1>', { status: 503 })
        : undefined,
    );
    await expect(cancelBuild(FULL, ref(BUILDS.webRunning))).rejects.toMatchObject({
      error: { kind: 'server', status: 503 },
    });
    expect(operations().filter((name) => name === 'BuildCancel')).toHaveLength(1);
  });
});

describe('retry failed jobs', () => {
  it('while the build still runs: one aliased GraphQL request for the confirmed jobs', async () => {
    const result = await retryFailedJobs(FULL, ref(BUILDS.webFailing), [JOBS.failingUnit]);
    expect(operations()).toEqual(['BuildPage', 'JobRetries', 'BuildPage']);
    expect(operation('JobRetries')?.variables).toEqual({ id0: gqlId('Job', JOBS.failingUnit) });
    expect(result.retried).toHaveLength(1);
    expect(result.retried[0]?.oldJobId).toBe(JOBS.failingUnit);
    const fresh = result.build.jobs.find((job) => job.id === result.retried[0]?.newJobId);
    expect(fresh).toMatchObject({ state: 'scheduled', retryType: 'manual' });
    expect(result.build.jobs.find((job) => job.id === JOBS.failingUnit)).toMatchObject({ retried: true });
  });

  it('a finished build whose failed jobs are exactly the confirmed ones: Buildkite’s retry_failed_jobs with those states', async () => {
    const all = [JOBS.failedUnit, JOBS.agentLost, JOBS.agentStopped, JOBS.retriedReplacement];
    const viaGraphQL = await retryFailedJobs(FULL, ref(BUILDS.webFailed), all);
    expect(operations()).toEqual(['BuildPage', 'BuildRetryFailedJobs', 'BuildPage']);
    expect(operation('BuildRetryFailedJobs')?.variables).toEqual({
      id: gqlId('Build', BUILDS.webFailed.id),
      states: ['FAILED'],
    });
    expect(viaGraphQL.retried.map((item) => item.oldJobId)).toEqual(all);
    expect(viaGraphQL.retried.every((item) => item.newJobId)).toBe(true);
  });

  it('REST bulk: PUT retry_failed_jobs with states', async () => {
    await retryFailedJobs(REST_ONLY, ref(BUILDS.webFailed), [
      JOBS.failedUnit,
      JOBS.agentLost,
      JOBS.agentStopped,
      JOBS.retriedReplacement,
    ]);
    expect(restCalls()).toEqual([`GET ${W(103)}`, `PUT ${W(103)}/retry_failed_jobs`, `GET ${W(103)}`]);
    expect(sent[1]?.body).toEqual({ states: 'failed' });
  });

  it('some jobs only (e.g. infrastructure failures): REST retries each, in order; skipped ones are said', async () => {
    const result = await retryFailedJobs(REST_ONLY, ref(BUILDS.webFailed), [
      JOBS.agentLost,
      JOBS.agentStopped,
      JOBS.retriedOriginal,
    ]);
    expect(restCalls()).toEqual([
      `GET ${W(103)}`,
      `PUT ${W(103)}/jobs/${JOBS.agentLost}/retry`,
      `PUT ${W(103)}/jobs/${JOBS.agentStopped}/retry`,
      `GET ${W(103)}`,
    ]);
    expect(result.retried.map((item) => item.oldJobId)).toEqual([JOBS.agentLost, JOBS.agentStopped]);
    expect(result.skipped).toEqual([
      { jobId: JOBS.retriedOriginal, reason: expect.stringMatching(/^already retried/) },
    ]);
  });

  it('REST: stops at the first failure, says what was retried and what was not sent', async () => {
    answer(
      'put',
      `${REST}/${W(103)}/jobs/${JOBS.agentLost}/retry`,
      () => new HttpResponse('<h1>502</h1>', { status: 502 }),
    );
    const attempt = retryFailedJobs(REST_ONLY, ref(BUILDS.webFailed), [
      JOBS.failedUnit,
      JOBS.agentLost,
      JOBS.agentStopped,
    ]);
    await expect(attempt).rejects.toMatchObject({
      error: {
        kind: 'server',
        status: 502,
        title: 'Retried 1 of 3 jobs, then one failed',
        detail: expect.stringMatching(/Retried: Unit tests\. “Integration tests” failed: .* Not sent: E2E tests\./),
      },
    });
    expect(restCalls().filter((call) => call.startsWith('PUT'))).toEqual([
      `PUT ${W(103)}/jobs/${JOBS.failedUnit}/retry`,
      `PUT ${W(103)}/jobs/${JOBS.agentLost}/retry`,
    ]);
  });

  it('GraphQL: a partial failure names the jobs that were and were not retried', async () => {
    answer('post', GRAPHQL, (_request, sentAs) =>
      sentAs.operationName === 'JobRetries'
        ? HttpResponse.json({
            data: {
              retry0: {
                jobTypeCommand: { uuid: JOBS.agentLost },
                retriedInJobTypeCommand: { uuid: '0190a1b2-0000-4a00-8b00-00000000ffff' },
              },
              retry1: null,
            },
            errors: [{ message: 'Jobs can only be retried once', path: ['retry1'] }],
          })
        : undefined,
    );
    await expect(
      retryFailedJobs(FULL, ref(BUILDS.webFailed), [JOBS.agentLost, JOBS.agentStopped]),
    ).rejects.toMatchObject({
      error: {
        kind: 'graphql',
        title: 'Retried 1 of 2 jobs',
        detail: 'Retried: Integration tests. Not retried: “E2E tests”: Buildkite said “Jobs can only be retried once”.',
      },
    });
    expect(operation('JobRetries')?.variables).toEqual({
      id0: gqlId('Job', JOBS.agentLost),
      id1: gqlId('Job', JOBS.agentStopped),
    });
    expect(operations().filter((name) => name === 'JobRetries')).toHaveLength(1);
  });

  it('nothing left to retry: refused, nothing sent', async () => {
    await expect(
      retryFailedJobs(FULL, ref(BUILDS.webFailed), [JOBS.retriedOriginal, JOBS.failedLint]),
    ).rejects.toMatchObject({
      error: { kind: 'rejected', title: 'Nothing to retry' },
    });
    expect(writes()).toEqual([]);
  });
});

describe('retry / cancel one job', () => {
  it('retries a job through GraphQL and answers the new job', async () => {
    const result = await retryJob(FULL, ref(BUILDS.webFailed), JOBS.agentLost);
    expect(operations()).toEqual(['BuildPage', 'JobRetry', 'BuildPage']);
    expect(operation('JobRetry')?.variables).toEqual({ id: gqlId('Job', JOBS.agentLost) });
    expect(result.job).toMatchObject({ label: 'Integration tests', state: 'scheduled' });
  });

  it('refuses to retry an already-retried job before sending (Buildkite would answer 400)', async () => {
    await expect(retryJob(FULL, ref(BUILDS.webFailed), JOBS.retriedOriginal)).rejects.toMatchObject({
      error: { kind: 'rejected', detail: expect.stringContaining('already retried') },
    });
    expect(writes()).toEqual([]);
  });

  it('a 422 from Buildkite becomes a clear refusal with its message, sent once', async () => {
    answer('put', `${REST}/${W(103)}/jobs/${JOBS.agentLost}/retry`, () =>
      HttpResponse.json({ message: 'Jobs from canceled builds cannot be retried' }, { status: 422 }),
    );
    await expect(retryJob(REST_ONLY, ref(BUILDS.webFailed), JOBS.agentLost)).rejects.toMatchObject({
      error: {
        kind: 'rejected',
        status: 422,
        detail: expect.stringContaining('Jobs from canceled builds cannot be retried'),
      },
    });
    expect(restCalls().filter((call) => call.startsWith('PUT'))).toHaveLength(1);
  });

  it('cancels a running job through GraphQL', async () => {
    const build = await cancelJob(FULL, ref(BUILDS.webRunning), JOBS.runningTest);
    expect(operations()).toEqual(['BuildPage', 'JobCancel', 'BuildPage']);
    expect(operation('JobCancel')?.variables).toEqual({ id: gqlId('Job', JOBS.runningTest) });
    expect(build.jobs.find((job) => job.id === JOBS.runningTest)?.state).toBe('canceled');
  });

  it('without GraphQL, job cancel is a missing-scope error and nothing is sent', async () => {
    await expect(cancelJob(REST_ONLY, ref(BUILDS.webRunning), JOBS.runningTest)).rejects.toMatchObject({
      error: { kind: 'missing-scope', scope: 'graphql', title: 'Canceling a job needs GraphQL access' },
    });
    expect(sent).toEqual([]);
  });
});

describe('unblock', () => {
  it('GraphQL: jobTypeBlockUnblock with the fields as a JSON string', async () => {
    const build = await unblockJob(FULL, ref(BUILDS.deployBlocked), JOBS.blockedRelease, { 'release-notes': 'Fixes' });
    const unblock = sent.find((item) => item.operationName === 'JobUnblock');
    expect(unblock?.variables).toEqual({ id: gqlId('Job', JOBS.blockedRelease), fields: '{"release-notes":"Fixes"}' });
    expect(build.jobs.find((job) => job.id === JOBS.blockedRelease)?.state).toBe('unblocked');
  });

  it('REST: PUT …/unblock with defaults filled in and multiple selects newline-separated', async () => {
    await unblockJob(REST_ONLY, ref(BUILDS.webFailing), JOBS.failingBlock, {
      'release-name': 'v2',
      regions: ['us-east', 'eu-west'],
    });
    const put = sent.find((item) => item.method === 'PUT');
    expect(put?.path).toBe(`${W(104)}/jobs/${JOBS.failingBlock}/unblock`);
    expect(put?.body).toEqual({
      fields: { environment: 'staging', 'release-name': 'v2', regions: 'us-east\neu-west' },
    });
  });

  it('a required field left empty is refused before sending', async () => {
    await expect(unblockJob(FULL, ref(BUILDS.deployBlocked), JOBS.blockedRelease, {})).rejects.toMatchObject({
      error: { kind: 'bad-message', detail: 'Release notes is required.' },
    });
    expect(writes()).toEqual([]);
  });

  it('Buildkite’s 422 (validation) is shown with its field errors', async () => {
    answer('put', `${REST}/organizations/acme/pipelines/deploy/builds/13/jobs/${JOBS.blockedRelease}/unblock`, () =>
      HttpResponse.json(
        {
          message: 'Validation Failed',
          errors: [{ field: 'release-notes', code: 'missing_field', message: 'Release notes is required' }],
        },
        { status: 422 },
      ),
    );
    await expect(
      unblockJob(REST_ONLY, ref(BUILDS.deployBlocked), JOBS.blockedRelease, { 'release-notes': 'x' }),
    ).rejects.toMatchObject({
      error: { kind: 'rejected', status: 422, detail: expect.stringContaining('Release notes is required') },
    });
  });
});

describe('findNewerBuild', () => {
  it('one request: the newest build on the branch when it is newer', async () => {
    expect(await findNewerBuild(FULL, ref(BUILDS.webFailed), 'main')).toEqual({
      number: 105,
      webUrl: 'https://buildkite.com/acme/web/builds/105',
      state: 'running',
    });
    expect(operations()).toEqual(['NewestBranchBuild']);
    expect(sent[0]?.variables).toEqual({ slug: 'acme/web', branch: 'main' });
    expect(await findNewerBuild(FULL, ref(BUILDS.webRunning), 'main')).toBeNull();
  });

  it('REST: GET …/builds?branch=…&per_page=1 without jobs', async () => {
    expect(await findNewerBuild(REST_ONLY, ref(BUILDS.webFailed), 'main')).toMatchObject({ number: 105 });
    expect(restCalls()).toEqual(['GET organizations/acme/pipelines/web/builds']);
    expect(new URLSearchParams(sent[0]?.search)).toEqual(
      new URLSearchParams('branch=main&per_page=1&exclude_jobs=true&exclude_pipeline=true'),
    );
  });
});

describe('job log', () => {
  it('opens Kitedeck’s log page for the job next to the tab (the page fetches the log: nothing kept in session storage)', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await openJobLog(FULL, ref(BUILDS.webFailed), JOBS.failedUnit, { id: 7, index: 2 });
    expect(create).toHaveBeenCalledWith({
      url: `chrome-extension://test-extension-id/job-log.html?org=acme&pipeline=web&build=103&job=${JOBS.failedUnit}`,
      openerTabId: 7,
      index: 3,
    });
    expect(sent).toEqual([]);
  });

  it('without read_build_logs: a missing-scope error, nothing sent or opened', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const before = create.mock.calls.length;
    const noLogs = { token: FULL.token, scopes: ['read_builds', 'write_builds'] };
    await expect(openJobLog(noLogs, ref(BUILDS.webFailed), JOBS.failedUnit)).rejects.toMatchObject({
      error: { kind: 'missing-scope', scope: 'read_build_logs' },
    });
    expect(sent).toEqual([]);
    expect(create.mock.calls.length).toBe(before);
  });
});

describe('writes are checked first', () => {
  it('read-only mode refuses every write', async () => {
    await healthReportItem.setValue(null);
    await updateSettings({ readOnly: true });
    await expect(assertWriteAllowed('write_builds')).rejects.toMatchObject({
      error: { kind: 'forbidden', title: 'Read-only mode is on' },
    });
    await updateSettings({ readOnly: false });
    await expect(assertWriteAllowed('write_builds')).resolves.toBeUndefined();
  });
});
