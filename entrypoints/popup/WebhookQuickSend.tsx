import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { validateEndpointUrl } from '@/lib/webhooks/endpoint';
import { findEvent, WEBHOOK_EVENTS } from '@/lib/webhooks/events';
import { checkHostPermission, ensureHostPermission, permissionRefusedMessage } from '@/lib/webhooks/host-permission';
import type { DeliveryView, EndpointView } from '@/lib/webhooks/types';

function patternOf(endpoint: EndpointView | undefined): string | null {
  const check = endpoint ? validateEndpointUrl(endpoint.url) : null;
  return check?.ok ? check.originPattern : null;
}

/** The popup's quick send (folded): a saved endpoint, an event's template, Send. The lab is in the popup's nav. */
export function WebhookQuickSend() {
  const [endpoints, setEndpoints] = useState<EndpointView[] | null>(null);
  const [endpointId, setEndpointId] = useState('');
  const [event, setEvent] = useState('ping');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DeliveryView | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  const selected = endpoints?.find((endpoint) => endpoint.id === endpointId);

  useEffect(() => {
    void messenger.sendMessage('listWebhookEndpoints', undefined).then((reply) => {
      const list = reply.ok ? reply.value : [];
      setEndpoints(list);
      if (!reply.ok) setError(reply.error);
      const first = list[0];
      if (first) setEndpointId(first.id);
    });
  }, []);
  useEffect(() => {
    const pattern = patternOf(selected);
    if (pattern) void checkHostPermission(pattern);
  }, [selected]);

  async function send() {
    const pattern = patternOf(selected);
    const granted = pattern ? ensureHostPermission(pattern) : Promise.resolve(false);
    setBusy(true);
    setError(null);
    setResult(null);
    if (!pattern || !(await granted)) {
      setBusy(false);
      if (pattern)
        setError({
          kind: 'forbidden',
          title: 'Permission needed',
          detail: permissionRefusedMessage(pattern),
          action: 'Click Send again and allow it.',
        });
      return;
    }
    const spec = findEvent(event);
    const reply = await messenger.sendMessage('sendWebhook', {
      target: { endpointId },
      event,
      body: JSON.stringify(spec ? spec.template() : {}, null, 2),
    });
    setBusy(false);
    if (reply.ok) setResult(reply.value);
    else setError(reply.error);
  }

  return (
    <details class="kd-disclosure">
      <summary>Send a test webhook</summary>
      <div class="kd-field">
        {endpoints && endpoints.length === 0 && (
          <p class="kd-muted">No saved endpoint yet: add one in the Webhook lab.</p>
        )}
        {endpoints && endpoints.length > 0 && (
          <>
            <label for="kd-quick-endpoint">Endpoint</label>
            <select id="kd-quick-endpoint" value={endpointId} onChange={(e) => setEndpointId(e.currentTarget.value)}>
              {endpoints.map((endpoint) => (
                <option key={endpoint.id} value={endpoint.id}>
                  {endpoint.name} ({endpoint.authMode})
                </option>
              ))}
            </select>
            <label for="kd-quick-event">Event</label>
            <select id="kd-quick-event" value={event} onChange={(e) => setEvent(e.currentTarget.value)}>
              {WEBHOOK_EVENTS.map((spec) => (
                <option key={spec.name} value={spec.name}>
                  {spec.name}
                </option>
              ))}
            </select>
            <div class="kd-actions">
              <button type="button" class="kd-primary" disabled={busy || !selected} onClick={() => void send()}>
                {busy ? 'Sending…' : 'Send webhook'}
              </button>
            </div>
          </>
        )}
        <div aria-live="polite" data-testid="kd-quick-result">
          {error && <ErrorMessage error={error} />}
          {result && (
            <p class={result.response && result.response.status < 400 ? 'kd-ok' : 'kd-error'}>
              {result.response
                ? `HTTP ${result.response.status}${result.response.statusText ? ` ${result.response.statusText}` : ''} in ${result.durationMs} ms`
                : `${result.failure?.title ?? 'No response'}. ${result.failure?.detail ?? ''}`}
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
