import { describe, expect, it } from 'vitest';
import { controlState, type Control } from '@/lib/in-page/permissions';
import { build, FULL, job, READ_ONLY_TOKEN, uuid } from './fixtures';

const failed = job({ id: uuid(2), state: 'failed', passed: false, exitStatus: 1 });
const running = job({ id: uuid(3), state: 'running', passed: null, exitStatus: null });

describe('controlState', () => {
  it.each<
    [
      string,
      Control,
      Parameters<typeof controlState>[1],
      Partial<ReturnType<typeof build>>,
      ReturnType<typeof job> | undefined,
      { hidden: boolean; reason: RegExp | null },
    ]
  >([
    ['rebuild with a full token', 'rebuild', FULL, {}, undefined, { hidden: false, reason: null }],
    [
      'rebuild in read-only mode is hidden',
      'rebuild',
      { ...FULL, readOnlyMode: true },
      {},
      undefined,
      { hidden: true, reason: null },
    ],
    [
      'rebuild without write_builds is disabled',
      'rebuild',
      READ_ONLY_TOKEN,
      {},
      undefined,
      { hidden: false, reason: /write_builds/ },
    ],
    ['cancel while failing', 'cancel', FULL, { state: 'failing' }, undefined, { hidden: false, reason: null }],
    ['cancel while scheduled', 'cancel', FULL, { state: 'scheduled' }, undefined, { hidden: false, reason: null }],
    ['no cancel once failed', 'cancel', FULL, { state: 'failed' }, undefined, { hidden: true, reason: null }],
    [
      'no cancel once passed and blocked',
      'cancel',
      FULL,
      { state: 'passed', blocked: true },
      undefined,
      { hidden: true, reason: null },
    ],
    ['unblock offered with a blocked step', 'unblock', FULL, {}, undefined, { hidden: false, reason: null }],
    [
      'unblock hidden in read-only mode',
      'unblock',
      { ...FULL, readOnlyMode: true },
      {},
      undefined,
      { hidden: true, reason: null },
    ],
    ['retry a failed job', 'retry-job', FULL, {}, failed, { hidden: false, reason: null }],
    ['no retry of a running job', 'retry-job', FULL, {}, running, { hidden: true, reason: null }],
    [
      'cancel a running job needs graphql',
      'cancel-job',
      { ...FULL, graphql: false },
      {},
      running,
      { hidden: false, reason: /graphql/ },
    ],
    ['cancel a running job', 'cancel-job', FULL, {}, running, { hidden: false, reason: null }],
    ['log needs read_build_logs', 'log', READ_ONLY_TOKEN, {}, failed, { hidden: false, reason: /read_build_logs/ }],
    [
      'log stays in read-only mode (it does not write)',
      'log',
      { ...FULL, readOnlyMode: true },
      {},
      failed,
      { hidden: false, reason: null },
    ],
  ])('%s', (_name, control, capabilities, buildPatch, target, expected) => {
    const state = controlState(control, capabilities, build(buildPatch), target);
    expect(state.hidden).toBe(expected.hidden);
    if (expected.reason) expect(state.disabledReason).toMatch(expected.reason);
    else expect(state.disabledReason).toBeNull();
  });
});
