import { describe, expect, it } from 'vitest';
import { parsePageUrl } from '@/lib/pages';
import { directResults } from '@/lib/palette/direct';
import { boostFor, PaletteCorpus, rank, type IndexedPipeline, type RecentBuild } from '@/lib/palette/search';

const WEB = ['https://buildkite.com'];
const NOW = Date.parse('2026-12-04T12:00:00Z');

function corpus(): PaletteCorpus {
  const pipelines: IndexedPipeline[] = [];
  const orgs = ['acme', 'globex', 'initech'];
  for (let i = 0; i < 5000; i++) {
    const org = orgs[i % 3]!;
    pipelines.push({ org, slug: `service-${i}`, name: `Service ${i}`, defaultBranch: 'main', state: 'passed' });
  }
  pipelines.push({
    org: 'globex',
    slug: 'payments-api',
    name: 'Payments API',
    defaultBranch: 'trunk',
    state: 'failed',
  });
  pipelines.push({ org: 'acme', slug: 'payments-api', name: 'Payments API', defaultBranch: 'main', state: 'passed' });
  return new PaletteCorpus(pipelines);
}

const base = { readOnly: false, builds: [] as RecentBuild[], stats: {}, direct: [], now: NOW };

describe('palette ranking', () => {
  const c = corpus();
  const dashboard = parsePageUrl('https://buildkite.com/dashboard', WEB);

  it('finds a pipeline of another org by a fuzzy fragment, with the matched characters', () => {
    const results = rank({ ...base, query: 'glbxpaymnt', page: dashboard, corpus: c });
    expect(results[0]).toMatchObject({ id: 'p:globex/payments-api', title: 'globex / Payments API', state: 'failed' });
    expect(results[0]!.matches.length).toBeGreaterThan(5);
    expect(results[0]!.detail).toBe('default branch trunk');
  });

  it('boosts an opened pipeline that the plain top results would have cut off', () => {
    // "service 4" matches hundreds of pipelines equally well; the one the user opens stays in the answer.
    const stats = { 'p:initech/service-4442': { n: 9, at: NOW - 60_000 } };
    const plain = c.searchPipelines('service 4', {}, NOW, 5).map((x) => x.result.id);
    const boosted = c.searchPipelines('service 4', stats, NOW, 5).map((x) => x.result.id);
    expect(plain).not.toContain('p:initech/service-4442');
    expect(boosted[0]).toBe('p:initech/service-4442');
  });

  it('matches on the slug too, and again after a query it extends or shortens', () => {
    expect(c.searchPipelines('globex/payments-api', {}, NOW)[0]!.result.id).toBe('p:globex/payments-api');
    expect(c.searchPipelines('pay', {}, NOW).map((x) => x.result.id)).toContain('p:acme/payments-api');
    expect(c.searchPipelines('paym', {}, NOW).map((x) => x.result.id)).toContain('p:acme/payments-api');
    expect(c.searchPipelines('s', {}, NOW).length).toBe(30);
    expect(
      c
        .searchPipelines('p', {}, NOW)
        .map((x) => x.result.id)
        .sort(),
    ).toEqual(['p:acme/payments-api', 'p:globex/payments-api']);
  });

  it('boosts what the user opens often and lately', () => {
    const plain = rank({ ...base, query: 'payments api', page: dashboard, corpus: c });
    const stats = { 'p:acme/payments-api': { n: 6, at: NOW - 60_000 } };
    const boosted = rank({ ...base, stats, query: 'payments api', page: dashboard, corpus: c });
    expect(boosted[0]!.id).toBe('p:acme/payments-api');
    expect(boostFor(stats, 'p:acme/payments-api', NOW)).toBeGreaterThan(0);
    expect(plain.map((r) => r.id)).toContain('p:acme/payments-api');
  });

  it('> lists only actions; in context on a build page', () => {
    const build = parsePageUrl('https://buildkite.com/acme/web/builds/12', WEB);
    const all = rank({ ...base, query: '>', page: build, corpus: c });
    expect(all.every((r) => r.kind === 'action')).toBe(true);
    expect(all.map((r) => r.action)).toEqual(expect.arrayContaining(['rebuild', 'retry-failed', 'cancel', 'watch']));
    expect(all.map((r) => r.action)).toContain('failure-digest');
    // New build is Kitedeck's own form (an action the page runs), not a link to Buildkite's page.
    expect(all.find((r) => r.title === 'New build')).toMatchObject({ action: 'new-build', url: null });
    const some = rank({ ...base, query: '>rebld', page: build, corpus: c });
    expect(some[0]!.action).toBe('rebuild');
    const readOnly = rank({ ...base, readOnly: true, query: '>', page: build, corpus: c });
    expect(readOnly.map((r) => r.action)).not.toContain('rebuild');
    expect(readOnly.map((r) => r.action)).not.toContain('new-build');
    const dash = rank({ ...base, query: '>', page: dashboard, corpus: c });
    expect(dash.map((r) => r.action)).not.toContain('rebuild');
  });

  it('>branch NAME on a pipeline page opens its builds on that branch', () => {
    const p = parsePageUrl('https://buildkite.com/acme/web', WEB);
    const [r] = rank({ ...base, query: '>branch feature/x', page: p, corpus: c });
    expect(r!.url).toBe('https://buildkite.com/acme/web/builds?branch=feature%2Fx');
  });

  it('an empty query lists recent builds then the page actions', () => {
    const builds: RecentBuild[] = [
      {
        org: 'acme',
        pipeline: 'web',
        number: 7,
        state: 'passed',
        branch: 'main',
        message: 'm',
        at: NOW,
        source: 'visited',
      },
    ];
    const results = rank({ ...base, builds, query: '', page: dashboard, corpus: c });
    expect(results[0]!.id).toBe('b:acme/web/7');
  });
});

describe('direct navigation', () => {
  const known = { knownPipeline: (org: string, p: string) => org === 'acme' && p === 'web' };
  const pipelinePage = parsePageUrl('https://buildkite.com/acme/web', WEB);
  const dashboard = parsePageUrl('https://buildkite.com/dashboard', WEB);

  it.each([
    [
      'https://buildkite.com/acme/web/builds/104#0190a1b2-0000-4000-8000-000000000001',
      'Go to Build #104 of acme/web, job 0190a1b2…',
    ],
    ['buildkite.com/acme/web/builds/104', 'Go to Build #104 of acme/web'],
    ['https://buildkite.com/organizations/acme/pipelines/web/builds/3', 'Go to Build #3 of acme/web'],
    ['https://buildkite.com/acme/web/builds?branch=main', 'Go to Builds of acme/web on branch main'],
    ['https://buildkite.com/organizations/acme/agents', 'Go to Agents of acme'],
    ['https://buildkite.com/acme/web', 'Go to Pipeline acme/web'],
  ])('%s', (url, title) => {
    const [r] = directResults(url, dashboard, WEB, known);
    expect(r).toMatchObject({ kind: 'link', title });
  });

  it('org/pipeline#123 and #123 on a pipeline page', () => {
    expect(directResults('acme/web#5', dashboard, WEB, known)[0]!.url).toBe('https://buildkite.com/acme/web/builds/5');
    expect(directResults('#9', pipelinePage, WEB, known)[0]!.url).toBe('https://buildkite.com/acme/web/builds/9');
    expect(directResults('#9', dashboard, WEB, known)[0]!.kind).toBe('notice');
  });

  it('says so for another site and an unknown pipeline', () => {
    expect(directResults('https://example.com/acme/web', dashboard, WEB, known)[0]).toMatchObject({
      kind: 'notice',
      title: 'example.com is not Buildkite',
    });
    expect(directResults('nope/none#1', dashboard, WEB, known)[0]!.detail).toMatch(/not among the pipelines/);
  });
});
