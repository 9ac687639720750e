import type { BuildView, JobView } from '@/lib/builds/model';

/** JobView / BuildView builders for table tests: defaults are a finished, passed command job on a failed build. */
let counter = 0;
export function job(partial: Partial<JobView> = {}): JobView {
  counter += 1;
  const id = partial.id ?? `0190a1b2-0000-4a00-8b00-${String(counter).padStart(12, '0')}`;
  return {
    id,
    graphqlId: `Sm9iLS0t${counter}`,
    type: 'command',
    label: `Job ${counter}`,
    state: 'passed',
    passed: true,
    softFailed: false,
    exitStatus: 0,
    signal: null,
    signalReason: null,
    retried: false,
    retriedInJobId: null,
    retriesCount: 0,
    retryType: null,
    webUrl: `https://buildkite.com/acme/web/builds/1#${id}`,
    unblockable: null,
    prompt: null,
    fields: null,
    triggered: null,
    ...partial,
  };
}

export const failed = (partial: Partial<JobView> = {}) =>
  job({ state: 'failed', passed: false, exitStatus: 1, ...partial });

export function build(jobs: JobView[], partial: Partial<BuildView> = {}): BuildView {
  return {
    id: '01908131-7d9f-495e-a17b-000000000103',
    graphqlId: 'QnVpbGQtLS0x',
    number: 103,
    state: 'failed',
    blocked: false,
    webUrl: 'https://buildkite.com/acme/web/builds/103',
    branch: 'main',
    commit: 'abc',
    message: 'm',
    createdAt: null,
    startedAt: null,
    finishedAt: null,
    org: 'acme',
    pipeline: { slug: 'web', name: 'Web', graphqlId: null },
    jobs,
    source: 'graphql',
    ...partial,
  };
}
