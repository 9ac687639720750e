/**
 * Test Engine workflow webhook bodies.
 *
 * The docs show a whole body only for the transition-count monitor:
 *   {subject{type, test_id, test_full_name, test_location, test_url}, workflow_id, workflow_url, event,
 *    workflow_event{type: "transition_count"}}
 * For the passed-on-retry and probabilistic-flakiness monitors they show flat objects with a `type` and the
 * monitor's fields; whether those are whole bodies or the `workflow_event` part is undocumented.
 * Kitedeck reads them as the `workflow_event` part (their `type` is the monitor type, as in
 * `workflow_event.type`) and keeps the documented envelope, so a receiver always gets the test it concerns.
 */

import type { JsonObject, SampleSeed } from './sample-objects';

export const TEST_ENGINE_MONITORS = ['transition_count', 'passed_on_retry', 'probabilistic_flakiness'] as const;
export type TestEngineMonitor = (typeof TEST_ENGINE_MONITORS)[number];

const TEST_ID = '08b99391-8caa-88c7-8d45-98c6fd3f94b7';
const WORKFLOW_ID = '0198a11d-9486-7ac5-a87a-d55d2642cd3f';
const SUITE = 'my-suite';

function isMonitor(value: string | undefined): value is TestEngineMonitor {
  return (TEST_ENGINE_MONITORS as readonly string[]).includes(value ?? '');
}

export function testEngineAlarmPayload(event: string, variant: string | undefined, seed: SampleSeed = {}): JsonObject {
  const monitor: TestEngineMonitor = isMonitor(variant) ? variant : 'transition_count';
  const org = seed.orgSlug ?? 'acme-inc';
  const suiteUrl = `https://buildkite.com/organizations/${org}/analytics/suites/${SUITE}`;
  return {
    subject: {
      type: 'test',
      test_id: TEST_ID,
      test_full_name: 'Checkout applies the discount code',
      test_location: './spec/checkout_spec.rb:22',
      test_url: `${suiteUrl}/tests/${TEST_ID}`,
    },
    workflow_id: WORKFLOW_ID,
    workflow_url: `${suiteUrl}/workflows/${WORKFLOW_ID}`,
    event,
    workflow_event: workflowEvent(monitor, seed.now ?? new Date()),
  };
}

function workflowEvent(monitor: TestEngineMonitor, now: Date): JsonObject {
  const timestamp = now.toISOString();
  switch (monitor) {
    case 'transition_count':
      return { type: 'transition_count' };
    case 'passed_on_retry':
      return {
        type: 'passed_on_retry',
        execution_id: '01996fcb-3dba-72dd-bdc0-9bf9e06bf4fe',
        timestamp,
        execution_run_id: '01996fcb-3dba-7b9a-9c53-b1ffb0960f31',
        execution_commit_sha: '1c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d',
        execution_branch: 'main',
        window_days: 7,
        window_executions: 100,
        commit_count_threshold_high: 2,
        commit_count_threshold_low: 0,
        executions_in_window: 42,
        days_in_window: 6,
        commit_count: 1,
      };
    case 'probabilistic_flakiness':
      return {
        type: 'probabilistic_flakiness',
        timestamp,
        branch_filter: 'main',
        score: 0.2,
        score_threshold_high: 0.1,
        score_threshold_low: 0.08,
      };
  }
}
