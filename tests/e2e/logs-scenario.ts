import type { BuildSpec } from '../fake-buildkite/client';
import { fake } from './env';

/** A build of 20 command jobs whose logs carry ANSI colours, Buildkite groups and `_bk;t=` timestamps. */
export const LOGS_PIPELINE = 'logs-e2e';
const t = (ms: number) => `\x1b_bk;t=${1_700_000_000_000 + ms}\x07`;

export function jobLog(i: number, error: string | null): string {
  const lines = [
    `${t(0)}~~~ Preparing working directory`,
    `${t(10)}$ git checkout abc123`,
    `${t(20)}--- \x1b[33mRunning tests\x1b[0m (shard ${i})`,
  ];
  for (let k = 0; k < 30; k++) lines.push(`${t(30 + k)}\x1b[32m✓\x1b[0m case ${i}.${k} passed`);
  lines.push(`${t(100)}needle-${String(100 + i).padStart(3, '0')} seen in shard ${i}`);
  if (error) lines.push(`${t(110)}+++ Failures`, `${t(120)}\x1b[31m${error}\x1b[0m`);
  lines.push(`${t(130)}done`);
  return `${lines.join('\n')}\n`;
}

export const SCRIPT_ANNOTATION =
  '<p>Broken <b>tests</b> in shard 3</p><script>window.__kdPwned = 1</script>' +
  '<img src="data:," onerror="window.__kdPwned = 2">';

/**
 * Jobs 0-2 fail with the same line (a different duration each: one group), job 3 fails with its own line, job 4
 * soft-fails, the rest pass. Job 0 has an artifact; an error annotation holds a script.
 */
export function logsBuildSpec(): BuildSpec {
  const jobs = Array.from({ length: 20 }, (_, i) => {
    const same = i < 3 ? `FAIL src/login.test.ts (${i + 2}.5 s)` : null;
    const own = i === 3 ? 'panic: runtime error: index out of range [3] with length 3' : null;
    const failed = same ?? own;
    return {
      name: `Shard ${i + 1}`,
      state: failed || i === 4 ? ('failed' as const) : ('passed' as const),
      exit_status: failed || i === 4 ? 1 : 0,
      soft_failed: i === 4,
      log: jobLog(i, failed ?? (i === 4 ? 'error: lint warnings' : null)),
    };
  });
  return {
    org: 'acme',
    pipeline: LOGS_PIPELINE,
    state: 'failed',
    jobs,
    annotations: [
      { style: 'error', context: 'tests', body_html: SCRIPT_ANNOTATION },
      { style: 'info', context: 'coverage', body_html: '<p>Coverage 80%</p>' },
    ],
    artifacts: [{ job: 0, path: 'reports/junit.xml', content: '<testsuite name="login"/>\n' }],
  };
}

export async function createLogsBuild() {
  const build = await fake.createBuild(logsBuildSpec());
  return {
    number: build.number,
    jobs: build.jobs.map((job) => ({ id: job.id, name: String(job.name) })),
    query: `org=acme&pipeline=${LOGS_PIPELINE}&build=${build.number}`,
  };
}

/** The files of a zip (stored or not, read through its central directory): name → bytes' length and text. */
export function readZip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (method !== 0) throw new Error(`${name}: compressed entries are not read by this test helper`);
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    files.set(name, new TextDecoder().decode(bytes.subarray(dataAt, dataAt + size)));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
