import { defineFeature } from '../define';
import { id, pages } from './meta';
import { askBackground } from '../../in-page-messaging';
import { buildSession } from '../../in-page/build-session';
import { pageViewOf } from '../../in-page/page-view';

/**
 * "Watch this build" / "Unwatch this build" in Kitedeck's docked panel (the page view's shared build session):
 * a section of our own. Plain DOM, text only; the background does the watching.
 */
export const watchButton = defineFeature({
  id,
  pages,
  async init(context, signal) {
    const ref = { org: context.org, pipeline: context.pipeline, number: context.buildNumber };
    const session = buildSession(ref, signal);
    const section = document.createElement('div');
    section.className = 'kd-buttons';
    section.setAttribute('data-kd', 'watch');
    const button = document.createElement('button');
    button.type = 'button';
    button.disabled = true;
    button.textContent = 'Watch this build';
    const status = document.createElement('span');
    status.className = 'kd-hint';
    status.setAttribute('aria-live', 'polite');
    section.append(button, status);
    // Built into the panel on first expand (the section is made now: a few nodes, and its state is known).
    session.panel.onBuild(20, (body) => body.append(section));
    signal.addEventListener('abort', () => section.remove(), { once: true });

    let watched = false;
    const show = (isWatched: boolean) => {
      watched = isWatched;
      button.textContent = isWatched ? 'Unwatch this build' : 'Watch this build';
      button.setAttribute('aria-pressed', String(isWatched));
      button.disabled = false;
    };
    button.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      button.disabled = true;
      status.textContent = watched ? 'Unwatching…' : 'Watching…';
      void askBackground(watched ? 'unwatchBuild' : 'watchBuild', ref).then((reply) => {
        if (signal.aborted) return;
        if (reply.ok) {
          show(reply.value.watched);
          status.textContent = reply.value.watched ? 'Watching: Kitedeck will notify you.' : 'Not watched.';
        } else {
          show(watched);
          status.textContent = `${reply.error.title}. ${reply.error.action}`;
        }
      });
    });
    const known = pageViewOf(signal)?.watch;
    const reply = known ? ({ ok: true, value: known } as const) : await askBackground('getWatchState', ref);
    if (signal.aborted) return;
    if (reply.ok) show(reply.value.watched);
    else status.textContent = `${reply.error.title}. ${reply.error.action}`;
  },
});

export default watchButton;
