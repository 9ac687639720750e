/**
 * MCP readiness: which toolsets of Buildkite's MCP server the current token's scopes cover. The scopes
 * each tool needs come from the server's own tool definitions (`buildkite/buildkite-mcp-server`, each tool declares
 * its required scopes next to its read-only hint). Pure: no token, no requests.
 */

export interface McpTool {
  name: string;
  scopes: readonly string[];
  readOnly: boolean;
}

export interface McpToolset {
  id: string;
  title: string;
  tools: readonly McpTool[];
  /** Listed in Buildkite's docs (false: only in the server's code so far). */
  documented: boolean;
}

const read = (name: string, ...scopes: string[]): McpTool => ({ name, scopes, readOnly: true });
const write = (name: string, ...scopes: string[]): McpTool => ({ name, scopes, readOnly: false });

export const MCP_TOOLSETS: readonly McpToolset[] = [
  {
    id: 'user',
    title: 'User and organisation',
    documented: true,
    tools: [
      read('current_user', 'read_user'),
      read('user_token_organization', 'read_organizations'),
      read('access_token', 'read_user'),
    ],
  },
  {
    id: 'clusters',
    title: 'Clusters and queues',
    documented: true,
    tools: [
      read('list_clusters', 'read_clusters'),
      read('get_cluster', 'read_clusters'),
      write('create_cluster', 'write_clusters'),
      write('update_cluster', 'write_clusters'),
      read('list_cluster_queues', 'read_clusters'),
      read('get_cluster_queue', 'read_clusters'),
      write('create_cluster_queue', 'write_clusters'),
      write('update_cluster_queue', 'write_clusters'),
      write('pause_cluster_queue_dispatch', 'write_clusters'),
      write('resume_cluster_queue_dispatch', 'write_clusters'),
    ],
  },
  {
    id: 'agents',
    title: 'Agents',
    documented: true,
    tools: [read('list_agents', 'read_agents'), read('get_agent', 'read_agents')],
  },
  {
    id: 'pipelines',
    title: 'Pipelines and schedules',
    documented: true,
    tools: [
      read('list_pipelines', 'read_pipelines'),
      read('get_pipeline', 'read_pipelines'),
      write('create_pipeline', 'write_pipelines'),
      write('update_pipeline', 'write_pipelines'),
      read('list_pipeline_schedules', 'read_pipelines'),
      read('get_pipeline_schedule', 'read_pipelines'),
      write('create_pipeline_schedule', 'write_pipelines'),
      write('update_pipeline_schedule', 'write_pipelines'),
    ],
  },
  {
    id: 'builds',
    title: 'Builds and jobs',
    documented: true,
    tools: [
      read('list_builds', 'read_builds'),
      read('get_build', 'read_builds'),
      read('get_build_test_engine_runs', 'read_builds'),
      read('list_step_uploads', 'read_builds'),
      read('get_step_upload', 'read_builds'),
      read('wait_for_build', 'read_builds'),
      write('create_build', 'write_builds'),
      write('cancel_build', 'write_builds'),
      write('rebuild_build', 'write_builds'),
      read('list_jobs', 'read_builds'),
      read('get_job', 'read_builds'),
      write('unblock_job', 'write_builds'),
      write('retry_job', 'write_builds'),
      read('get_job_env', 'read_job_env'),
    ],
  },
  {
    id: 'logs',
    title: 'Job logs',
    documented: true,
    tools: [
      read('search_logs', 'read_build_logs'),
      read('tail_logs', 'read_build_logs'),
      read('read_logs', 'read_build_logs'),
    ],
  },
  {
    id: 'artifacts',
    title: 'Artifacts',
    documented: true,
    tools: [
      read('list_artifacts_for_build', 'read_artifacts'),
      read('list_artifacts_for_job', 'read_artifacts'),
      read('get_artifact', 'read_artifacts'),
    ],
  },
  {
    id: 'annotations',
    title: 'Annotations',
    documented: true,
    tools: [read('list_annotations', 'read_builds'), write('create_annotation', 'write_builds')],
  },
  {
    id: 'tests',
    title: 'Test Engine',
    documented: true,
    tools: [
      read('list_tests', 'read_suites'),
      read('list_tests_for_build', 'read_suites'),
      read('get_test', 'read_suites'),
      read('list_test_runs', 'read_suites'),
      read('get_test_run', 'read_suites'),
      read('get_failed_executions', 'read_suites'),
    ],
  },
  {
    id: 'investigations',
    title: 'Build failure investigations',
    documented: false,
    tools: [read('get_build_failure_summary', 'read_builds', 'read_build_logs', 'read_suites')],
  },
  { id: 'skills', title: 'Skill guides', documented: false, tools: [read('list_skills'), read('load_skill')] },
];

export type McpCoverage = 'full' | 'read-only' | 'none';

export interface McpToolsetVerdict {
  id: string;
  title: string;
  documented: boolean;
  coverage: McpCoverage;
  /** Every scope the toolset's tools need. */
  needs: string[];
  /** Needed by its read-only tools and absent. */
  missingForRead: string[];
  /** Needed by any of its tools and absent. */
  missing: string[];
  /** Tools the token cannot use. */
  unusableTools: string[];
}

const unique = (items: readonly string[]) => [...new Set(items)].sort();

export function mcpReadiness(
  scopes: readonly string[],
  toolsets: readonly McpToolset[] = MCP_TOOLSETS,
): McpToolsetVerdict[] {
  const has = new Set(scopes);
  return toolsets.map((toolset) => {
    const needs = unique(toolset.tools.flatMap((tool) => tool.scopes));
    const readNeeds = unique(toolset.tools.filter((tool) => tool.readOnly).flatMap((tool) => tool.scopes));
    const missing = needs.filter((scope) => !has.has(scope));
    const missingForRead = readNeeds.filter((scope) => !has.has(scope));
    const coverage: McpCoverage = missing.length === 0 ? 'full' : missingForRead.length === 0 ? 'read-only' : 'none';
    return {
      id: toolset.id,
      title: toolset.title,
      documented: toolset.documented,
      coverage,
      needs,
      missingForRead,
      missing,
      unusableTools: toolset.tools
        .filter((tool) => tool.scopes.some((scope) => !has.has(scope)))
        .map((tool) => tool.name),
    };
  });
}

export const MCP_REMOTE_URL = 'https://mcp.buildkite.com/mcp';
export const MCP_DIRECT_URL = 'https://mcp.buildkite.com/direct';
export const MCP_TOKEN_ENV = 'BUILDKITE_API_TOKEN';

export interface McpClientConfigs {
  /** Toolsets the token can use at all, for `X-Buildkite-Toolsets` / `BUILDKITE_TOOLSETS`. */
  toolsets: string[];
  /** True when no usable toolset needs a write scope the token has: run the server read-only. */
  readOnly: boolean;
  /** Remote server with Buildkite's OAuth sign-in: no token at all. */
  remoteOAuth: string;
  /** Remote server, token pass-through, the token read from the environment by the client. */
  remoteDirect: string;
  /** Local server in Docker, the token passed from the environment. */
  local: string;
}

/**
 * Ready-to-copy `mcpServers` configurations. None contains the token: OAuth signs in in the browser, the others
 * reference `${BUILDKITE_API_TOKEN}`, which the MCP client expands from its environment.
 */
export function mcpClientConfigs(verdicts: readonly McpToolsetVerdict[]): McpClientConfigs {
  const usable = verdicts.filter((verdict) => verdict.coverage !== 'none');
  const readOnly = usable.every(
    (verdict) => verdict.coverage === 'read-only' || !verdict.needs.some((scope) => scope.startsWith('write_')),
  );
  const toolsets = usable.map((verdict) => verdict.id);
  const list = toolsets.join(',');
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const headers: Record<string, string> = {
    Authorization: `Bearer \${${MCP_TOKEN_ENV}}`,
    ...(list ? { 'X-Buildkite-Toolsets': list } : {}),
    ...(readOnly ? { 'X-Buildkite-Readonly': 'true' } : {}),
  };
  const env: Record<string, string> = {
    [MCP_TOKEN_ENV]: `\${${MCP_TOKEN_ENV}}`,
    ...(list ? { BUILDKITE_TOOLSETS: list } : {}),
    ...(readOnly ? { BUILDKITE_READ_ONLY: 'true' } : {}),
  };
  const dockerEnv = Object.keys(env).flatMap((name) => ['-e', name]);
  return {
    toolsets,
    readOnly,
    remoteOAuth: json({ mcpServers: { buildkite: { type: 'http', url: MCP_REMOTE_URL } } }),
    remoteDirect: json({ mcpServers: { buildkite: { type: 'http', url: MCP_DIRECT_URL, headers } } }),
    local: json({
      mcpServers: {
        buildkite: {
          command: 'docker',
          args: ['run', '-i', '--rm', ...dockerEnv, 'buildkite/mcp-server', 'stdio'],
          env,
        },
      },
    }),
  };
}
