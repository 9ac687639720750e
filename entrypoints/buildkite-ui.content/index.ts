import { publishInPageUi } from '@/lib/in-page/on-demand';
import { inPageUi } from '@/lib/in-page/on-demand-ui';

/**
 * The in-page UI that only a user's action needs (lib/in-page/on-demand.ts): not in the manifest, injected by the
 * background into the asking tab's frame on first use (`scripting.executeScript`, the content script's isolated
 * world), where it hands its functions to the content script.
 */
export default defineContentScript({
  matches: ['https://buildkite.com/*'],
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main() {
    publishInPageUi(inPageUi);
  },
});
