import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { parseJsonObject } from '@/lib/console/json-input';
import { consoleSchema, listOperations } from '@/lib/console/prevalidate';
import { formatCountdown } from '@/lib/format/time';
import { READY_QUERIES } from '@/lib/console/ready-queries';
import { CopyCurl } from './CopyCurl';
import { DocsDrawer } from './DocsDrawer';
import { GraphQLEditor } from './GraphQLEditor';
import { ResponseView } from './ResponseView';
import { useConsole } from './store';

export const runOnCtrlEnter = (run: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
};

/** Seconds left before Buildkite's rate limit resets (a 429 told us when), ticking each second; 0 when not limited. */
export function useRateLimitWait(retryAt: number | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!retryAt || retryAt <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= retryAt) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  return retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
}

export function GraphQLTab() {
  const { gql, orgs, org, editGql, setOrg, applyReadyQuery, runGraphQL } = useConsole();
  const schema = useMemo(() => consoleSchema(), []);
  const [docs, setDocs] = useState<{ open: boolean; type?: string | undefined }>({ open: false });
  const limited = [gql.response?.problem, gql.error].find((problem) => problem?.kind === 'rate-limited');
  const wait = useRateLimitWait(limited?.retryAt);
  const operations = useMemo(() => listOperations(gql.query), [gql.query]);
  const liveVariables = parseJsonObject(gql.variables);
  const chosen =
    operations.find((op) => op.name === gql.operationName) ?? (operations.length === 1 ? operations[0] : undefined);
  const run = () => {
    if (wait === 0) void runGraphQL();
  };
  return (
    <div class="kd-workbench" data-docs={docs.open}>
      <div class="kd-panel kd-compose">
        <div class="kd-row" role="group" aria-label="Ready-made queries">
          {orgs.length > 0 && (
            <label class="kd-field">
              Organisation
              <select value={org ?? ''} onChange={(event) => setOrg(event.currentTarget.value)}>
                {orgs.map((item) => (
                  <option key={item.slug} value={item.slug}>
                    {item.name} ({item.slug})
                  </option>
                ))}
              </select>
            </label>
          )}
          {READY_QUERIES.map((ready) => (
            <button type="button" key={ready.id} onClick={() => applyReadyQuery(ready.id)}>
              {ready.label}
            </button>
          ))}
        </div>
        <div class="kd-editors">
          <div class="kd-field">
            <div class="kd-section-head">
              <span>GraphQL query</span>
              <button
                type="button"
                aria-expanded={docs.open}
                aria-controls="kd-docs"
                onClick={() => setDocs({ open: !docs.open })}
              >
                Docs
              </button>
            </div>
            <GraphQLEditor
              label="GraphQL query"
              describedBy="kd-gql-problems"
              schema={schema}
              value={gql.query}
              onChange={(query) => editGql({ query })}
              onRun={run}
              onShowInDocs={(type) => setDocs({ open: true, type })}
            />
          </div>
          <label class="kd-field">
            Variables (JSON)
            <textarea
              class="kd-code"
              spellcheck={false}
              value={gql.variables}
              onInput={(event) => editGql({ variables: event.currentTarget.value })}
              onKeyDown={runOnCtrlEnter(run)}
              aria-invalid={!liveVariables.ok}
              aria-describedby="kd-gql-variables-error"
            />
            <span id="kd-gql-variables-error" class="kd-error">
              {gql.variablesError ?? (liveVariables.ok ? '' : liveVariables.message)}
            </span>
          </label>
        </div>
        <div class="kd-row">
          {operations.length > 1 && (
            <label class="kd-field">
              Operation to run
              <select
                value={gql.operationName}
                onChange={(event) => editGql({ operationName: event.currentTarget.value })}
              >
                <option value="">Choose…</option>
                {operations.map((op) => (
                  <option key={op.name ?? ''} value={op.name ?? ''}>
                    {op.kind} {op.name ?? '(anonymous)'}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            class="kd-primary"
            onClick={run}
            disabled={gql.running || wait > 0}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            Run query{wait > 0 ? ` (wait ${formatCountdown(wait)})` : ''}
          </button>
          <CopyCurl
            request={() => {
              const variables = parseJsonObject(gql.variables);
              return variables.ok
                ? {
                    kind: 'graphql',
                    query: gql.query,
                    variables: variables.value,
                    ...(gql.operationName ? { operationName: gql.operationName } : {}),
                  }
                : null;
            }}
          />
          <span class="kd-muted">
            Ctrl+Enter (⌘+Enter) runs, Ctrl+Space completes. Checked against Buildkite’s schema before it is sent.
          </span>
        </div>
        {chosen?.kind === 'mutation' && (
          <p class="kd-write-note">
            This is a mutation: it changes things at Buildkite. It is sent once and never retried.
          </p>
        )}
        <div id="kd-gql-problems" role="alert">
          {gql.problems.length > 0 && (
            <>
              <strong>Not sent: the query does not match Buildkite’s schema.</strong>
              <ul class="kd-problems" aria-label="Query problems">
                {gql.problems.map((problem, index) => (
                  <li key={index}>
                    {problem.line !== null ? `Line ${problem.line}, column ${problem.column ?? '?'}` : 'Query'}
                    {problem.field ? ` (field “${problem.field}”)` : ''}: {problem.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      <div class="kd-result" aria-busy={gql.running}>
        <div role="status" aria-live="polite" class="kd-muted">
          {gql.running
            ? 'Running…'
            : wait > 0
              ? `Rate limited: Run is available again in ${formatCountdown(wait)}.`
              : gql.response
                ? `Done: HTTP ${gql.response.status}.`
                : 'Run a query: its result appears here.'}
        </div>
        {gql.error && <ErrorMessage error={gql.error} />}
        {gql.response && <ResponseView response={gql.response} kind="graphql" />}
      </div>
      {docs.open && (
        <div id="kd-docs" class="kd-docs-wrap">
          <DocsDrawer schema={schema} start={docs.type} onClose={() => setDocs({ open: false })} />
        </div>
      )}
    </div>
  );
}
