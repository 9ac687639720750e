// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { batchSize, requestsFor, toBatches } from '@/lib/bulk/batch';
import { afterRateLimited, decidePace, initialPace } from '@/lib/bulk/pacing';
import { planCancel, planRebuild, planRetry, planSuperseded, recheckPlan } from '@/lib/bulk/plan';
import type { RateLimitSnapshot } from '@/lib/buildkite/rate-limit';
import type { BuildState } from '@/lib/builds/model';
import type { BuildRow } from '@/lib/pipelines/model';
import { build, failed, job } from '../builds/job-shapes';

const row = (number: number, state: BuildState, branch = 'main'): BuildRow => ({
  id: `0190a1b2-0000-4a00-8b00-${String(number).padStart(12, '0')}`,
  graphqlId: `QnVp${number}`,
  org: 'acme',
  pipeline: 'web',
  number,
  state,
  blocked: false,
  branch,
  commit: 'abcdef1234567',
  message: null,
  createdAt: number * 1000,
  webUrl: `https://buildkite.com/acme/web/builds/${number}`,
  creator: null,
});

describe('planSuperseded', () => {
  it('cancels every scheduled or running build older than the newest on the branch', () => {
    const builds = [
      row(1, 'passed'),
      row(2, 'running'),
      row(3, 'scheduled'),
      row(4, 'running'),
      row(5, 'failed'),
      row(6, 'running'),
      row(7, 'running', 'other'),
    ];
    const plan = planSuperseded(builds, 'main');
    expect(plan.items.map((item) => item.build.number)).toEqual([4, 3, 2]);
    expect(plan.items[0]!.effect).toBe('cancel (running, superseded by #6)');
    expect(plan.leftOut).toEqual([{ key: 'acme/web/6', number: 6, reason: 'the newest build on main: kept' }]);
  });

  it('keeps the newest even when it finished, and plans nothing on an empty branch', () => {
    expect(planSuperseded([row(1, 'running'), row(2, 'passed')], 'main').items.map((i) => i.key)).toEqual([
      'acme/web/1',
    ]);
    expect(planSuperseded([], 'main').items).toEqual([]);
  });
});

describe('planCancel / planRebuild', () => {
  it('leaves out finished builds with the reason', () => {
    const plan = planCancel([row(1, 'running'), row(2, 'passed'), row(3, 'canceling')]);
    expect(plan.items.map((item) => item.key)).toEqual(['acme/web/1']);
    expect(plan.leftOut.map((entry) => entry.reason)).toEqual([
      'not canceled: already passed',
      'not canceled: already being canceled',
    ]);
  });

  it('rebuilds every selected build', () => {
    expect(planRebuild([row(1, 'passed'), row(2, 'failed')]).items.map((item) => item.effect)).toEqual([
      'rebuild main at abcdef1',
      'rebuild main at abcdef1',
    ]);
  });
});

describe('planRetry', () => {
  it('uses the build page preview rules per build', () => {
    const a = build([failed({ label: 'Test' }), failed({ label: 'Soft', softFailed: true })], { number: 1 });
    const b = build([job({ label: 'Lint' })], { number: 2 });
    const plan = planRetry([a, b]);
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]!.effect).toBe('retry 1 job: Test');
    expect(plan.leftOut.map((entry) => [entry.number, entry.reason])).toEqual([
      [1, 'Soft left out: soft-failed (allowed to fail; include soft-failed jobs to retry it)'],
      [2, 'no failed job'],
    ]);
  });
});

describe('recheckPlan', () => {
  it('skips a build that finished since the preview, with the reason', () => {
    const plan = planCancel([row(1, 'running'), row(2, 'running')]);
    const fresh = new Map([
      ['acme/web/1', row(1, 'passed')],
      ['acme/web/2', row(2, 'running')],
    ]);
    const checked = recheckPlan(plan, fresh);
    expect(checked.send.map((item) => item.key)).toEqual(['acme/web/2']);
    expect(checked.skipped).toEqual([expect.objectContaining({ reason: 'already passed since the preview' })]);
  });

  it('skips a build that is gone, and keeps only the jobs still retryable', () => {
    const test = failed({ label: 'Test' });
    const lint = failed({ label: 'Lint' });
    const plan = planRetry([build([test, lint], { number: 1 })]);
    const fresh = build([{ ...test, retried: true }, lint], { number: 1 });
    const checked = recheckPlan(plan, new Map([['acme/web/1', fresh]]));
    expect(checked.send[0]!.jobs!.map((j) => j.name)).toEqual(['Lint']);
    expect(recheckPlan(plan, new Map()).skipped[0]!.reason).toBe('not found any more');
  });
});

describe('batching', () => {
  it('fits 50 cancels in one request, and splits by complexity and budget', () => {
    expect(batchSize({ costPerItem: 2 })).toBe(100);
    expect(requestsFor(50, 'graphql', { costPerItem: 2 })).toBe(1);
    expect(batchSize({ costPerItem: 1000 })).toBe(50);
    expect(batchSize({ costPerItem: 2, remainingPoints: 40 })).toBe(10);
    expect(batchSize({ costPerItem: 2, remainingPoints: 0 })).toBe(1);
    expect(requestsFor(7, 'rest', { costPerItem: 2 })).toBe(7);
    expect(toBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('pacing', () => {
  const NOW = 1_000_000;
  const snap = (remaining: number, resetIn = 30, user: number | null = null): RateLimitSnapshot => ({
    api: 'rest',
    remaining,
    limit: 200,
    resetAt: NOW + resetIn * 1000,
    userRemaining: user,
    userLimit: user === null ? null : 50,
    userResetAt: user === null ? null : NOW + resetIn * 1000,
    complexityRequested: null,
    complexityActual: null,
    at: NOW,
  });

  it('sends while at least half of what was left stays, then waits for the reset', () => {
    let state = initialPace();
    let remaining = 10;
    let sent = 0;
    for (;;) {
      const decision = decidePace(snap(remaining), state, NOW);
      if (!decision.send) {
        expect(decision.waitUntil).toBe(NOW + 30_000);
        expect(decision.reason).toMatch(/leaving half/);
        break;
      }
      state = decision.state;
      sent += 1;
      remaining -= 1;
    }
    expect(sent).toBe(5);
    expect(remaining).toBe(5);
  });

  it('paces by the tighter of org and user budgets', () => {
    const decision = decidePace(snap(150, 30, 1), initialPace(), NOW);
    expect(decision.send).toBe(false);
  });

  it('sends when nothing is known or the window has reset', () => {
    expect(decidePace(null, initialPace(), NOW).send).toBe(true);
    expect(decidePace(snap(0, -1), initialPace(), NOW).send).toBe(true);
  });

  it('never sends before a 429 reset', () => {
    const state = afterRateLimited(initialPace(), NOW + 42_000);
    const decision = decidePace(null, state, NOW + 1000);
    expect(decision).toMatchObject({ send: false, waitUntil: NOW + 42_000 });
    expect(decidePace(null, state, NOW + 42_000).send).toBe(true);
  });
});
