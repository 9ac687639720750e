import { validatePayloadJson, type PayloadCheck } from '@/lib/webhooks/request';
import { useLabStore } from './lab-store';

export function payloadProblem(check: PayloadCheck): string | null {
  return check.ok ? null : `Line ${check.line}, column ${check.column}: ${check.message}`;
}

/** The payload, sent byte for byte as typed (and signed as is); JSON errors shown where they are. */
export function PayloadEditor() {
  const { body, setBody } = useLabStore();
  const problem = payloadProblem(validatePayloadJson(body));
  return (
    <div class="kd-field">
      <label for="kd-payload">Payload (JSON, sent exactly as written)</label>
      <textarea
        id="kd-payload"
        rows={18}
        spellcheck={false}
        value={body}
        aria-invalid={problem ? 'true' : 'false'}
        aria-describedby="kd-payload-status"
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <p id="kd-payload-status" aria-live="polite" class={problem ? 'kd-error' : 'kd-muted'}>
        {problem ? `Invalid JSON. ${problem}` : `Valid JSON, ${new TextEncoder().encode(body).length} bytes.`}
      </p>
    </div>
  );
}
