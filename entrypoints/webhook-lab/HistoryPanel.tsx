import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { MenuButton } from '@/components/MenuButton';
import { RelativeTime } from '@/components/RelativeTime';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { compareDeliveries, type DeliveryComparison } from '@/lib/webhooks/compare';
import type { DeliveryView } from '@/lib/webhooks/types';
import { DeliveryDetails, deliveryOk, outcomeLine, redeliveredLine, staleReplayNote } from './DeliveryDetails';
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

const replayLabel = (delivery: DeliveryView) =>
  delivery.replayOf ? ` · replay (${delivery.replayOf.mode === 'fresh' ? 'fresh signature' : 'as sent'})` : '';

/**
 * GitHub's "Recent deliveries": a list (status, event, endpoint, when), the selected one's details below it.
 * A redelivery selects its new row and moves the focus there (unless the user has gone on elsewhere meanwhile), and
 * the status next to Redeliver says how it went; clearing the history puts the focus on the section's heading.
 */
export function HistoryPanel() {
  const { deliveries, selectedId, select, clearHistory, replayed, historyError } = useLabStore();
  const selected = deliveries.find((delivery) => delivery.id === selectedId) ?? deliveries[0];
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const rows = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (!replayed) return;
    const active = document.activeElement;
    const stillHere = !active || active === document.body || section.current?.contains(active);
    if (stillHere) rows.current.get(replayed.id)?.focus();
  }, [replayed]);

  async function clear() {
    await clearHistory();
    heading.current?.focus();
  }

  return (
    <section aria-labelledby="kd-history-title" class="kd-deliveries" ref={section}>
      <div class="kd-section-head">
        <h2 id="kd-history-title" tabIndex={-1} ref={heading}>
          Recent deliveries
        </h2>
        {deliveries.length > 0 && (
          <button type="button" class="kd-link" onClick={() => void clear()}>
            Clear history
          </button>
        )}
      </div>
      {deliveries.length === 0 ? (
        <p class="kd-muted">Nothing sent yet. The last 50 deliveries are kept in this browser.</p>
      ) : (
        <>
          <ul class="kd-history" aria-label="Deliveries">
            {deliveries.map((delivery) => (
              <li key={delivery.id}>
                <button
                  type="button"
                  class="kd-delivery-row"
                  aria-current={delivery === selected ? 'true' : undefined}
                  ref={(node) => {
                    if (node) rows.current.set(delivery.id, node);
                    else rows.current.delete(delivery.id);
                  }}
                  onClick={() => select(delivery.id)}
                >
                  <span class={deliveryOk(delivery) ? 'kd-ok' : 'kd-bad'}>
                    <span aria-hidden="true">{deliveryOk(delivery) ? '✓ ' : '✗ '}</span>
                    {delivery.response ? delivery.response.status : outcomeLine(delivery)}
                  </span>
                  <span class="kd-delivery-event">{delivery.event}</span>
                  <span class="kd-delivery-endpoint">
                    {delivery.endpointName ?? delivery.request.url}
                    <span class="kd-muted">{replayLabel(delivery)}</span>
                  </span>
                  <span class="kd-muted">
                    <RelativeTime value={delivery.sentAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected && <SelectedDelivery delivery={selected} previous={previousOf(selected, deliveries)} />}
        </>
      )}
      {historyError && !selected && <ErrorMessage error={historyError} />}
    </section>
  );
}

function SelectedDelivery({ delivery, previous }: { delivery: DeliveryView; previous: DeliveryView | undefined }) {
  const { busy, replay, replayed, historyError } = useLabStore();
  const [comparison, setComparison] = useState<DeliveryComparison | null>(null);
  const [curl, setCurl] = useState<{ text: string; revealed: boolean; copied: boolean } | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  // One pane for whichever delivery is selected (not remounted: a keyboard user's focus stays on Redeliver).
  useEffect(() => {
    setComparison(null);
    setCurl(null);
    setError(null);
  }, [delivery.id]);
  const ageMinutes = Math.floor((Date.now() - delivery.sentAt) / 60_000);
  const cannotReplay = busy !== null;
  const note = staleReplayNote(delivery);

  async function loadCurl(reveal: boolean) {
    setError(null);
    const reply = await messenger.sendMessage('deliveryCurl', { id: delivery.id, reveal });
    if (!reply.ok) return setError(reply.error);
    const copied = await navigator.clipboard.writeText(reply.value).then(
      () => true,
      () => false,
    );
    setCurl({ text: reply.value, revealed: reveal, copied });
  }

  return (
    <section aria-label="Delivery details" class="kd-delivery-pane">
      <div class="kd-section-head">
        <h3>
          {delivery.event} to {delivery.endpointName ?? delivery.request.url}
          <span class="kd-muted">
            {' '}
            · <RelativeTime value={delivery.sentAt} />
          </span>
        </h3>
        <div class="kd-actions">
          <button
            type="button"
            class="kd-primary"
            aria-disabled={cannotReplay ? 'true' : undefined}
            title="Sends the same payload again with a fresh timestamp and signature."
            onClick={() => !cannotReplay && void replay(delivery.id, 'fresh')}
          >
            Redeliver
          </button>
          <MenuButton
            label="More actions"
            idPrefix={`kd-more-${delivery.id}`}
            actions={[
              {
                label: 'Replay as sent',
                disabled: cannotReplay,
                hint:
                  delivery.authMode === 'signature' && ageMinutes >= 5
                    ? `Signed ${ageMinutes} min ago: receivers with a 5-minute window reject it.`
                    : 'Same timestamp and signature as the original.',
                onSelect: () => void replay(delivery.id, 'as-sent'),
              },
              {
                label: 'Replay with fresh timestamp and signature',
                disabled: cannotReplay,
                onSelect: () => void replay(delivery.id, 'fresh'),
              },
              {
                label: 'Compare with previous',
                disabled: !previous,
                hint: previous ? undefined : 'No earlier delivery to this URL.',
                onSelect: () => previous && setComparison(compareDeliveries(previous, delivery)),
              },
              { label: 'Copy as curl', onSelect: () => void loadCurl(false) },
              { label: 'Copy as curl with the secret', onSelect: () => void loadCurl(true) },
            ]}
          />
        </div>
      </div>
      {note && <p class="kd-note">{note}</p>}
      {/* One grid cell for all feedback (no gap for an empty region). */}
      <div>
        <div role="status" aria-live="polite" aria-label="Redeliver result">
          {busy === 'replaying' && <p>Redelivering…</p>}
          {historyError && <ErrorMessage error={historyError} />}
          {replayed && !busy && (
            <>
              <p class={deliveryOk(replayed) ? 'kd-ok' : 'kd-bad'} data-testid="kd-redelivered">
                {redeliveredLine(replayed)}
              </p>
              {replayed.failure && <ErrorMessage error={replayed.failure} />}
            </>
          )}
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
              <pre data-testid="kd-curl" tabIndex={0} aria-label="curl command">
                {curl.text}
              </pre>
            </div>
          )}
          {comparison && <ComparisonView comparison={comparison} />}
        </div>
      </div>
      <DeliveryDetails delivery={delivery} />
    </section>
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
