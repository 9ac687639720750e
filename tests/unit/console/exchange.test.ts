// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange } from '@/lib/console/exchange';
import { KdFailure } from '@/lib/errors';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { startFakeBuildkite, type FakeBuildkite } from '../../fake-buildkite/server';

let fake: FakeBuildkite;
beforeAll(async () => {
  fake = await startFakeBuildkite({ port: 0 });
});
afterAll(async () => {
  await fake.close();
});

const get = (path: string, token: string = TOKENS.full) => ({
  api: 'rest' as const,
  url: `${fake.url}${path}`,
  method: 'GET',
  headers: { Authorization: `Bearer ${token}` },
});

describe('exchange', () => {
  it('returns status, every header (RateLimit-* included), the body and the time, never the token', async () => {
    const reply = await exchange(get('/v2/organizations/acme/pipelines?per_page=1'));
    expect(reply.status).toBe(200);
    const names = reply.headers.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining(['link', 'ratelimit-remaining', 'ratelimit-limit', 'ratelimit-user-remaining']),
    );
    expect(JSON.parse(reply.body)).toHaveLength(1);
    expect(reply.truncated).toBe(false);
    expect(reply.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(reply)).not.toContain(TOKENS.full);
  });

  it('cuts a long body and says so', async () => {
    const reply = await exchange(get('/v2/organizations/acme/pipelines'), 64);
    expect(reply.truncated).toBe(true);
    expect(new TextEncoder().encode(reply.body).byteLength).toBeLessThanOrEqual(64);
    expect(reply.bodyBytes).toBeGreaterThan(64);
  });

  it('reports an HTTP failure as an answer, with a diagnosis', async () => {
    const reply = await exchange(get('/v2/user', TOKENS.revoked));
    expect(reply.status).toBe(401);
    expect(reply.problem).toMatchObject({ kind: 'unauthorized' });
    expect(reply.body).toContain('Authentication required');
  });

  it('turns an unreachable host into a network failure', async () => {
    await expect(exchange({ ...get('/v2/user'), url: 'http://127.0.0.1:9/v2/user' })).rejects.toBeInstanceOf(KdFailure);
  });
});
