// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { IN_PAGE_KINDS, parseInPageUrl } from '../../lib/in-page/page-context';
import { buildPageUrl, buildSlug, describePage, isBuildPage, parsePageUrl, type PageContext } from '../../lib/pages';

const B = 'https://buildkite.com';
const JOB = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const JOB_UPPER = JOB.toUpperCase();
const U1 = '018f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const U2 = '01900000-aaaa-4bbb-8ccc-dddddddddddd';
const U3 = '0191ffff-eeee-4ddd-accc-bbbbbbbbbbbb';
const OTHER: PageContext = { kind: 'other' };

const build = (
  org: string,
  pipeline: string,
  buildNumber: number,
  jobId: string | null = null,
  tab: string | null = null,
): PageContext => ({ kind: 'build', org, pipeline, buildNumber, jobId, tab });
const acmeBuild = (n: number, jobId: string | null = null, tab: string | null = null) =>
  build('acme', 'web', n, jobId, tab);

const cases: [string, PageContext][] = [
  // --- dashboard and root
  [`${B}/~/`, { kind: 'dashboard' }],
  [`${B}/~`, { kind: 'dashboard' }],
  [`${B}/dashboard`, { kind: 'dashboard' }],
  [`${B}/dashboard/`, { kind: 'dashboard' }],
  [`${B}/dashboard?filter=mine`, { kind: 'dashboard' }],
  [`${B}/~/web`, OTHER],
  [`${B}/dashboard/extra`, OTHER],
  [`${B}/`, OTHER],
  [B, OTHER],

  // --- org, pipeline
  [`${B}/acme`, { kind: 'org', org: 'acme' }],
  [`${B}/acme/`, { kind: 'org', org: 'acme' }],
  [`${B}/acme?tab=pipelines#x`, { kind: 'org', org: 'acme' }],
  [`${B}/Acme_Co.2`, { kind: 'org', org: 'Acme_Co.2' }],
  [`${B}/acme/web`, { kind: 'pipeline', org: 'acme', pipeline: 'web' }],
  [`${B}/acme/web/`, { kind: 'pipeline', org: 'acme', pipeline: 'web' }],
  [`${B}/acme/web//`, { kind: 'pipeline', org: 'acme', pipeline: 'web' }],
  [`${B}/acme/web?branch=main`, { kind: 'pipeline', org: 'acme', pipeline: 'web' }],
  [`${B}/acme/web/unknown-page`, OTHER],
  [`${B}/acme//web`, OTHER],
  [`${B}//acme/web`, OTHER],

  // --- builds list and new build
  [`${B}/acme/web/builds`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: null }],
  [`${B}/acme/web/builds/`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: null }],
  [`${B}/acme/web/builds?branch=main`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: 'main' }],
  [
    `${B}/acme/web/builds?state=failed&branch=feature%2Flogin+page`,
    { kind: 'builds', org: 'acme', pipeline: 'web', branch: 'feature/login page' },
  ],
  [`${B}/acme/web/builds?branch=`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: null }],
  [`${B}/acme/web/builds?meta_data[k]=v`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: null }],
  [`${B}/acme/web/builds#newsletter`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: null }],
  [`${B}/acme/web/builds#new`, { kind: 'new-build', org: 'acme', pipeline: 'web' }],
  [`${B}/acme/web/builds#new?message=Hi&meta_data[k]=v`, { kind: 'new-build', org: 'acme', pipeline: 'web' }],
  [`${B}/acme/web/builds?branch=main#new`, { kind: 'new-build', org: 'acme', pipeline: 'web' }],
  [
    `${B}/organizations/acme/pipelines/web/builds/new?message=Deploy&meta_data[env]=prod`,
    { kind: 'new-build', org: 'acme', pipeline: 'web' },
  ],
  [`${B}/organizations/acme/pipelines/web/builds/new/extra`, OTHER],
  [`${B}/organizations/~/pipelines/web/builds/new`, { kind: 'new-build', org: '~', pipeline: 'web' }],

  // --- build pages
  [`${B}/acme/web/builds/123`, acmeBuild(123)],
  [`${B}/acme/web/builds/123/`, acmeBuild(123)],
  [`${B}/acme/web/builds/1`, acmeBuild(1)],
  [`${B}/acme/web/builds/2147483647`, acmeBuild(2147483647)],
  [`${B}/acme/web/builds/123?foo=bar`, acmeBuild(123)],
  [`${B}/acme/web/builds/123#${JOB}`, acmeBuild(123, JOB)],
  [`${B}/acme/web/builds/123#${JOB_UPPER}`, acmeBuild(123, JOB)],
  [`${B}/acme/web/builds/123?x=1#${JOB}`, acmeBuild(123, JOB)],
  [`${B}/acme/web/builds/123#${JOB}/42`, acmeBuild(123, JOB)],
  [`${B}/acme/web/builds/123#${JOB}x`, acmeBuild(123)],
  [`${B}/acme/web/builds/123#${JOB.slice(0, -1)}`, acmeBuild(123)],
  [`${B}/acme/web/builds/123#job-${JOB}`, acmeBuild(123)],
  [`${B}/acme/web/builds/123#annotations`, acmeBuild(123)],
  [`${B}/acme/web/builds/123#`, acmeBuild(123)],
  [`${B}/acme/web/builds/123#0190a1b2c3d47e5f8a9b0c1d2e3f4a5b`, acmeBuild(123)],
  [`${B}/acme/web/builds/123/summary`, acmeBuild(123, null, 'summary')],
  [`${B}/acme/web/builds/123/canvas#${JOB}`, acmeBuild(123, JOB, 'canvas')],
  [`${B}/acme/web/builds/123/waterfall`, acmeBuild(123, null, 'waterfall')],
  [`${B}/acme/web/builds/123/annotations`, acmeBuild(123, null, 'annotations')],
  [`${B}/acme/web/builds/123/tests?state=failed`, acmeBuild(123, null, 'tests')],
  [`${B}/acme/web/builds/123/steps/table`, acmeBuild(123, null, 'steps')],
  [`${B}/acme/web/builds/123/steps/canvas/`, acmeBuild(123, null, 'steps')],
  [`${B}/acme/web/builds/123/%ZZ`, acmeBuild(123)],
  [`${B}/acme/web/builds/123/meta-data`, { kind: 'build-meta-data', org: 'acme', pipeline: 'web', buildNumber: 123 }],
  [`${B}/acme/web/builds/9/meta-data/`, { kind: 'build-meta-data', org: 'acme', pipeline: 'web', buildNumber: 9 }],
  [`${B}/acme/web/builds/0`, OTHER],
  [`${B}/acme/web/builds/01`, OTHER],
  [`${B}/acme/web/builds/01x`, OTHER],
  [`${B}/acme/web/builds/12x`, OTHER],
  [`${B}/acme/web/builds/-1`, OTHER],
  [`${B}/acme/web/builds/1.5`, OTHER],
  [`${B}/acme/web/builds/1e3`, OTHER],
  [`${B}/acme/web/builds/2147483648`, OTHER],
  [`${B}/acme/web/builds/99999999999999999999`, OTHER],
  [`${B}/acme/web/builds/latest`, OTHER],
  [`${B}/acme/web/builds/new`, { kind: 'new-build', org: 'acme', pipeline: 'web' }],
  [`${B}/organizations/acme/pipelines/web/builds/77`, acmeBuild(77)],
  [`${B}/organizations/acme/pipelines/web/builds/77#${JOB}`, acmeBuild(77, JOB)],
  [`${B}/organizations/acme/pipelines/web/builds/77/waterfall`, acmeBuild(77, null, 'waterfall')],
  [
    `${B}/organizations/acme/pipelines/web/builds/77/meta-data`,
    { kind: 'build-meta-data', org: 'acme', pipeline: 'web', buildNumber: 77 },
  ],
  [`${B}/organizations/~/pipelines/web/builds/5`, build('~', 'web', 5)],
  [`${B}/organizations/-/pipelines/web/builds/5`, build('-', 'web', 5)],
  [`${B}/organizations/acme/pipelines/web/builds`, { kind: 'builds', org: 'acme', pipeline: 'web', branch: null }],
  [`${B}/organizations/acme/pipelines/web`, OTHER],
  [`${B}/organizations/acme/pipelines/new`, OTHER],
  [`${B}/organizations/acme/pipelines/web/builds/0`, OTHER],

  // --- encoded slugs
  [`${B}/acme%2Dco/web/builds/3`, build('acme-co', 'web', 3)],
  [`${B}/%61cme/w%65b`, { kind: 'pipeline', org: 'acme', pipeline: 'web' }],
  [`${B}/acme%2Fweb`, OTHER],
  [`${B}/acme%2Fweb/builds/3`, OTHER],
  [`${B}/acme/web%20app/builds/3`, OTHER],
  [`${B}/acm%C3%A9`, OTHER],
  [`${B}/acmé/web`, OTHER],
  [`${B}/acme/%E0%A4%A/builds/1`, OTHER],
  [`${B}/%`, OTHER],
  [`${B}/acme/x/%2E%2E/web/builds/1`, acmeBuild(1)], // the URL parser resolves %2E%2E as ".."
  [`${B}/acme/..%2E/builds/1`, OTHER],
  [`${B}/%7E/`, { kind: 'dashboard' }],

  // --- pipeline settings
  [`${B}/acme/web/settings`, { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: null }],
  [`${B}/acme/web/settings/`, { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: null }],
  [
    `${B}/acme/web/settings/repository`,
    { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: 'repository' },
  ],
  [`${B}/acme/web/settings/steps`, { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: 'steps' }],
  [
    `${B}/acme/web/settings/schedules/new`,
    { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: 'schedules/new' },
  ],
  [`${B}/acme/web/settings/teams?x=1`, { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: 'teams' }],
  [`${B}/acme/web/settings/a%2Fb`, OTHER],

  // --- routing caution: fixed first segments are never orgs
  [`${B}/organizations/acme`, OTHER],
  [`${B}/organizations/acme/`, OTHER],
  [`${B}/organizations`, OTHER],
  [`${B}/organizations/acme/unknown`, OTHER],
  [`${B}/organizations/a%2Fb/agents`, OTHER],
  [`${B}/user/api-access-tokens`, { kind: 'user', section: 'api-access-tokens' }],
  [`${B}/user/api-access-tokens/new`, { kind: 'user', section: 'api-access-tokens/new' }],
  [`${B}/user/api-access-tokens/new?scopes[]=read_builds`, { kind: 'user', section: 'api-access-tokens/new' }],
  [`${B}/user/graphql/console`, { kind: 'user', section: 'graphql/console' }],
  [`${B}/user/graphql/documentation`, { kind: 'user', section: 'graphql/documentation' }],
  [`${B}/user/settings`, { kind: 'user', section: 'settings' }],
  [`${B}/user/connected-apps/`, { kind: 'user', section: 'connected-apps' }],
  [`${B}/user/two-factor`, { kind: 'user', section: 'two-factor' }],
  [`${B}/user`, OTHER],
  [`${B}/user/`, OTHER],
  [`${B}/docs/apis`, OTHER],
  [`${B}/docs/pipelines/builds/1`, OTHER],
  [`${B}/pipelines/new`, OTHER],
  [`${B}/new/pipeline/builds/1`, OTHER],
  [`${B}/sso/acme`, OTHER],
  [`${B}/oauth/authorize`, OTHER],
  [`${B}/authorize`, OTHER],
  [`${B}/packages/foo`, OTHER],
  [`${B}/plugins/docker`, OTHER],
  [`${B}/login`, OTHER],
  [`${B}/logout`, OTHER],
  [`${B}/signup`, OTHER],
  [`${B}/account`, OTHER],
  [`${B}/-`, OTHER],
  [`${B}/-/web/builds/1`, OTHER],
  [`${B}/_/web`, OTHER],
  [`${B}/api/v2/builds/1`, OTHER],
  [`${B}/graphql`, OTHER],
  [`${B}/test-analytics`, OTHER],
  [`${B}/changelog/39-link-to-jobs`, OTHER],
  [`${B}/about`, OTHER],
  [`${B}/pricing`, OTHER],
  [`${B}/home`, OTHER],
  [`${B}/support`, OTHER],
  [`${B}/security`, OTHER],
  [`${B}/blog/some-post`, OTHER],
  [`${B}/careers`, OTHER],
  [`${B}/legal/terms`, OTHER],
  [`${B}/case-studies/x`, OTHER],
  [`${B}/resources/x`, OTHER],
  [`${B}/customers`, OTHER],
  [`${B}/platform/pipelines`, OTHER],
  [`${B}/features/x`, OTHER],
  [`${B}/enterprise`, OTHER],
  [`${B}/contact`, OTHER],
  [`${B}/privacy`, OTHER],
  [`${B}/terms`, OTHER],
  [`${B}/status`, OTHER],
  [`${B}/mobile`, OTHER],
  [`${B}/agents`, OTHER],
  [`${B}/assets/app.js`, OTHER],
  [`${B}/favicon.ico`, OTHER],
  [`${B}/robots.txt`, OTHER],
  [`${B}/.`, OTHER],

  // --- agents and clusters
  [`${B}/organizations/acme/agents`, { kind: 'agents', org: 'acme', clusterId: null, queueId: null }],
  [`${B}/organizations/acme/agents/`, { kind: 'agents', org: 'acme', clusterId: null, queueId: null }],
  [`${B}/organizations/~/agents`, { kind: 'agents', org: '~', clusterId: null, queueId: null }],
  [`${B}/organizations/acme/agents/${U1}`, { kind: 'agent', org: 'acme', agentId: U1, clusterId: null, queueId: null }],
  [
    `${B}/organizations/acme/agents/${U1.toUpperCase()}`,
    { kind: 'agent', org: 'acme', agentId: U1, clusterId: null, queueId: null },
  ],
  [`${B}/organizations/acme/agents/not-a-uuid`, OTHER],
  [`${B}/organizations/acme/agents/${U1}/extra`, OTHER],
  [`${B}/organizations/acme/clusters`, { kind: 'clusters', org: 'acme', clusterId: null, queueId: null }],
  [`${B}/organizations/acme/clusters/${U1}`, { kind: 'clusters', org: 'acme', clusterId: U1, queueId: null }],
  [`${B}/organizations/acme/clusters/${U1}/queues`, { kind: 'clusters', org: 'acme', clusterId: U1, queueId: null }],
  [
    `${B}/organizations/acme/clusters/${U1}/queues/${U2}`,
    { kind: 'clusters', org: 'acme', clusterId: U1, queueId: U2 },
  ],
  [
    `${B}/organizations/acme/clusters/${U1}/queues/${U2}/agents`,
    { kind: 'agents', org: 'acme', clusterId: U1, queueId: U2 },
  ],
  [
    `${B}/organizations/acme/clusters/${U1}/queues/${U2}/agents/${U3}`,
    { kind: 'agent', org: 'acme', agentId: U3, clusterId: U1, queueId: U2 },
  ],
  [
    `${B}/organizations/acme/clusters/${U1}/agents/${U3}`,
    { kind: 'agent', org: 'acme', agentId: U3, clusterId: U1, queueId: null },
  ],
  [`${B}/organizations/acme/clusters/${U1}/agents`, { kind: 'agents', org: 'acme', clusterId: U1, queueId: null }],
  [`${B}/organizations/acme/clusters/new`, OTHER],
  [`${B}/organizations/acme/clusters/${U1}/queues/new`, OTHER],
  [`${B}/organizations/acme/clusters/${U1}/settings`, OTHER],
  [`${B}/organizations/acme/clusters/${U1}/queues/${U2}/agents/nope`, OTHER],
  [`${B}/organizations/acme/clusters/${U1}/queues/${U2}/settings`, OTHER],

  // --- org settings
  ...[
    'settings',
    'services',
    'security',
    'api-access-audit',
    'audit-log',
    'users',
    'teams',
    'sso',
    'portals',
    'pipeline-templates',
    'rules',
    'quotas',
    'usage',
    'repository-providers',
    'token-exchange-apps',
    'jobs',
  ].map((section): [string, PageContext] => [
    `${B}/organizations/acme/${section}`,
    { kind: 'org-settings', org: 'acme', section },
  ]),
  [`${B}/organizations/acme/security/api`, { kind: 'org-settings', org: 'acme', section: 'security/api' }],
  [`${B}/organizations/acme/security/api/`, { kind: 'org-settings', org: 'acme', section: 'security/api' }],
  [`${B}/organizations/~/settings`, { kind: 'org-settings', org: '~', section: 'settings' }],
  [`${B}/organizations/-/services`, { kind: 'org-settings', org: '-', section: 'services' }],
  [`${B}/organizations/acme/teams/platform`, { kind: 'org-settings', org: 'acme', section: 'teams' }],
  [`${B}/organizations/acme/services?type=webhook`, { kind: 'org-settings', org: 'acme', section: 'services' }],

  // --- Test Engine
  [`${B}/organizations/acme/analytics/suites/unit`, { kind: 'test-suite', org: 'acme', suite: 'unit' }],
  [`${B}/organizations/acme/analytics/suites/unit/`, { kind: 'test-suite', org: 'acme', suite: 'unit' }],
  [
    `${B}/organizations/acme/analytics/suites/unit/tests/${U1}`,
    { kind: 'test', org: 'acme', suite: 'unit', testId: U1, executionId: null },
  ],
  [
    `${B}/organizations/acme/analytics/suites/unit/tests/${U1}?execution_id=${U2.toUpperCase()}`,
    { kind: 'test', org: 'acme', suite: 'unit', testId: U1, executionId: U2 },
  ],
  [
    `${B}/organizations/acme/analytics/suites/unit/tests/${U1}?execution_id=nope`,
    { kind: 'test', org: 'acme', suite: 'unit', testId: U1, executionId: null },
  ],
  [
    `${B}/organizations/acme/analytics/suites/unit/runs/${U1}`,
    { kind: 'test-run', org: 'acme', suite: 'unit', runId: U1 },
  ],
  [
    `${B}/organizations/acme/analytics/suites/unit/workflows/${U1}`,
    { kind: 'test-workflow', org: 'acme', suite: 'unit', workflowId: U1 },
  ],
  [`${B}/organizations/acme/analytics`, OTHER],
  [`${B}/organizations/acme/analytics/suites`, OTHER],
  [`${B}/organizations/acme/analytics/suites/unit/tests`, OTHER],
  [`${B}/organizations/acme/analytics/suites/unit/tests/not-a-uuid`, OTHER],
  [`${B}/organizations/acme/analytics/suites/unit/flakes/${U1}`, OTHER],
  [`${B}/organizations/acme/analytics/suites/unit/runs/${U1}/extra`, OTHER],
  [`${B}/organizations/acme/analytics/suites/a%2Fb`, OTHER],

  // --- Package Registries (both registry URL shapes)
  [`${B}/organizations/acme/packages`, { kind: 'packages', org: 'acme' }],
  [`${B}/organizations/acme/packages/`, { kind: 'packages', org: 'acme' }],
  [
    `${B}/organizations/acme/packages/registries/npm-internal`,
    { kind: 'registry', org: 'acme', registry: 'npm-internal', packageId: null },
  ],
  [
    `${B}/organizations/acme/packages/registries/npm-internal/packages/${U1}`,
    { kind: 'registry', org: 'acme', registry: 'npm-internal', packageId: U1 },
  ],
  [
    `${B}/organizations/acme/registries/npm-internal`,
    { kind: 'registry', org: 'acme', registry: 'npm-internal', packageId: null },
  ],
  [
    `${B}/organizations/acme/registries/npm-internal/packages/${U1.toUpperCase()}`,
    { kind: 'registry', org: 'acme', registry: 'npm-internal', packageId: U1 },
  ],
  [`${B}/organizations/acme/packages/registries`, OTHER],
  [`${B}/organizations/acme/packages/other`, OTHER],
  [`${B}/organizations/acme/registries/npm-internal/packages`, OTHER],
  [`${B}/organizations/acme/registries/npm-internal/packages/nope`, OTHER],
  [`${B}/organizations/acme/registries/npm-internal/settings`, OTHER],
  [`${B}/organizations/acme/packages/registries/npm-internal/packages/${U1}/x`, OTHER],

  // --- origins and schemes
  [`http://buildkite.com/acme/web/builds/1`, OTHER],
  [`https://www.buildkite.com/acme/web/builds/1`, OTHER],
  [`https://buildkite.com.evil.example/acme/web/builds/1`, OTHER],
  [`https://evil.example/acme/web/builds/1`, OTHER],
  [`https://api.buildkite.com/v2/organizations/acme`, OTHER],
  [`http://127.0.0.1:4010/acme/web/builds/1`, OTHER],
  [`https://BUILDKITE.com/acme/web/builds/1`, acmeBuild(1)],
  [`https://buildkite.com:443/acme/web/builds/1`, acmeBuild(1)],
  [`https://user:pass@buildkite.com/acme`, { kind: 'org', org: 'acme' }],
  [`https://buildkite.com:8443/acme`, OTHER],

  // --- garbage
  ['', OTHER],
  ['not a url', OTHER],
  ['/acme/web/builds/1', OTHER],
  ['buildkite.com/acme/web/builds/1', OTHER],
  ['javascript:alert(1)', OTHER],
  ['data:text/html,<p>x', OTHER],
  ['about:blank', OTHER],
  ['https://', OTHER],
  [`${B}/${'a'.repeat(5000)}/${'b/'.repeat(5000)}`, OTHER],
];

describe('parsePageUrl', () => {
  it.each(cases)('%s', (url, expected) => {
    expect(parsePageUrl(url)).toEqual(expected);
  });

  it('accepts a URL object', () => {
    expect(parsePageUrl(new URL(`${B}/acme/web/builds/5#${JOB}`))).toEqual(acmeBuild(5, JOB));
  });

  const extra = ['https://buildkite.com', 'http://127.0.0.1:4010'] as const;
  it.each([
    ['http://127.0.0.1:4010/acme/web/builds/1', acmeBuild(1)],
    [`http://127.0.0.1:4010/acme/web/builds/1#${JOB}`, acmeBuild(1, JOB)],
    ['http://127.0.0.1:4010/~/', { kind: 'dashboard' }],
    [`${B}/acme/web/builds/1`, acmeBuild(1)],
    ['http://127.0.0.1:4011/acme/web/builds/1', OTHER],
    ['http://localhost:4010/acme/web/builds/1', OTHER],
    ['https://127.0.0.1:4010/acme/web/builds/1', OTHER],
  ] as [string, PageContext][])('with an extra allowed origin: %s', (url, expected) => {
    expect(parsePageUrl(url, extra)).toEqual(expected);
  });

  it('replaces the default origins rather than adding to them', () => {
    expect(parsePageUrl(`${B}/acme`, ['http://127.0.0.1:4010'])).toEqual(OTHER);
    expect(parsePageUrl(`${B}/acme`, [])).toEqual(OTHER);
  });

  it('never throws on garbage input', () => {
    const garbage: unknown[] = [undefined, null, 42, {}, [], Symbol('x'), { toString: () => 'x' }, Object.create(null)];
    for (const value of garbage) {
      expect(parsePageUrl(value as string)).toEqual(OTHER);
    }
    expect(parsePageUrl(`${B}/acme`, null as unknown as string[])).toEqual(OTHER);
    expect(parsePageUrl(`${B}/acme`, 'https://buildkite.com' as unknown as string[])).toEqual({
      kind: 'org',
      org: 'acme',
    });
  });

  it('returns a fresh object each time', () => {
    const a = parsePageUrl('nope');
    const b = parsePageUrl('nope');
    expect(a).not.toBe(b);
  });
});

describe("parseInPageUrl (the content script's cut of the router)", () => {
  const inPage = (expected: PageContext): PageContext =>
    (IN_PAGE_KINDS as readonly string[]).includes(expected.kind) ? expected : OTHER;
  const origins = ['https://buildkite.com'];
  it.each(cases)('%s', (url, expected) => {
    expect(parseInPageUrl(url, origins)).toEqual(inPage(expected));
  });
  it('the table has every kind the content script acts on', () => {
    for (const kind of IN_PAGE_KINDS)
      expect(
        cases.some(([, c]) => c.kind === kind),
        kind,
      ).toBe(true);
  });
  it('agrees with parsePageUrl on an extra origin, and never throws', () => {
    const extra = ['http://127.0.0.1:4010'];
    for (const url of ['http://127.0.0.1:4010/acme/web/builds/1', 'http://127.0.0.1:4011/acme/web', 'nope', '']) {
      expect(parseInPageUrl(url, extra)).toEqual(inPage(parsePageUrl(url, extra)));
    }
  });
});

describe('isBuildPage', () => {
  it('narrows to build pages only', () => {
    const ctx = parsePageUrl(`${B}/acme/web/builds/5`);
    expect(isBuildPage(ctx)).toBe(true);
    if (isBuildPage(ctx)) expect(ctx.buildNumber).toBe(5);
    expect(isBuildPage(parsePageUrl(`${B}/acme/web/builds/5/meta-data`))).toBe(false);
    expect(isBuildPage(parsePageUrl(`${B}/acme/web/builds`))).toBe(false);
    expect(isBuildPage(OTHER)).toBe(false);
  });
});

describe('buildSlug', () => {
  it('joins org, pipeline and number for build and meta-data pages', () => {
    expect(buildSlug(acmeBuild(123) as Extract<PageContext, { kind: 'build' }>)).toBe('acme/web/123');
    const meta = parsePageUrl(`${B}/acme-co/web.app/builds/7/meta-data`);
    expect(meta.kind).toBe('build-meta-data');
    if (meta.kind === 'build-meta-data') expect(buildSlug(meta)).toBe('acme-co/web.app/7');
    expect(buildSlug({ org: 'a', pipeline: 'b', buildNumber: 1 })).toBe('a/b/1');
  });

  it('refuses the current-org alias, which the API cannot resolve', () => {
    expect(() => buildSlug({ org: '~', pipeline: 'web', buildNumber: 1 })).toThrow(RangeError);
    expect(() => buildSlug({ org: '-', pipeline: 'web', buildNumber: 1 })).toThrow(RangeError);
  });
});

describe('buildPageUrl', () => {
  it.each([
    [['acme', 'web', 123], `${B}/acme/web/builds/123`],
    [['acme', 'web', 123, JOB], `${B}/acme/web/builds/123#${JOB}`],
    [['acme', 'web', 123, JOB_UPPER], `${B}/acme/web/builds/123#${JOB}`],
    [['acme', 'web', 123, null], `${B}/acme/web/builds/123`],
    [['acme', 'web', 123, ''], `${B}/acme/web/builds/123`],
    [['~', 'web', 4], `${B}/organizations/~/pipelines/web/builds/4`],
    [['-', 'web', 4, JOB], `${B}/organizations/-/pipelines/web/builds/4#${JOB}`],
    [['a b', 'c/d', 1], `${B}/a%20b/c%2Fd/builds/1`],
  ] as [[string, string, number, (string | null)?], string][])('%j -> %s', (args, expected) => {
    expect(buildPageUrl(...args)).toBe(expected);
  });

  it.each([
    ['acme', 'web', 1, undefined],
    ['acme', 'web', 2147483647, JOB],
    ['my-org', 'my.pipeline_2', 42, JOB],
    ['~', 'web', 9, JOB],
  ] as [string, string, number, string | undefined][])('round-trips %s/%s/%d', (org, pipeline, n, job) => {
    expect(parsePageUrl(buildPageUrl(org, pipeline, n, job))).toEqual(build(org, pipeline, n, job ?? null));
  });
});

describe('describePage', () => {
  it.each([
    [acmeBuild(123), 'Build #123 of acme/web'],
    [acmeBuild(123, JOB), 'Build #123 of acme/web, job 0190a1b2…'],
    [acmeBuild(123, JOB, 'canvas'), 'Build #123 of acme/web, canvas tab, job 0190a1b2…'],
    [build('~', 'web', 5), 'Build #5 of web (your current organization)'],
    [{ kind: 'build-meta-data', org: 'acme', pipeline: 'web', buildNumber: 3 }, 'Meta-data of build #3 of acme/web'],
    [{ kind: 'builds', org: 'acme', pipeline: 'web', branch: null }, 'Builds of acme/web'],
    [{ kind: 'builds', org: 'acme', pipeline: 'web', branch: 'main' }, 'Builds of acme/web on branch main'],
    [{ kind: 'new-build', org: 'acme', pipeline: 'web' }, 'New build of acme/web'],
    [{ kind: 'pipeline', org: 'acme', pipeline: 'web' }, 'Pipeline acme/web'],
    [{ kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: null }, 'Pipeline settings of acme/web'],
    [
      { kind: 'pipeline-settings', org: 'acme', pipeline: 'web', section: 'steps' },
      'Pipeline settings of acme/web (steps)',
    ],
    [{ kind: 'org', org: 'acme' }, 'Organization acme'],
    [{ kind: 'dashboard' }, 'Your dashboard'],
    [{ kind: 'agents', org: 'acme', clusterId: null, queueId: null }, 'Agents of acme'],
    [{ kind: 'agents', org: '~', clusterId: null, queueId: null }, 'Agents of your current organization'],
    [{ kind: 'agents', org: 'acme', clusterId: U1, queueId: U2 }, 'Agents of acme, cluster 018f2c3d…, queue 01900000…'],
    [{ kind: 'agent', org: 'acme', agentId: U3, clusterId: null, queueId: null }, 'Agent 0191ffff… of acme'],
    [{ kind: 'clusters', org: 'acme', clusterId: null, queueId: null }, 'Clusters of acme'],
    [{ kind: 'clusters', org: 'acme', clusterId: U1, queueId: null }, 'Cluster 018f2c3d… of acme'],
    [{ kind: 'clusters', org: 'acme', clusterId: U1, queueId: U2 }, 'Cluster 018f2c3d… of acme, queue 01900000…'],
    [{ kind: 'org-settings', org: 'acme', section: 'security/api' }, 'Settings of acme (security/api)'],
    [{ kind: 'test-suite', org: 'acme', suite: 'unit' }, 'Test suite unit of acme'],
    [
      { kind: 'test', org: 'acme', suite: 'unit', testId: U1, executionId: null },
      'Test 018f2c3d… in suite unit of acme',
    ],
    [
      { kind: 'test', org: 'acme', suite: 'unit', testId: U1, executionId: U2 },
      'Test 018f2c3d… in suite unit of acme, execution 01900000…',
    ],
    [{ kind: 'test-run', org: 'acme', suite: 'unit', runId: U1 }, 'Test run 018f2c3d… in suite unit of acme'],
    [
      { kind: 'test-workflow', org: 'acme', suite: 'unit', workflowId: U1 },
      'Test workflow 018f2c3d… in suite unit of acme',
    ],
    [{ kind: 'packages', org: 'acme' }, 'Package registries of acme'],
    [{ kind: 'registry', org: 'acme', registry: 'npm', packageId: null }, 'Registry npm of acme'],
    [{ kind: 'registry', org: 'acme', registry: 'npm', packageId: U1 }, 'Package 018f2c3d… in registry npm of acme'],
    [{ kind: 'user', section: 'api-access-tokens/new' }, 'Your account: api-access-tokens/new'],
    [OTHER, 'Not a recognized Buildkite page'],
  ] as [PageContext, string][])('%j', (context, expected) => {
    expect(describePage(context)).toBe(expected);
  });

  it('describes every parsed case with a short, non-empty text', () => {
    for (const [url] of cases) {
      const text = describePage(parsePageUrl(url));
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(120);
    }
  });
});
