// @vitest-environment node
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { readBuild } from '@/lib/builds/read';
import { BUILDS, JOBS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import {
  answer,
  FULL,
  graphqlError,
  GRAPHQL,
  operations,
  READ_ONLY,
  REST,
  REST_ONLY,
  restCalls,
  sent,
  server,
  useFakeBuildkite,
} from './harness';

useFakeBuildkite();

const ref = (b: { org: string; pipeline: string; number: number }) => ({
  org: b.org,
  pipeline: b.pipeline,
  number: b.number,
});

describe('readBuild', () => {
  it('reads the build, its jobs and the pipeline in ONE GraphQL request when the token has GraphQL', async () => {
    const build = await readBuild(FULL, ref(BUILDS.webFailed));
    expect(operations()).toEqual(['BuildPage']);
    expect(restCalls()).toEqual([]);
    expect(sent[0]?.variables).toEqual({ slug: 'acme/web/103', after: null });
    expect(build).toMatchObject({
      id: BUILDS.webFailed.id,
      number: 103,
      state: 'failed',
      blocked: false,
      source: 'graphql',
      org: 'acme',
      webUrl: 'https://buildkite.com/acme/web/builds/103',
      pipeline: { slug: 'web', name: 'Web' },
    });
    const byId = new Map(build.jobs.map((job) => [job.id, job]));
    expect(byId.get(JOBS.failedUnit)).toMatchObject({
      type: 'command',
      state: 'failed',
      passed: false,
      exitStatus: 1,
      label: 'Unit tests',
    });
    expect(byId.get(JOBS.agentLost)).toMatchObject({ exitStatus: -1, signal: null, signalReason: null });
    expect(byId.get(JOBS.agentStopped)).toMatchObject({
      exitStatus: -1,
      signal: 'SIGTERM',
      signalReason: 'agent_stop',
    });
    expect(byId.get(JOBS.failedLint)).toMatchObject({ state: 'passed', passed: true });
    expect(build.jobs.map((job) => job.id)).toEqual([
      JOBS.failedLint,
      JOBS.failedUnit,
      JOBS.agentLost,
      JOBS.agentStopped,
      JOBS.retriedOriginal,
      JOBS.retriedReplacement,
    ]);
    // the retry link comes from the replacement's retrySource
    expect(byId.get(JOBS.retriedOriginal)).toMatchObject({ retried: true, retriedInJobId: JOBS.retriedReplacement });
    expect(byId.get(JOBS.retriedReplacement)).toMatchObject({ retried: false, retryType: 'manual', retriesCount: 1 });
  });

  it('gives the same view through REST when the token has no GraphQL (include_retried_jobs=true)', async () => {
    const viaGraphQL = await readBuild(FULL, ref(BUILDS.webFailed), { fresh: true });
    sent.length = 0;
    const viaRest = await readBuild(REST_ONLY, ref(BUILDS.webFailed), { fresh: true });
    expect(restCalls()).toEqual(['GET organizations/acme/pipelines/web/builds/103']);
    expect(sent[0]?.search).toBe('?include_retried_jobs=true');
    expect(operations()).toEqual([]);
    const strip = (b: typeof viaRest) => ({
      ...b,
      source: null,
      jobs: b.jobs.map((j) => ({ ...j, retryRules: null })),
    });
    expect(strip(viaRest)).toEqual(strip(viaGraphQL));
  });

  it('maps a blocked build the same way from both APIs, with the block step and its fields', async () => {
    const viaRest = await readBuild(READ_ONLY, ref(BUILDS.deployBlocked));
    expect(viaRest).toMatchObject({ state: 'passed', blocked: true, source: 'rest' });
    const block = viaRest.jobs.find((job) => job.id === JOBS.blockedRelease);
    expect(block).toMatchObject({
      type: 'block',
      state: 'blocked',
      unblockable: true,
      prompt: 'Ship it?',
      fields: [
        {
          key: 'release-notes',
          kind: 'text',
          label: 'Release notes',
          required: true,
          default: null,
          multiple: false,
          options: [],
          hint: null,
          format: null,
        },
      ],
    });
    // REST jobs document no fields: they come from the pipeline's steps, matched by the job's step key
    expect(block?.fieldsSource).toBe('pipeline');
    expect(restCalls()).toContain('GET organizations/acme/pipelines/deploy');
    sent.length = 0;
    const viaGraphQL = await readBuild(FULL, ref(BUILDS.deployBlocked), { fresh: true });
    expect(viaGraphQL).toMatchObject({ state: 'passed', blocked: true, source: 'graphql' });
    // GraphQL has no block fields either: the ones found for this job are kept for the session
    expect(viaGraphQL.jobs.find((job) => job.id === JOBS.blockedRelease)?.fields).toEqual(block?.fields);
    expect(operations()).toEqual(['BuildPage']);
    expect(restCalls()).toEqual([]);
    sent.length = 0;
    await readBuild(FULL, ref(BUILDS.deployBlocked), { fresh: true });
    expect(restCalls()).toEqual([]);
  });

  it('reads select and multiple-select fields with their defaults', async () => {
    const build = await readBuild(FULL, ref(BUILDS.webFailing));
    const block = build.jobs.find((job) => job.id === JOBS.failingBlock);
    expect(block?.fields).toEqual([
      {
        key: 'release-name',
        kind: 'text',
        label: 'Release name',
        hint: 'Shown in the changelog',
        required: true,
        default: null,
        multiple: false,
        options: [],
        format: null,
      },
      {
        key: 'environment',
        kind: 'select',
        label: 'Environment',
        hint: null,
        required: true,
        default: 'staging',
        multiple: false,
        format: null,
        options: [
          { label: 'Staging', value: 'staging' },
          { label: 'Production', value: 'production' },
        ],
      },
      {
        key: 'regions',
        kind: 'select',
        label: 'Regions',
        hint: 'Pick any',
        required: false,
        default: null,
        multiple: true,
        format: null,
        options: [
          { label: 'US East', value: 'us-east' },
          { label: 'EU West', value: 'eu-west' },
          { label: 'AP South', value: 'ap-south' },
        ],
      },
    ]);
    expect(build).toMatchObject({ state: 'failing', branch: 'feature/login' });
  });

  it('serves a repeat read from the session cache for a few seconds, and `fresh` bypasses it', async () => {
    await readBuild(FULL, ref(BUILDS.webPassed));
    await readBuild(FULL, ref(BUILDS.webPassed));
    expect(operations()).toEqual(['BuildPage']);
    await readBuild(FULL, ref(BUILDS.webPassed), { fresh: true });
    expect(operations()).toEqual(['BuildPage', 'BuildPage']);
  });

  it('makes concurrent reads of one build once', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => readBuild(FULL, ref(BUILDS.webRunning))));
    expect(operations()).toEqual(['BuildPage']);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
  });

  it('falls back to REST when GraphQL answers 401, and keeps to REST for the next reads', async () => {
    answer('post', GRAPHQL, () => graphqlError(401, 'Authentication required. Please supply a valid API Access Token'));
    const build = await readBuild(FULL, ref(BUILDS.webFailed));
    expect(build.source).toBe('rest');
    expect(sent.map((item) => item.operationName ?? `${item.method} ${item.path}`)).toEqual([
      'BuildPage',
      'GET organizations/acme/pipelines/web/builds/103',
    ]);
    sent.length = 0;
    await readBuild(FULL, ref(BUILDS.webFailed), { fresh: true });
    expect(operations()).toEqual([]);
    // another token is not affected
    server.resetHandlers();
    sent.length = 0;
    await readBuild({ token: TOKENS.expiring, scopes: FULL.scopes }, ref(BUILDS.webFailed), { fresh: true });
    expect(operations()).toEqual(['BuildPage']);
  });

  it('tries GraphQL when the scopes are unknown (no health report yet)', async () => {
    const build = await readBuild({ token: FULL.token }, ref(BUILDS.webPassed));
    expect(build.source).toBe('graphql');
  });

  it('pages through jobs only when the build has more than one page (500)', async () => {
    const page = (edges: unknown[], hasNextPage: boolean, endCursor: string | null) => ({
      data: {
        build: {
          id: 'QnVpbGQ',
          uuid: BUILDS.webRunning.id,
          number: 105,
          state: 'RUNNING',
          blockedState: null,
          url: 'https://buildkite.com/acme/web/builds/105',
          branch: 'main',
          commit: 'c',
          message: 'm',
          createdAt: null,
          startedAt: null,
          finishedAt: null,
          pipeline: { id: 'UGlw', slug: 'web', name: 'Web' },
          jobs: { edges, pageInfo: { hasNextPage, endCursor } },
        },
      },
    });
    const wait = (n: number) => ({
      node: {
        __typename: 'JobTypeWait',
        id: `w${n}`,
        uuid: `0190a1b2-0000-4a00-8b00-${String(n).padStart(12, '0')}`,
        label: null,
        state: 'WAITING',
      },
    });
    answer('post', GRAPHQL, async (request) => {
      const { variables } = (await request.json()) as { variables: { after: string | null } };
      return HttpResponse.json(
        variables.after === null ? page([wait(1), wait(2)], true, 'c2') : page([wait(3)], false, 'c3'),
      );
    });
    const build = await readBuild(FULL, ref(BUILDS.webRunning));
    expect(sent.map((item) => item.variables?.after)).toEqual([null, 'c2']);
    expect(build.jobs.map((job) => job.type)).toEqual(['wait', 'wait', 'wait']);
    // GraphQL lists the newest job first: the view lists them in creation order
    expect(build.jobs.map((job) => job.id.slice(-1))).toEqual(['3', '2', '1']);
  });

  it('reports a wrong-shaped answer as invalid, a missing build as not found', async () => {
    answer('get', `${REST}/organizations/acme/pipelines/web/builds/103`, () => HttpResponse.json({ id: 1 }));
    await expect(readBuild(REST_ONLY, ref(BUILDS.webFailed))).rejects.toMatchObject({
      error: { kind: 'invalid-response' },
    });
    await expect(readBuild(FULL, { org: 'acme', pipeline: 'web', number: 999 })).rejects.toMatchObject({
      error: { kind: 'not-found', title: 'Build not found' },
    });
  });
});
