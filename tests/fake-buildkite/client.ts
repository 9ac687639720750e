/**
 * A small typed client for the fake's control API (global fetch only, so it works in Playwright workers):
 *   const fake = fakeClient('http://127.0.0.1:4010');
 *   await fake.reset(); await fake.scenario({ match: { pathPrefix: '/v2/user' }, respond: { kind: 'rate-limited' }, times: 1 });
 */
import type { PresetOptions, ScenarioSpec, TokenSpec } from './control';
import type { FakeState, TokenRec } from './model';
import type { Limits, RecordedRequest, Scenario } from './runtime';
import type { BuildSpec, TransitionSpec } from './transitions';
import type { Variants } from './undocumented';

export type { GraphqlNoAccessVariant, PolicyVariant, Variants } from './undocumented';
export { GRAPHQL_NO_ACCESS_VARIANTS, POLICY_VARIANTS } from './undocumented';

export type { BuildSpec, JobSpec, TransitionSpec } from './transitions';
export type { PresetOptions, ScenarioSpec, TokenSpec } from './control';
export type { Limits, RecordedRequest, Scenario, ScenarioMatch, ScenarioRespond } from './runtime';
export type { BlockField, BuildRec, FakeState, JobRec, TokenRec } from './model';

/** A REST build object as the fake answers it (see rest-json.ts); jobs include retried ones. */
export type RestBuild = Record<string, unknown> & {
  id: string;
  number: number;
  graphql_id: string;
  state: string;
  blocked: boolean;
  jobs: (Record<string, unknown> & { id: string; state: string; type: string })[];
};

export interface RequestFilter {
  token?: string;
  pathPrefix?: string;
  method?: string;
  operationName?: string;
}

export interface LootEntry {
  at: string;
  headers: Record<string, string>;
  body: unknown;
}

export class FakeControlError extends Error {
  constructor(
    public status: number,
    public body: unknown,
  ) {
    super(`fake-buildkite control: HTTP ${status} ${JSON.stringify(body)}`);
  }
}

export function fakeClient(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '');
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/__fake${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data = text ? (JSON.parse(text) as unknown) : null;
    if (!res.ok) throw new FakeControlError(res.status, data);
    return data as T;
  }
  const enc = encodeURIComponent;
  return {
    url: base,
    /** fresh seed data; clears scenarios, recorded requests, loot, limits and rate-limit windows */
    reset: () => call<{ ok: true }>('POST', '/reset'),
    health: () => call<{ ok: true }>('GET', '/health'),
    state: () => call<FakeState & { scenarios: Scenario[]; limits: Limits; requestCount: number }>('GET', '/state'),
    addToken: (spec: TokenSpec) => call<TokenRec>('POST', '/tokens', spec),
    updateToken: (value: string, patch: Partial<TokenSpec>) => call<TokenRec>('PATCH', `/tokens/${enc(value)}`, patch),
    removeToken: (value: string) => call<null>('DELETE', `/tokens/${enc(value)}`),
    scenario: (spec: ScenarioSpec) => call<Scenario>('POST', '/scenario', spec),
    scenarios: () => call<Scenario[]>('GET', '/scenario'),
    removeScenario: (id: string) => call<null>('DELETE', `/scenario/${enc(id)}`),
    clearScenarios: () => call<null>('DELETE', '/scenario'),
    /** The command palette's scenario: pipelines up to `total` (default 5,000) across acme, globex and initech. */
    manyPipelines: (spec: { total?: number } = {}) =>
      call<{ orgs: string[]; total: number }>('POST', '/scenario/many-pipelines', spec),
    requests: (f: RequestFilter = {}) => {
      const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined) as [string, string][]);
      const qs = q.toString();
      return call<RecordedRequest[]>('GET', `/requests${qs ? `?${qs}` : ''}`);
    },
    clearRequests: () => call<null>('DELETE', '/requests'),
    /** which undocumented behaviours the fake shows (undocumented.ts); reset restores the defaults */
    variants: (patch?: Partial<Variants>) =>
      patch ? call<Variants>('POST', '/variants', patch) : call<Variants>('GET', '/variants'),
    limits: (patch?: Partial<Limits> & { resetWindows?: boolean }) =>
      patch ? call<Limits>('POST', '/limits', patch) : call<Limits>('GET', '/limits'),
    createBuild: (spec: BuildSpec) => call<RestBuild>('POST', '/builds', spec),
    getBuild: (uuid: string) => call<RestBuild>('GET', `/builds/${enc(uuid)}`),
    transitionBuild: (uuid: string, spec: TransitionSpec) =>
      call<RestBuild>('POST', `/builds/${enc(uuid)}/transition`, spec),
    /** named scenarios: `superseded-branch` (6 builds on a branch, 4 running), `low-budget` (small REST budget) */
    preset: (name: 'superseded-branch' | 'low-budget', options: PresetOptions = {}) =>
      call<unknown>('POST', `/preset/${name}`, options),
    loot: () => call<LootEntry[]>('GET', '/loot'),
    clearLoot: () => call<null>('DELETE', '/loot'),
    /** URL of the hostile page (`?hostile=1` on any fixture path adds the same script) */
    hostilePageUrl: (delayMs?: number) =>
      `${base}/__fake/page/hostile${delayMs === undefined ? '' : `?delay=${delayMs}`}`,
  };
}

export type FakeClient = ReturnType<typeof fakeClient>;
