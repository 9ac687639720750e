// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { RETRY_STATES } from '@/lib/builds/messages';
import type { JobView } from '@/lib/builds/model';
import { awaitsAutomaticRetry, isInfrastructureFailure, previewRetry } from '@/lib/builds/retry-preview';
import { build, failed, job } from './job-shapes';

const DEFAULT = { states: ['failed', 'timed_out'], onlyInfrastructure: false };
const ALL = { states: [...RETRY_STATES], onlyInfrastructure: false };

describe('isInfrastructureFailure (exit status, signal, signal reason as JobEventSignalReason documents them)', () => {
  it.each<[string, Partial<JobView>, boolean]>([
    ['exit 1: the command failed (tests)', { exitStatus: 1 }, false],
    ['exit 2', { exitStatus: 2 }, false],
    ['exit 255 without a reason', { exitStatus: 255 }, false],
    ['exit -1, no signal: the agent was lost', { exitStatus: -1 }, true],
    [
      'exit -1 + SIGTERM + agent_stop: the agent was stopped',
      { exitStatus: -1, signal: 'SIGTERM', signalReason: 'agent_stop' },
      true,
    ],
    ['AGENT_STOP in GraphQL case', { exitStatus: -1, signal: 'SIGTERM', signalReason: 'AGENT_STOP' }, true],
    ['exit -1 + SIGKILL, no reason: killed by another process or the OS', { exitStatus: -1, signal: 'SIGKILL' }, false],
    ['process_run_error: the process never started', { exitStatus: -1, signalReason: 'process_run_error' }, true],
    ['stack_error: the stack could not launch it', { exitStatus: -1, signalReason: 'stack_error' }, true],
    ['agent_refused: not run at all', { exitStatus: -1, signalReason: 'agent_refused' }, true],
    ['agent_incompatible: not run at all', { exitStatus: -1, signalReason: 'agent_incompatible' }, true],
    ['signature_rejected: a security verdict', { exitStatus: -1, signalReason: 'signature_rejected' }, false],
    [
      'cancel: someone canceled it',
      { state: 'canceled', exitStatus: -1, signal: 'SIGTERM', signalReason: 'cancel' },
      false,
    ],
    ['canceled before it ran', { state: 'canceled', exitStatus: null }, false],
    ['expired: no agent picked it up', { state: 'expired', exitStatus: null }, true],
    ['timed out (exit -1 + SIGTERM, no reason)', { state: 'timed_out', exitStatus: -1, signal: 'SIGTERM' }, false],
  ])('%s → %s', (_name, shape, expected) => {
    expect(isInfrastructureFailure(failed(shape))).toBe(expected);
  });
});

describe('previewRetry', () => {
  it('retries failed jobs, leaves passed and waiting jobs out of the lists', () => {
    const unit = failed({ label: 'Unit tests' });
    const lint = job({ label: 'Lint' });
    const later = job({ label: 'Later', state: 'waiting', passed: null, exitStatus: null });
    const preview = previewRetry(build([lint, unit, later]), DEFAULT);
    expect(preview.willRetry).toEqual([unit]);
    expect(preview.leftOut).toEqual([]);
  });

  it.each<[string, Partial<JobView>, string]>([
    ['soft-failed', { softFailed: true }, 'soft-failed (allowed to fail; include soft-failed jobs to retry it)'],
    [
      'canceled',
      { state: 'canceled', exitStatus: -1, signal: 'SIGTERM', signalReason: 'cancel' },
      'canceled (include canceled jobs to retry it)',
    ],
    ['expired', { state: 'expired', exitStatus: null }, 'expired (include expired jobs to retry it)'],
    [
      'manual retries disabled',
      { retryRules: { manual: false, automatic: [] } },
      'its step does not allow manual retries',
    ],
  ])('leaves a %s job out with the reason', (_name, shape, reason) => {
    const target = failed(shape);
    const preview = previewRetry(build([target]), DEFAULT);
    expect(preview.willRetry).toEqual([]);
    expect(preview.leftOut).toEqual([{ job: target, reason }]);
  });

  it('includes soft-failed, canceled and expired jobs when their states are chosen', () => {
    const jobs = [
      failed({ softFailed: true }),
      failed({ state: 'canceled', exitStatus: null }),
      failed({ state: 'expired', exitStatus: null }),
      failed({ state: 'timed_out', exitStatus: -1, signal: 'SIGTERM' }),
    ];
    expect(previewRetry(build(jobs), ALL).willRetry).toEqual(jobs);
  });

  it('says which job already retried a job, and how', () => {
    const original = failed({
      label: 'Flaky suite',
      retried: true,
      retriedInJobId: '0190a1b2-0000-4a00-8b00-000000103006',
    });
    const manual = failed({
      id: '0190a1b2-0000-4a00-8b00-000000103006',
      label: 'Flaky suite',
      retriesCount: 1,
      retryType: 'manual',
    });
    const preview = previewRetry(build([original, manual]), DEFAULT);
    expect(preview.leftOut).toEqual([{ job: original, reason: 'already retried (in job 0190a1b2, now failed)' }]);
    expect(preview.willRetry).toEqual([manual]);

    const auto = job({
      id: '0190a1b2-0000-4a00-8b00-000000103006',
      label: 'E2E',
      state: 'running',
      passed: null,
      exitStatus: null,
      retryType: 'automatic',
      retriesCount: 1,
    });
    const lost = failed({ label: 'Integration', exitStatus: -1, retried: true, retriedInJobId: auto.id });
    const running = previewRetry(build([lost, auto], { state: 'failing' }), DEFAULT);
    expect(running.leftOut).toEqual([
      { job: lost, reason: 'waiting for an automatic retry (in E2E, now running)' },
      { job: auto, reason: 'still running (running)' },
    ]);
  });

  it('an automatic retry that finished is "already retried automatically"', () => {
    const auto = failed({
      id: '0190a1b2-0000-4a00-8b00-000000200001',
      label: 'E2E',
      retryType: 'automatic',
      retriesCount: 1,
    });
    const lost = failed({ label: 'Integration', exitStatus: -1, retried: true, retriedInJobId: auto.id });
    expect(previewRetry(build([lost, auto]), DEFAULT).leftOut).toEqual([
      { job: lost, reason: 'already retried automatically (in E2E, now failed)' },
    ]);
  });

  it('waits for an automatic retry Buildkite is about to make (rule matches, attempts left, build running)', () => {
    const rules = { manual: true, automatic: [{ exitStatus: '-1', signal: null, signalReason: null, limit: 2 }] };
    const lost = failed({ exitStatus: -1, retryRules: rules });
    const running = build([lost], { state: 'failing' });
    expect(awaitsAutomaticRetry(running, lost)).toBe(true);
    expect(previewRetry(running, DEFAULT).leftOut).toEqual([
      { job: lost, reason: 'waiting for an automatic retry (its step retries this failure by itself)' },
    ]);
    // attempts used up, another exit status, or the build is over: Buildkite won't retry it by itself
    expect(awaitsAutomaticRetry(running, { ...lost, retriesCount: 2 })).toBe(false);
    expect(awaitsAutomaticRetry(running, { ...lost, exitStatus: 1 })).toBe(false);
    expect(awaitsAutomaticRetry(build([lost], { state: 'failed' }), lost)).toBe(false);
    const wildcard = { manual: true, automatic: [{ exitStatus: '*', signal: null, signalReason: null, limit: null }] };
    expect(awaitsAutomaticRetry(running, failed({ exitStatus: 3, retryRules: wildcard }))).toBe(true);
    const bySignal = {
      manual: true,
      automatic: [{ exitStatus: null, signal: null, signalReason: 'agent_stop', limit: 1 }],
    };
    expect(
      awaitsAutomaticRetry(
        running,
        failed({ exitStatus: -1, signal: 'SIGTERM', signalReason: 'agent_stop', retryRules: bySignal }),
      ),
    ).toBe(true);
  });

  it('only infrastructure failures: keeps agent lost/stopped, leaves test failures out with their exit status', () => {
    const tests = failed({ label: 'Unit', exitStatus: 1 });
    const lost = failed({ label: 'Integration', exitStatus: -1 });
    const stopped = failed({ label: 'E2E', exitStatus: -1, signal: 'SIGTERM', signalReason: 'agent_stop' });
    const killed = failed({ label: 'Build', exitStatus: -1, signal: 'SIGKILL' });
    const preview = previewRetry(build([tests, lost, stopped, killed]), {
      states: ['failed'],
      onlyInfrastructure: true,
    });
    expect(preview.willRetry).toEqual([lost, stopped]);
    expect(preview.leftOut).toEqual([
      { job: tests, reason: 'not an infrastructure failure (exit status 1)' },
      { job: killed, reason: 'not an infrastructure failure (killed by SIGKILL from outside the agent)' },
    ]);
  });

  it('retries while the build still runs, listing running jobs as left out', () => {
    const unit = failed();
    const integration = job({ state: 'running', passed: null, exitStatus: null });
    const preview = previewRetry(build([unit, integration], { state: 'failing' }), DEFAULT);
    expect(preview.willRetry).toEqual([unit]);
    expect(preview.leftOut).toEqual([{ job: integration, reason: 'still running (running)' }]);
  });

  it('a failed trigger step is not a command job; wait and block steps are not candidates', () => {
    const trigger = job({ type: 'trigger', state: 'failed', passed: null, exitStatus: null });
    const wait = job({ type: 'wait', state: 'canceled', passed: null, exitStatus: null });
    const block = job({ type: 'block', state: 'blocked', passed: null, exitStatus: null });
    const preview = previewRetry(build([trigger, wait, block]), DEFAULT);
    expect(preview.willRetry).toEqual([]);
    expect(preview.leftOut).toEqual([
      { job: trigger, reason: 'not a command job (only command steps can be retried; this trigger step failed)' },
    ]);
  });

  it('nothing is retried in a canceled build', () => {
    const unit = failed();
    const preview = previewRetry(build([unit], { state: 'canceled' }), ALL);
    expect(preview.willRetry).toEqual([]);
    expect(preview.leftOut).toEqual([
      { job: unit, reason: 'the build was canceled: Buildkite does not retry jobs of a canceled build' },
    ]);
  });
});
