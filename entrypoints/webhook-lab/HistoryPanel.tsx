import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { RelativeTime } from '@/components/RelativeTime';
import { formatDateTime } from '@/lib/format/time';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { compareDeliveries, type DeliveryComparison } from '@/lib/webhooks/compare';
import type { DeliveryView } from '@/lib/webhooks/types';
import { DeliveryDetails, outcomeLine } from './DeliveryDetails';
import { useLabStore } from './lab-store';

/** The delivery to compare with: the one a replay repeats, else the previous delivery to the same URL. */
export function previousOf(delivery: DeliveryView, all: DeliveryView[]): DeliveryView | undefined {
  if (delivery.replayOf) {
    const original = all.find((candidate) => candidate.id === delivery.replayOf?.id);
    if (original) return original;
  }
  const index = all.indexOf(delivery);
  return all.slice(index + 1).find((candidate) => candidate.request.url === delivery.request.url);
}

export function HistoryPanel() {
  const { deliveries, busy, replay, clearHistory } = useLabStore();
  return (
    <section aria-labelledby="kd-history-title">
      <h2 id="kd-history-title">Recent deliveries</h2>
      <p class="kd-muted">
        The last 50 deliveries, kept in this browser. “Replay as sent” repeats the same timestamp and signature:
        receivers that check the timestamp (Buildkite advises a 5-minute window) reject it once it is older.
      </p>
      {deliveries.length === 0 ? (
        <p class="kd-muted">Nothing sent yet.</p>
      ) : (
        <>
          <ul class="kd-history" aria-label="Deliveries">
            {deliveries.map((delivery) => (
              <HistoryItem
                key={delivery.id}
                delivery={delivery}
                previous={previousOf(delivery, deliveries)}
                busy={busy !== null}
                onReplay={replay}
              />
            ))}
          </ul>
          <div class="kd-actions">
            <button type="button" onClick={() => void clearHistory()}>
              Clear history
            </button>
          </div>
        </>
      )}
    </section>
  );
}

interface ItemProps {
  delivery: DeliveryView;
  previous: DeliveryView | undefined;
  busy: boolean;
  onReplay: (id: string, mode: 'as-sent' | 'fresh') => Promise<void>;
}

function HistoryItem({ delivery, previous, busy, onReplay }: ItemProps) {
  const [open, setOpen] = useState(false);
  const [comparison, setComparison] = useState<DeliveryComparison | null>(null);
  const [curl, setCurl] = useState<{ text: string; revealed: boolean; copied: boolean } | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  const when = formatDateTime(delivery.sentAt);
  const ok = !!delivery.response && delivery.response.status < 400;
  const ageMinutes = Math.floor((Date.now() - delivery.sentAt) / 60_000);

  async function loadCurl(reveal: boolean) {
    const reply = await messenger.sendMessage('deliveryCurl', { id: delivery.id, reveal });
    if (!reply.ok) return setError(reply.error);
    const copied = await navigator.clipboard.writeText(reply.value).then(
      () => true,
      () => false,
    );
    setCurl({ text: reply.value, revealed: reveal, copied });
  }

  return (
    <li aria-label={`${delivery.event} ${when}`}>
      <div>
        <strong class={ok ? 'kd-ok' : 'kd-bad'}>
          <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
          {outcomeLine(delivery)}
        </strong>{' '}
        · {delivery.event} · {delivery.endpointName ?? delivery.request.url} ·{' '}
        <span class="kd-muted">
          <RelativeTime value={delivery.sentAt} />
        </span>
        {delivery.replayOf && (
          <span class="kd-muted"> · replay ({delivery.replayOf.mode === 'fresh' ? 'fresh signature' : 'as sent'})</span>
        )}
      </div>
      <div class="kd-actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Details'}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void onReplay(delivery.id, 'as-sent')}
          title={
            delivery.authMode === 'signature' && ageMinutes >= 5
              ? `Signed ${ageMinutes} min ago: receivers with a 5-minute window reject it.`
              : undefined
          }
        >
          Replay as sent
        </button>
        <button type="button" disabled={busy} onClick={() => void onReplay(delivery.id, 'fresh')}>
          Replay with fresh timestamp and signature
        </button>
        <button
          type="button"
          disabled={!previous}
          onClick={() => previous && setComparison(compareDeliveries(previous, delivery))}
        >
          Compare with previous
        </button>
        <button type="button" onClick={() => void loadCurl(false)}>
          Copy as curl
        </button>
        <button type="button" onClick={() => void loadCurl(true)}>
          Copy as curl with the secret
        </button>
      </div>
      <div aria-live="polite">
        {error && <ErrorMessage error={error} />}
        {curl && (
          <div class="kd-field">
            <span>
              {curl.copied ? 'Copied to the clipboard' : 'Select and copy'}:{' '}
              {curl.revealed
                ? 'the exact request, secret included. Don’t paste it anywhere shared.'
                : 'the secret is read from a shell variable.'}
            </span>
            <pre data-testid="kd-curl">{curl.text}</pre>
          </div>
        )}
        {comparison && <ComparisonView comparison={comparison} />}
      </div>
      {open && <DeliveryDetails delivery={delivery} />}
    </li>
  );
}

function ComparisonView({ comparison }: { comparison: DeliveryComparison }) {
  const body = comparison.requestBody;
  return (
    <div class="kd-field" data-testid="kd-comparison">
      <strong>Compared with the previous delivery</strong>
      <ul>
        {comparison.urlChanged && <li>The URL changed.</li>}
        <li>Status: {comparison.status.summary}</li>
        <li>Timing: {comparison.timing.summary}</li>
        <li>
          Request body:{' '}
          {body.same
            ? 'identical'
            : `differs at line ${body.difference?.line}, column ${body.difference?.column} (${body.difference?.bChar} instead of ${body.difference?.aChar})${body.sameJson ? ': same JSON, written differently' : ''}`}
        </li>
        {comparison.requestHeaders.map((change) => (
          <li key={`rq-${change.name}`}>
            Request header {change.name} {change.change}
            {change.expected ? ' (expected: it changes on every delivery)' : ''}
          </li>
        ))}
        {comparison.responseHeaders
          .filter((change) => !change.expected)
          .map((change) => (
            <li key={`rs-${change.name}`}>
              Response header {change.name} {change.change}
            </li>
          ))}
        {comparison.responseBody && !comparison.responseBody.same && <li>The response body changed.</li>}
      </ul>
    </div>
  );
}
