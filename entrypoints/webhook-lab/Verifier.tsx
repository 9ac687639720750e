import { useState } from 'preact/hooks';
import { verifySignature, type VerifyResult } from '@/lib/webhooks/signature';

const REASON_TITLES: Record<Exclude<VerifyResult, { valid: true }>['reason'], string> = {
  'malformed-header': 'Invalid: malformed header',
  'wrong-secret-or-body': 'Invalid: wrong secret (or a different body)',
  'body-changed': 'Invalid: the body changed',
  'timestamp-too-old': 'Invalid: timestamp too old',
  'timestamp-in-future': 'Invalid: timestamp in the future',
};

/** Checks a received delivery's signature, here in the page (nothing stored, nothing sent anywhere). */
export function Verifier() {
  const [header, setHeader] = useState('');
  const [rawBody, setRawBody] = useState('');
  const [originalBody, setOriginalBody] = useState('');
  const [secret, setSecret] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);

  async function verify(event: Event) {
    event.preventDefault();
    setResult(await verifySignature({ header, rawBody, secret, ...(originalBody ? { originalBody } : {}) }));
  }

  return (
    <section aria-labelledby="kd-verify-title">
      <h2 id="kd-verify-title">Verifier</h2>
      <p class="kd-muted">Paste what your receiver got. Checked in this page; nothing is stored or sent.</p>
      <form onSubmit={(e) => void verify(e)}>
        <div class="kd-field">
          <label for="kd-verify-header">X-Buildkite-Signature header</label>
          <input
            id="kd-verify-header"
            type="text"
            spellcheck={false}
            placeholder="timestamp=1642080837,signature=582d…"
            value={header}
            onInput={(e) => setHeader(e.currentTarget.value)}
          />
        </div>
        <div class="kd-field">
          <label for="kd-verify-body">Raw request body (exactly as received)</label>
          <textarea
            id="kd-verify-body"
            rows={6}
            spellcheck={false}
            value={rawBody}
            onInput={(e) => setRawBody(e.currentTarget.value)}
          />
        </div>
        <div class="kd-field">
          <label for="kd-verify-original">Body as sent (optional: proves where it changed)</label>
          <textarea
            id="kd-verify-original"
            rows={3}
            spellcheck={false}
            value={originalBody}
            onInput={(e) => setOriginalBody(e.currentTarget.value)}
          />
        </div>
        <div class="kd-field">
          <label for="kd-verify-secret">Webhook token (secret)</label>
          <input
            id="kd-verify-secret"
            type="password"
            autoComplete="off"
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
          />
        </div>
        <div class="kd-actions">
          <button type="submit">Verify signature</button>
        </div>
      </form>
      <div role="status" aria-live="polite" aria-label="Verification result" data-testid="kd-verify-result">
        {result && <VerifyOutcome result={result} />}
      </div>
    </section>
  );
}

function VerifyOutcome({ result }: { result: VerifyResult }) {
  if (result.valid) {
    return (
      <p class="kd-ok">
        <strong>Valid signature.</strong> Signed{' '}
        {result.ageSeconds >= 0 ? `${result.ageSeconds} s ago` : `${-result.ageSeconds} s in the future`}.
      </p>
    );
  }
  return (
    <div class="kd-bad" data-reason={result.reason}>
      <p>
        <strong>{REASON_TITLES[result.reason]}.</strong> {result.detail}
      </p>
      {result.reason === 'body-changed' && (
        <dl class="kd-facts">
          <dt>First difference</dt>
          <dd>
            line {result.difference.line}, column {result.difference.column}: {result.difference.aChar} in the body you
            pasted, {result.difference.bChar} in the signed one
          </dd>
          <dt>Pasted</dt>
          <dd>
            <code>{result.difference.aExcerpt}</code>
          </dd>
          <dt>Signed</dt>
          <dd>
            <code>{result.difference.bExcerpt}</code>
          </dd>
        </dl>
      )}
    </div>
  );
}
