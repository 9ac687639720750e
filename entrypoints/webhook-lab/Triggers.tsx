import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { validateTriggerUrl } from '@/lib/webhooks/endpoint';
import { ensureHostPermission, permissionRefusedMessage } from '@/lib/webhooks/host-permission';
import { validatePayloadJson } from '@/lib/webhooks/request';
import type { TriggerResult } from '@/lib/webhooks/types';
import { payloadProblem } from './PayloadEditor';

/** Pipeline triggers: a JSON body to https://webhook.buildkite.com/deliver/bktr_… starts a build. */
export function Triggers() {
  const [url, setUrl] = useState('');
  const [body, setBody] = useState('{\n  "source": "kitedeck"\n}');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TriggerResult | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  const urlCheck = url ? validateTriggerUrl(url) : null;
  const problem = payloadProblem(validatePayloadJson(body));
  const blocker = !urlCheck
    ? 'Paste the trigger URL.'
    : !urlCheck.ok
      ? urlCheck.message
      : problem
        ? `Fix the JSON: ${problem}`
        : null;

  async function send() {
    if (!urlCheck?.ok) return;
    const granted = ensureHostPermission(urlCheck.originPattern);
    setBusy(true);
    setError(null);
    setResult(null);
    if (!(await granted)) {
      setBusy(false);
      setError({
        kind: 'forbidden',
        title: 'Permission needed',
        detail: permissionRefusedMessage(urlCheck.originPattern),
        action: 'Click Send again and allow it.',
      });
      return;
    }
    const reply = await messenger.sendMessage('sendPipelineTrigger', { url, body });
    setBusy(false);
    if (reply.ok) setResult(reply.value);
    else setError(reply.error);
  }

  return (
    <section aria-labelledby="kd-trigger-title">
      <h2 id="kd-trigger-title">Pipeline triggers</h2>
      <p class="kd-muted">
        The URL is the secret (no header is sent). The JSON becomes the build’s <code>buildkite:webhook</code>{' '}
        meta-data; branch, commit and message come from the trigger’s settings. Buildkite allows 300 trigger requests an
        hour per organization.
      </p>
      <div class="kd-field">
        <label for="kd-trigger-url">Trigger URL</label>
        <input
          id="kd-trigger-url"
          type="password"
          autoComplete="off"
          placeholder="https://webhook.buildkite.com/deliver/bktr_…"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        {urlCheck && !urlCheck.ok && <p class="kd-error">{urlCheck.message}</p>}
      </div>
      <div class="kd-field">
        <label for="kd-trigger-body">Trigger payload (JSON)</label>
        <textarea
          id="kd-trigger-body"
          rows={6}
          spellcheck={false}
          value={body}
          aria-describedby="kd-trigger-body-status"
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        {problem && (
          <p id="kd-trigger-body-status" class="kd-error">
            Invalid JSON. {problem}
          </p>
        )}
      </div>
      <div class="kd-actions">
        <button
          type="button"
          disabled={blocker !== null}
          aria-disabled={busy ? 'true' : undefined}
          onClick={() => !busy && void send()}
        >
          {busy ? 'Sending…' : 'Send to trigger'}
        </button>
        <span class="kd-muted">{blocker ?? ''}</span>
      </div>
      <div role="status" aria-live="polite" aria-label="Trigger result" data-testid="kd-trigger-result">
        {error && <ErrorMessage error={error} />}
        {result &&
          (result.deliveryId ? (
            <p class="kd-ok">
              <strong>HTTP {result.status}: Buildkite accepted it</strong> in {result.durationMs} ms. Delivery id{' '}
              <code>{result.deliveryId}</code>. Buildkite answers with this id only; the new build appears on the
              trigger’s pipeline.
            </p>
          ) : (
            <p class="kd-bad">
              <strong>HTTP {result.status}</strong>: {result.message}
            </p>
          ))}
      </div>
    </section>
  );
}
