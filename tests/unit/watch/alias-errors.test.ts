// @vitest-environment node
/**
 * A GraphQL 200 whose `errors` carry one watched build's alias path (`data.b0: null`) must not end that watch as
 * "not found": only a null without an error is Buildkite's answer for a missing build (`build(slug:)` → null).
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fetchWithGraphQL } from '@/lib/watch/fetch-graphql';
import { applyPoll } from '@/lib/watch/decide';
import { newWatchedBuild } from '@/lib/watch/model';

const GRAPHQL = 'https://graphql.buildkite.com/v1';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => fakeBrowser.reset());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.UTC(2026, 11, 4, 12);
const builds = [
  newWatchedBuild({ org: 'acme', pipeline: 'web', number: 1 }, 'popup', NOW),
  newWatchedBuild({ org: 'acme', pipeline: 'web', number: 2 }, 'popup', NOW),
];

describe('GraphQL errors per alias', () => {
  it('b0 nulled by an error stays watched (unknown this poll); b1 null without an error is not found', async () => {
    server.use(
      http.post(GRAPHQL, () =>
        HttpResponse.json({
          data: { b0: null, b1: null },
          errors: [{ message: 'Internal error loading build', path: ['b0'] }],
        }),
      ),
    );
    const result = await fetchWithGraphQL({ token: 't' }, { builds, autoWatchSince: null });
    expect([...result.notFound]).toEqual([builds[1]!.key]);
    const applied = applyPoll(
      builds,
      { kind: 'observed', observations: result.observations, notFound: result.notFound },
      NOW,
    );
    expect(applied.list[0]!.end).toBeNull();
    expect(applied.list[1]!.end).toBe('not-found');
  });

  it('an error without a path (cannot say which alias it nulled): nothing ends this poll', async () => {
    server.use(
      http.post(GRAPHQL, () =>
        HttpResponse.json({ data: { b0: null, b1: null }, errors: [{ message: 'Something went wrong' }] }),
      ),
    );
    const result = await fetchWithGraphQL({ token: 't' }, { builds, autoWatchSince: null });
    expect(result.notFound.size).toBe(0);
  });

  it('an error on a nested field of an alias (b0.jobs) does not end it either', async () => {
    server.use(
      http.post(GRAPHQL, () =>
        HttpResponse.json({
          data: { b0: null, b1: null },
          errors: [
            { message: 'timeout', path: ['b0', 'jobs'] },
            { message: 'timeout', path: ['b1'] },
          ],
        }),
      ),
    );
    const result = await fetchWithGraphQL({ token: 't' }, { builds, autoWatchSince: null });
    expect(result.notFound.size).toBe(0);
  });
});
