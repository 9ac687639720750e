import { defineFeature } from '../define';
import { id, pages } from './meta';
import { askBackground } from '../../in-page-messaging';
import { buildSession } from '../../in-page/build-session';

const FAILED = new Set(['failed', 'failing']);

/**
 * One button in the panel of a failed or failing build; the digest itself (logs, DOMPurify, zip) lives in an
 * extension page (`digest.html`), so the page pays for a button only. Opening a page is not a write, but it still
 * acts on trusted clicks only.
 */
export const whyFailed = defineFeature({
  id,
  pages,
  init(context, signal) {
    const ref = { org: context.org, pipeline: context.pipeline, number: context.buildNumber };
    const session = buildSession(ref, signal);
    const section = document.createElement('div');
    section.className = 'kd-buttons'; // a row of buttons: sits beside the other action rows
    section.setAttribute('data-kd', 'why-failed');
    section.hidden = true;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Why did it fail?';
    const status = document.createElement('span');
    status.setAttribute('aria-live', 'polite');
    section.append(button, status);
    session.panel.onBuild(12, (body) => body.append(section));
    signal.addEventListener('abort', () => section.remove(), { once: true });
    button.addEventListener(
      'click',
      (event) => {
        if (!event.isTrusted) return;
        status.textContent = '';
        void askBackground('openFailureDigest', ref).then((reply) => {
          if (!reply.ok && !signal.aborted) status.textContent = `${reply.error.title}. ${reply.error.action}`;
        });
      },
      { signal },
    );
    session.store.subscribe(() => {
      section.hidden = !FAILED.has(session.store.data?.build.state ?? '');
    }, signal);
  },
});

export default whyFailed;
