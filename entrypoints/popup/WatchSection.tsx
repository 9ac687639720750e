import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { blockedInbox, type WatchedBuild } from '@/lib/watch/model';
import { watchListItem, watchPollItem } from '@/lib/watch/store';
import type { TestNotificationResult } from '@/lib/watch/view';
import { useWatchStore } from './watch-store';

const STATE_TEXT: Record<NonNullable<WatchedBuild['state']>, string> = {
  creating: 'Creating',
  scheduled: 'Scheduled',
  running: 'Running',
  failing: 'Failing',
  blocked: 'Blocked, needs input',
  canceling: 'Canceling',
  passed: 'Passed',
  failed: 'Failed',
  canceled: 'Canceled',
  skipped: 'Skipped',
  not_run: 'Not run',
};

function stateText(build: WatchedBuild): string {
  if (build.end === 'not-found') return 'Build not found (deleted, or out of the token’s reach): no longer watched';
  if (build.end === 'token-invalid') return 'Token invalid: watching stopped';
  return build.state ? STATE_TEXT[build.state] : 'Waiting for the first check';
}

const time = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const name = (b: WatchedBuild) => `${b.pipelineName} #${b.number}`;
const ref = (b: WatchedBuild) => ({ org: b.org, pipeline: b.pipeline, number: b.number });

function testText(test: TestNotificationResult): string {
  if (test.permission === 'denied') {
    return 'The browser blocks Kitedeck’s notifications: allow them in the browser’s notification settings.';
  }
  if (!test.shown) {
    return `The notification could not be shown${test.error ? `: ${test.error}` : ''}. The browser or your operating system blocks it.`;
  }
  return 'Test notification sent. If you don’t see it, your operating system (Do Not Disturb, Focus, notification settings) is hiding the browser’s notifications.';
}

export function WatchSection() {
  const store = useWatchStore();
  const [url, setUrl] = useState('');
  useEffect(() => {
    void store.load();
    const stops = [watchListItem.watch(() => void store.load()), watchPollItem.watch(() => void store.load())];
    return () => stops.forEach((stop) => stop());
  }, []);
  const view = store.view;
  const builds = view?.builds ?? [];
  const inbox = blockedInbox(builds);
  const tokenEnded = builds.some((b) => b.end === 'token-invalid');

  return (
    <section class="kd-watch" aria-labelledby="kd-watch-title">
      <h2 id="kd-watch-title">Watched builds</h2>
      <form
        class="kd-field"
        onSubmit={(event) => {
          event.preventDefault();
          void store.watchUrl(url).then((ok) => ok && setUrl(''));
        }}
      >
        <label for="kd-watch-url">Build URL to watch</label>
        <div class="kd-watch-row">
          <input
            id="kd-watch-url"
            type="url"
            placeholder="https://buildkite.com/org/pipeline/builds/123"
            value={url}
            onInput={(event) => setUrl(event.currentTarget.value)}
            required
          />
          <button type="submit" class="kd-primary" disabled={store.busy === 'watch'}>
            Watch
          </button>
        </div>
      </form>
      {store.error && <ErrorMessage error={store.error} />}
      <p class="kd-muted" aria-live="polite" data-kd="watch-notice">
        {store.notice ?? ''}
      </p>

      {inbox.length > 0 && (
        <section aria-labelledby="kd-inbox-title" class="kd-inbox">
          <h2 id="kd-inbox-title">Blocked steps waiting for you</h2>
          <ul class="kd-watch-list" aria-label="Blocked steps">
            {inbox.map((b) => {
              const step = b.blockSteps.find((s) => s.unblockable)!;
              return (
                <li key={b.key} data-build={b.key}>
                  <span>
                    {name(b)} · {step.label ?? 'Block step'} · {b.branch}
                  </span>
                  {b.newer && (
                    <p class="kd-note" data-kd="stale">
                      A newer build (#{b.newer.number}, {b.newer.state}) exists on {b.branch}: unblocking this one may
                      ship older code.
                    </p>
                  )}
                  <button type="button" onClick={() => void store.openUnblock(ref(b), step.jobId)}>
                    Open unblock form<span class="kd-visually-hidden"> for {name(b)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {builds.length === 0 ? (
        <p class="kd-muted">No builds watched. Paste a build URL, or use “Watch this build” on a build page.</p>
      ) : (
        <ul class="kd-watch-list" aria-label="Watched builds">
          {builds.map((b) => (
            <li key={b.key} data-build={b.key} data-state={b.end ?? b.state ?? 'unknown'}>
              <a href={b.webUrl} target="_blank" rel="noreferrer">
                {name(b)}
              </a>{' '}
              <span class="kd-muted">{b.branch}</span> <strong class="kd-watch-state">{stateText(b)}</strong>
              <div class="kd-actions">
                {(b.state === 'failed' || b.state === 'failing') && b.end === null && (
                  <button type="button" disabled={store.busy === 'retry'} onClick={() => void store.retry(ref(b))}>
                    Retry failed jobs<span class="kd-visually-hidden"> of {name(b)}</span>
                  </button>
                )}
                <button type="button" onClick={() => void store.unwatch(ref(b))}>
                  Unwatch<span class="kd-visually-hidden"> {name(b)}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      {view?.lastError && <ErrorMessage error={view.lastError} />}
      <div class="kd-actions">
        {builds.some((b) => b.end === null) && (
          <button type="button" disabled={store.busy === 'poll'} onClick={() => void store.checkNow()}>
            Check now
          </button>
        )}
        {tokenEnded && (
          <button type="button" onClick={() => void store.resume()}>
            Watch again with the current token
          </button>
        )}
      </div>
      {view?.lastPollAt && (
        <p class="kd-muted" data-kd="poll">
          Last checked {time(view.lastPollAt)}
          {view.api ? ` (${view.api === 'graphql' ? 'one GraphQL request' : 'REST'})` : ''}
          {view.nextPollAt ? `, next at ${time(view.nextPollAt)}` : ', not polling'}.
        </p>
      )}

      <label>
        <input
          type="checkbox"
          checked={view?.autoWatchMine ?? false}
          onChange={(event) => void store.setAutoWatch(event.currentTarget.checked)}
        />{' '}
        Auto-watch builds I create (from now on)
      </label>

      <div class="kd-actions">
        <button type="button" disabled={store.busy === 'test'} onClick={() => void store.sendTest()}>
          Send a test notification
        </button>
      </div>
      <p
        aria-live="polite"
        data-kd="notification-test"
        class={!store.test || (store.test.shown && store.test.permission !== 'denied') ? 'kd-muted' : 'kd-error'}
      >
        {store.test && testText(store.test)}
      </p>
    </section>
  );
}
