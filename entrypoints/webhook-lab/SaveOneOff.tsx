import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import type { DeliveryView, EndpointView } from '@/lib/webhooks/types';
import { useLabStore, type Target } from './lab-store';

/** Offered after a one-off send (not a replay) to a URL no saved endpoint has yet. */
export function canSaveOneOff(result: DeliveryView | null, target: Target, endpoints: EndpointView[]): boolean {
  return (
    result !== null &&
    result.replayOf === null &&
    result.endpointId === null &&
    target.kind === 'one-off' &&
    target.secret !== '' &&
    target.url === result.request.url &&
    !endpoints.some((endpoint) => endpoint.url === target.url)
  );
}

function suggestedName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * "Save this URL as an endpoint": the same save message as the endpoint form. The secret the user typed for the
 * one-off send goes to the background with it (and only there); the lab then sends to the saved endpoint.
 */
export function SaveOneOff({
  target,
  onSaved,
}: {
  target: Extract<Target, { kind: 'one-off' }>;
  onSaved: (name: string) => void;
}) {
  const saveEndpoint = useLabStore((state) => state.saveEndpoint);
  const [name, setName] = useState(() => suggestedName(target.url));
  const [error, setError] = useState<KdError | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const problem = await saveEndpoint({ name, url: target.url, authMode: target.authMode, secret: target.secret });
    setError(problem);
    if (!problem) onSaved(name);
  }

  return (
    <form class="kd-save-oneoff" aria-label="Save this URL" onSubmit={(e) => void submit(e)}>
      <div class="kd-field">
        <label for="kd-save-oneoff-name">Endpoint name</label>
        <input
          id="kd-save-oneoff-name"
          type="text"
          required
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <button type="submit">Save this URL as an endpoint</button>
      <p class="kd-muted">Its secret is kept in Kitedeck’s background; this page keeps only its last characters.</p>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
