import { useMemo } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { parseJsonObject } from '@/lib/console/json-input';
import { listOperations } from '@/lib/console/prevalidate';
import { READY_QUERIES } from '@/lib/console/ready-queries';
import { CopyCurl } from './CopyCurl';
import { ResponseView } from './ResponseView';
import { useConsole } from './store';

export const runOnCtrlEnter = (run: () => void) => (event: KeyboardEvent) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
};

export function GraphQLTab() {
  const { gql, orgs, org, editGql, setOrg, applyReadyQuery, runGraphQL } = useConsole();
  const operations = useMemo(() => listOperations(gql.query), [gql.query]);
  const liveVariables = parseJsonObject(gql.variables);
  const chosen =
    operations.find((op) => op.name === gql.operationName) ?? (operations.length === 1 ? operations[0] : undefined);
  const run = () => void runGraphQL();
  return (
    <div class="kd-panel">
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
        <label class="kd-field">
          GraphQL query
          <textarea
            class="kd-code"
            spellcheck={false}
            value={gql.query}
            onInput={(event) => editGql({ query: event.currentTarget.value })}
            onKeyDown={runOnCtrlEnter(run)}
            aria-describedby="kd-gql-problems"
          />
        </label>
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
          disabled={gql.running}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          Run query
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
        <span class="kd-muted">Ctrl+Enter (⌘+Enter) runs. Checked against Buildkite’s schema before it is sent.</span>
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
      <div role="status" aria-live="polite" class="kd-muted">
        {gql.running ? 'Running…' : gql.response ? `Done: HTTP ${gql.response.status}.` : ''}
      </div>
      {gql.error && <ErrorMessage error={gql.error} />}
      {gql.response && <ResponseView response={gql.response} kind="graphql" />}
    </div>
  );
}
