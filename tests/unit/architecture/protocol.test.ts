// @vitest-environment node
import { readdirSync, statSync } from 'node:fs';
import * as v from 'valibot';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FEATURE_CATALOG } from '@/lib/features/catalog';
import { FEATURES } from '@/lib/features/registry';
import { writeNeedOf, type MessageSpec } from '@/lib/message-spec';
import { protocol, type MessageInput, type MessageName } from '@/lib/messaging';
import { updateSettings } from '@/lib/settings';
import type { TokenHealthReport } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { storeToken } from '@/lib/token/vault';
import { BUILDS, JOBS } from '../../fake-buildkite/seed-ids';
import { FULL_SCOPES, READ_SCOPES, TOKENS } from '../../fake-buildkite/seed-tokens';
import { sent, useFakeBuildkite } from '../builds/harness';
import { installFakePorts } from '../palette/ports';

/**
 * Invariants of the protocol, as tables over `protocol` (lib/messaging.ts): a new message, handler or feature is
 * covered without editing this file (a new write message fails to typecheck until it has a sample payload).
 */
type Listener = (message: { data: unknown; sender: unknown }) => Promise<{ ok: boolean; error?: { kind: string } }>;
const registered = vi.hoisted(() => new Map<string, Listener[]>());
vi.mock('@/lib/messenger', () => ({
  messenger: {
    onMessage: (name: string, listener: Listener) => registered.set(name, [...(registered.get(name) ?? []), listener]),
  },
}));

type WriteName = {
  [K in MessageName]: (typeof protocol)[K] extends { writes?: infer W } ? (undefined extends W ? never : K) : never;
}[MessageName];

const ref = { org: 'acme', pipeline: 'web', number: BUILDS.webRunning.number };
/** One payload per write message, chosen so that the call writes (a mutation, a POST). */
const WRITE_SAMPLES: { [K in WriteName]: MessageInput<K> } = {
  rebuildBuild: ref,
  cancelBuild: ref,
  retryFailedJobs: { ...ref, jobIds: [JOBS.runningTest] },
  retryJob: { ...ref, jobId: JOBS.runningTest },
  cancelJob: { ...ref, jobId: JOBS.runningTest },
  unblockJob: { ...ref, jobId: JOBS.runningTest, fields: {} },
  retryWatchedBuild: ref,
  consoleGraphQL: { query: 'mutation Touch { viewer { id } }', variables: {}, operationName: 'Touch' },
  consoleRest: { method: 'POST', path: '/organizations/acme/pipelines/web/builds', body: '{}' },
  consolePortal: { portalUrl: 'https://graphql.buildkite.com/portals/acme/p', variables: {} },
  sendPipelineTrigger: { url: 'https://webhook.buildkite.com/deliver/abc', body: '{}' },
  createBuild: {
    org: ref.org,
    pipeline: ref.pipeline,
    form: {
      message: 'Try it',
      branch: 'main',
      commit: 'HEAD',
      env: [],
      metaData: [],
      cleanCheckout: false,
      ignoreBranchFilters: false,
      authorName: '',
      authorEmail: '',
    },
  },
  startBulk: { planId: '0b6b0f64-8a4c-4a44-9b43-4f8f3b7f2d11' },
} as unknown as { [K in WriteName]: MessageInput<K> };

const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
const names = Object.keys(protocol) as MessageName[];
const spec = (name: MessageName) => protocol[name] as MessageSpec<v.GenericSchema, unknown>;
const writeNames = names.filter((name) => spec(name).writes !== undefined);
const send = (name: string, data: unknown) => registered.get(name)![0]!({ data, sender: PAGE });

async function useToken(token: string, scopes: readonly string[]) {
  await storeToken(token, false);
  await healthReportItem.setValue({
    token: { scopes: [...scopes] },
    graphqlEnabled: scopes.includes('graphql'),
  } as unknown as TokenHealthReport);
}

useFakeBuildkite();
let fetchSpy: { mock: { calls: unknown[][] }; mockRestore(): void };
beforeAll(async () => {
  // The real background: its main() registers every handler (a handlers file not called there fails here).
  // WXT's fake browser does not implement `commands.onCommand` (the manifest's keyboard command opens the palette).
  const fake = browser as unknown as { commands: { onCommand: unknown } };
  fake.commands = { ...fake.commands, onCommand: { addListener: () => undefined } };
  installFakePorts(PAGE); // nor ports (the palette's session)
  const background = (await import('@/entrypoints/background/index')).default as unknown as { main(): void };
  background.main();
});
beforeEach(() => {
  fetchSpy = vi.spyOn(globalThis, 'fetch');
});
afterEach(() => fetchSpy.mockRestore());
const buildkiteFetches = () =>
  fetchSpy.mock.calls.filter(
    ([input]) => !/127\.0\.0\.1|localhost/.test(String(input instanceof Request ? input.url : input)),
  );

describe('every protocol message has exactly one handler', () => {
  it.each(names)('%s', (name) => {
    expect(registered.get(name)?.length ?? 0).toBe(1);
  });
  it('no handler for a message the protocol lacks', () => {
    expect([...registered.keys()].filter((name) => !(name in protocol))).toEqual([]);
  });
});

describe('write messages (spec.writes)', () => {
  it('every write message has a sample payload that validates and writes', () => {
    expect(writeNames.sort()).toEqual(Object.keys(WRITE_SAMPLES).sort());
    for (const name of writeNames) {
      const sample = WRITE_SAMPLES[name as WriteName];
      const parsed = v.safeParse(spec(name).input, sample);
      expect(parsed.success, name).toBe(true);
      expect(writeNeedOf(spec(name), parsed.output), name).not.toBeNull();
    }
  });

  it.each(writeNames)('%s is refused in read-only mode with nothing sent', async (name) => {
    await useToken(TOKENS.full, FULL_SCOPES);
    await updateSettings({ readOnly: true });
    const reply = await send(name, WRITE_SAMPLES[name as WriteName]);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(sent).toEqual([]);
    expect(buildkiteFetches()).toEqual([]);
  });

  const scoped = writeNames.filter((name) => {
    const need = writeNeedOf(spec(name), WRITE_SAMPLES[name as WriteName]);
    return need !== 'no-token-scope';
  });
  it.each(scoped)('%s is refused without its scope with nothing sent', async (name) => {
    await useToken(TOKENS.readonly, READ_SCOPES);
    const reply = await send(name, WRITE_SAMPLES[name as WriteName]);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'missing-scope' } });
    expect(sent).toEqual([]);
    expect(buildkiteFetches()).toEqual([]);
  });
});

describe('every feature folder is registered and in the catalog', () => {
  const folders = readdirSync('lib/features').filter((name) => statSync(`lib/features/${name}`).isDirectory());
  it.each(folders)('%s', (folder) => {
    expect(FEATURES.map((feature) => feature.id)).toContain(folder);
    expect(FEATURE_CATALOG.map((meta) => meta.id)).toContain(folder);
  });
  it('nothing registered without a folder', () => {
    expect(FEATURES.map((feature) => feature.id).sort()).toEqual(folders.sort());
    expect(FEATURE_CATALOG.map((meta) => meta.id).sort()).toEqual(folders.sort());
  });
});
