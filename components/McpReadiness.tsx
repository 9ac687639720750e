import { useState } from 'preact/hooks';
import { mcpClientConfigs, mcpReadiness, type McpCoverage } from '@/lib/token/mcp';

const WORDS: Record<McpCoverage, string> = { full: 'Ready', 'read-only': 'Read-only', none: 'Not covered' };

function CopyBlock({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="kd-field">
      <div class="kd-actions">
        <strong>{label}</strong>
        <button
          type="button"
          aria-label={`Copy ${label}`}
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre class="kd-mcp-config" aria-label={label} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

/**
 * MCP readiness, in token health: which toolsets of Buildkite's MCP server this token's scopes cover, and client
 * configurations that never contain the token (OAuth, or `${BUILDKITE_API_TOKEN}` from the environment).
 */
export function McpReadiness({ scopes }: { scopes: readonly string[] }) {
  const verdicts = mcpReadiness(scopes);
  const ready = verdicts.filter((verdict) => verdict.coverage !== 'none').length;
  const configs = mcpClientConfigs(verdicts);
  return (
    <section aria-label="MCP readiness">
      <h2>MCP server readiness</h2>
      <p data-testid="kd-mcp-summary">
        This token covers {ready} of {verdicts.length} toolsets of Buildkite’s MCP server
        {configs.readOnly ? ' (read-only)' : ''}.
      </p>
      <details>
        <summary>Toolsets and the scopes they need</summary>
        <ul class="kd-features" aria-label="MCP toolsets">
          {verdicts.map((verdict) => (
            <li class="kd-feature" key={verdict.id} data-toolset={verdict.id} data-coverage={verdict.coverage}>
              <span>
                <code>{verdict.id}</code> {verdict.title}
                {verdict.documented ? '' : ' (in the server, not yet in the docs)'}
              </span>
              <span class="kd-feature-state">
                {WORDS[verdict.coverage]}
                {verdict.coverage === 'none' && `: needs ${verdict.missingForRead.join(', ')}`}
                {verdict.coverage === 'read-only' && `: writes need ${verdict.missing.join(', ')}`}
              </span>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>Client configuration (no token inside)</summary>
        <p class="kd-muted">
          Remote with OAuth signs in through Buildkite in your browser. The other two read the token from the{' '}
          <code>BUILDKITE_API_TOKEN</code> environment variable of your MCP client, limited to the toolsets above.
        </p>
        <CopyBlock label="Remote server (OAuth)" text={configs.remoteOAuth} />
        <CopyBlock label="Remote server (token from environment)" text={configs.remoteDirect} />
        <CopyBlock label="Local server (Docker)" text={configs.local} />
      </details>
    </section>
  );
}
