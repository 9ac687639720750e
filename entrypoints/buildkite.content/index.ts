import { WEB_ORIGINS } from '@/lib/config';
import { askBackground } from '@/lib/in-page-messaging';
import { runsOn } from '@/lib/features/define';
import { FEATURES } from '@/lib/features/registry';
import { watchUrl } from '@/lib/in-page/url-watch';
import { parsePageUrl } from '@/lib/pages';

/**
 * The one content script on Buildkite: reads the page from the URL, runs the registered features (lib/features/<id>/) whose `pages` include it, and on in-app
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
      const included = FEATURES.filter((feature) => runsOn(feature, context));
      if (included.length === 0) return; // nothing to do on this page but watch the URL
      void disabledFeatures().then((disabled) => {
        if (controller.signal.aborted) return;
        for (const feature of included) {
          if (disabled.has(feature.id)) continue;
          Promise.resolve(feature.init(context, controller.signal)).catch((cause: unknown) => {
            console.warn(`[kitedeck] ${feature.id} failed`, cause);
          });
        }
      });
    };
    ctx.onInvalidated(() => current?.abort());
    run(location.href);
    watchUrl(run, ctx.signal);
  },
});

/** The features the user switched off in the options page (settings.disabledFeatures). */
async function disabledFeatures(): Promise<Set<string>> {
  const reply = await askBackground('getSettings').catch(() => null);
  return new Set(reply?.ok ? reply.value.disabledFeatures : []);
}
