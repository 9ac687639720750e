/**
 * The catalogue of Buildkite webhook events with a payload template for each.
 *
 * Decisions where Buildkite's docs leave a gap or the docs contradict themselves:
 * - `sender` is the object `{id, name}` shown in every example, not the String one docs table gives.
 * - `build.skipped` means "a build has been skipped" (`build_events.md`); the webhooks page's "A job has been
 *   scheduled" is a copy error. `build.started` from the generic example is not an event and is not listed.
 * - `package.created`: `package` is a plain object; the docs example's extra braces are a typo.
 * - Test Engine: the docs show a whole body only for the transition-count monitor. For `passed_on_retry`
 *   and `probabilistic_flakiness` they show flat objects whose `type` matches `workflow_event.type`, so Kitedeck
 *   places those fields in `workflow_event` inside the same envelope. The recover event's name is undocumented;
 *   `workflow.recover` is offered as a guess and says so in its `caveat`.
 * - Build payloads carry the REST build without `jobs`; a real build passed in keeps every other field.
 * - `cluster_token` fields follow the cluster agent token API (the webhook docs name only "REST agent token").
 */

import {
  sampleAgent,
  sampleBuild,
  sampleClusterToken,
  sampleJob,
  sampleOrganization,
  samplePackage,
  samplePipeline,
  sampleSender,
  type JsonObject,
  type SampleBuildState,
  type SampleSeed,
} from './sample-objects';
import { testEngineAlarmPayload, TEST_ENGINE_MONITORS } from './test-engine-payloads';

export type { JsonObject } from './sample-objects';

export type EventFamily = 'pipelines' | 'test-engine' | 'package-registries';
export type EventGroup = 'ping' | 'build' | 'job' | 'agent' | 'cluster-token' | 'package' | 'test-engine';

/** Real data to put in a payload instead of the samples (REST objects fetched by the caller). */
export interface TemplateContext extends SampleSeed {
  build?: JsonObject;
  job?: JsonObject;
  pipeline?: JsonObject;
  agent?: JsonObject;
  organization?: JsonObject;
  sender?: JsonObject;
  /** The webhook's URL, shown in `ping`'s `service.settings.url`. */
  serviceUrl?: string;
  /** One of the event's `variants` (Test Engine: the monitor type). */
  variant?: string;
}

export interface WebhookEventSpec {
  name: string;
  family: EventFamily;
  group: EventGroup;
  description: string;
  /** Set when something about this event is not documented by Buildkite. */
  caveat?: string;
  /** Alternative payload shapes the template can produce (`TemplateContext.variant`). */
  variants?: readonly string[];
  template(ctx?: TemplateContext): JsonObject;
}

const BUILD_STATE_FOR_EVENT: Record<string, SampleBuildState> = {
  'build.scheduled': 'scheduled',
  'build.running': 'running',
  'build.failing': 'failing',
  'build.finished': 'passed',
  'build.skipped': 'skipped',
};

function buildWithoutJobs(build: JsonObject): JsonObject {
  const copy = { ...build };
  delete copy['jobs'];
  return copy;
}

function buildPart(event: string, ctx: TemplateContext): JsonObject {
  return ctx.build ? buildWithoutJobs(ctx.build) : sampleBuild(BUILD_STATE_FOR_EVENT[event] ?? 'running', ctx);
}

function pipelinePart(ctx: TemplateContext): JsonObject {
  const nested = ctx.build?.['pipeline'];
  if (ctx.pipeline) return ctx.pipeline;
  if (nested && typeof nested === 'object') return nested as JsonObject;
  return samplePipeline(ctx);
}

function buildEvent(name: string, description: string): WebhookEventSpec {
  return {
    name,
    family: 'pipelines',
    group: 'build',
    description,
    template: (ctx = {}) => ({
      event: name,
      build: buildPart(name, ctx),
      pipeline: pipelinePart(ctx),
      sender: ctx.sender ?? sampleSender(),
    }),
  };
}

function jobEvent(name: string, description: string, kind: 'script' | 'manual', state: string): WebhookEventSpec {
  return {
    name,
    family: 'pipelines',
    group: 'job',
    description,
    template: (ctx = {}) => {
      const build = buildPart(name, ctx);
      const job = ctx.job ?? sampleJob({ kind, state, build, seed: ctx });
      const payload: JsonObject = {
        event: name,
        job,
        build,
        pipeline: pipelinePart(ctx),
        sender: ctx.sender ?? sampleSender(),
      };
      if (name !== 'job.promised_exit_status') return payload;
      if (ctx.job) return { ...payload, promised_exit_status_reason: null };
      const promised = {
        ...job,
        promised_exit_status: 1,
        promised_exit_status_at: new Date((ctx.now ?? new Date()).getTime() - 30_000).toISOString(),
      };
      return { ...payload, job: promised, promised_exit_status_reason: 'Known flaky upload: failure expected' };
    },
  };
}

function agentEvent(name: string, description: string, connectionState: string): WebhookEventSpec {
  return {
    name,
    family: 'pipelines',
    group: 'agent',
    description,
    template: (ctx = {}) => {
      const agent = ctx.agent ?? sampleAgent(connectionState, ctx);
      const payload: JsonObject = { event: name, agent, sender: ctx.sender ?? sampleSender() };
      if (name !== 'agent.blocked') return payload;
      const blockedIp = typeof agent['ip_address'] === 'string' ? agent['ip_address'] : '198.51.100.7';
      return { ...payload, blocked_ip: blockedIp, cluster_token: sampleClusterToken(ctx) };
    },
  };
}

export const WEBHOOK_EVENTS: readonly WebhookEventSpec[] = [
  {
    name: 'ping',
    family: 'pipelines',
    group: 'ping',
    description: "The webhook's settings have changed",
    template: (ctx = {}) => ({
      event: 'ping',
      service: {
        id: 'c9f8372d-c0cd-43dc-9274-768a875cf6ca',
        provider: 'webhook',
        settings: { url: ctx.serviceUrl ?? 'https://server.com/webhooks' },
      },
      organization: ctx.organization ?? sampleOrganization(ctx),
      sender: ctx.sender ?? sampleSender(),
    }),
  },
  buildEvent('build.scheduled', 'A build has been scheduled'),
  buildEvent('build.running', 'A build has started running'),
  buildEvent('build.failing', 'A build is failing'),
  buildEvent('build.finished', 'A build has finished'),
  buildEvent('build.skipped', 'A build has been skipped'),
  jobEvent('job.scheduled', 'A job has been scheduled', 'script', 'scheduled'),
  jobEvent('job.started', 'A command step job has started running on an agent', 'script', 'running'),
  jobEvent('job.finished', 'A job has finished', 'script', 'passed'),
  jobEvent('job.activated', 'A block step job has been unblocked from the web or the API', 'manual', 'unblocked'),
  jobEvent(
    'job.promised_exit_status',
    'A running job has declared the exit status it expects (job.finished still follows)',
    'script',
    'running',
  ),
  agentEvent('agent.connected', 'An agent has connected', 'connected'),
  agentEvent('agent.lost', 'An agent has been marked as lost', 'lost'),
  agentEvent('agent.disconnected', 'An agent has disconnected', 'disconnected'),
  agentEvent('agent.stopping', 'An agent is stopping', 'stopping'),
  agentEvent('agent.stopped', 'An agent has stopped', 'stopped'),
  agentEvent('agent.blocked', "An agent's IP address is no longer in its agent token's allowed IPs", 'disconnected'),
  {
    name: 'cluster_token.registration_blocked',
    family: 'pipelines',
    group: 'cluster-token',
    description: "An agent registration was blocked: its IP address is not in the agent token's allowed IPs",
    template: (ctx = {}) => ({
      event: 'cluster_token.registration_blocked',
      blocked_ip: '202.188.43.20',
      cluster_token: sampleClusterToken(ctx),
      sender: ctx.sender ?? sampleSender(),
    }),
  },
  {
    name: 'package.created',
    family: 'package-registries',
    group: 'package',
    description: 'A package has been created in a registry',
    template: (ctx = {}) => ({
      event: 'package.created',
      package: samplePackage(ctx),
      sender: ctx.sender ?? sampleSender(),
    }),
  },
  {
    name: 'workflow.alarm',
    family: 'test-engine',
    group: 'test-engine',
    description: "A Test Engine workflow's monitor raised an alarm for a test",
    variants: TEST_ENGINE_MONITORS,
    template: (ctx = {}) => testEngineAlarmPayload('workflow.alarm', ctx.variant, ctx),
  },
  {
    name: 'workflow.recover',
    family: 'test-engine',
    group: 'test-engine',
    description: "A Test Engine workflow's monitor reported that a test recovered",
    caveat: 'Buildkite does not document the recover event\'s name; "workflow.recover" is a guess.',
    variants: TEST_ENGINE_MONITORS,
    template: (ctx = {}) => testEngineAlarmPayload('workflow.recover', ctx.variant, ctx),
  },
];

export function findEvent(name: string): WebhookEventSpec | undefined {
  return WEBHOOK_EVENTS.find((spec) => spec.name === name);
}

/** Events whose payload can be filled from a real build (build.* and job.*). */
export function canFillFromBuild(eventName: string): boolean {
  const group = findEvent(eventName)?.group;
  return group === 'build' || group === 'job';
}

/**
 * The payload of a build or job event filled with a real REST build ("use build 123 of this pipeline").
 * Without `pipeline`, the build's nested pipeline is used; without `job`, a job of the build that fits the
 * event (a block step for `job.activated`, a command step otherwise); a build without one gets a sample job
 * pointing at the real build.
 */
export function fillFromBuild(
  eventName: string,
  data: { build: JsonObject; job?: JsonObject; pipeline?: JsonObject },
): JsonObject {
  const spec = findEvent(eventName);
  if (!spec || !canFillFromBuild(eventName)) {
    throw new RangeError(`Only build.* and job.* events can be filled from a build, not "${eventName}".`);
  }
  const ctx: TemplateContext = { build: data.build };
  if (data.pipeline) ctx.pipeline = data.pipeline;
  if (spec.group === 'job') {
    const job = data.job ?? pickJob(data.build, eventName === 'job.activated' ? 'manual' : 'script');
    if (job) ctx.job = job;
  }
  return spec.template(ctx);
}

function pickJob(build: JsonObject, type: 'script' | 'manual'): JsonObject | undefined {
  const jobs = Array.isArray(build['jobs']) ? (build['jobs'] as unknown[]) : [];
  return jobs.find(
    (job): job is JsonObject => typeof job === 'object' && job !== null && (job as JsonObject)['type'] === type,
  );
}
