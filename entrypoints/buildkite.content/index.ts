import { WEB_ORIGINS } from '@/lib/config';
import { askBackground } from '@/lib/in-page-messaging';
import { runsOn } from '@/lib/features/define';
import { FEATURES } from '@/lib/features/registry';
import { setPageView } from '@/lib/in-page/page-view';
import { watchUrl } from '@/lib/in-page/url-watch';
import { installPalette } from '@/lib/palette/in-page';
import { parseInPageUrl } from '@/lib/in-page/page-context';

/**
 * The one content script on Buildkite: reads the page from the URL, runs the registered features (lib/features/<id>/) whose `pages` include it, and on in-app
 * navigation aborts them (their listeners and UI go) and starts again for the new URL.
 */
export default defineContentScript({
  matches: ['https://buildkite.com/*'],
  runAt: 'document_idle',
  // WXT's start-up notice goes by a DOM event only: no window.postMessage into every Buildkite page's listeners.
  noScriptStartedPostMessage: true,
  main(ctx) {
    let current: AbortController | null = null;
    const run = (url: string) => {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const context = parseInPageUrl(url, WEB_ORIGINS);
      const included = FEATURES.filter((feature) => runsOn(feature, context));
      if (included.length === 0) return; // nothing to do on this page but watch the URL
      const build =
        context.kind === 'build'
          ? { org: context.org, pipeline: context.pipeline, number: context.buildNumber }
          : undefined;
      // ONE start-up message for every feature of this page view (settings, token status, build, watch state).
      void askBackground('getPageView', { features: included.map((f) => f.id), ...(build ? { build } : {}) }).then(
        (reply) => {
          if (controller.signal.aborted) return;
          if (reply.ok) setPageView(controller.signal, reply.value);
          const disabled = new Set(reply.ok ? reply.value.disabledFeatures : []);
          for (const feature of included) {
            if (disabled.has(feature.id)) continue;
            Promise.resolve(feature.init(context, controller.signal)).catch((cause: unknown) => {
              console.warn(`[kitedeck] ${feature.id} failed`, cause);
            });
          }
        },
      );
    };
    ctx.onInvalidated(() => current?.abort());
    installPalette(() => current?.signal ?? null, ctx.signal); // Ctrl+K / ⌘K on every page; built on first open
    run(location.href);
    watchUrl(run, ctx.signal);
  },
});
