import { useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { validateEndpointUrl } from '@/lib/webhooks/endpoint';
import type { AuthMode, EndpointView } from '@/lib/webhooks/types';
import { useLabStore, type EndpointDraft } from './lab-store';

const EMPTY: EndpointDraft = { name: '', url: '', authMode: 'signature', secret: '' };

/** Saved endpoints: the secret goes to the background once and only its hint (••••3f9a) ever comes back. */
export function EndpointManager() {
  const { endpoints, saveEndpoint, deleteEndpoint } = useLabStore();
  const [draft, setDraft] = useState<EndpointDraft>(EMPTY);
  const [editing, setEditing] = useState<EndpointView | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const urlCheck = draft.url ? validateEndpointUrl(draft.url) : null;
  // Keyboard focus follows the work: Edit moves it into the form, Cancel back to that Edit, Delete to the heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  async function submit(event: Event) {
    event.preventDefault();
    setSaved(null);
    const problem = await saveEndpoint(draft);
    setError(problem);
    if (!problem) {
      setSaved(`Saved “${draft.name}”. The secret stays in Kitedeck’s background.`);
      setDraft(EMPTY);
      setEditing(null);
    }
  }

  async function remove(endpoint: EndpointView) {
    setSaved(null);
    await deleteEndpoint(endpoint.id);
    if (editing?.id === endpoint.id) {
      setEditing(null);
      setDraft(EMPTY);
    }
    if (!useLabStore.getState().endpoints.some((kept) => kept.id === endpoint.id)) {
      setSaved(`Deleted “${endpoint.name}”.`);
      heading.current?.focus();
    }
  }

  return (
    <section aria-labelledby="kd-endpoints-title">
      <h2 id="kd-endpoints-title" tabIndex={-1} ref={heading}>
        Saved endpoints
      </h2>
      {endpoints.length === 0 ? (
        <p class="kd-muted">None yet.</p>
      ) : (
        <ul class="kd-endpoints" aria-label="Saved endpoints">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <span>
                <strong>{endpoint.name}</strong> {endpoint.url} · {endpoint.authMode} · secret {endpoint.secretHint}
              </span>
              <button
                type="button"
                aria-label={`Edit ${endpoint.name}`}
                ref={(node) => {
                  if (node) editButtons.current.set(endpoint.id, node);
                  else editButtons.current.delete(endpoint.id);
                }}
                onClick={() => {
                  setEditing(endpoint);
                  setDraft({
                    id: endpoint.id,
                    name: endpoint.name,
                    url: endpoint.url,
                    authMode: endpoint.authMode,
                    secret: '',
                  });
                  nameInput.current?.focus();
                }}
              >
                Edit
              </button>
              <button
                type="button"
                class="kd-danger"
                aria-label={`Delete ${endpoint.name}`}
                onClick={() => void remove(endpoint)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{editing ? `Edit “${editing.name}”` : 'New endpoint'}</legend>
          <div class="kd-row">
            <div class="kd-field">
              <label for="kd-endpoint-name">Name</label>
              <input
                id="kd-endpoint-name"
                ref={nameInput}
                type="text"
                required
                value={draft.name}
                onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              />
            </div>
            <div class="kd-field">
              <label for="kd-endpoint-url">URL</label>
              <input
                id="kd-endpoint-url"
                type="url"
                required
                value={draft.url}
                aria-describedby="kd-endpoint-url-status"
                onInput={(e) => setDraft({ ...draft, url: e.currentTarget.value })}
              />
            </div>
          </div>
          {urlCheck && !urlCheck.ok && (
            <p id="kd-endpoint-url-status" class="kd-error">
              {urlCheck.message}
            </p>
          )}
          <div class="kd-row">
            <div class="kd-field">
              <label for="kd-endpoint-mode">Authentication</label>
              <select
                id="kd-endpoint-mode"
                value={draft.authMode}
                onChange={(e) => setDraft({ ...draft, authMode: e.currentTarget.value as AuthMode })}
              >
                <option value="signature">Signature (X-Buildkite-Signature)</option>
                <option value="token">Token (X-Buildkite-Token)</option>
              </select>
            </div>
            <div class="kd-field">
              <label for="kd-endpoint-secret">Webhook token (secret)</label>
              <input
                id="kd-endpoint-secret"
                type="password"
                autoComplete="off"
                required={!editing}
                value={draft.secret}
                placeholder={editing ? `Leave empty to keep ${editing.secretHint}` : ''}
                onInput={(e) => setDraft({ ...draft, secret: e.currentTarget.value })}
              />
            </div>
          </div>
          <div class="kd-actions">
            <button type="submit" disabled={urlCheck !== null && !urlCheck.ok}>
              Save endpoint
            </button>
            {editing && (
              <button
                type="button"
                onClick={() => {
                  editButtons.current.get(editing.id)?.focus();
                  setEditing(null);
                  setDraft(EMPTY);
                }}
              >
                Cancel editing
              </button>
            )}
          </div>
        </fieldset>
      </form>
      <div aria-live="polite">
        {error && <ErrorMessage error={error} />}
        {saved && <p class="kd-ok">{saved}</p>}
      </div>
    </section>
  );
}
