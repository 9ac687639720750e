// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClient, type FakeClient } from '../../fake-buildkite/client';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { startFakeBuildkite, type FakeBuildkite } from '../../fake-buildkite/server';

let server: FakeBuildkite;
let fake: FakeClient;
beforeAll(async () => {
  server = await startFakeBuildkite({ port: 0 });
  fake = fakeClient(server.url);
});
afterAll(() => server.close());
beforeEach(() => fake.reset());

const auth = { authorization: `Bearer ${TOKENS.full}` };

describe('the fake’s logs, annotations and artifacts', () => {
  it('answers a suffix Range with 206 and Content-Range, by bytes; other ranges get the whole log', async () => {
    const b = await fake.createBuild({
      org: 'acme',
      pipeline: 'logs-range',
      state: 'failed',
      jobs: [{ name: 'a', state: 'failed', exit_status: 1, log: 'héllo\nworld\n' }],
    });
    const jobId = (b.jobs as { id: string }[])[0]!.id;
    const url = `${server.url}/v2/organizations/acme/pipelines/logs-range/builds/${b.number}/jobs/${jobId}/log`;
    const tail = await fetch(url, { headers: { ...auth, accept: 'text/plain', range: 'bytes=-6' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe('bytes 7-12/13');
    expect(await tail.text()).toBe('world\n');
    const whole = await fetch(url, { headers: { ...auth, accept: 'text/plain', range: 'bytes=0-3' } });
    expect([whole.status, await whole.text()]).toEqual([200, 'héllo\nworld\n']);
  });

  it('lists artifacts and answers the download with a 302 to a signed URL that needs no token', async () => {
    const b = await fake.createBuild({
      org: 'acme',
      pipeline: 'logs-artifacts',
      state: 'passed',
      jobs: [{ name: 'a', state: 'passed' }],
      artifacts: [{ job: 0, path: 'out/report.txt', content: 'report bytes' }],
    });
    const base = `${server.url}/v2/organizations/acme/pipelines/logs-artifacts/builds/${b.number}`;
    const list = (await (await fetch(`${base}/artifacts`, { headers: auth })).json()) as Record<string, unknown>[];
    expect(list[0]).toMatchObject({ path: 'out/report.txt', file_size: 12, state: 'finished', filename: 'report.txt' });
    const download = await fetch(String(list[0]!.download_url), { headers: auth, redirect: 'manual' });
    expect(download.status).toBe(302);
    const signed = download.headers.get('location')!;
    expect(await (await fetch(signed)).text()).toBe('report bytes');
  });
});
