import { describe, expect, it } from 'vitest';
import { applyObservation, applyPoll, baselineNotified, rearmAfterRetry, type PollOutcome } from '@/lib/watch/decide';
import { newWatchedBuild, type BuildObservation, type WatchedBuild, type WatchedState } from '@/lib/watch/model';
import { planNotifications } from '@/lib/watch/notification-plan';
import { watchBadge } from '@/lib/watch/badge';

const REF = { org: 'acme', pipeline: 'web', number: 105 };
const BLOCK = { jobId: '0190a1b2-0000-4a00-8b00-000000013002', label: 'Release', unblockable: true };

function seen(state: WatchedState, extra: Partial<BuildObservation> = {}, ref = REF): BuildObservation {
  return {
    ...ref,
    pipelineName: 'Web',
    branch: 'main',
    message: 'Bump dependencies',
    webUrl: `https://buildkite.com/${ref.org}/${ref.pipeline}/builds/${ref.number}`,
    state,
    createdAt: 1,
    startedAt: 2,
    blockSteps: state === 'blocked' ? [BLOCK] : [],
    newer: null,
    ...extra,
  };
}

const observed = (...observations: BuildObservation[]): PollOutcome => ({
  kind: 'observed',
  observations: new Map(observations.map((o) => [`${o.org}/${o.pipeline}/${o.number}`, o])),
  notFound: new Set(),
});

/** Runs a sequence of polls, optionally through a JSON round trip (a worker or browser restart reads storage). */
function run(states: WatchedState[], restartBetween = false, start = newWatchedBuild(REF, 'auto', 0)) {
  let list: WatchedBuild[] = [start];
  const sent: string[] = [];
  states.forEach((state, i) => {
    if (restartBetween) list = JSON.parse(JSON.stringify(list)) as WatchedBuild[];
    const result = applyPoll(list, observed(seen(state)), i);
    list = result.list;
    sent.push(...result.events.map((e) => e.kind));
  });
  return { list, sent };
}

describe('transitions → notifications, exactly once', () => {
  it.each<[string, WatchedState[], string[]]>([
    ['running → failing → failed', ['running', 'failing', 'failed'], ['failing', 'failed']],
    ['repeated polls of the same state', ['running', 'failing', 'failing', 'failed', 'failed'], ['failing', 'failed']],
    ['passed', ['scheduled', 'running', 'passed'], ['passed']],
    ['canceled', ['running', 'canceling', 'canceled'], ['canceled']],
    [
      'blocked, then unblocked and passed',
      ['running', 'blocked', 'blocked', 'running', 'passed'],
      ['blocked', 'passed'],
    ],
    ['a missed failing (asleep) still tells the result', ['running', 'failed'], ['failed']],
    ['first seen already failed (auto-watched)', ['failed'], ['failed']],
    ['skipped', ['scheduled', 'skipped'], ['skipped']],
  ])('%s', (_name, states, expected) => {
    expect(run(states).sent).toEqual(expected);
    expect(run(states, true).sent).toEqual(expected);
  });

  it('restart between polls: nothing twice, nothing missed', () => {
    const first = run(['running', 'failing'], true);
    const restarted = JSON.parse(JSON.stringify(first.list)) as WatchedBuild[];
    const again = applyPoll(restarted, observed(seen('failing')), 10);
    expect(again.events).toEqual([]);
    const finished = applyPoll(again.list, observed(seen('failed')), 11);
    expect(finished.events.map((e) => e.kind)).toEqual(['failed']);
    expect(applyPoll(finished.list, observed(seen('failed')), 12).events).toEqual([]);
  });

  it('a build watched by hand: what it shows now is not news, what follows is', () => {
    const observation = seen('failing');
    const start = {
      ...applyObservation(newWatchedBuild(REF, 'popup', 0, observation), observation, 0).build,
      notified: baselineNotified(observation),
    };
    expect(run(['failing', 'failed'], false, start).sent).toEqual(['failed']);
  });

  it('a second block step on the same build is news again', () => {
    const other = { ...BLOCK, jobId: '0190a1b2-0000-4a00-8b00-000000013099', label: 'Production' };
    let list = [newWatchedBuild(REF, 'auto', 0)];
    const kinds: string[] = [];
    for (const o of [seen('blocked'), seen('running'), seen('blocked', { blockSteps: [other] })]) {
      const r = applyPoll(list, observed(o), 1);
      list = r.list;
      kinds.push(...r.events.map((e) => e.notifyKey));
    }
    expect(kinds).toEqual([`blocked:${BLOCK.jobId}`, `blocked:${other.jobId}`]);
  });

  it('after "Retry failed jobs" the new result is notified again', () => {
    const failed = run(['running', 'failed']).list[0]!;
    const rearmed = rearmAfterRetry(failed, 5);
    expect(run(['running', 'failed'], false, rearmed).sent).toEqual(['failed']);
  });
});

describe('end states', () => {
  it('404: the build ends as not found, is no longer polled, and nothing is notified', () => {
    const list = run(['running']).list;
    const outcome: PollOutcome = { kind: 'observed', observations: new Map(), notFound: new Set(['acme/web/105']) };
    const result = applyPoll(list, outcome, 9);
    expect(result.list[0]!.end).toBe('not-found');
    expect(result.events).toEqual([]);
    expect(applyPoll(result.list, observed(seen('failed')), 10).events).toEqual([]);
  });

  it('401: every active watch ends as token invalid; finished ones are left alone', () => {
    const done = run(['passed']).list[0]!;
    const live = { ...run(['running']).list[0]!, key: 'acme/web/106', number: 106 };
    const result = applyPoll([done, live], { kind: 'token-invalid' }, 9);
    expect(result.list.map((b) => b.end)).toEqual([null, 'token-invalid']);
  });
});

describe('notification plan', () => {
  const builds = [105, 106, 107].map((number) => ({ ...REF, number }));
  const start = builds.map(
    (ref) => applyPoll([newWatchedBuild(ref, 'auto', 0)], observed(seen('running', {}, ref)), 0).list[0]!,
  );

  it('several builds finishing in one poll make ONE summary; failing/blocked stay separate', () => {
    const result = applyPoll(
      start,
      observed(seen('failed', {}, builds[0]), seen('passed', {}, builds[1]), seen('failing', {}, builds[2])),
      1,
    );
    const plans = planNotifications(result.events);
    expect(plans).toHaveLength(2);
    expect(plans[0]!.title).toBe('Web #107 is failing');
    expect(plans[1]!.title).toBe('2 watched builds finished, 1 failed');
    expect(plans[1]!.message).toBe('Web #105 (main) failed\nWeb #106 (main) passed');
  });

  it('a single result says pipeline, number, result and branch, with the right buttons', () => {
    const failed = planNotifications(applyPoll([start[0]!], observed(seen('failed', {}, builds[0])), 1).events);
    expect(failed).toEqual([
      expect.objectContaining({
        id: 'kd-watch:acme/web/105:failed',
        title: 'Web #105 failed',
        message: 'Branch main · Bump dependencies',
        buttons: ['open', 'retry'],
        click: 'digest', // a click opens the failure digest; "Open build" is the button
      }),
    ]);
    const readOnly = planNotifications(applyPoll([start[0]!], observed(seen('failed', {}, builds[0])), 1).events, true);
    expect(readOnly[0]!.buttons).toEqual(['open']);
    const blocked = planNotifications(applyPoll([start[0]!], observed(seen('blocked', {}, builds[0])), 1).events);
    expect(blocked[0]).toMatchObject({
      title: 'Web #105 is blocked, needs input',
      buttons: ['unblock', 'open'],
      click: 'unblock',
      jobId: BLOCK.jobId,
    });
    expect(blocked[0]!.message).toContain('Block step “Release” waits for input.');
  });
});

describe('badge', () => {
  it('counts running builds, red when one failed, nothing when none', () => {
    const running = run(['running']).list[0]!;
    const failed = { ...run(['failed']).list[0]!, key: 'x' };
    expect(watchBadge([])).toBeNull();
    expect(watchBadge([running])).toMatchObject({ text: '1', color: '#3b5bdb' });
    expect(watchBadge([running, failed])).toMatchObject({ text: '1', color: '#c62828' });
    expect(watchBadge([failed])).toMatchObject({ text: '✕', color: '#c62828' });
    expect(watchBadge([{ ...running, end: 'not-found' }])).toBeNull();
  });
});
