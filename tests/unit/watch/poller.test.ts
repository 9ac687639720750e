import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { GRAPHQL_URL, REST_BASE } from '@/lib/config';
import { storeToken } from '@/lib/token/vault';
import { afterTokenSaved, flushOutbox, runWatchPoll, WATCH_ALARM, watchBuild } from '@/lib/watch/poller';
import { updateSettings } from '@/lib/settings';
import { readPollState, watchListItem, watchPollItem } from '@/lib/watch/store';
import { planNotifications } from '@/lib/watch/notification-plan';
import { applyPoll } from '@/lib/watch/decide';
import { newWatchedBuild } from '@/lib/watch/model';

const TOKEN = 'bkua_unit0watch0token0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
let graphqlCalls = 0;
let answer: (variables: Record<string, string>) => { status: number; body: unknown; headers?: Record<string, string> };

const build = (state: string) => ({
  uuid: '0191-u',
  number: 7,
  state,
  url: 'https://buildkite.com/acme/web/builds/7',
  branch: 'main',
  message: 'Hi',
  createdAt: '2026-11-28T12:00:00Z',
  startedAt: '2026-11-28T12:00:01Z',
  pipeline: { slug: 'web', name: 'Web' },
  organization: { slug: 'acme' },
  jobs: { edges: [] },
});

const server = setupServer(
  http.post(GRAPHQL_URL, async ({ request }) => {
    graphqlCalls++;
    const { variables } = (await request.json()) as { variables: Record<string, string> };
    const { status, body, headers } = answer(variables);
    return HttpResponse.json(body as Record<string, unknown>, { status, headers: headers ?? {} });
  }),
  http.get(`${REST_BASE}*`, () => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  fakeBrowser.reset();
  graphqlCalls = 0;
  await storeToken(TOKEN, false);
});

const REF = { org: 'acme', pipeline: 'web', number: 7 };

describe('the poll against Buildkite (GraphQL mocked)', () => {
  it('watching reads the build once; a poll is ONE request; a 404 ends the watch and stops the alarm', async () => {
    answer = () => ({ status: 200, body: { data: { b0: build('RUNNING') } } });
    await watchBuild(REF, 'popup');
    expect(graphqlCalls).toBe(1);
    expect(await browser.alarms.get(WATCH_ALARM)).toBeDefined();
    await runWatchPoll();
    expect(graphqlCalls).toBe(2);
    answer = () => ({ status: 200, body: { data: { b0: null } } });
    await runWatchPoll();
    expect((await watchListItem.getValue())[0]).toMatchObject({ end: 'not-found', state: 'running' });
    expect(await browser.alarms.get(WATCH_ALARM)).toBeUndefined();
    expect(Object.keys(await browser.notifications.getAll())).toEqual([]);
  });

  it('a 401 (GraphQL, then REST too) ends the watch as "token invalid" instead of looping', async () => {
    answer = () => ({ status: 200, body: { data: { b0: build('RUNNING') } } });
    await watchBuild(REF, 'page');
    answer = () => ({ status: 401, body: { errors: [{ message: 'Unauthorized' }] } });
    await runWatchPoll();
    expect((await watchListItem.getValue())[0]!.end).toBe('token-invalid');
    expect((await readPollState()).lastError?.kind).toBe('unauthorized');
    expect(await browser.alarms.get(WATCH_ALARM)).toBeUndefined();
  });

  it('auto-watch on: a refused token stops the polls (every one would be refused) until a token is saved again', async () => {
    await updateSettings({ autoWatchMine: true });
    answer = () => ({ status: 401, body: { errors: [{ message: 'Unauthorized' }] } });
    await runWatchPoll();
    expect((await readPollState()).lastError?.kind).toBe('unauthorized');
    expect(await browser.alarms.get(WATCH_ALARM)).toBeUndefined();
    await afterTokenSaved();
    expect((await readPollState()).lastError).toBeNull();
    expect(await browser.alarms.get(WATCH_ALARM)).toBeDefined();
    await updateSettings({ autoWatchMine: false });
  });

  it('GraphQL refused but REST works: the token lacks GraphQL access, so polls use one REST call for a while', async () => {
    answer = () => ({ status: 200, body: { data: { b0: build('RUNNING') } } });
    await watchBuild(REF, 'popup');
    let restCalls = 0;
    server.use(
      http.get(`${REST_BASE}builds`, () => {
        restCalls++;
        return HttpResponse.json([
          {
            number: 7,
            state: 'failing',
            blocked: false,
            url: `${REST_BASE}organizations/acme/pipelines/web/builds/7`,
            web_url: 'https://buildkite.com/acme/web/builds/7',
            branch: 'main',
            message: 'Hi',
            created_at: '2026-11-28T12:00:00Z',
            started_at: '2026-11-28T12:00:01Z',
            pipeline: { slug: 'web', name: 'Web' },
            jobs: [],
          },
        ]);
      }),
    );
    answer = () => ({ status: 401, body: { errors: [{ message: 'GraphQL access is not enabled' }] } });
    const before = graphqlCalls;
    await runWatchPoll();
    expect([graphqlCalls - before, restCalls]).toEqual([1, 1]);
    expect((await watchListItem.getValue())[0]).toMatchObject({ state: 'failing', end: null });
    expect((await readPollState()).api).toBe('rest');
    expect(Object.keys(await browser.notifications.getAll())).toEqual(['kd-watch:acme/web/7:failing']);
    await runWatchPoll();
    expect([graphqlCalls - before, restCalls]).toEqual([1, 2]);
  });

  it('low RateLimit-Remaining and errors push the next poll out', async () => {
    answer = () => ({ status: 200, body: { data: { b0: build('RUNNING') } } });
    await watchBuild(REF, 'popup');
    answer = () => ({
      status: 200,
      body: { data: { b0: build('RUNNING') } },
      headers: { 'RateLimit-Remaining': '100', 'RateLimit-Limit': '5000', 'RateLimit-Reset': '200' },
    });
    const start = Date.now();
    await runWatchPoll();
    expect((await readPollState()).nextPollAt! - start).toBeGreaterThanOrEqual(240_000);
    answer = () => ({ status: 500, body: { errors: [{ message: 'boom' }] } });
    await runWatchPoll();
    const after = await readPollState();
    expect(after.errorsInRow).toBe(1);
    expect(after.lastError?.kind).toBe('server');
    expect((await watchListItem.getValue())[0]!.end).toBeNull();
  });

  it('a notification remembered but not shown (the worker stopped in between) is shown on wake, once', async () => {
    const { events } = applyPoll(
      [newWatchedBuild(REF, 'auto', 0)],
      {
        kind: 'observed',
        observations: new Map([
          [
            'acme/web/7',
            {
              ...REF,
              pipelineName: 'Web',
              branch: 'main',
              message: null,
              webUrl: 'https://buildkite.com/acme/web/builds/7',
              state: 'failed',
              createdAt: 1,
              startedAt: 2,
              blockSteps: [],
              newer: null,
            },
          ],
        ]),
        notFound: new Set(),
      },
      1,
    );
    await watchPollItem.setValue({ ...(await readPollState()), outbox: planNotifications(events) });
    await flushOutbox();
    await flushOutbox();
    expect(Object.keys(await browser.notifications.getAll())).toEqual(['kd-watch:acme/web/7:failed']);
    expect((await readPollState()).outbox).toEqual([]);
  });
});
