import type { BuildCapabilities, BuildView, JobView } from '@/lib/builds/model';

export function job(patch: Partial<JobView> & { id: string }): JobView {
  return {
    graphqlId: null,
    type: 'command',
    label: 'Unit tests',
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
    webUrl: `https://buildkite.com/acme/web/builds/104#${patch.id}`,
    unblockable: null,
    prompt: null,
    fields: null,
    triggered: null,
    ...patch,
  };
}

export const uuid = (n: number) => `0190a1b2-0000-4a00-8b00-${String(n).padStart(12, '0')}`;

export function build(patch: Partial<BuildView> = {}): BuildView {
  return {
    id: '01908131-7d9f-495e-a17b-000000000104',
    graphqlId: 'QnVpbGQtLS0x',
    number: 104,
    state: 'failing',
    blocked: false,
    webUrl: 'https://buildkite.com/acme/web/builds/104',
    branch: 'feature/login',
    commit: 'abc123',
    message: 'Add login form',
    createdAt: null,
    startedAt: null,
    finishedAt: null,
    org: 'acme',
    pipeline: { slug: 'web', name: 'Web', graphqlId: null },
    jobs: [
      job({ id: uuid(1), label: 'Lint' }),
      job({ id: uuid(2), label: 'Unit', state: 'failed', passed: false, exitStatus: 1 }),
      job({ id: uuid(3), label: 'Integration', state: 'running', passed: null, exitStatus: null }),
      job({
        id: uuid(4),
        type: 'block',
        label: 'Deploy to staging?',
        state: 'blocked',
        passed: null,
        exitStatus: null,
        unblockable: true,
        prompt: 'Fill in the release details',
        fields: [
          {
            key: 'release-name',
            kind: 'text',
            label: 'Release name',
            hint: 'Shown in the changelog',
            required: true,
            default: null,
            multiple: false,
            options: [],
          },
          {
            key: 'environment',
            kind: 'select',
            label: 'Environment',
            hint: null,
            required: true,
            default: 'staging',
            multiple: false,
            options: [
              { label: 'Staging', value: 'staging' },
              { label: 'Production', value: 'production' },
            ],
          },
          {
            key: 'regions',
            kind: 'select',
            label: 'Regions',
            hint: 'Pick any',
            required: false,
            default: null,
            multiple: true,
            options: [
              { label: 'US East', value: 'us-east' },
              { label: 'EU West', value: 'eu-west' },
            ],
          },
        ],
      }),
    ],
    source: 'graphql',
    ...patch,
  };
}

export const FULL: BuildCapabilities = {
  scopes: ['read_builds', 'write_builds', 'read_build_logs', 'graphql'],
  graphql: true,
  canRead: true,
  canWrite: true,
  canReadLogs: true,
  readOnlyMode: false,
};
export const READ_ONLY_TOKEN: BuildCapabilities = {
  ...FULL,
  scopes: ['read_builds'],
  graphql: false,
  canWrite: false,
  canReadLogs: false,
};

/**
 * What the background's `loadInPageUi` does for a tab: it runs the on-demand script there, which publishes its
 * functions (entrypoints/buildkite-ui.content). Mocked `askBackground`s answer that message with this.
 */
export async function injectInPageUi() {
  const [{ publishInPageUi }, { inPageUi }] = await Promise.all([
    import('@/lib/in-page/on-demand'),
    import('@/lib/in-page/on-demand-ui'),
  ]);
  publishInPageUi(inPageUi);
  return { ok: true, value: true } as const;
}
