import { BUILDS, JOBS, ORGS, PIPELINES, REVIEWER, USER } from './seed-ids';
import { FULL_SCOPES, READ_SCOPES, TOKENS } from './seed-tokens';
import { iso, newBuild, newJob, type BlockField, type FakeState, type JobRec, type TokenRec } from './model';

export type { FakeState } from './model';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Fields of the block step in acme/web #104. */
export const STAGING_FIELDS: BlockField[] = [
  { type: 'text', key: 'release-name', text: 'Release name', hint: 'Shown in the changelog', required: true },
  {
    type: 'select', key: 'environment', select: 'Environment', required: true, multiple: false, default: 'staging',
    options: [{ label: 'Staging', value: 'staging' }, { label: 'Production', value: 'production' }],
  },
  {
    type: 'select', key: 'regions', select: 'Regions', hint: 'Pick any', required: false, multiple: true,
    options: [
      { label: 'US East', value: 'us-east' },
      { label: 'EU West', value: 'eu-west' },
      { label: 'AP South', value: 'ap-south' },
    ],
  },
];

/** A fresh copy of the seed data. Timestamps are relative to now; ids and numbers are fixed (seed-ids.ts). */
export function seed(now: number = Date.now()): FakeState {
  const at = (minAgo: number) => iso(now - minAgo * MIN);
  const token = (value: string, uuid: string, t: Partial<TokenRec>): TokenRec => ({
    value, uuid, scopes: [...FULL_SCOPES], description: null, createdAt: at(60 * 24 * 10), expiresAt: iso(now + 30 * DAY),
    revoked: false, ipBlocked: false, orgs: null, userId: USER.id, ...t,
  });
  /** a finished command job: started `from` minutes ago, ran `dur` minutes */
  const ran = (id: string, name: string, from: number, dur: number, exitStatus: number, extra: Partial<JobRec> = {}) =>
    newJob({
      id, type: 'script', name, command: `./ci/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.sh`,
      stepKey: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), state: exitStatus === 0 ? 'passed' : 'failed',
      exitStatus, createdAt: at(from + 1), scheduledAt: at(from + 1), runnableAt: at(from + 0.5), startedAt: at(from),
      finishedAt: at(from - dur), agentName: 'ci-agent-1', ...extra,
    });

  const state: FakeState = {
    users: [
      { id: USER.id, name: USER.name, email: USER.email, createdAt: '2021-03-04T05:06:07.890Z' },
      { id: REVIEWER.id, name: REVIEWER.name, email: REVIEWER.email, createdAt: '2022-01-02T03:04:05.678Z' },
    ],
    tokens: [
      token(TOKENS.full, '5a1b2c3d-0001-4e5f-8a9b-0c1d2e3f4a51', { description: 'Kitedeck (full)' }),
      token(TOKENS.readonly, '5a1b2c3d-0002-4e5f-8a9b-0c1d2e3f4a52', {
        description: 'Kitedeck (read only)', scopes: [...READ_SCOPES], orgs: ['acme'],
      }),
      token(TOKENS.revoked, '5a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a53', { description: 'Old laptop', revoked: true }),
      token(TOKENS.expiring, '5a1b2c3d-0004-4e5f-8a9b-0c1d2e3f4a54', {
        description: 'Expiring soon', createdAt: at(60 * 24 * 4), expiresAt: iso(now + 3 * DAY),
      }),
      token(TOKENS.expired, '5a1b2c3d-0005-4e5f-8a9b-0c1d2e3f4a55', {
        description: 'Expired', createdAt: at(60 * 24 * 8), expiresAt: iso(now - DAY),
      }),
      token(TOKENS.ipBlocked, '5a1b2c3d-0006-4e5f-8a9b-0c1d2e3f4a56', { description: 'Office only', ipBlocked: true }),
      token(TOKENS.legacy, '5a1b2c3d-0007-4e5f-8a9b-0c1d2e3f4a57', {
        description: 'CI script (2019)', createdAt: '2019-06-07T08:09:10.000Z', expiresAt: null,
        scopes: ['read_user', 'read_organizations', 'read_pipelines', 'read_builds', 'read_build_logs', 'write_builds'],
      }),
    ],
    orgs: [
      { ...ORGS.acme, createdAt: '2018-04-05T06:07:08.123Z' },
      { ...ORGS.globex, createdAt: '2019-10-11T12:13:14.456Z' },
    ],
    pipelines: Object.values(PIPELINES).map((p) => ({
      id: p.id, org: p.org, slug: p.slug, name: p.name, description: `${p.name} pipeline`,
      repository: `git@github.com:${p.org}/${p.slug}.git`, defaultBranch: 'main', createdAt: '2020-02-03T04:05:06.789Z',
      createdById: USER.id,
    })),
    builds: [],
  };

  const B = BUILDS;
  const commit = (n: number) => `${n.toString(16).padStart(5, '0')}b72a1e580e90712cdd9eb26d3fb41cd09c8`;
  state.builds.push(
    newBuild({
      ...B.webPassed, creatorId: USER.id, state: 'passed', message: 'Bump version to 2.4.0', commit: commit(101),
      createdAt: at(181), scheduledAt: at(181), startedAt: at(180), finishedAt: at(170), metaData: { release: '2.4.0' },
      jobs: [
        ran(JOBS.passedLint, 'Lint', 180, 2, 0),
        ran(JOBS.passedTest, 'Test', 180, 6, 0),
        newJob({ id: JOBS.passedWait, type: 'waiter', state: 'passed', createdAt: at(181), scheduledAt: at(181), finishedAt: at(174) }),
        ran(JOBS.passedBuild, 'Build', 174, 2, 0),
        newJob({
          id: JOBS.passedTrigger, type: 'trigger', name: 'Deploy', stepKey: 'deploy', state: 'passed', async: false,
          triggeredBuildId: B.deployPassed.id, createdAt: at(181), scheduledAt: at(181), startedAt: at(172), finishedAt: at(170),
        }),
      ],
    }),
    newBuild({
      ...B.webSoftFailed, creatorId: USER.id, state: 'passed', message: 'Tweak header colours', commit: commit(102),
      createdAt: at(151), scheduledAt: at(151), startedAt: at(150), finishedAt: at(144),
      jobs: [ran(JOBS.softTest, 'Test', 150, 5, 0), ran(JOBS.softFailed, 'Visual diff', 150, 6, 1, { softFailed: true })],
    }),
    newBuild({
      ...B.webFailed, creatorId: USER.id, state: 'failed', message: 'Refactor session store', commit: commit(103),
      createdAt: at(121), scheduledAt: at(121), startedAt: at(120), failingAt: at(116), finishedAt: at(100),
      jobs: [
        ran(JOBS.failedLint, 'Lint', 120, 2, 0),
        ran(JOBS.failedUnit, 'Unit tests', 120, 4, 1, { log: 'Running unit tests\n  1) session store keeps the user\nError: expected 1 to equal 2\n1 failing\n' }),
        ran(JOBS.agentLost, 'Integration tests', 120, 15, -1, { agentName: 'ci-agent-3', log: 'Running integration tests\n' }),
        ran(JOBS.agentStopped, 'E2E tests', 120, 9, -1, { signal: 'SIGTERM', signalReason: 'agent_stop', agentName: 'ci-agent-2' }),
        ran(JOBS.retriedOriginal, 'Flaky suite', 119, 3, 1, {
          stepId: '6b7c8d9e-0103-4f00-8a00-000000000005', retried: true, retriedInJobId: JOBS.retriedReplacement, retriedById: USER.id,
        }),
        ran(JOBS.retriedReplacement, 'Flaky suite', 110, 3, 1, {
          stepId: '6b7c8d9e-0103-4f00-8a00-000000000005', createdAt: at(111), scheduledAt: at(111), runnableAt: at(111),
          retriesCount: 1, retryType: 'manual', retrySourceJobId: JOBS.retriedOriginal,
        }),
      ],
    }),
    newBuild({
      ...B.webFailing, creatorId: USER.id, state: 'failing', message: 'Add login form', branch: 'feature/login',
      commit: commit(104), createdAt: at(11), scheduledAt: at(11), startedAt: at(10), failingAt: at(5),
      pullRequest: { id: '42', base: 'main', repository: 'git@github.com:acme/web.git' },
      jobs: [
        ran(JOBS.failingLint, 'Lint', 10, 2, 0),
        ran(JOBS.failingUnit, 'Unit tests', 10, 5, 1, { log: 'Running unit tests\nError: login form renders\n1 failing\n' }),
        newJob({
          id: JOBS.failingIntegration, type: 'script', name: 'Integration tests', stepKey: 'integration', command: './ci/integration.sh',
          state: 'running', createdAt: at(11), scheduledAt: at(11), runnableAt: at(10), startedAt: at(6), agentName: 'ci-agent-2',
        }),
        newJob({
          id: JOBS.failingBlock, type: 'manual', name: 'Deploy to staging?', stepKey: 'staging-gate', state: 'blocked',
          prompt: 'Fill in the release details', fields: structuredClone(STAGING_FIELDS), createdAt: at(11), scheduledAt: at(11),
        }),
        newJob({ id: JOBS.failingWait, type: 'waiter', state: 'waiting', createdAt: at(11), scheduledAt: at(11) }),
        newJob({
          id: JOBS.failingDeploy, type: 'script', name: 'Deploy staging', stepKey: 'deploy-staging', command: './ci/deploy.sh staging',
          state: 'waiting', createdAt: at(11), scheduledAt: at(11),
        }),
      ],
    }),
    newBuild({
      ...B.webRunning, creatorId: USER.id, state: 'running', message: 'Bump dependencies', commit: commit(105),
      createdAt: at(5), scheduledAt: at(5), startedAt: at(4),
      jobs: [
        ran(JOBS.runningLint, 'Lint', 4, 1, 0),
        newJob({
          id: JOBS.runningTest, type: 'script', name: 'Test', stepKey: 'test', command: './ci/test.sh', state: 'running',
          createdAt: at(5), scheduledAt: at(5), runnableAt: at(4), startedAt: at(3), agentName: 'ci-agent-1',
        }),
        newJob({
          id: JOBS.runningPackage, type: 'script', name: 'Package', stepKey: 'package', command: './ci/package.sh',
          state: 'scheduled', createdAt: at(5), scheduledAt: at(5), runnableAt: at(4),
        }),
      ],
    }),
    newBuild({
      ...B.deployPassed, creatorId: USER.id, state: 'passed', message: 'Bump version to 2.4.0', commit: commit(101),
      source: 'trigger_job', triggeredFromJobId: JOBS.passedTrigger, createdAt: at(172), scheduledAt: at(172),
      startedAt: at(172), finishedAt: at(170), jobs: [ran(JOBS.deployJob, 'Deploy production', 172, 2, 0)],
    }),
    newBuild({
      ...B.deployBlocked, creatorId: USER.id, state: 'passed', blocked: true, message: 'Release 2.5.0', commit: commit(13),
      createdAt: at(61), scheduledAt: at(61), startedAt: at(60), finishedAt: at(55),
      jobs: [
        ran(JOBS.blockedBuildJob, 'Build release', 60, 5, 0),
        newJob({
          id: JOBS.blockedRelease, type: 'manual', name: 'Release', stepKey: 'release', state: 'blocked', createdAt: at(61),
          scheduledAt: at(61), prompt: 'Ship it?',
          fields: [{ type: 'text', key: 'release-notes', text: 'Release notes', required: true }],
        }),
        newJob({
          id: JOBS.blockedAfter, type: 'script', name: 'Publish release', stepKey: 'publish', command: './ci/publish.sh',
          state: 'waiting', createdAt: at(61), scheduledAt: at(61),
        }),
      ],
    }),
    newBuild({
      ...B.globexFailed, creatorId: USER.id, state: 'failed', message: 'Initial commit', commit: commit(901),
      createdAt: at(301), scheduledAt: at(301), startedAt: at(300), failingAt: at(298), finishedAt: at(298),
      jobs: [ran(JOBS.globexFailedJob, 'Test', 300, 2, 2)],
    }),
  );
  return state;
}
