/**
 * The pipeline page's "New build" (the pipeline-builds feature registers it for its page view), so the command
 * palette opens the same form as the panel's button and `n b`, rather than Buildkite's own page.
 */
let offered: { open: () => void; signal: AbortSignal } | null = null;

export function offerNewBuild(open: () => void, signal: AbortSignal): void {
  const entry = { open, signal };
  offered = entry;
  signal.addEventListener('abort', () => offered === entry && (offered = null), { once: true });
}

/** Opens the offered form; false when this page view offers none (a build page, the feature switched off). */
export function openOfferedNewBuild(): boolean {
  if (!offered || offered.signal.aborted) return false;
  offered.open();
  return true;
}
