import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { validateEndpointUrl } from '@/lib/webhooks/endpoint';
import { validatePayloadJson } from '@/lib/webhooks/request';
import type { AuthMode } from '@/lib/webhooks/types';
import { OutcomeSummary } from './DeliveryDetails';
import { useLabStore, type Target } from './lab-store';
import { payloadProblem } from './PayloadEditor';
import { canSaveOneOff, SaveOneOff } from './SaveOneOff';

const AUTH_LABELS: Record<AuthMode, string> = {
  signature: 'Signature (X-Buildkite-Signature, HMAC-SHA256)',
  token: 'Token (X-Buildkite-Token)',
};

/** Why Send can't be pressed yet, or null. */
function sendBlocker(target: Target, endpointsKnown: boolean, body: string): string | null {
  const payload = payloadProblem(validatePayloadJson(body));
  if (payload) return `Fix the payload first: ${payload}`;
  if (target.kind === 'saved') return endpointsKnown ? null : 'Pick a saved endpoint.';
  const url = validateEndpointUrl(target.url);
  if (!url.ok) return url.message;
  if (!target.secret) return target.authMode === 'token' ? 'Enter the webhook token.' : 'Enter the webhook secret.';
  return null;
}

export function SendPanel() {
  const { target, endpoints, body, busy, result, sendError, setTarget, send } = useLabStore();
  const selected =
    target.kind === 'saved' ? endpoints.find((endpoint) => endpoint.id === target.endpointId) : undefined;
  const blocker = busy ? null : sendBlocker(target, selected !== undefined, body);
  const urlCheck = target.kind === 'one-off' && target.url ? validateEndpointUrl(target.url) : null;
  // "Save this URL" goes away once saved: the focus moves to the endpoint Send now uses, and the status says so.
  const [savedName, setSavedName] = useState<string | null>(null);
  const savedSelect = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (savedName) savedSelect.current?.focus();
  }, [savedName]);

  return (
    <section aria-labelledby="kd-send-title">
      <h2 id="kd-send-title">Send</h2>
      <fieldset>
        <legend>Where to</legend>
        <label>
          <input
            type="radio"
            name="kd-target"
            checked={target.kind === 'saved'}
            disabled={endpoints.length === 0}
            onChange={() => endpoints[0] && setTarget({ kind: 'saved', endpointId: endpoints[0].id })}
          />{' '}
          A saved endpoint
        </label>
        <label>
          <input
            type="radio"
            name="kd-target"
            checked={target.kind === 'one-off'}
            onChange={() => setTarget({ kind: 'one-off', url: '', authMode: 'signature', secret: '' })}
          />{' '}
          A one-off URL
        </label>
        {target.kind === 'saved' && (
          <div class="kd-field">
            <label for="kd-saved-endpoint">Saved endpoint</label>
            <select
              id="kd-saved-endpoint"
              ref={savedSelect}
              value={target.endpointId}
              onChange={(e) => setTarget({ kind: 'saved', endpointId: e.currentTarget.value })}
            >
              {endpoints.map((endpoint) => (
                <option key={endpoint.id} value={endpoint.id}>
                  {endpoint.name} ({endpoint.authMode}, {endpoint.secretHint})
                </option>
              ))}
            </select>
            {selected && <p class="kd-muted">{selected.url}</p>}
          </div>
        )}
        {target.kind === 'one-off' && (
          <>
            <div class="kd-field">
              <label for="kd-oneoff-url">Endpoint URL</label>
              <input
                id="kd-oneoff-url"
                type="url"
                placeholder="https://hooks.example.com/buildkite"
                value={target.url}
                aria-describedby="kd-oneoff-url-status"
                onInput={(e) => setTarget({ ...target, url: e.currentTarget.value })}
              />
              <p id="kd-oneoff-url-status" class={urlCheck && !urlCheck.ok ? 'kd-error' : 'kd-muted'}>
                {urlCheck && !urlCheck.ok
                  ? urlCheck.message
                  : 'https://, or http:// for this machine only (localhost, 127.0.0.1, [::1]).'}
              </p>
            </div>
            <div class="kd-field">
              <label for="kd-oneoff-mode">Authentication</label>
              <select
                id="kd-oneoff-mode"
                value={target.authMode}
                onChange={(e) => setTarget({ ...target, authMode: e.currentTarget.value as AuthMode })}
              >
                {(['signature', 'token'] as const).map((mode) => (
                  <option key={mode} value={mode}>
                    {AUTH_LABELS[mode]}
                  </option>
                ))}
              </select>
            </div>
            <div class="kd-field">
              <label for="kd-oneoff-secret">Webhook token (the secret)</label>
              <input
                id="kd-oneoff-secret"
                type="password"
                autoComplete="off"
                value={target.secret}
                onInput={(e) => setTarget({ ...target, secret: e.currentTarget.value })}
              />
              <p class="kd-muted">Sent to Kitedeck’s background for this send only; save an endpoint to keep it.</p>
            </div>
          </>
        )}
      </fieldset>
      <div class="kd-actions">
        {/* Busy is aria-disabled, not disabled: a disabled button drops the keyboard focus to the page. */}
        <button
          type="button"
          class="kd-primary"
          disabled={blocker !== null}
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby="kd-send-blocker"
          onClick={() => {
            if (busy) return;
            setSavedName(null);
            void send();
          }}
        >
          {busy === 'sending' ? 'Sending…' : 'Send'}
        </button>
        <span id="kd-send-blocker" class="kd-muted">
          {blocker ?? ''}
        </span>
      </div>
      <div role="status" aria-live="polite" aria-label="Send result">
        {busy === 'sending' && <p>Sending…</p>}
        {sendError && <ErrorMessage error={sendError} />}
        {result && busy !== 'sending' && (
          <>
            <OutcomeSummary delivery={result} />
            {result.failure && <ErrorMessage error={result.failure} />}
            {!result.failure && <p class="kd-muted">Its request and response are under Recent deliveries.</p>}
          </>
        )}
        {savedName && <p class="kd-ok">Saved “{savedName}”: Send now goes to this endpoint.</p>}
      </div>
      {!busy && result && target.kind === 'one-off' && canSaveOneOff(result, target, endpoints) && (
        <SaveOneOff key={result.id} target={target} onSaved={setSavedName} />
      )}
    </section>
  );
}
