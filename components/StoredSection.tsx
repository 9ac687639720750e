import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { formatBytes } from '@/lib/console/response-view';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { STORED_PARTS, type StoredPartId, type StoredPartMeta, type StoredPartState } from '@/lib/stored/messages';

/**
 * Options: "What Kitedeck stores". Each part with its size and a Clear button; clearing the user's own data (token,
 * watch list, histories, settings) asks to confirm first, caches clear at once. The token is shown as present or
 * not, never its value or size.
 */
export function StoredSection() {
  const [parts, setParts] = useState<StoredPartState[] | null>(null);
  const [confirming, setConfirming] = useState<StoredPartId | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KdError | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    void messenger.sendMessage('getStoredParts', undefined).then((reply) => {
      if (reply.ok) setParts(reply.value);
      else setError(reply.error);
    });
  }, []);

  const clear = async (meta: StoredPartMeta) => {
    setBusy(true);
    setConfirming(null);
    const reply = await messenger.sendMessage('clearStoredPart', { part: meta.id });
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      setNote('');
      return;
    }
    setError(null);
    setParts(reply.value);
    setNote(`Cleared: ${meta.title}.`);
  };

  const states = new Map(parts?.map((part) => [part.id, part]));
  return (
    <section aria-labelledby="kd-opt-stored">
      <h2 id="kd-opt-stored">What Kitedeck stores</h2>
      <p class="kd-muted">Everything stays on this computer. Sizes are approximate.</p>
      <p class="kd-muted" aria-live="polite" data-kd-stored-note>
        {parts ? note : 'Measuring…'}
      </p>
      {error && <ErrorMessage error={error} />}
      {parts && (
        <table class="kd-stored">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span class="kd-visually-hidden">Clear</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {STORED_PARTS.map((meta) => {
              const state = states.get(meta.id);
              return (
                <tr key={meta.id} data-part={meta.id}>
                  <th scope="row">
                    <strong>{meta.title}</strong>
                    <br />
                    <span class="kd-muted">{meta.description}</span>
                  </th>
                  <td>
                    {state?.bytes != null ? formatBytes(state.bytes) : '—'}
                    <br />
                    <span class="kd-muted">{state?.summary}</span>
                  </td>
                  <td>
                    {confirming === meta.id ? (
                      <div role="group" aria-label={`Confirm clearing ${meta.title}`} class="kd-stored-confirm">
                        <span>{meta.clearing}</span>
                        <button type="button" class="kd-danger" disabled={busy} onClick={() => void clear(meta)}>
                          Yes, clear {meta.title}
                        </button>
                        <button type="button" ref={(button) => button?.focus()} onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        disabled={busy}
                        title={meta.clearing}
                        onClick={() => (meta.destructive ? setConfirming(meta.id) : void clear(meta))}
                      >
                        Clear {meta.title}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
