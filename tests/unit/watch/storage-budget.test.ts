// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FINISHED_KEEP_MS, MAX_WATCHED, pruneWatchList } from '@/lib/watch/budget';
import { fetchWithGraphQL, MAX_ALIASES } from '@/lib/watch/fetch-graphql';
import { cutMessage, newWatchedBuild, type WatchedBuild } from '@/lib/watch/model';

const NOW = Date.UTC(2026, 11, 4, 12);
const DAY = 86_400_000;
const watched = (
  number: number,
  state: WatchedBuild['state'],
  updatedAt: number,
  addedAt = updatedAt,
): WatchedBuild => ({
  ...newWatchedBuild({ org: 'acme', pipeline: 'web', number }, 'auto', addedAt),
  state,
  updatedAt,
});

describe('watch list budget', () => {
  it('drops watches finished more than 7 days ago; keeps running ones however old', () => {
    const list = [
      watched(1, 'passed', NOW - FINISHED_KEEP_MS - 1),
      watched(2, 'failed', NOW - 6 * DAY),
      watched(3, 'running', NOW - 30 * DAY),
    ];
    expect(pruneWatchList(list, NOW).map((build) => build.number)).toEqual([2, 3]);
  });

  it('never more than 200: the oldest finished go first, active ones last', () => {
    const finished = Array.from({ length: 150 }, (_, i) => watched(i, 'passed', NOW - DAY + i));
    const active = Array.from({ length: 120 }, (_, i) => watched(1000 + i, 'running', NOW, NOW - DAY + i));
    const pruned = pruneWatchList([...finished, ...active], NOW);
    expect(pruned).toHaveLength(MAX_WATCHED);
    expect(pruned.filter((build) => build.state === 'running')).toHaveLength(120);
    expect(pruned.some((build) => build.number === 0)).toBe(false);
    expect(pruned.some((build) => build.number === 149)).toBe(true);
    const allActive = Array.from({ length: 230 }, (_, i) => watched(i, 'running', NOW, NOW - 300 + i));
    const kept = pruneWatchList(allActive, NOW);
    expect(kept).toHaveLength(MAX_WATCHED);
    expect(kept[0]!.number).toBe(30);
  });

  it('300 auto-watched builds with long messages fit in a small budget', () => {
    const long = `${'x'.repeat(5000)}\nsecond line`;
    const list = Array.from({ length: 300 }, (_, i) => ({ ...watched(i, 'passed', NOW), message: cutMessage(long) }));
    const bytes = JSON.stringify(pruneWatchList(list, NOW)).length;
    expect(bytes).toBeLessThan(200_000);
  });

  it('commit messages: first line, at most 160 characters', () => {
    expect(cutMessage('Fix it\n\nLong body')).toBe('Fix it');
    expect(cutMessage('a'.repeat(400))).toHaveLength(160);
    expect(cutMessage(null)).toBeNull();
  });
});

describe('the poll document caps its aliases and splits above the cap', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it(`${MAX_ALIASES * 2 + 1} builds: 3 requests, none with more than ${MAX_ALIASES} build aliases`, async () => {
    const aliasCounts: number[] = [];
    server.use(
      http.post('https://graphql.buildkite.com/v1', async ({ request }) => {
        const { query } = (await request.json()) as { query: string };
        aliasCounts.push((query.match(/\bb\d+\s*:\s*build\b/g) ?? []).length);
        return HttpResponse.json({ data: {} });
      }),
    );
    const builds = Array.from({ length: MAX_ALIASES * 2 + 1 }, (_, i) =>
      newWatchedBuild({ org: 'acme', pipeline: 'web', number: i + 1 }, 'auto', NOW),
    );
    const result = await fetchWithGraphQL({ token: 't' }, { builds, autoWatchSince: null });
    expect(result.requests).toBe(3);
    expect(aliasCounts).toEqual([MAX_ALIASES, MAX_ALIASES, 1]);
    expect(result.notFound.size).toBe(builds.length);
  });
});
