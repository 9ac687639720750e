import { describe, expect, it } from 'vitest';
import { mcpClientConfigs, mcpReadiness, MCP_TOOLSETS } from '@/lib/token/mcp';

const coverage = (scopes: string[]) =>
  Object.fromEntries(mcpReadiness(scopes).map((verdict) => [verdict.id, verdict.coverage]));

describe('mcpReadiness', () => {
  it('lists the 9 documented toolsets and the 2 only in the server code (digest §6)', () => {
    expect(MCP_TOOLSETS.filter((set) => set.documented).map((set) => set.id)).toEqual([
      'user',
      'clusters',
      'agents',
      'pipelines',
      'builds',
      'logs',
      'artifacts',
      'annotations',
      'tests',
    ]);
    expect(MCP_TOOLSETS.filter((set) => !set.documented).map((set) => set.id)).toEqual(['investigations', 'skills']);
  });

  it.each([
    [
      'no scopes',
      [],
      {
        user: 'none',
        clusters: 'none',
        agents: 'none',
        pipelines: 'none',
        builds: 'none',
        logs: 'none',
        artifacts: 'none',
        annotations: 'none',
        tests: 'none',
        investigations: 'none',
        skills: 'full',
      },
    ],
    [
      'the fake full token',
      [
        'read_user',
        'read_organizations',
        'read_pipelines',
        'read_builds',
        'read_build_logs',
        'read_artifacts',
        'read_agents',
        'read_job_env',
        'write_builds',
        'write_pipelines',
        'graphql',
      ],
      {
        user: 'full',
        clusters: 'none',
        agents: 'full',
        pipelines: 'full',
        builds: 'full',
        logs: 'full',
        artifacts: 'full',
        annotations: 'full',
        tests: 'none',
        investigations: 'none',
        skills: 'full',
      },
    ],
    [
      'read-only builds and pipelines',
      ['read_builds', 'read_pipelines', 'read_job_env', 'read_user'],
      {
        user: 'none',
        clusters: 'none',
        agents: 'none',
        pipelines: 'read-only',
        builds: 'read-only',
        logs: 'none',
        artifacts: 'none',
        annotations: 'read-only',
        tests: 'none',
        investigations: 'none',
        skills: 'full',
      },
    ],
    [
      'Test Engine and logs',
      ['read_suites', 'read_builds', 'read_build_logs'],
      {
        user: 'none',
        clusters: 'none',
        agents: 'none',
        pipelines: 'none',
        builds: 'none',
        logs: 'full',
        artifacts: 'none',
        annotations: 'read-only',
        tests: 'full',
        investigations: 'full',
        skills: 'full',
      },
    ],
  ])('%s', (_name, scopes, expected) => {
    expect(coverage(scopes)).toEqual(expected);
  });

  it('says which scopes are missing, for reading and for everything', () => {
    const builds = mcpReadiness(['read_builds']).find((verdict) => verdict.id === 'builds');
    expect(builds).toMatchObject({
      coverage: 'none',
      needs: ['read_builds', 'read_job_env', 'write_builds'],
      missingForRead: ['read_job_env'],
      missing: ['read_job_env', 'write_builds'],
    });
    expect(builds?.unusableTools).toEqual([
      'create_build',
      'cancel_build',
      'rebuild_build',
      'unblock_job',
      'retry_job',
      'get_job_env',
    ]);
  });
});

describe('mcpClientConfigs', () => {
  const token = 'bkua_full0kitedeck0fake0token0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

  it('never contains a token: OAuth, or the environment variable', () => {
    const configs = mcpClientConfigs(mcpReadiness(['read_builds', 'write_builds', 'read_user', 'read_organizations']));
    for (const text of [configs.remoteOAuth, configs.remoteDirect, configs.local]) {
      expect(text).not.toContain(token);
      expect(text).not.toMatch(/bkua_[a-z0-9]/);
      expect(() => JSON.parse(text) as unknown).not.toThrow();
    }
    expect(JSON.parse(configs.remoteOAuth)).toEqual({
      mcpServers: { buildkite: { type: 'http', url: 'https://mcp.buildkite.com/mcp' } },
    });
    expect(JSON.parse(configs.remoteDirect).mcpServers.buildkite.headers).toEqual({
      Authorization: 'Bearer ${BUILDKITE_API_TOKEN}',
      'X-Buildkite-Toolsets': 'user,annotations,skills',
    });
    const local = JSON.parse(configs.local).mcpServers.buildkite;
    expect(local.env).toEqual({
      BUILDKITE_API_TOKEN: '${BUILDKITE_API_TOKEN}',
      BUILDKITE_TOOLSETS: 'user,annotations,skills',
    });
    expect(local.args).toEqual([
      'run',
      '-i',
      '--rm',
      '-e',
      'BUILDKITE_API_TOKEN',
      '-e',
      'BUILDKITE_TOOLSETS',
      'buildkite/mcp-server',
      'stdio',
    ]);
  });

  it('runs read-only when the token has no write scope a usable toolset needs', () => {
    const configs = mcpClientConfigs(mcpReadiness(['read_builds', 'read_pipelines', 'read_job_env']));
    expect(configs.readOnly).toBe(true);
    expect(configs.toolsets).toEqual(['pipelines', 'builds', 'annotations', 'skills']);
    expect(JSON.parse(configs.local).mcpServers.buildkite.env.BUILDKITE_READ_ONLY).toBe('true');
    expect(JSON.parse(configs.remoteDirect).mcpServers.buildkite.headers['X-Buildkite-Readonly']).toBe('true');
  });
});
