// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTALS } from '../../fake-buildkite/portals';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { startFakeBuildkite, type FakeBuildkite } from '../../fake-buildkite/server';

let fake: FakeBuildkite;
beforeAll(async () => {
  fake = await startFakeBuildkite({ port: 0 });
});
afterAll(async () => {
  await fake.close();
});

const portal = PORTALS.latestBuilds;
const invoke = (token: string, body: unknown, operation = 'PipelineBuilds') =>
  fetch(`${fake.url}/portal/organizations/${portal.org}/portals/${portal.slug}?operation_name=${operation}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('fake portals', () => {
  it('runs the stored operation with the portal token and sends the portal rate-limit headers', async () => {
    const response = await invoke(portal.token, { pipelineSlug: 'acme/web' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { pipeline: { slug: string; builds: { edges: unknown[] } } } };
    expect(body.data.pipeline.slug).toBe('web');
    expect(body.data.pipeline.builds.edges).toHaveLength(3);
    expect(response.headers.get('ratelimit-scope')).toBe('portal');
    expect(response.headers.get('ratelimit-limit')).toBe('200');
    const seen = fake.runtime.requests.filter((request) => request.path.startsWith('/portal/'));
    expect(seen.at(-1)).toMatchObject({
      token: portal.token,
      body: { pipelineSlug: 'acme/web' },
      operationName: 'PipelineBuilds',
      status: 200,
    });
  });

  it('picks another operation with operation_name', async () => {
    const response = await invoke(portal.token, { org: 'acme' }, 'OrgName');
    expect(await response.json()).toEqual({ data: { organization: { name: 'Acme Inc', slug: 'acme' } } });
  });

  it('refuses an API token and a wrong portal token with 401', async () => {
    expect((await invoke(TOKENS.full, { pipelineSlug: 'acme/web' })).status).toBe(401);
    expect((await invoke('bkpat_wrong0000000000', { pipelineSlug: 'acme/web' })).status).toBe(401);
  });

  it('answers 404 for an unknown portal and 400 for a body that is not an object', async () => {
    const unknown = await fetch(`${fake.url}/portal/organizations/acme/portals/nope`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect((await invoke(portal.token, [1, 2])).status).toBe(400);
  });
});
