import type { PageView } from '../page-view/messages';

/**
 * The page view's start-up answer (one `getPageView`), kept for the features of that page view: they read it
 * instead of asking the background again. Keyed by the page view's abort signal, so it goes with it.
 */
const views = new WeakMap<AbortSignal, PageView>();

export function setPageView(signal: AbortSignal, view: PageView): void {
  views.set(signal, view);
}

export function pageViewOf(signal: AbortSignal): PageView | undefined {
  return views.get(signal);
}
