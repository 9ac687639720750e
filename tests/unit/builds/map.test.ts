// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { GraphQLJob } from '@/lib/builds/documents';
import { blockFieldsFromRest, buildFromGraphQL, jobFromGraphQL, jobFromRest } from '@/lib/builds/map';
import { canCancelBuild } from '@/lib/builds/rules';

const URL = 'https://buildkite.com/acme/web/builds/7';
const ref = { org: 'acme', pipeline: 'web', number: 7 };
const command = (over: Partial<Extract<GraphQLJob, { __typename: 'JobTypeCommand' }>> = {}): GraphQLJob => ({
  __typename: 'JobTypeCommand',
  id: 'Sm9i',
  uuid: 'u1',
  label: 'Test',
  state: 'FINISHED',
  exitStatus: '0',
  signal: null,
  signalReason: null,
  softFailed: false,
  passed: true,
  retried: false,
  retriesCount: null,
  retryType: null,
  url: `${URL}#u1`,
  retrySource: null,
  retryRules: null,
  ...over,
});
const graphqlBuild = (state: string, blockedState: string | null) => ({
  id: 'QnVp',
  uuid: 'b1',
  number: 7,
  state,
  blockedState,
  url: URL,
  branch: 'main',
  commit: 'c',
  message: null,
  createdAt: '2026-11-28T10:00:00Z',
  startedAt: null,
  finishedAt: null,
  pipeline: null,
  jobs: null,
});

describe('GraphQL → BuildView', () => {
  it.each([
    ['FINISHED + passed', { passed: true }, 'passed', true],
    ['FINISHED + not passed', { passed: false, exitStatus: '1' }, 'failed', false],
    [
      'FINISHED + soft failed (reads like REST: failed + softFailed)',
      { passed: true, softFailed: true, exitStatus: '1' },
      'failed',
      false,
    ],
    ['TIMED_OUT', { state: 'TIMED_OUT', passed: false }, 'timed_out', null],
    ['RUNNING', { state: 'RUNNING', passed: false, exitStatus: null }, 'running', null],
  ])('%s', (_name, over, state, passed) => {
    expect(jobFromGraphQL(command(over), URL)).toMatchObject({ state, passed });
  });

  it('exit status text becomes a number; signal reasons are lower-cased; retry rules are kept', () => {
    const view = jobFromGraphQL(
      command({
        exitStatus: '-1',
        signal: 'SIGTERM',
        signalReason: 'AGENT_STOP',
        retryType: 'AUTOMATIC',
        retriesCount: 1,
        retryRules: {
          manual: true,
          automatic: [{ exitStatus: '-1', signal: null, signalReason: null, limit: '2' }, null],
        },
      }),
      URL,
    );
    expect(view).toMatchObject({
      exitStatus: -1,
      signal: 'SIGTERM',
      signalReason: 'agent_stop',
      retryType: 'automatic',
      retriesCount: 1,
    });
    expect(view.retryRules).toEqual({
      manual: true,
      automatic: [{ exitStatus: '-1', signal: null, signalReason: null, limit: 2 }],
    });
    expect(jobFromGraphQL(command({ exitStatus: 'weird' }), URL).exitStatus).toBeNull();
  });

  it('a blocked build keeps its last state like REST shows it', () => {
    expect(buildFromGraphQL(ref, graphqlBuild('BLOCKED', 'PASSED'), [])).toMatchObject({
      state: 'passed',
      blocked: true,
    });
    expect(buildFromGraphQL(ref, graphqlBuild('BLOCKED', 'RUNNING'), [])).toMatchObject({
      state: 'running',
      blocked: true,
    });
    expect(buildFromGraphQL(ref, graphqlBuild('BLOCKED', null), [])).toMatchObject({ state: 'blocked', blocked: true });
    expect(buildFromGraphQL(ref, graphqlBuild('FAILING', null), [])).toMatchObject({
      state: 'failing',
      blocked: false,
    });
    // a build blocked while jobs still run can be canceled; one blocked after passing cannot (REST docs)
    expect(canCancelBuild(buildFromGraphQL(ref, graphqlBuild('BLOCKED', 'RUNNING'), []))).toBe(true);
    expect(canCancelBuild(buildFromGraphQL(ref, graphqlBuild('BLOCKED', 'PASSED'), []))).toBe(false);
  });

  it('block, trigger and wait jobs get the build URL + #uuid', () => {
    const block: GraphQLJob = {
      __typename: 'JobTypeBlock',
      id: 'b',
      uuid: 'u2',
      label: 'Go?',
      state: 'BLOCKED',
      isUnblockable: true,
    };
    expect(jobFromGraphQL(block, URL)).toMatchObject({
      type: 'block',
      webUrl: `${URL}#u2`,
      unblockable: true,
      fields: null,
    });
    const trigger: GraphQLJob = {
      __typename: 'JobTypeTrigger',
      id: 't',
      uuid: 'u3',
      label: null,
      state: 'FINISHED',
      triggered: { number: 12, url: 'https://buildkite.com/acme/deploy/builds/12' },
    };
    expect(jobFromGraphQL(trigger, URL)).toMatchObject({
      type: 'trigger',
      triggered: { number: 12, url: 'https://buildkite.com/acme/deploy/builds/12' },
    });
  });
});

describe('REST → JobView', () => {
  it.each([
    ['script', 'command'],
    ['manual', 'block'],
    ['waiter', 'wait'],
    ['trigger', 'trigger'],
  ])('type %s → %s', (type, expected) => {
    expect(jobFromRest({ id: 'j', type, state: 'passed' } as never, URL).type).toBe(expected);
  });
});

describe('block step fields from REST (undocumented extra: the pipeline YAML shape)', () => {
  it('text and select fields, required by default, defaults normalised, unreadable items left out', () => {
    expect(
      blockFieldsFromRest([
        { key: 'notes', text: 'Notes', format: '[a-z]+' },
        {
          key: 'env',
          select: 'Environment',
          required: false,
          default: ['prod'],
          options: [{ label: 'Prod', value: 'prod' }, { value: 'dev' }],
        },
        {
          key: 'regions',
          select: 'Regions',
          multiple: true,
          default: 'us\neu',
          options: [
            { label: 'US', value: 'us' },
            { label: 'EU', value: 'eu' },
          ],
        },
        { text: 'no key' },
        'nonsense',
      ]),
    ).toEqual([
      {
        key: 'notes',
        kind: 'text',
        label: 'Notes',
        hint: null,
        required: true,
        default: null,
        multiple: false,
        options: [],
        format: '[a-z]+',
      },
      {
        key: 'env',
        kind: 'select',
        label: 'Environment',
        hint: null,
        required: false,
        default: 'prod',
        multiple: false,
        format: null,
        options: [
          { label: 'Prod', value: 'prod' },
          { label: 'dev', value: 'dev' },
        ],
      },
      {
        key: 'regions',
        kind: 'select',
        label: 'Regions',
        hint: null,
        required: true,
        default: ['us', 'eu'],
        multiple: true,
        format: null,
        options: [
          { label: 'US', value: 'us' },
          { label: 'EU', value: 'eu' },
        ],
      },
    ]);
    expect(blockFieldsFromRest(null)).toBeNull();
    expect(blockFieldsFromRest([])).toEqual([]);
  });
});
