/**
 * Calls `onChange(url)` after Buildkite's in-app navigation commits a new URL (pushState, back/forward, #job
 * fragments). Uses the Navigation API's `currententrychange`, which fires AFTER the URL commits (WXT's
 * `wxt:locationchange` fires before); falls back to `popstate`/`hashchange` plus a cheap poll where the Navigation
 * API is missing. Everything stops when `signal` aborts.
 */
export function watchUrl(onChange: (url: string) => void, signal: AbortSignal): void {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onChange(last);
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    navigation.addEventListener('currententrychange', check, { signal });
    return;
  }
  addEventListener('popstate', check, { signal });
  addEventListener('hashchange', check, { signal });
  const timer = setInterval(check, 500);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
