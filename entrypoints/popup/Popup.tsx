import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { BudgetWarning } from '@/components/BudgetWarning';
import { ErrorMessage } from '@/components/ErrorMessage';
import { TokenForm } from '@/components/TokenForm';
import { UnlockForm } from '@/components/UnlockForm';
import { newTokenUrl } from '@/lib/token/features';
import { PopupNav } from './PopupNav';
import { ReadOnlyChip } from './ReadOnlyChip';
import { useTokenStore } from './token-store';
import { WatchSection } from './WatchSection';

// Not on the popup's first screen: loaded after it (the token report on its view, quick-send below the fold).
const TokenReport = lazy(() => import('./TokenReport').then((m) => ({ default: m.TokenReport })));
const WebhookQuickSend = lazy(() => import('./WebhookQuickSend').then((m) => ({ default: m.WebhookQuickSend })));

type View = 'home' | 'token';
const viewFromHash = (): View => (location.hash === '#token' ? 'token' : 'home');

/**
 * The popup opens on what needs you: a one-line token status (its full report is one click away, in its own view),
 * then blocked steps and failing builds, then the watched builds, then the pages.
 */
export function Popup() {
  const store = useTokenStore();
  const [view, setView] = useState<View>(viewFromHash);
  useEffect(() => {
    void store.load();
    const onHash = () => setView(viewFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const report = store.report;
  const hasToken = report !== null && report.verdict !== 'no-token';
  const linkToNewToken = report?.newTokenUrl ?? newTokenUrl();
  const go = (next: View) => {
    history.replaceState(null, '', next === 'token' ? '#token' : location.pathname);
    setView(next);
  };

  const status = (
    <p class="kd-summary" role="status" aria-live="polite" data-verdict={report?.verdict ?? 'no-token'}>
      {!store.loaded
        ? 'Loading…'
        : store.checking && !report
          ? 'Checking token…'
          : (report?.summary ?? 'No token set. Paste a Buildkite API access token to start.')}
      {store.checking && report ? ' (re-checking…)' : ''}
    </p>
  );

  if (view === 'token' && hasToken) {
    return (
      <main class="kd-popup" data-view="token">
        <Suspense fallback={status}>
          <TokenReport status={status} onBack={() => go('home')} />
        </Suspense>
      </main>
    );
  }

  return (
    <main class="kd-popup" data-view="home">
      <UnlockForm />
      <header class="kd-popup-head">
        <img src="/icon-32.png" alt="" width="20" height="20" />
        <h1>Kitedeck</h1>
        <ReadOnlyChip />
      </header>
      {hasToken ? (
        <div class="kd-token-line" data-verdict={report.verdict}>
          <span class="kd-dot" aria-hidden="true" />
          {status}
          <button type="button" class="kd-link" onClick={() => go('token')}>
            Token details
          </button>
        </div>
      ) : (
        status
      )}
      {report?.formatNote && <p class="kd-note">{report.formatNote}</p>}
      {store.error && <ErrorMessage error={store.error} />}
      {store.loaded && !hasToken && (
        <TokenForm
          autoFocus
          busy={store.busy === 'saving'}
          forgetOnClose={store.forgetOnClose}
          newTokenUrl={linkToNewToken}
          onSave={(token, forget) => store.save(token, forget)}
        />
      )}
      {hasToken && <BudgetWarning />}
      {hasToken && <WatchSection />}
      <Suspense fallback={null}>
        <WebhookQuickSend />
      </Suspense>
      <PopupNav />
    </main>
  );
}
