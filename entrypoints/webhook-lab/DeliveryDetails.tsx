import { Fragment } from 'preact';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Tabs } from '@/components/Tabs';
import { RESPONSE_BODY_CAP } from '@/lib/webhooks/deliver';
import type { DeliveryView } from '@/lib/webhooks/types';

export function outcomeLine(delivery: DeliveryView): string {
  if (!delivery.response) return delivery.failure?.title ?? 'No response';
  const { status, statusText } = delivery.response;
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

/** What the Redeliver status says once a redelivery is back: "Redelivered: 200 OK in 12 ms". */
export function redeliveredLine(delivery: DeliveryView): string {
  const how = delivery.replayOf?.mode === 'as-sent' ? 'Redelivered as sent' : 'Redelivered';
  if (!delivery.response) return `${how}, no response: ${delivery.failure?.title ?? 'No response'}`;
  const { status, statusText } = delivery.response;
  const took = delivery.durationMs !== null ? ` in ${delivery.durationMs} ms` : '';
  return `${how}: ${status}${statusText ? ` ${statusText}` : ''}${took}`;
}

export const deliveryOk = (delivery: DeliveryView): boolean =>
  delivery.response !== null && delivery.response.status < 400;

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
    ? `Replayed with the original timestamp, ${Math.round(age / 60)} min old: a receiver that enforces Buildkite’s advised 5-minute window rejects it. Use “Redeliver” (fresh timestamp and signature) to test the handler itself.`
    : `Replayed with the original timestamp (${age} s old); receivers with a 5-minute window accept it for ${300 - age} s more.`;
}

/** The outcome in one line: what the send result and the details pane both lead with. */
export function OutcomeSummary({ delivery }: { delivery: DeliveryView }) {
  return (
    <p>
      <strong class={deliveryOk(delivery) ? 'kd-ok' : 'kd-bad'} data-testid="kd-outcome">
        {outcomeLine(delivery)}
      </strong>
      {delivery.durationMs !== null && <span> in {delivery.durationMs} ms</span>}
      <span class="kd-muted">
        {' '}
        · {delivery.event} to {delivery.request.url}
      </span>
    </p>
  );
}

function Headers({ label, headers }: { label: string; headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  return (
    <div class="kd-field">
      <h4 class="kd-subhead">
        {label} ({entries.length})
      </h4>
      <dl class="kd-headers" aria-label={label}>
        {entries.map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </div>
  );
}

function Body({ id, label, text, testId }: { id: string; label: string; text: string; testId: string }) {
  return (
    <div class="kd-field">
      <h4 class="kd-subhead" id={id}>
        {label}
      </h4>
      <pre aria-labelledby={id} data-testid={testId} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

/**
 * One delivery as GitHub shows it: Request and Response tabs, headers then body. The token and the signature are
 * masked by the background before they reach this page (lib/webhooks/history.ts `maskHeaders`).
 */
export function DeliveryDetails({ delivery }: { delivery: DeliveryView }) {
  const { request, response } = delivery;
  return (
    <div class="kd-delivery" data-testid="kd-delivery">
      <Tabs
        key={delivery.id}
        label="Delivery"
        idPrefix={`kd-delivery-${delivery.id}`}
        tabs={[
          {
            id: 'request',
            label: 'Request',
            content: (
              <>
                <p class="kd-mono">
                  {request.method} {request.url}
                </p>
                <Headers label="Request headers" headers={request.headers} />
                <Body id={`kd-rq-body-${delivery.id}`} label="Payload" text={request.body} testId="kd-request-body" />
              </>
            ),
          },
          {
            id: 'response',
            label: 'Response',
            content: (
              <>
                <OutcomeSummary delivery={delivery} />
                {delivery.failure && <ErrorMessage error={delivery.failure} />}
                {response && (
                  <>
                    <Headers label="Response headers" headers={response.headers} />
                    <Body
                      id={`kd-rs-body-${delivery.id}`}
                      label={`Response body${delivery.responseBytes !== null ? ` (${delivery.responseBytes} bytes)` : ''}`}
                      text={response.body}
                      testId="kd-response-body"
                    />
                    {delivery.truncated && (
                      <p class="kd-note">Cut at {RESPONSE_BODY_CAP / 1024} KiB: the rest of the body was not read.</p>
                    )}
                  </>
                )}
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
