import { Fragment } from 'preact';
import { ErrorMessage } from '@/components/ErrorMessage';
import { RESPONSE_BODY_CAP } from '@/lib/webhooks/deliver';
import type { DeliveryView } from '@/lib/webhooks/types';

export function outcomeLine(delivery: DeliveryView): string {
  if (!delivery.response) return delivery.failure?.title ?? 'No response';
  const { status, statusText } = delivery.response;
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

/** An as-sent replay carries the original timestamp: say when a receiver's replay window would reject it. */
export function staleReplayNote(delivery: DeliveryView): string | null {
  if (delivery.replayOf?.mode !== 'as-sent' || delivery.authMode !== 'signature') return null;
  const header = Object.entries(delivery.request.headers).find(
    ([name]) => name.toLowerCase() === 'x-buildkite-signature',
  )?.[1];
  const timestamp = Number(/timestamp=(\d+)/.exec(header ?? '')?.[1]);
  if (!Number.isFinite(timestamp)) return null;
  const age = Math.round(delivery.sentAt / 1000 - timestamp);
  return age > 300
    ? `Replayed with the original timestamp, ${Math.round(age / 60)} min old: a receiver that enforces Buildkite’s advised 5-minute window rejects it. Use “Replay with fresh timestamp and signature” to test the handler itself.`
    : `Replayed with the original timestamp (${age} s old); receivers with a 5-minute window accept it for ${300 - age} s more.`;
}

function Headers({ label, headers }: { label: string; headers: Record<string, string> }) {
  return (
    <details>
      <summary>
        {label} ({Object.keys(headers).length})
      </summary>
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
        <strong class={ok ? 'kd-ok' : 'kd-bad'} data-testid="kd-outcome">
          {outcomeLine(delivery)}
        </strong>
        {delivery.durationMs !== null && <span> in {delivery.durationMs} ms</span>}
        <span class="kd-muted">
          {' '}
          · {delivery.event} to {delivery.request.url}
        </span>
      </p>
      {staleReplayNote(delivery) && <p class="kd-note">{staleReplayNote(delivery)}</p>}
      {delivery.failure && <ErrorMessage error={delivery.failure} />}
      <Headers label="Request headers" headers={delivery.request.headers} />
      {delivery.response && (
        <>
          <Headers label="Response headers" headers={delivery.response.headers} />
          <div class="kd-field">
            <span id={`kd-body-${delivery.id}`}>
              Response body{delivery.responseBytes !== null ? ` (${delivery.responseBytes} bytes)` : ''}
            </span>
            <pre aria-labelledby={`kd-body-${delivery.id}`} data-testid="kd-response-body">
              {delivery.response.body}
            </pre>
            {delivery.truncated && (
              <p class="kd-note">Cut at {RESPONSE_BODY_CAP / 1024} KiB: the rest of the body was not read.</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
