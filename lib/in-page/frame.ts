/**
 * Text and attribute updates of the in-page UI, batched: at most one run per key per animation frame (the last
 * one wins), so a burst of store changes costs one style/layout pass, and a hidden tab does no UI work at all
 * (browsers don't run frames there; the latest update runs when it is shown).
 */
const queue = new Map<object, () => void>();
let scheduled = false;

export function inFrame(key: object, update: () => void): void {
  queue.set(key, update);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    const updates = [...queue.values()];
    queue.clear();
    for (const run of updates) run();
  });
}
