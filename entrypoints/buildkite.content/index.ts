import { WEB_ORIGINS } from '@/lib/config';
import { buildPanel } from '@/lib/features/build-panel';
import type { InPageFeature } from '@/lib/features/types';
import { watchButton } from '@/lib/features/watch-button';
import { watchUrl } from '@/lib/in-page/url-watch';
import { parsePageUrl } from '@/lib/pages';

/** Every in-page feature; each decides from the page context whether it applies. */
const FEATURES: readonly InPageFeature[] = [buildPanel, watchButton];

/**
 * The one content script on Buildkite: reads the page from the URL, runs the features that apply, and on in-app
 * navigation aborts them (their listeners and UI go) and starts again for the new URL.
 */
export default defineContentScript({
  matches: ['https://buildkite.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    let current: AbortController | null = null;
    const run = (url: string) => {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const context = parsePageUrl(url, WEB_ORIGINS);
      for (const feature of FEATURES) {
        if (!feature.include(context)) continue;
        Promise.resolve(feature.init(context, controller.signal)).catch((cause: unknown) => {
          console.warn(`[kitedeck] ${feature.id} failed`, cause);
        });
      }
    };
    ctx.onInvalidated(() => current?.abort());
    run(location.href);
    watchUrl(run, ctx.signal);
  },
});
