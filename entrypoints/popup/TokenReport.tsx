import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { McpReadiness } from '@/components/McpReadiness';
import { TokenForm } from '@/components/TokenForm';
import { TokenHealthView } from '@/components/TokenHealthView';
import { newTokenUrl } from '@/lib/token/features';
import { useTokenStore } from './token-store';

/** The token's full report, its own view of the popup (`popup.html#token`): checks, facts, features, MCP, actions. */
export function TokenReport({ status, onBack }: { status: ComponentChildren; onBack: () => void }) {
  const store = useTokenStore();
  const [replacing, setReplacing] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  const report = store.report;
  if (!report) return null;
  const linkToNewToken = report.newTokenUrl ?? newTokenUrl();

  return (
    <>
      <header class="kd-popup-head">
        <button type="button" ref={back} onClick={onBack}>
          <span aria-hidden="true">←</span> Back
        </button>
        <h1>Token</h1>
      </header>
      {status}
      {report.formatNote && <p class="kd-note">{report.formatNote}</p>}
      {store.error && <ErrorMessage error={store.error} />}
      {replacing && (
        <TokenForm
          autoFocus
          busy={store.busy === 'saving'}
          forgetOnClose={store.forgetOnClose}
          newTokenUrl={linkToNewToken}
          onSave={async (token, forget) => {
            const saved = await store.save(token, forget);
            if (saved) setReplacing(false);
            return saved;
          }}
          onCancel={() => setReplacing(false)}
        />
      )}
      <TokenHealthView report={report} />
      {report.token && <McpReadiness scopes={report.token.scopes} />}

      {!replacing && (
        <section class="kd-actions" aria-label="Token actions">
          <button type="button" onClick={() => void store.recheck()} disabled={store.checking}>
            Re-check
          </button>
          <button type="button" onClick={() => setReplacing(true)}>
            Replace token
          </button>
          <button type="button" onClick={() => void store.forget()} disabled={store.busy !== null}>
            Forget token
          </button>
          <button type="button" class="kd-danger" onClick={() => setConfirmRevoke(true)} disabled={store.busy !== null}>
            Revoke token…
          </button>
          <a href={linkToNewToken} target="_blank" rel="noreferrer">
            New token with Kitedeck’s scopes
          </a>
        </section>
      )}

      {confirmRevoke && (
        <div class="kd-dialog" role="alertdialog" aria-labelledby="kd-revoke-title" aria-describedby="kd-revoke-text">
          <strong id="kd-revoke-title">Revoke this token at Buildkite?</strong>
          <span id="kd-revoke-text">
            It stops working everywhere it is used (scripts, CI, other tools), and Kitedeck forgets it. This cannot be
            undone.
          </span>
          <div class="kd-actions">
            <button
              type="button"
              class="kd-danger"
              autoFocus
              onClick={() => {
                setConfirmRevoke(false);
                void store.revoke();
              }}
            >
              Revoke now
            </button>
            <button type="button" onClick={() => setConfirmRevoke(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}

      <label>
        <input
          type="checkbox"
          checked={store.forgetOnClose}
          onChange={(event) => void store.setForgetOnClose(event.currentTarget.checked)}
        />{' '}
        Forget the token when the browser closes
      </label>
      <p class="kd-muted">The token stays in Kitedeck’s background; no web page can read it.</p>
    </>
  );
}
