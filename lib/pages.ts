/**
 * buildkite.com URL -> page context, for the content script's feature routing.
 * Pure and import-free (it ships in the content script on every Buildkite tab); `parsePageUrl` never throws.
 * Shapes follow buildkite.com's web URL structure: `/{org}/{pipeline}/builds/{n}#{job-uuid}`, `/organizations/{org}/…`
 * settings, `/user/…`. Caution: the first segment is an org slug unless it is one of the fixed routes below.
 *
 * Decisions:
 * - Only the documented shapes match; anything else (including bare `/organizations/{org}`) is `other`.
 *   Extra trailing segments are tolerated only where sub-pages are expected: build tabs, pipeline and org
 *   settings, `/user/...`.
 * - Ids documented as UUIDs (job, agent, cluster, queue, test, execution, run, workflow, package) must be UUIDs
 *   and are lower-cased; a path id that is not a UUID makes the page `other` (so `/clusters/new` is not a cluster).
 * - A job fragment may carry a log line after the UUID (`#{job-uuid}/42`, the log-line link form).
 * - The `/builds` tail is shared by both pipeline URL forms: list, `#new…`, `/new`, `/{n}[/{tab}…]`.
 * - Build numbers are 1..2^31-1 (GraphQL `Int`).
 */

export type PageContext =
  | { kind: 'build'; org: string; pipeline: string; buildNumber: number; jobId: string | null; tab: string | null }
  | { kind: 'build-meta-data'; org: string; pipeline: string; buildNumber: number }
  | { kind: 'builds'; org: string; pipeline: string; branch: string | null }
  | { kind: 'new-build'; org: string; pipeline: string }
  | { kind: 'pipeline'; org: string; pipeline: string }
  | { kind: 'pipeline-settings'; org: string; pipeline: string; section: string | null }
  | { kind: 'org'; org: string }
  | { kind: 'dashboard' }
  | { kind: 'agents'; org: string; clusterId: string | null; queueId: string | null }
  | { kind: 'agent'; org: string; agentId: string; clusterId: string | null; queueId: string | null }
  | { kind: 'clusters'; org: string; clusterId: string | null; queueId: string | null }
  | { kind: 'org-settings'; org: string; section: string }
  | { kind: 'test-suite'; org: string; suite: string }
  | { kind: 'test'; org: string; suite: string; testId: string; executionId: string | null }
  | { kind: 'test-run'; org: string; suite: string; runId: string }
  | { kind: 'test-workflow'; org: string; suite: string; workflowId: string }
  | { kind: 'packages'; org: string }
  | { kind: 'registry'; org: string; registry: string; packageId: string | null }
  | { kind: 'user'; section: string }
  | { kind: 'other' };

type Route = PageContext | null;
type Segments = readonly (string | null)[]; // decoded path segments; null where decoding failed

const DEFAULT_ORIGINS: readonly string[] = ['https://buildkite.com'];
const SLUG = /^(?!\.+$)[\w.-]+$/; // ASCII letters, digits, `_`, `-`, `.`; not `.` or `..`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOB_HASH = /^#([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;
const NEW_BUILD_HASH = /^#new(?:[?&]|$)/;
const BUILD_NUMBER = /^[1-9]\d{0,9}$/;
const MAX_BUILD_NUMBER = 2 ** 31 - 1;

/** First path segments that are fixed routes, never org slugs (an org can't be named like them). */
export const RESERVED = new Set(
  (
    'organizations user docs sso oauth authorize new pipelines packages plugins login logout signup account ' +
    'dashboard ~ - _ api graphql test-analytics changelog about pricing home support security blog careers legal ' +
    'case-studies resources customers platform features enterprise contact privacy terms status mobile agents ' +
    'assets favicon.ico robots.txt'
  ).split(' '),
);
/** `/organizations/{org}/{section}` settings pages; `security/api` is handled on its own. */
const ORG_SETTINGS = new Set(
  (
    'settings services security api-access-audit audit-log users teams sso portals pipeline-templates rules ' +
    'quotas usage repository-providers token-exchange-apps jobs'
  ).split(' '),
);

export function parsePageUrl(url: string | URL, allowedOrigins: readonly string[] = DEFAULT_ORIGINS): PageContext {
  try {
    const u = new URL(String(url));
    if (!allowedOrigins.includes(u.origin)) return { kind: 'other' };
    const path = u.pathname.slice(1).replace(/\/+$/, '');
    const segments = path === '' ? [] : path.split('/').map(decode);
    return route(segments, u) ?? { kind: 'other' };
  } catch {
    return { kind: 'other' };
  }
}

export function isBuildPage(context: PageContext): context is Extract<PageContext, { kind: 'build' }> {
  return context.kind === 'build';
}

/**
 * `org/pipeline/number`, the GraphQL `build(slug:)` argument. Throws for the `~`/`-` current-org alias, which
 * the API cannot resolve, rather than hand the API a slug that can only come back "not found".
 */
export function buildSlug(context: { org: string; pipeline: string; buildNumber: number }): string {
  if (isOrgAlias(context.org)) throw new RangeError(`"${context.org}" is not an organization slug`);
  return `${context.org}/${context.pipeline}/${context.buildNumber}`;
}

/** The build page (and job) URL. The current-org alias uses the `/organizations/~/pipelines/…` form. */
export function buildPageUrl(org: string, pipeline: string, number: number, jobId?: string | null): string {
  const o = encodeURIComponent(org);
  const p = encodeURIComponent(pipeline);
  const base = isOrgAlias(org)
    ? `https://buildkite.com/organizations/${o}/pipelines/${p}/builds/${number}`
    : `https://buildkite.com/${o}/${p}/builds/${number}`;
  return jobId ? `${base}#${encodeURIComponent(jobId.toLowerCase())}` : base;
}

export function describePage(context: PageContext): string {
  const c = context;
  switch (c.kind) {
    case 'build':
      return (
        `Build #${c.buildNumber} of ${pipelineName(c.org, c.pipeline)}` +
        (c.tab ? `, ${c.tab} tab` : '') +
        (c.jobId ? `, job ${short(c.jobId)}` : '')
      );
    case 'build-meta-data':
      return `Meta-data of build #${c.buildNumber} of ${pipelineName(c.org, c.pipeline)}`;
    case 'builds':
      return `Builds of ${pipelineName(c.org, c.pipeline)}` + (c.branch ? ` on branch ${c.branch}` : '');
    case 'new-build':
      return `New build of ${pipelineName(c.org, c.pipeline)}`;
    case 'pipeline':
      return `Pipeline ${pipelineName(c.org, c.pipeline)}`;
    case 'pipeline-settings':
      return `Pipeline settings of ${pipelineName(c.org, c.pipeline)}` + (c.section ? ` (${c.section})` : '');
    case 'org':
      return `Organization ${c.org}`;
    case 'dashboard':
      return 'Your dashboard';
    case 'agents':
      return `Agents of ${orgName(c.org)}${scope(c.clusterId, c.queueId)}`;
    case 'agent':
      return `Agent ${short(c.agentId)} of ${orgName(c.org)}${scope(c.clusterId, c.queueId)}`;
    case 'clusters':
      return c.clusterId
        ? `Cluster ${short(c.clusterId)} of ${orgName(c.org)}${scope(null, c.queueId)}`
        : `Clusters of ${orgName(c.org)}`;
    case 'org-settings':
      return `Settings of ${orgName(c.org)} (${c.section})`;
    case 'test-suite':
      return `Test suite ${c.suite} of ${orgName(c.org)}`;
    case 'test':
      return (
        `Test ${short(c.testId)} in suite ${c.suite} of ${orgName(c.org)}` +
        (c.executionId ? `, execution ${short(c.executionId)}` : '')
      );
    case 'test-run':
      return `Test run ${short(c.runId)} in suite ${c.suite} of ${orgName(c.org)}`;
    case 'test-workflow':
      return `Test workflow ${short(c.workflowId)} in suite ${c.suite} of ${orgName(c.org)}`;
    case 'packages':
      return `Package registries of ${orgName(c.org)}`;
    case 'registry':
      return c.packageId
        ? `Package ${short(c.packageId)} in registry ${c.registry} of ${orgName(c.org)}`
        : `Registry ${c.registry} of ${orgName(c.org)}`;
    case 'user':
      return `Your account: ${c.section}`;
    case 'other':
      return 'Not a recognized Buildkite page';
  }
}

// ---- routing ----

function route(s: Segments, u: URL): Route {
  const [org, pipeline, section] = s;
  if (org === undefined) return null; // the bare origin is the marketing home or a redirect
  if (org === '~' || org === 'dashboard') return s.length === 1 ? { kind: 'dashboard' } : null;
  if (org === 'user') return userRoute(s);
  if (org === 'organizations') return orgRoute(s, u);
  if (!isSlug(org) || RESERVED.has(org)) return null;
  if (pipeline === undefined) return { kind: 'org', org };
  if (!isSlug(pipeline)) return null;
  if (section === undefined) return { kind: 'pipeline', org, pipeline };
  if (section === 'builds') return buildsRoute(org, pipeline, s, 3, u);
  if (section !== 'settings') return null;
  const rest = s.slice(3);
  return rest.every(isSlug) ? { kind: 'pipeline-settings', org, pipeline, section: rest.join('/') || null } : null;
}

/** `…/builds` at index i-1: the list, the New Build dialog, or a build with optional tab. */
export function buildsRoute(org: string, pipeline: string, s: Segments, i: number, u: URL): Route {
  const n = s[i];
  if (n === undefined) {
    return NEW_BUILD_HASH.test(u.hash)
      ? { kind: 'new-build', org, pipeline }
      : { kind: 'builds', org, pipeline, branch: u.searchParams.get('branch') || null };
  }
  if (n === 'new') return s.length === i + 1 ? { kind: 'new-build', org, pipeline } : null;
  if (n === null || !BUILD_NUMBER.test(n)) return null;
  const buildNumber = Number(n);
  if (buildNumber > MAX_BUILD_NUMBER) return null;
  const tab = s[i + 1];
  if (tab === 'meta-data') return { kind: 'build-meta-data', org, pipeline, buildNumber };
  const jobId = JOB_HASH.exec(u.hash)?.[1]?.toLowerCase() ?? null;
  return { kind: 'build', org, pipeline, buildNumber, jobId, tab: isSlug(tab) ? tab : null };
}

function userRoute(s: Segments): Route {
  const rest = s.slice(1);
  return rest.length > 0 && rest.every(isSlug) ? { kind: 'user', section: rest.join('/') } : null;
}

/** `/organizations/{org}/…`; `~` and `-` (current org) are kept as the org string. */
function orgRoute(s: Segments, u: URL): Route {
  const org = s[1];
  if (org !== '~' && !isSlug(org)) return null;
  const section = s[2];
  switch (section) {
    case undefined:
    case null:
      return null;
    case 'pipelines': {
      const pipeline = s[3];
      return isSlug(pipeline) && s[4] === 'builds' ? buildsRoute(org, pipeline, s, 5, u) : null;
    }
    case 'agents':
      return agentsRoute(org, null, null, s, 3);
    case 'clusters':
      return clustersRoute(org, s);
    case 'analytics':
      return testEngineRoute(org, s, u);
    case 'packages':
      if (s.length === 3) return { kind: 'packages', org };
      return s[3] === 'registries' ? registryRoute(org, s, 4) : null;
    case 'registries':
      return registryRoute(org, s, 3);
    case 'security':
      return { kind: 'org-settings', org, section: s[3] === 'api' ? 'security/api' : 'security' };
    default:
      return ORG_SETTINGS.has(section) ? { kind: 'org-settings', org, section } : null;
  }
}

/** `…/agents` at index i-1: the list, or one agent. */
function agentsRoute(org: string, clusterId: string | null, queueId: string | null, s: Segments, i: number): Route {
  if (s.length === i) return { kind: 'agents', org, clusterId, queueId };
  const agentId = uuid(s[i]);
  return agentId && s.length === i + 1 ? { kind: 'agent', org, agentId, clusterId, queueId } : null;
}

/** `clusters[/{c}[/agents…|/queues[/{q}[/agents…]]]]` */
function clustersRoute(org: string, s: Segments): Route {
  if (s.length === 3) return { kind: 'clusters', org, clusterId: null, queueId: null };
  const clusterId = uuid(s[3]);
  if (!clusterId) return null;
  if (s.length === 4) return { kind: 'clusters', org, clusterId, queueId: null };
  if (s[4] === 'agents') return agentsRoute(org, clusterId, null, s, 5);
  if (s[4] !== 'queues') return null;
  if (s.length === 5) return { kind: 'clusters', org, clusterId, queueId: null };
  const queueId = uuid(s[5]);
  if (!queueId) return null;
  if (s.length === 6) return { kind: 'clusters', org, clusterId, queueId };
  return s[6] === 'agents' ? agentsRoute(org, clusterId, queueId, s, 7) : null;
}

/** `analytics/suites/{suite}[/tests|runs|workflows/{uuid}]` */
function testEngineRoute(org: string, s: Segments, u: URL): Route {
  const suite = s[4];
  if (s[3] !== 'suites' || !isSlug(suite)) return null;
  if (s.length === 5) return { kind: 'test-suite', org, suite };
  const id = uuid(s[6]);
  if (!id || s.length !== 7) return null;
  switch (s[5]) {
    case 'tests':
      return { kind: 'test', org, suite, testId: id, executionId: uuid(u.searchParams.get('execution_id')) };
    case 'runs':
      return { kind: 'test-run', org, suite, runId: id };
    case 'workflows':
      return { kind: 'test-workflow', org, suite, workflowId: id };
    default:
      return null;
  }
}

/** `{registry}[/packages/{uuid}]` at index i (after `packages/registries` or `registries`). */
function registryRoute(org: string, s: Segments, i: number): Route {
  const registry = s[i];
  if (!isSlug(registry)) return null;
  if (s.length === i + 1) return { kind: 'registry', org, registry, packageId: null };
  const packageId = uuid(s[i + 2]);
  return s[i + 1] === 'packages' && packageId && s.length === i + 3
    ? { kind: 'registry', org, registry, packageId }
    : null;
}

// ---- helpers ----

export function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function isSlug(value: string | null | undefined): value is string {
  return typeof value === 'string' && SLUG.test(value);
}

function uuid(value: string | null | undefined): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

function isOrgAlias(org: string): boolean {
  return org === '~' || org === '-';
}

function orgName(org: string): string {
  return isOrgAlias(org) ? 'your current organization' : org;
}

function pipelineName(org: string, pipeline: string): string {
  return isOrgAlias(org) ? `${pipeline} (your current organization)` : `${org}/${pipeline}`;
}

function short(id: string): string {
  return `${id.slice(0, 8)}…`;
}

function scope(clusterId: string | null, queueId: string | null): string {
  return (clusterId ? `, cluster ${short(clusterId)}` : '') + (queueId ? `, queue ${short(queueId)}` : '');
}
