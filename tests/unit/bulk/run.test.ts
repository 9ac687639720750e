// @vitest-environment node
/* eslint-disable @typescript-eslint/require-await -- the fakes below answer at once, as async deps */
import { describe, expect, it } from 'vitest';
import { planCancel } from '@/lib/bulk/plan';
import { runBulk, type BulkReport, type RunDeps, type SendResult } from '@/lib/bulk/run';
import type { RateLimitSnapshot } from '@/lib/buildkite/rate-limit';
import type { BuildState } from '@/lib/builds/model';
import { KdFailure } from '@/lib/errors';
import type { BuildRow } from '@/lib/pipelines/model';

const row = (number: number, state: BuildState): BuildRow => ({
  id: `id-${number}`,
  graphqlId: `g-${number}`,
  org: 'acme',
  pipeline: 'web',
  number,
  state,
  blocked: false,
  branch: 'main',
  commit: 'abcdef1',
  message: null,
  createdAt: number,
  webUrl: `https://buildkite.com/acme/web/builds/${number}`,
  creator: null,
});

function harness(partial: Partial<RunDeps> & { fresh?: BuildRow[] } = {}) {
  let now = 1_000;
  const sent: string[][] = [];
  const reports: BulkReport[] = [];
  const deps: RunDeps = {
    api: 'graphql',
    costPerItem: 2,
    recheck: async (_items, onRequest) => {
      onRequest();
      return new Map((partial.fresh ?? []).map((b) => [`acme/web/${b.number}`, b]));
    },
    sendBatch: async (items) => {
      sent.push(items.map((item) => item.key));
      return new Map(items.map((item): [string, SendResult] => [item.key, { ok: true, detail: 'canceled' }]));
    },
    sendOne: async (item, onRequest) => {
      onRequest();
      sent.push([item.key]);
      return { ok: true, detail: 'canceled' };
    },
    budget: async () => null,
    isStopped: async () => false,
    sleepUntil: async (until) => {
      now = until;
    },
    now: () => now,
    report: async (report) => {
      reports.push(report);
    },
    ...partial,
  };
  return { deps, sent, reports };
}

describe('runBulk', () => {
  const plan = planCancel([row(1, 'running'), row(2, 'running'), row(3, 'running')]);

  it('re-checks once, skips what finished with the reason, sends the rest in one batch', async () => {
    const { deps, sent } = harness({ fresh: [row(1, 'running'), row(2, 'passed'), row(3, 'running')] });
    const report = await runBulk('j1', plan, deps);
    expect(sent).toEqual([['acme/web/1', 'acme/web/3']]);
    expect(report.requests).toBe(2);
    expect(report.outcomes.map((o) => [o.number, o.status, o.detail])).toEqual([
      [1, 'done', 'canceled'],
      [2, 'skipped', 'skipped: already passed since the preview'],
      [3, 'done', 'canceled'],
    ]);
    expect(report.finishedAt).not.toBeNull();
  });

  it('reports a failing alias as that build only, and a failed request for each build of it, never resending', async () => {
    const fresh = [row(1, 'running'), row(2, 'running'), row(3, 'running')];
    const { deps, sent } = harness({
      fresh,
      sendBatch: async (items) => {
        sent.push(items.map((i) => i.key));
        return new Map<string, SendResult>([
          ['acme/web/1', { ok: true, detail: 'canceled' }],
          ['acme/web/2', { ok: false, reason: 'Buildkite said “nope”' }],
        ]);
      },
    });
    const report = await runBulk('j2', plan, deps);
    expect(sent).toHaveLength(1);
    expect(report.outcomes.map((o) => o.status)).toEqual(['done', 'failed', 'failed']);
    expect(report.outcomes[2]!.detail).toBe('failed: no answer for this build');
  });

  it('Stop mid-way sends nothing more', async () => {
    let stop = false;
    const fresh = [row(1, 'running'), row(2, 'running'), row(3, 'running')];
    const { deps, sent } = harness({
      api: 'rest',
      fresh,
      isStopped: async () => stop,
      sendOne: async (item, onRequest) => {
        onRequest();
        sent.push([item.key]);
        stop = true;
        return { ok: true, detail: 'canceled' };
      },
    });
    const report = await runBulk('j3', plan, deps);
    expect(sent).toEqual([['acme/web/1']]);
    expect(report.stopped).toBe(true);
    expect(report.outcomes.map((o) => o.detail)).toEqual(['canceled', 'not sent: stopped', 'not sent: stopped']);
  });

  it('REST: waits for the window when half the budget is spent, shows the wait, never sends before a 429 reset', async () => {
    let remaining = 4;
    const fresh = [row(1, 'running'), row(2, 'running'), row(3, 'running')];
    const waits: string[] = [];
    const { deps, sent, reports } = harness({
      api: 'rest',
      fresh,
      budget: async (): Promise<RateLimitSnapshot> => ({
        api: 'rest',
        remaining,
        limit: 200,
        resetAt: 61_000,
        userRemaining: null,
        userLimit: null,
        userResetAt: null,
        complexityRequested: null,
        complexityActual: null,
        at: 1_000,
      }),
      sendOne: async (item, onRequest) => {
        onRequest();
        sent.push([item.key]);
        remaining -= 1;
        return { ok: true, detail: 'canceled' };
      },
      sleepUntil: async (until) => {
        waits.push(String(until));
        remaining = 200;
        now = until;
      },
    });
    let now = 1_000;
    deps.now = () => now;
    const report = await runBulk('j4', plan, deps);
    expect(sent).toHaveLength(3);
    expect(waits).toEqual(['61000']);
    expect(reports.some((r) => r.waiting?.reason.includes('leaving half'))).toBe(true);
    expect(report.outcomes.every((o) => o.status === 'done')).toBe(true);

    // A 429 on one build: that build fails, the next waits for the reset before sending.
    const limited = harness({
      api: 'rest',
      fresh,
      sendOne: async (item, onRequest) => {
        onRequest();
        limited.sent.push([item.key, String(limitedNow)]);
        if (item.key === 'acme/web/1')
          throw new KdFailure({
            kind: 'rate-limited',
            title: 'Rate limited by Buildkite',
            detail: '',
            action: '',
            retryAt: 50_000,
          });
        return { ok: true, detail: 'canceled' };
      },
      sleepUntil: async (until) => {
        limitedNow = until;
      },
    });
    let limitedNow = 1_000;
    limited.deps.now = () => limitedNow;
    const second = await runBulk('j5', plan, limited.deps);
    expect(limited.sent).toEqual([
      ['acme/web/1', '1000'],
      ['acme/web/2', '50000'],
      ['acme/web/3', '50000'],
    ]);
    expect(second.outcomes.map((o) => o.status)).toEqual(['failed', 'done', 'done']);
  });

  it('a failed re-check sends nothing and says why', async () => {
    const { deps, sent } = harness({
      recheck: async () => {
        throw new KdFailure({ kind: 'network', title: 'Offline', detail: 'x', action: 'y' });
      },
    });
    const report = await runBulk('j6', plan, deps);
    expect(sent).toEqual([]);
    expect(report.error).toMatch(/Nothing was sent/);
    expect(report.outcomes.every((o) => o.status === 'not-sent')).toBe(true);
  });
});
