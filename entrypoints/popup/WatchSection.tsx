import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { RelativeTime } from '@/components/RelativeTime';
import { StateChip } from '@/components/StateChip';
import { blockedInbox, type WatchedBuild } from '@/lib/watch/model';
import { watchListItem, watchPollItem } from '@/lib/watch/store';
import type { TestNotificationResult } from '@/lib/watch/view';
import { useWatchStore } from './watch-store';

const name = (b: WatchedBuild) => `${b.pipelineName} #${b.number}`;
const ref = (b: WatchedBuild) => ({ org: b.org, pipeline: b.pipeline, number: b.number });
const isFailing = (b: WatchedBuild) => b.end === null && (b.state === 'failed' || b.state === 'failing');

/** The state of a watched build: a chip in Buildkite's words, or why Kitedeck stopped watching it. */
function BuildState({ build }: { build: WatchedBuild }) {
  if (build.end === 'not-found')
    return (
      <strong class="kd-watch-state kd-bad">
        Build not found (deleted, or out of the token’s reach): no longer watched
      </strong>
    );
  if (build.end === 'token-invalid')
    return <strong class="kd-watch-state kd-bad">Token invalid: watching stopped</strong>;
  if (!build.state) return <span class="kd-watch-state kd-muted">Waiting for the first check</span>;
  return <StateChip state={build.state} {...(build.state === 'blocked' ? { label: 'Blocked, needs input' } : {})} />;
}

function testText(test: TestNotificationResult): string {
  if (test.permission === 'denied') {
    return 'The browser blocks Kitedeck’s notifications: allow them in the browser’s notification settings.';
  }
  if (!test.shown) {
    return `The notification could not be shown${test.error ? `: ${test.error}` : ''}. The browser or your operating system blocks it.`;
  }
  return 'Test notification sent. If you don’t see it, your operating system (Do Not Disturb, Focus, notification settings) is hiding the browser’s notifications.';
}

/** "Needs you" (blocked steps, failing builds), then the watched builds, the watch field and the watch settings. */
export function WatchSection() {
  const store = useWatchStore();
  const [url, setUrl] = useState('');
  const firstAction = useRef<HTMLButtonElement>(null);
  const urlField = useRef<HTMLInputElement>(null);
  const focused = useRef(false);
  useEffect(() => {
    void store.load();
    const stops = [watchListItem.watch(() => void store.load()), watchPollItem.watch(() => void store.load())];
    return () => stops.forEach((stop) => stop());
  }, []);
  const view = store.view;
  const builds = view?.builds ?? [];
  const inbox = blockedInbox(builds);
  const failing = builds.filter(isFailing);
  const tokenEnded = builds.some((b) => b.end === 'token-invalid');

  // The popup opens with focus on what needs you (the first action), else on the watch field.
  useEffect(() => {
    if (!view || focused.current) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    focused.current = true;
    (firstAction.current ?? urlField.current)?.focus();
  }, [view]);

  return (
    <>
      {(inbox.length > 0 || failing.length > 0) && (
        <section class="kd-needs" aria-labelledby="kd-needs-title">
          <h2 id="kd-needs-title">Needs you</h2>
          {inbox.length > 0 && (
            <ul class="kd-watch-list" aria-label="Blocked steps">
              {inbox.map((b, index) => {
                const step = b.blockSteps.find((s) => s.unblockable)!;
                return (
                  <li key={b.key} data-build={b.key}>
                    <div class="kd-watch-line">
                      <StateChip state="blocked" />
                      <span class="kd-grow">
                        {name(b)} · {step.label ?? 'Block step'} · {b.branch}
                      </span>
                    </div>
                    {b.newer && (
                      <p class="kd-note" data-kd="stale">
                        A newer build (#{b.newer.number}, {b.newer.state}) exists on {b.branch}: unblocking this one may
                        ship older code.
                      </p>
                    )}
                    <div class="kd-actions">
                      <button
                        type="button"
                        class="kd-primary"
                        ref={index === 0 ? firstAction : undefined}
                        onClick={() => void store.openUnblock(ref(b), step.jobId)}
                      >
                        Open unblock form<span class="kd-visually-hidden"> for {name(b)}</span>
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {failing.length > 0 && (
            <ul class="kd-watch-list" aria-label="Failing builds">
              {failing.map((b, index) => (
                <li key={b.key} data-needs={b.key} class="kd-watch-line">
                  <StateChip state={b.state!} />
                  <a class="kd-grow" href={b.webUrl} target="_blank" rel="noreferrer">
                    {name(b)}
                  </a>
                  <button
                    type="button"
                    ref={index === 0 && inbox.length === 0 ? firstAction : undefined}
                    disabled={store.busy === 'retry'}
                    onClick={() => void store.retry(ref(b))}
                  >
                    Retry failed jobs<span class="kd-visually-hidden"> of {name(b)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section class="kd-watch" aria-labelledby="kd-watch-title">
        <div class="kd-section-head">
          <h2 id="kd-watch-title">Watched builds</h2>
          {builds.some((b) => b.end === null) && (
            <button type="button" disabled={store.busy === 'poll'} onClick={() => void store.checkNow()}>
              Check now
            </button>
          )}
        </div>
        {builds.length === 0 ? (
          <p class="kd-muted">No builds watched. Paste a build URL, or use “Watch this build” on a build page.</p>
        ) : (
          <ul class="kd-watch-list" aria-label="Watched builds">
            {builds.map((b) => (
              <li key={b.key} data-build={b.key} data-state={b.end ?? b.state ?? 'unknown'} class="kd-watch-line">
                <BuildState build={b} />
                <span class="kd-grow kd-ellipsis">
                  <a href={b.webUrl} target="_blank" rel="noreferrer">
                    {name(b)}
                  </a>{' '}
                  <span class="kd-muted">{b.branch}</span>
                </span>
                <button type="button" class="kd-quiet" onClick={() => void store.unwatch(ref(b))}>
                  Unwatch<span class="kd-visually-hidden"> {name(b)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          class="kd-watch-row"
          onSubmit={(event) => {
            event.preventDefault();
            void store.watchUrl(url).then((ok) => ok && setUrl(''));
          }}
        >
          <label for="kd-watch-url" class="kd-visually-hidden">
            Build URL to watch
          </label>
          <input
            id="kd-watch-url"
            ref={urlField}
            type="url"
            placeholder="Build URL to watch"
            value={url}
            onInput={(event) => setUrl(event.currentTarget.value)}
            required
          />
          <button type="submit" disabled={store.busy === 'watch'}>
            Watch
          </button>
        </form>
        {store.error && <ErrorMessage error={store.error} />}
        <p class="kd-muted" aria-live="polite" data-kd="watch-notice">
          {store.notice ?? ''}
        </p>
        {view?.lastError && <ErrorMessage error={view.lastError} />}
        {tokenEnded && (
          <div class="kd-actions">
            <button type="button" onClick={() => void store.resume()}>
              Watch again with the current token
            </button>
          </div>
        )}
        {view?.lastPollAt && (
          <p class="kd-muted kd-small" data-kd="poll">
            Checked <RelativeTime value={view.lastPollAt} />
            {view.api ? ` (${view.api === 'graphql' ? 'one GraphQL request' : 'REST'})` : ''}
            {view.nextPollAt ? (
              <>
                , next <RelativeTime value={view.nextPollAt} />
              </>
            ) : (
              ', not polling'
            )}
            .
          </p>
        )}
      </section>

      <details class="kd-disclosure">
        <summary>Notifications and auto-watch</summary>
        <div class="kd-field">
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
        </div>
      </details>
    </>
  );
}
