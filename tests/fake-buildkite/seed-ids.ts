/**
 * Stable identifiers of the fake's seed data (tests/fake-buildkite/state.ts), so tests can refer to them.
 * UUIDs are hard-coded; GraphQL ids are base64("<Type>---<uuid>"), see `gqlId`.
 */
export const USER = {
  id: '3f0e2a8c-5d4b-4c1e-9a7f-1b2c3d4e5f60',
  name: 'Kai Tester',
  email: 'kai@kitedeck.test',
} as const;

/** A second member of both orgs (a valid `unblocker`). */
export const REVIEWER = {
  id: '4a1f3b9d-6e5c-4d2f-8b80-2c3d4e5f6071',
  name: 'Riley Reviewer',
  email: 'riley@kitedeck.test',
} as const;

export const ORGS = {
  acme: { slug: 'acme', id: 'a98961b7-adc1-41aa-8726-cfb2c46e42e0', name: 'Acme Inc' },
  globex: { slug: 'globex', id: 'b7c1d2e3-4f50-4a61-8b72-93a4b5c6d7e8', name: 'Globex Corporation' },
} as const;

export const PIPELINES = {
  web: { org: 'acme', slug: 'web', id: 'c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8', name: 'Web' },
  deploy: { org: 'acme', slug: 'deploy', id: 'c2b3c4d5-e6f7-4081-92a3-b4c5d6e7f809', name: 'Deploy' },
  globexApi: { org: 'globex', slug: 'api', id: 'c3c4d5e6-f708-4192-a3b4-c5d6e7f8091a', name: 'API' },
} as const;

const b = (org: string, pipeline: string, number: number, id: string) => ({ org, pipeline, number, id }) as const;

export const BUILDS = {
  /** acme/web #101: passed, main; lint, test, wait, build, trigger -> acme/deploy #12 */
  webPassed: b('acme', 'web', 101, '01908131-7d9f-495e-a17b-000000000101'),
  /** acme/web #102: passed with a soft-failed job */
  webSoftFailed: b('acme', 'web', 102, '01908131-7d9f-495e-a17b-000000000102'),
  /** acme/web #103: failed; a failed job, an agent-lost job (exit -1), an agent_stop job, an already-retried job */
  webFailed: b('acme', 'web', 103, '01908131-7d9f-495e-a17b-000000000103'),
  /** acme/web #104: failing (running with a failed job) and a block step with fields (text, select, multiple select) */
  webFailing: b('acme', 'web', 104, '01908131-7d9f-495e-a17b-000000000104'),
  /** acme/web #105: running, nothing failed yet (a cancel target) */
  webRunning: b('acme', 'web', 105, '01908131-7d9f-495e-a17b-000000000105'),
  /** acme/deploy #12: passed, triggered from acme/web #101 */
  deployPassed: b('acme', 'deploy', 12, '01908131-7d9f-495e-a17b-000000000012'),
  /** acme/deploy #13: blocked (REST state "passed" + blocked: true) on a block step with one required text field */
  deployBlocked: b('acme', 'deploy', 13, '01908131-7d9f-495e-a17b-000000000013'),
  /** globex/api #1: failed */
  globexFailed: b('globex', 'api', 1, '01908131-7d9f-495e-a17b-000000000901'),
} as const;

const j = (n: string) => `0190a1b2-0000-4a00-8b00-${n.padStart(12, '0')}`;

export const JOBS = {
  // #101
  passedLint: j('101001'),
  passedTest: j('101002'),
  passedWait: j('101003'),
  passedBuild: j('101004'),
  passedTrigger: j('101005'),
  // #102
  softTest: j('102001'),
  softFailed: j('102002'),
  // #103
  failedLint: j('103001'),
  failedUnit: j('103002'),
  agentLost: j('103003'),
  agentStopped: j('103004'),
  /** failed, then retried (retried: true, retried_in_job_id = retriedReplacement) */
  retriedOriginal: j('103005'),
  /** the retry of retriedOriginal; failed again (retries_count 1) */
  retriedReplacement: j('103006'),
  // #104
  failingLint: j('104001'),
  failingUnit: j('104002'),
  failingIntegration: j('104003'),
  /** block step "Deploy to staging?" with fields release-name (text, required), environment (select, required), regions (multiple select, optional) */
  failingBlock: j('104004'),
  failingWait: j('104005'),
  failingDeploy: j('104006'),
  // #105
  runningLint: j('105001'),
  runningTest: j('105002'),
  runningPackage: j('105003'),
  // acme/deploy #12
  deployJob: j('012001'),
  // acme/deploy #13
  blockedBuildJob: j('013001'),
  /** block step "Release" with one required text field release-notes */
  blockedRelease: j('013002'),
  blockedAfter: j('013003'),
  // globex/api #1
  globexFailedJob: j('901001'),
} as const;

/** base64("<Type>---<uuid>"), the format of Buildkite's GraphQL ids and REST `graphql_id`. */
export function gqlId(type: string, uuid: string): string {
  return Buffer.from(`${type}---${uuid}`, 'utf8').toString('base64');
}
