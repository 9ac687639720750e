import { ErrorMessage } from '@/components/ErrorMessage';
import { PAGE_RELS, type PageRel } from '@/lib/console/link-header';
import { jsonBodyProblem } from '@/lib/console/json-input';
import { REST_METHODS, type RestMethod } from '@/lib/console/rest-path';
import { CopyCurl } from './CopyCurl';
import { runOnCtrlEnter } from './GraphQLTab';
import { ResponseView } from './ResponseView';
import { useConsole } from './store';

const REL_LABELS: Record<PageRel, string> = {
  first: 'First page',
  prev: 'Previous page',
  next: 'Next page',
  last: 'Last page',
};

export function RestTab() {
  const { rest, editRest, sendRest } = useConsole();
  const send = () => void sendRest();
  const bodyProblem = rest.method === 'GET' ? null : jsonBodyProblem(rest.body);
  const links = rest.response?.links ?? {};
  return (
    <div class="kd-panel">
      <div class="kd-row">
        <label class="kd-field" style={{ flex: '0 0 110px' }}>
          Method
          <select
            value={rest.method}
            onChange={(event) => editRest({ method: event.currentTarget.value as RestMethod })}
          >
            {REST_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
        </label>
        <label class="kd-field">
          Path (under /v2)
          <input
            type="text"
            class="kd-code"
            spellcheck={false}
            value={rest.path}
            placeholder="/v2/organizations/my-org/pipelines?per_page=10"
            onInput={(event) => editRest({ path: event.currentTarget.value })}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                send();
              }
            }}
            aria-describedby="kd-rest-error"
          />
        </label>
        <button type="button" class="kd-primary" onClick={send} disabled={rest.running}>
          Send
        </button>
        <CopyCurl
          request={() => ({
            kind: 'rest',
            method: rest.method,
            path: rest.path.trim(),
            ...(rest.body.trim() ? { body: rest.body } : {}),
          })}
        />
      </div>
      {rest.method !== 'GET' && (
        <>
          <p class="kd-write-note">{rest.method} changes things at Buildkite. It is sent once and never retried.</p>
          <label class="kd-field">
            Body (JSON, optional)
            <textarea
              class="kd-code"
              spellcheck={false}
              value={rest.body}
              onInput={(event) => editRest({ body: event.currentTarget.value })}
              onKeyDown={runOnCtrlEnter(send)}
              aria-invalid={bodyProblem !== null}
            />
            <span class="kd-error">{bodyProblem ?? ''}</span>
          </label>
        </>
      )}
      <p id="kd-rest-error" class="kd-error" role="alert">
        {rest.inputError ?? ''}
      </p>
      <div role="status" aria-live="polite" class="kd-muted">
        {rest.running ? 'Sending…' : rest.response ? `Done: HTTP ${rest.response.status}.` : ''}
      </div>
      {rest.error && <ErrorMessage error={rest.error} />}
      {rest.response && (
        <nav class="kd-row" aria-label="Pages">
          {PAGE_RELS.map((rel) => {
            const link = links[rel];
            if (!link) return null;
            return link.path ? (
              <button
                type="button"
                key={rel}
                onClick={() => void sendRest(link.path ?? undefined)}
                disabled={rest.running}
              >
                {REL_LABELS[rel]}
              </button>
            ) : (
              <span key={rel} class="kd-note">
                {REL_LABELS[rel]} points outside Buildkite’s REST API; not followed.
              </span>
            );
          })}
        </nav>
      )}
      {rest.response && <ResponseView response={rest.response} kind="rest" />}
    </div>
  );
}
