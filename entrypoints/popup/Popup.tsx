import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { McpReadiness } from '@/components/McpReadiness';
import { TokenForm } from '@/components/TokenForm';
import { TokenHealthView } from '@/components/TokenHealthView';
import { UnlockForm } from '@/components/UnlockForm';
import { newTokenUrl } from '@/lib/token/features';
import { useTokenStore } from './token-store';
import { WebhookQuickSend } from './WebhookQuickSend';
import { WatchSection } from './WatchSection';

export function Popup() {
  const store = useTokenStore();
  const [replacing, setReplacing] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  useEffect(() => {
    void store.load();
  }, []);

  const report = store.report;
  const hasToken = report !== null && report.verdict !== 'no-token';
  const linkToNewToken = report?.newTokenUrl ?? newTokenUrl();

  return (
    <main class="kd-popup">
      <UnlockForm />
      <header>
        <h1>Kitedeck</h1>
        <p class="kd-summary" role="status" aria-live="polite" data-verdict={report?.verdict ?? 'no-token'}>
          {!store.loaded
            ? 'Loading…'
            : store.checking && !report
              ? 'Checking token…'
              : (report?.summary ?? 'No token set. Paste a Buildkite API access token to start.')}
          {store.checking && report ? ' (re-checking…)' : ''}
        </p>
        {report?.formatNote && <p class="kd-note">{report.formatNote}</p>}
      </header>

      {store.error && <ErrorMessage error={store.error} />}

      {store.loaded && (!hasToken || replacing) && (
        <TokenForm
          busy={store.busy === 'saving'}
          forgetOnClose={store.forgetOnClose}
          newTokenUrl={linkToNewToken}
          onSave={async (token, forget) => {
            const saved = await store.save(token, forget);
            if (saved) setReplacing(false);
            return saved;
          }}
          {...(replacing ? { onCancel: () => setReplacing(false) } : {})}
        />
      )}

      {report && hasToken && <TokenHealthView report={report} />}
      {report?.token && hasToken && <McpReadiness scopes={report.token.scopes} />}

      {hasToken && !replacing && (
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

      {hasToken && (
        <label>
          <input
            type="checkbox"
            checked={store.forgetOnClose}
            onChange={(event) => void store.setForgetOnClose(event.currentTarget.checked)}
          />{' '}
          Forget the token when the browser closes
        </label>
      )}
      <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/console.html') })}>
        Open API console
      </button>
      <p class="kd-muted">The token stays in Kitedeck’s background; no web page can read it.</p>

      <WebhookQuickSend />
      {hasToken && <WatchSection />}
    </main>
  );
}
