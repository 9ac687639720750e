// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { bulkStatus, previewBulk, startBulk, stopBulk } from '@/lib/bulk/service';
import type { BulkReport } from '@/lib/bulk/run';
import { createBuild, listBuilds } from '@/lib/pipelines/api';
import { emptyForm } from '@/lib/pipelines/new-build';
import { control, FULL, REST_ONLY, sent, useFakeBuildkite } from '../builds/harness';

useFakeBuildkite();

const BRANCH = 'feature/search';

async function finished(jobId: string): Promise<BulkReport> {
  return vi.waitFor(
    async () => {
      const report = await bulkStatus(jobId);
      if (!report?.finishedAt) throw new Error('still running');
      return report;
    },
    { timeout: 20_000, interval: 20 },
  );
}

const stateOf = async (number: number) =>
  (await control.state()).builds.find((b) => b.org === 'acme' && b.pipeline === 'web' && b.number === number)!.state;

describe('listBuilds', () => {
  it('reads a pipeline’s builds in one request (GraphQL) with its id and default branch', async () => {
    await control.preset('superseded-branch');
    const list = await listBuilds(FULL, { kind: 'pipeline', org: 'acme', pipeline: 'web', branch: BRANCH });
    expect(sent).toHaveLength(1);
    expect(list.rows.map((row) => row.state)).toEqual(['running', 'running', 'failed', 'running', 'passed', 'running']);
    expect(list.pipeline?.defaultBranch).toBe('main');
    expect(list.rows[0]).toMatchObject({ org: 'acme', pipeline: 'web', branch: BRANCH });
  });

  it('REST: one request of 100 builds; my builds across organisations', async () => {
    const list = await listBuilds(REST_ONLY, { kind: 'pipeline', org: 'acme', pipeline: 'web' });
    expect(sent.map((s) => `${s.method} ${s.path}${s.search}`)).toEqual([
      'GET organizations/acme/pipelines/web/builds?per_page=100&exclude_jobs=true',
    ]);
    expect(list.rows.length).toBeGreaterThan(0);
    const mine = await listBuilds(FULL, { kind: 'mine' });
    expect(mine.rows.every((row) => row.org !== '')).toBe(true);
  });
});

describe('createBuild', () => {
  const form = emptyForm({
    branch: 'dev',
    message: 'Try it',
    env: [{ key: 'DEPLOY', value: 'staging' }],
    metaData: [{ key: 'release', value: '2.5' }],
  });

  it('GraphQL buildCreate, one request', async () => {
    const list = await listBuilds(FULL, { kind: 'pipeline', org: 'acme', pipeline: 'web' });
    sent.length = 0;
    const created = await createBuild(
      FULL,
      { org: 'acme', pipeline: 'web', pipelineGraphqlId: list.pipeline!.graphqlId },
      form,
    );
    expect(sent.map((s) => s.operationName)).toEqual(['BuildCreate']);
    const build = (await control.state()).builds.find((b) => b.number === created.number && b.pipeline === 'web')!;
    expect(build.env).toEqual({ DEPLOY: 'staging' });
    expect(build.metaData).toEqual({ release: '2.5' });
  });

  it('REST POST when clean checkout is asked (GraphQL cannot)', async () => {
    const created = await createBuild(
      FULL,
      { org: 'acme', pipeline: 'web', pipelineGraphqlId: 'x' },
      {
        ...form,
        cleanCheckout: true,
      },
    );
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(['POST organizations/acme/pipelines/web/builds']);
    expect(sent[0]!.body).toMatchObject({
      clean_checkout: true,
      env: { DEPLOY: 'staging' },
      meta_data: { release: '2.5' },
    });
    expect(created.api).toBe('rest');
  });
});

describe('bulk jobs against the fake', () => {
  it('cancel superseded: exactly the 3 older running builds, in 3 requests', async () => {
    const builds = (await control.preset('superseded-branch')) as { number: number }[];
    sent.length = 0;
    const preview = await previewBulk(FULL, {
      action: 'cancel-superseded',
      org: 'acme',
      pipeline: 'web',
      branch: BRANCH,
    });
    const numbers = builds.map((b) => b.number);
    expect(preview.plan.items.map((item) => item.build.number)).toEqual([numbers[4], numbers[2], numbers[0]]);
    expect(preview.requests).toMatchObject({ preview: 1, recheck: 1, writes: 1, total: 2 });
    const { jobId } = await startBulk(FULL, preview.planId);
    const report = await finished(jobId);
    expect(report.outcomes.map((o) => [o.number, o.status])).toEqual([
      [numbers[4], 'done'],
      [numbers[2], 'done'],
      [numbers[0], 'done'],
    ]);
    expect(sent).toHaveLength(3);
    expect(await stateOf(numbers[5]!)).toBe('running');
    for (const n of [numbers[0], numbers[2], numbers[4]])
      expect(['canceling', 'canceled']).toContain(await stateOf(n!));
  });

  it('skips a build that finished between preview and send, with the reason', async () => {
    const builds = (await control.preset('superseded-branch')) as { id: string; number: number }[];
    const preview = await previewBulk(FULL, {
      action: 'cancel-superseded',
      org: 'acme',
      pipeline: 'web',
      branch: BRANCH,
    });
    await control.transitionBuild(builds[2]!.id, { state: 'passed' });
    const report = await finished((await startBulk(FULL, preview.planId)).jobId);
    const skipped = report.outcomes.find((o) => o.number === builds[2]!.number)!;
    expect(skipped).toMatchObject({ status: 'skipped', detail: 'skipped: already passed since the preview' });
    expect(report.outcomes.filter((o) => o.status === 'done')).toHaveLength(2);
  });

  it('REST: paced calls, Stop sends nothing more', async () => {
    const builds = (await control.preset('superseded-branch')) as { number: number }[];
    const preview = await previewBulk(REST_ONLY, {
      action: 'cancel',
      builds: builds.map((b) => ({ org: 'acme', pipeline: 'web', number: b.number })),
    });
    expect(preview.plan.items).toHaveLength(4);
    expect(preview.plan.leftOut.map((l) => l.reason)).toEqual([
      'not canceled: already passed',
      'not canceled: already failed',
    ]);
    sent.length = 0;
    const { jobId } = await startBulk(REST_ONLY, preview.planId);
    await stopBulk(jobId);
    const report = await finished(jobId);
    expect(report.stopped).toBe(true);
    expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(0);
  });

  it('retry failed jobs across builds: preview 1 read, then 1 re-check and 1 mutation', async () => {
    const made = [];
    for (let i = 0; i < 3; i += 1)
      made.push(
        await control.createBuild({
          org: 'acme',
          pipeline: 'web',
          state: 'failed',
          jobs: [{ type: 'command', name: 'Test', state: 'failed', exit_status: 1 }],
        }),
      );
    sent.length = 0;
    const preview = await previewBulk(FULL, {
      action: 'retry-failed',
      builds: made.map((b) => ({ org: 'acme', pipeline: 'web', number: b.number as number })),
    });
    expect(preview.plan.items).toHaveLength(3);
    const report = await finished((await startBulk(FULL, preview.planId)).jobId);
    expect(report.outcomes.every((o) => o.status === 'done')).toBe(true);
    expect(sent.map((s) => s.operationName)).toEqual(['BulkBuildsWithJobs', 'BulkBuildsWithJobs', 'BulkRetryJobs']);
  });
});
