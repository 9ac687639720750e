import { useEffect } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { TokenForm } from '@/components/TokenForm';
import { newTokenUrl } from '@/lib/token/features';
import { useTokenStore } from '../popup/token-store';

const isFirefox = navigator.userAgent.includes('Firefox/');

/** The first-run page (opened once, after install): paste a token → pin the icon → try it on a build. */
export function Welcome() {
  const store = useTokenStore();
  useEffect(() => {
    void store.load();
  }, []);
  const report = store.report;
  const hasToken = report !== null && report.verdict !== 'no-token';

  return (
    <main class="kd-page kd-welcome">
      <header>
        <h1>Welcome to Kitedeck</h1>
        <p class="kd-muted">
          Three steps, about a minute. Your token stays in Kitedeck’s background: no page can read it.
        </p>
      </header>
      <ol class="kd-steps">
        <li class="kd-card" data-done={hasToken}>
          <h2>Paste a Buildkite API access token</h2>
          {hasToken ? (
            <p class="kd-summary" role="status" data-verdict={report.verdict}>
              {report.summary}
            </p>
          ) : (
            <>
              <p>
                Create one with exactly the scopes Kitedeck uses:{' '}
                <a href={report?.newTokenUrl ?? newTokenUrl()} target="_blank" rel="noreferrer">
                  new token on Buildkite
                </a>
                , then paste it here.
              </p>
              {store.error && <ErrorMessage error={store.error} />}
              {store.loaded && (
                <TokenForm
                  autoFocus
                  busy={store.busy === 'saving'}
                  forgetOnClose={store.forgetOnClose}
                  newTokenUrl={report?.newTokenUrl ?? newTokenUrl()}
                  onSave={(token, forget) => store.save(token, forget)}
                />
              )}
            </>
          )}
        </li>
        <li class="kd-card">
          <h2>Pin the Kitedeck icon</h2>
          {isFirefox ? (
            <p>
              Click the <strong>Extensions</strong> button (the puzzle piece) in the toolbar, open the menu next to
              Kitedeck and choose <strong>Pin to Toolbar</strong>.
            </p>
          ) : (
            <p>
              Click the <strong>Extensions</strong> button (the puzzle piece) in the toolbar, then the pin next to
              Kitedeck. Its popup opens on what needs you: blocked steps and failing builds you watch.
            </p>
          )}
        </li>
        <li class="kd-card">
          <h2>Try it on a build</h2>
          <p>
            Open any build on Buildkite: Kitedeck adds its panel to the page, with retry, rebuild, unblock and a watch
            button.
          </p>
          <p class="kd-actions">
            <a class="kd-button kd-primary" href="https://buildkite.com/" target="_blank" rel="noreferrer">
              Open Buildkite
            </a>
            <a href="options.html">Options</a>
          </p>
        </li>
      </ol>
    </main>
  );
}
