import { Fragment } from 'preact';
import { ErrorMessage } from '@/components/ErrorMessage';
import { RESPONSE_BODY_CAP } from '@/lib/webhooks/deliver';
import type { DeliveryView } from '@/lib/webhooks/types';

export function outcomeLine(delivery: DeliveryView): string {
  if (!delivery.response) return delivery.failure?.title ?? 'No response';
  const { status, statusText } = delivery.response;
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

function Headers({ label, headers }: { label: string; headers: Record<string, string> }) {
  return (
    <details>
      <summary>{label} ({Object.keys(headers).length})</summary>
      <dl class="kd-facts" aria-label={label}>
        {Object.entries(headers).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}

/** One delivery: outcome, timing, headers both ways (secrets masked), the response body as text. */
export function DeliveryDetails({ delivery }: { delivery: DeliveryView }) {
  const ok = delivery.response !== null && delivery.response.status < 400;
  return (
    <div class="kd-delivery" data-testid="kd-delivery">
      <p>
        <strong class={ok ? 'kd-ok' : 'kd-bad'} data-testid="kd-outcome">{outcomeLine(delivery)}</strong>
        {delivery.durationMs !== null && <span> in {delivery.durationMs} ms</span>}
        <span class="kd-muted"> · {delivery.event} to {delivery.request.url}</span>
      </p>
      {delivery.failure && <ErrorMessage error={delivery.failure} />}
      <Headers label="Request headers" headers={delivery.request.headers} />
      {delivery.response && (
        <>
          <Headers label="Response headers" headers={delivery.response.headers} />
          <div class="kd-field">
            <span id={`kd-body-${delivery.id}`}>
              Response body{delivery.responseBytes !== null ? ` (${delivery.responseBytes} bytes)` : ''}
            </span>
            <pre aria-labelledby={`kd-body-${delivery.id}`} data-testid="kd-response-body">{delivery.response.body}</pre>
            {delivery.truncated && (
              <p class="kd-note">Cut at {RESPONSE_BODY_CAP / 1024} KiB: the rest of the body was not read.</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
