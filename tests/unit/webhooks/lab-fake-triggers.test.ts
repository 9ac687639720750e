// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBuildkite, type FakeBuildkite } from '../../fake-buildkite/server';
import { TRIGGERS } from '../../fake-buildkite/triggers';

let fake: FakeBuildkite;
beforeAll(async () => {
  fake = await startFakeBuildkite({ port: 0 });
});
afterAll(() => fake.close());

const deliver = (token: string, body: string) =>
  fetch(`${fake.url}/deliver/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('fake pipeline triggers (digest §5.7)', () => {
  it('201 {id} and a build on the trigger’s pipeline with the body as buildkite:webhook meta-data', async () => {
    const before = fake.state.builds.length;
    const response = await deliver(TRIGGERS.webGeneric, '{"release":"v2"}');
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.state.builds).toHaveLength(before + 1);
    expect(fake.state.builds.at(-1)).toMatchObject({
      org: 'acme',
      pipeline: 'web',
      number: 106,
      source: 'webhook',
      branch: 'main',
      commit: 'HEAD',
      message: 'Triggered build',
      metaData: { 'buildkite:webhook': '{"release":"v2"}' },
    });
  });

  it.each([
    ['not-a-trigger', 400, 'Invalid pipeline trigger token'],
    [TRIGGERS.deployDisabled, 403, 'Pipeline trigger is disabled'],
    ['bktr_00000000000000000000000000000000', 404, 'Pipeline trigger not found'],
  ])('%s → %i %s', async (token, status, message) => {
    const response = await deliver(token, '{}');
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ message });
  });
});
