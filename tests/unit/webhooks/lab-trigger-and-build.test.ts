// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KdFailure } from '@/lib/errors';
import { storeToken } from '@/lib/token/vault';
import { fillFromBuild } from '@/lib/webhooks/events';
import { buildForTemplate } from '@/lib/webhooks/template-build';
import { sendPipelineTrigger } from '@/lib/webhooks/trigger';

const TRIGGER = 'https://webhook.buildkite.com/deliver/bktr_abcdef0123456789abcdef';
const BUILD_URL = 'https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/123';
const received: { body: string; headers: Headers }[] = [];
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fakeBrowser.reset();
  received.length = 0;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
});
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});

async function failureOf(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (error instanceof KdFailure) return error.error;
    throw error;
  }
  throw new Error('expected a KdFailure');
}

describe('pipeline triggers (digest §5.7)', () => {
  it('POSTs the JSON with no auth header and returns the delivery id', async () => {
    server.use(
      http.post(TRIGGER, async ({ request }) => {
        received.push({ body: await request.text(), headers: request.headers });
        return HttpResponse.json({ id: '0b7c7e5e-2f4c-4e8f-9d9f-3a1a2b3c4d5e' }, { status: 201 });
      }),
    );
    const result = await sendPipelineTrigger(TRIGGER, '{"a":1}');
    expect(result).toMatchObject({ status: 201, deliveryId: '0b7c7e5e-2f4c-4e8f-9d9f-3a1a2b3c4d5e', message: null });
    expect(received[0]?.body).toBe('{"a":1}');
    expect(received[0]?.headers.get('content-type')).toBe('application/json');
    expect([...received[0]!.headers.keys()].some((name) => name.startsWith('x-buildkite'))).toBe(false);
  });

  it.each([
    [400, 'Invalid pipeline trigger token'],
    [403, 'Pipeline trigger is disabled'],
    [404, 'Pipeline trigger not found'],
  ])('shows Buildkite’s %i message', async (status, message) => {
    server.use(http.post(TRIGGER, () => HttpResponse.json({ message }, { status })));
    expect(await sendPipelineTrigger(TRIGGER, '{}')).toMatchObject({ status, deliveryId: null, message });
  });

  it('treats a 201 without an id as an invalid response, and refuses non-trigger URLs before sending', async () => {
    server.use(http.post(TRIGGER, () => HttpResponse.json({ build: 1 }, { status: 201 })));
    expect((await failureOf(sendPipelineTrigger(TRIGGER, '{}'))).kind).toBe('invalid-response');
    const error = await failureOf(sendPipelineTrigger('https://example.com/deliver/bktr_x', '{}'));
    expect(error.detail).toContain('webhook.buildkite.com/deliver/bktr_');
  });
});

describe('filling a template from a real build', () => {
  const restBuild = {
    id: 'f62a1b4d-10f9-4790-bc1c-e2c3a0c80983',
    number: 123,
    state: 'passed',
    blocked: false,
    web_url: 'https://buildkite.com/acme/web/builds/123',
    jobs: [{ id: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e', type: 'script', state: 'passed', name: 'Test' }],
    pipeline: { slug: 'web', name: 'Web' },
  };

  it('reads the build with the token and fills job.finished from it', async () => {
    await storeToken('bkua_0123456789abcdef0123456789abcdef01234567', false);
    server.use(
      http.get(BUILD_URL, ({ request }) => {
        received.push({ body: '', headers: request.headers });
        return HttpResponse.json(restBuild);
      }),
    );
    const { build, job } = await buildForTemplate({ org: 'acme', pipeline: 'web', number: 123 });
    expect(received[0]?.headers.get('authorization')).toBe('Bearer bkua_0123456789abcdef0123456789abcdef01234567');
    expect(job).toMatchObject({ id: restBuild.jobs[0]!.id });
    const payload = fillFromBuild('job.finished', { build });
    expect(Object.keys(payload)).toEqual(['event', 'job', 'build', 'pipeline', 'sender']);
    expect(payload['build']).toMatchObject({ number: 123, web_url: restBuild.web_url });
    expect(payload['build']).not.toHaveProperty('jobs');
  });

  it('answers in the shared vocabulary: no token, not found', async () => {
    expect((await failureOf(buildForTemplate({ org: 'acme', pipeline: 'web', number: 123 }))).kind).toBe('no-token');
    await storeToken('bkua_0123456789abcdef0123456789abcdef01234567', false);
    server.use(http.get(BUILD_URL, () => HttpResponse.json({ message: 'No build found' }, { status: 404 })));
    expect((await failureOf(buildForTemplate({ org: 'acme', pipeline: 'web', number: 123 }))).kind).toBe('not-found');
  });
});
