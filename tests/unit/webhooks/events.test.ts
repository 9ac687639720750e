import { describe, expect, it } from 'vitest';
import { canFillFromBuild, fillFromBuild, findEvent, WEBHOOK_EVENTS, type JsonObject } from '@/lib/webhooks/events';

const NOW = new Date('2026-11-28T12:00:00.000Z');

// Digest §5.1: every event name, by family.
const DOCUMENTED_EVENTS = {
  pipelines: [
    'ping',
    'build.scheduled',
    'build.running',
    'build.failing',
    'build.finished',
    'build.skipped',
    'job.scheduled',
    'job.started',
    'job.finished',
    'job.activated',
    'job.promised_exit_status',
    'agent.connected',
    'agent.lost',
    'agent.disconnected',
    'agent.stopping',
    'agent.stopped',
    'agent.blocked',
    'cluster_token.registration_blocked',
  ],
  'package-registries': ['package.created'],
  'test-engine': ['workflow.alarm'],
};

// Digest §5.5: documented top-level keys per event.
function documentedTopLevelKeys(event: string): string[] {
  if (event === 'ping') return ['event', 'service', 'organization', 'sender'];
  if (event.startsWith('build.')) return ['event', 'build', 'pipeline', 'sender'];
  if (event === 'job.promised_exit_status')
    return ['event', 'job', 'build', 'pipeline', 'sender', 'promised_exit_status_reason'];
  if (event.startsWith('job.')) return ['event', 'job', 'build', 'pipeline', 'sender'];
  if (event === 'agent.blocked') return ['event', 'agent', 'sender', 'blocked_ip', 'cluster_token'];
  if (event.startsWith('agent.')) return ['event', 'agent', 'sender'];
  if (event === 'cluster_token.registration_blocked') return ['event', 'blocked_ip', 'cluster_token', 'sender'];
  if (event === 'package.created') return ['event', 'package', 'sender'];
  if (event.startsWith('workflow.')) return ['subject', 'workflow_id', 'workflow_url', 'event', 'workflow_event'];
  throw new Error(`no documented shape for ${event}`);
}

const sorted = (keys: string[]) => [...keys].sort();

describe('the event catalogue', () => {
  it('lists every documented event in its family, and nothing undocumented except the flagged recover guess', () => {
    for (const [family, names] of Object.entries(DOCUMENTED_EVENTS)) {
      for (const name of names) expect(findEvent(name), name).toMatchObject({ name, family });
    }
    const documented = new Set(Object.values(DOCUMENTED_EVENTS).flat());
    const extra = WEBHOOK_EVENTS.filter((spec) => !documented.has(spec.name));
    expect(extra.map((spec) => spec.name)).toEqual(['workflow.recover']);
    expect(extra[0]?.caveat).toMatch(/guess/);
    expect(findEvent('build.started')).toBeUndefined();
  });

  it('has unique names and a description for each event', () => {
    expect(new Set(WEBHOOK_EVENTS.map((spec) => spec.name)).size).toBe(WEBHOOK_EVENTS.length);
    for (const spec of WEBHOOK_EVENTS) expect(spec.description.length).toBeGreaterThan(10);
    expect(findEvent('build.skipped')?.description).toBe('A build has been skipped');
  });

  it.each(WEBHOOK_EVENTS.map((spec) => [spec.name, spec] as const))(
    '%s template has the documented top-level keys',
    (name, spec) => {
      for (const variant of spec.variants ?? [undefined]) {
        const payload = spec.template({ now: NOW, ...(variant ? { variant } : {}) });
        expect(sorted(Object.keys(payload))).toEqual(sorted(documentedTopLevelKeys(name)));
        expect(payload['event']).toBe(name);
        expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
      }
    },
  );

  it.each(WEBHOOK_EVENTS.filter((spec) => 'sender' in spec.template({ now: NOW })).map((spec) => spec.name))(
    '%s sender is the {id, name} object of the examples (§8.18)',
    (name) => {
      expect(findEvent(name)?.template({ now: NOW })['sender']).toEqual({
        id: expect.any(String),
        name: expect.any(String),
      });
    },
  );

  it('renders the same bytes twice for the same "now"', () => {
    for (const spec of WEBHOOK_EVENTS) {
      expect(JSON.stringify(spec.template({ now: NOW }))).toBe(JSON.stringify(spec.template({ now: NOW })));
    }
  });

  it('fills nested objects with realistic REST shapes', () => {
    const finished = findEvent('build.finished')!.template({ now: NOW });
    const build = finished['build'] as JsonObject;
    expect(build).toMatchObject({
      number: 42,
      state: 'passed',
      blocked: false,
      finished_at: '2026-11-28T11:59:55.000Z',
    });
    expect(build).not.toHaveProperty('jobs');
    expect(finished['pipeline']).toMatchObject({ slug: 'my-pipeline', provider: { id: 'github' } });

    const started = findEvent('job.started')!.template({ now: NOW });
    expect(started['job']).toMatchObject({
      type: 'script',
      state: 'running',
      agent: { connection_state: 'connected' },
    });
    expect(String((started['job'] as JsonObject)['web_url'])).toMatch(/\/builds\/42#/);

    const activated = findEvent('job.activated')!.template({ now: NOW });
    expect(activated['job']).toMatchObject({
      type: 'manual',
      state: 'unblocked',
      unblocked_by: { name: 'Some Person' },
    });

    const promised = findEvent('job.promised_exit_status')!.template({ now: NOW });
    expect(promised['job']).toMatchObject({ promised_exit_status: 1, promised_exit_status_at: expect.any(String) });
    expect(promised['promised_exit_status_reason']).toEqual(expect.any(String));

    expect(findEvent('agent.lost')!.template({ now: NOW })['agent']).toMatchObject({
      connection_state: 'lost',
      lost_at: expect.any(String),
    });
    expect(findEvent('ping')!.template({ serviceUrl: 'https://hooks.example.com/bk' })['service']).toEqual({
      id: expect.any(String),
      provider: 'webhook',
      settings: { url: 'https://hooks.example.com/bk' },
    });
    expect(findEvent('package.created')!.template({ now: NOW })['package']).toMatchObject({
      name: 'banana',
      organization: { slug: 'acme-inc' },
      registry: { slug: 'my-registry', graphql_id: expect.any(String) },
    });
  });

  it('Test Engine variants put the monitor fields in workflow_event', () => {
    const spec = findEvent('workflow.alarm')!;
    expect(spec.template({ now: NOW })['workflow_event']).toEqual({ type: 'transition_count' });
    expect(spec.template({ now: NOW, variant: 'probabilistic_flakiness' })['workflow_event']).toMatchObject({
      type: 'probabilistic_flakiness',
      score: 0.2,
      score_threshold_high: 0.1,
    });
    expect(spec.template({ now: NOW, variant: 'passed_on_retry' })['workflow_event']).toMatchObject({
      type: 'passed_on_retry',
      window_days: 7,
      execution_id: expect.any(String),
    });
    expect(spec.template({ now: NOW })['subject']).toMatchObject({
      type: 'test',
      test_location: expect.stringMatching(/:\d+$/),
    });
  });

  it('uses real objects from the context instead of samples', () => {
    const sender = { id: 'u-1', name: 'Real Person' };
    const agent = { id: 'a-1', name: 'real-agent', connection_state: 'connected', ip_address: '192.0.2.9' };
    const blocked = findEvent('agent.blocked')!.template({ agent, sender });
    expect(blocked).toMatchObject({ agent, sender, blocked_ip: '192.0.2.9' });
  });
});

describe('fillFromBuild', () => {
  const pipeline = { id: 'p-1', slug: 'real-pipeline', name: 'Real pipeline' };
  const scriptJob = { id: 'j-1', type: 'script', state: 'passed', exit_status: 0 };
  const blockJob = { id: 'j-2', type: 'manual', state: 'unblocked' };
  const build = {
    id: 'b-1',
    number: 123,
    state: 'passed',
    url: 'https://api.buildkite.com/v2/organizations/acme/pipelines/real-pipeline/builds/123',
    web_url: 'https://buildkite.com/acme/real-pipeline/builds/123',
    jobs: [{ id: 'j-0', type: 'waiter' }, scriptJob, blockJob],
    pipeline,
  };

  it('puts the real build (without jobs) and its pipeline in a build event', () => {
    const payload = fillFromBuild('build.finished', { build });
    const { jobs: _jobs, ...withoutJobs } = build;
    expect(payload).toMatchObject({ event: 'build.finished', build: withoutJobs, pipeline });
    expect(payload['build']).not.toHaveProperty('jobs');
  });

  it('prefers an explicitly given pipeline and job', () => {
    const other = { id: 'p-2', slug: 'other' };
    const job = { id: 'j-9', type: 'script' };
    expect(fillFromBuild('job.finished', { build, pipeline: other, job })).toMatchObject({ pipeline: other, job });
  });

  it('picks a command job for job events and the block step for job.activated', () => {
    expect(fillFromBuild('job.started', { build })['job']).toEqual(scriptJob);
    expect(fillFromBuild('job.activated', { build })['job']).toEqual(blockJob);
  });

  it('falls back to a sample job pointing at the real build when the build has no such job', () => {
    const job = fillFromBuild('job.activated', { build: { ...build, jobs: [scriptJob] } })['job'] as JsonObject;
    expect(job['type']).toBe('manual');
    expect(job['build_url']).toBe(build.url);
    expect(String(job['web_url'])).toMatch(/^https:\/\/buildkite\.com\/acme\/real-pipeline\/builds\/123#/);
  });

  it('refuses events that are not about a build', () => {
    expect(canFillFromBuild('agent.connected')).toBe(false);
    expect(canFillFromBuild('job.finished')).toBe(true);
    expect(() => fillFromBuild('agent.connected', { build })).toThrow(/build\.\* and job\.\*/);
    expect(() => fillFromBuild('nope', { build })).toThrow(RangeError);
  });
});
