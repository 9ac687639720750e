import type { RateLimitSnapshot } from '../buildkite/rate-limit';
import { describeError, KdFailure, toKdError } from '../errors';
import type { BuildView } from '../builds/model';
import type { BuildRow } from '../pipelines/model';
import { batchSize, toBatches } from './batch';
import { afterRateLimited, decidePace, initialPace } from './pacing';
import { recheckPlan, type BulkPlan, type PlanItem } from './plan';

/**
 * Runs a confirmed bulk plan: re-check every build just before sending (one read), skip what changed with the
 * reason, then send each write ONCE, as aliased GraphQL mutations in batches or as paced REST calls. A failure in one
 * build is that build's outcome; the others go on and are reported. Stop stops sending at once: nothing more leaves
 * after it (a request already on the wire is reported with its answer). The caller owns where the report lives.
 */

export type OutcomeStatus = 'pending' | 'done' | 'skipped' | 'failed' | 'not-sent';

export interface BulkOutcome {
  key: string;
  number: number;
  status: OutcomeStatus;
  detail: string;
  /** A link for the result (the new build of a rebuild). */
  url?: string;
}

export interface BulkReport {
  id: string;
  action: BulkPlan['action'];
  api: 'graphql' | 'rest';
  startedAt: number;
  finishedAt: number | null;
  stopped: boolean;
  /** Shown while the job waits for the rate budget. */
  waiting: { until: number; reason: string } | null;
  /** Requests sent so far (re-check read included). */
  requests: number;
  outcomes: BulkOutcome[];
  /** Set when the whole job could not run (e.g. the re-check read failed); nothing was sent then. */
  error?: string;
}

export type SendResult = { ok: true; detail: string; url?: string } | { ok: false; reason: string };

export interface RunDeps {
  api: 'graphql' | 'rest';
  /** Reads the planned builds afresh (GraphQL: ONE request; `onRequest` counts them). Keys are `org/pipeline/number`. */
  recheck(items: readonly PlanItem[], onRequest: () => void): Promise<Map<string, BuildRow | BuildView>>;
  /** GraphQL: one request with one alias per item; a result per key. */
  sendBatch(items: readonly PlanItem[]): Promise<Map<string, SendResult>>;
  /** REST: one request (or, for a retry, one per job; `onRequest` counts them). */
  sendOne(item: PlanItem, onRequest: () => void): Promise<SendResult>;
  /** The organisation's latest budget for the API in use. */
  budget(): Promise<RateLimitSnapshot | null>;
  /** GraphQL cost of one alias (for batch sizes). */
  costPerItem: number;
  isStopped(): Promise<boolean>;
  /** Resolves at `until` or as soon as Stop is pressed. */
  sleepUntil(until: number): Promise<void>;
  now(): number;
  report(report: BulkReport): Promise<void>;
}

const outcome = (item: PlanItem, status: OutcomeStatus, detail: string, url?: string): BulkOutcome => ({
  key: item.key,
  number: item.build.number,
  status,
  detail,
  ...(url ? { url } : {}),
});

export async function runBulk(id: string, plan: BulkPlan, deps: RunDeps): Promise<BulkReport> {
  const report: BulkReport = {
    id,
    action: plan.action,
    api: deps.api,
    startedAt: deps.now(),
    finishedAt: null,
    stopped: false,
    waiting: null,
    requests: 0,
    outcomes: plan.items.map((item) => outcome(item, 'pending', 'waiting to be sent')),
  };
  const set = (next: BulkOutcome) => {
    const index = report.outcomes.findIndex((entry) => entry.key === next.key);
    if (index >= 0) report.outcomes[index] = next;
  };
  const save = () => deps.report({ ...report, outcomes: [...report.outcomes] });
  const finish = async () => {
    for (const entry of report.outcomes)
      if (entry.status === 'pending')
        set({ ...entry, status: 'not-sent', detail: report.stopped ? 'not sent: stopped' : 'not sent' });
    report.waiting = null;
    report.finishedAt = deps.now();
    await save();
    return report;
  };
  const stopNow = async () => {
    if (report.stopped) return true;
    report.stopped = await deps.isStopped();
    return report.stopped;
  };

  await save();
  if (plan.items.length === 0 || (await stopNow())) return finish();

  let send: PlanItem[];
  try {
    const fresh = await deps.recheck(plan.items, () => {
      report.requests += 1;
    });
    const checked = recheckPlan(plan, fresh);
    for (const { item, reason } of checked.skipped) set(outcome(item, 'skipped', `skipped: ${reason}`));
    send = checked.send;
  } catch (cause) {
    report.error = `Nothing was sent: the builds could not be re-checked. ${describeError(toKdError(cause))}`;
    return finish();
  }
  await save();

  if (deps.api === 'graphql') {
    const budget = await deps.budget();
    const remainingPoints = budget ? Math.min(budget.remaining ?? Infinity, budget.userRemaining ?? Infinity) : null;
    const size = batchSize({
      costPerItem: deps.costPerItem,
      remainingPoints: Number.isFinite(remainingPoints) ? remainingPoints : null,
    });
    for (const batch of toBatches(send, size)) {
      if (await stopNow()) break;
      report.requests += 1;
      try {
        const results = await deps.sendBatch(batch);
        for (const item of batch) {
          const result = results.get(item.key) ?? { ok: false, reason: 'no answer for this build' };
          set(
            result.ok
              ? outcome(item, 'done', result.detail, result.url)
              : outcome(item, 'failed', `failed: ${result.reason}`),
          );
        }
      } catch (cause) {
        // The request failed as a whole: each of its builds is reported, and none is sent again.
        const said = describeError(toKdError(cause));
        for (const item of batch) set(outcome(item, 'failed', `failed: ${said}`));
      }
      await save();
    }
    return finish();
  }

  let pace = initialPace();
  for (const item of send) {
    for (;;) {
      if (await stopNow()) return finish();
      const decision = decidePace(await deps.budget(), pace, deps.now());
      if (decision.send) {
        pace = decision.state;
        break;
      }
      report.waiting = { until: decision.waitUntil, reason: decision.reason };
      await save();
      await deps.sleepUntil(decision.waitUntil);
    }
    if (report.waiting) {
      report.waiting = null;
      await save();
    }
    try {
      const result = await deps.sendOne(item, () => {
        report.requests += 1;
      });
      set(
        result.ok
          ? outcome(item, 'done', result.detail, result.url)
          : outcome(item, 'failed', `failed: ${result.reason}`),
      );
    } catch (cause) {
      const error = toKdError(cause);
      if (cause instanceof KdFailure && error.kind === 'rate-limited')
        pace = afterRateLimited(pace, error.retryAt ?? deps.now() + 60_000);
      set(outcome(item, 'failed', `failed: ${describeError(error)}`));
    }
    await save();
  }
  return finish();
}
