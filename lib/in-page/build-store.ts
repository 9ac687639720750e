import type { BuildCapabilities, BuildView } from '../builds/model';
import type { KdError, Reply } from '../errors';
import { askBackground } from '../in-page-messaging';

export interface BuildData {
  build: BuildView;
  capabilities: BuildCapabilities;
}

export interface BuildStore {
  readonly data: BuildData | null;
  readonly error: KdError | null;
  /** Called now (if there is data or an error) and after every change, until `signal` aborts. */
  subscribe(listener: () => void, signal: AbortSignal): void;
  /** Reads the build again now (`fresh`), and restarts the backoff. */
  refresh(): Promise<void>;
  /** An action's reply carried the fresh build: show it, and restart the backoff. */
  apply(build: BuildView): void;
}

/** States in which the build still changes by itself (it is polled while the tab is visible). */
const LIVE_STATES: ReadonlySet<string> = new Set(['creating', 'scheduled', 'running', 'failing', 'canceling']);
/** Backoff between refreshes of a live build: 5 s, 10 s, 20 s, 40 s, then every 60 s. */
export const REFRESH_DELAYS_MS = [5_000, 10_000, 20_000, 40_000, 60_000] as const;

export const isLive = (build: BuildView) => LIVE_STATES.has(build.state) && !build.blocked;

/**
 * The page keeps the build for as long as it is open, on every Buildkite tab: drop what the in-page UI never reads
 * (the background reads the build again before any write). Values are nulled, not deleted, so objects keep their shape.
 */
export function slim(build: BuildView): BuildView {
  for (const job of build.jobs) {
    job.graphqlId = null;
    job.webUrl = '';
    if (job.state === 'passed') job.retryRules = null;
  }
  return build;
}

/**
 * The build of this page view: ONE `getBuild` at start (the background answers it with one GraphQL request, or
 * REST without GraphQL access), then refreshes with backoff while the build is live and the tab visible.
 * Every timer and listener stops when `signal` aborts (in-app navigation).
 */
export function createBuildStore(
  ref: { org: string; pipeline: string; number: number },
  signal: AbortSignal,
  /** The start-up answer (getPageView's build), when the page view has one: no `getBuild` then. */
  initial?: Reply<BuildData> | null,
): BuildStore {
  const listeners = new Set<() => void>();
  let data: BuildData | null = null;
  let error: KdError | null = null;
  let step = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let request = 0;

  const notify = () => listeners.forEach((listener) => listener());
  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (signal.aborted || !data || !isLive(data.build) || document.visibilityState !== 'visible') return;
    const delay = REFRESH_DELAYS_MS[Math.min(step, REFRESH_DELAYS_MS.length - 1)]!;
    step++;
    timer = setTimeout(() => void load(true), delay);
  };
  const accept = (reply: Reply<BuildData>) => {
    if (reply.ok) {
      data = { build: slim(reply.value.build), capabilities: reply.value.capabilities };
      error = null;
    } else {
      error = reply.error;
    }
    notify();
    schedule();
  };
  const load = async (fresh: boolean) => {
    const mine = ++request;
    const reply = await askBackground('getBuild', {
      org: ref.org,
      pipeline: ref.pipeline,
      number: ref.number,
      ...(fresh ? { fresh } : {}),
    });
    if (signal.aborted || mine !== request) return;
    accept(reply);
  };

  signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      listeners.clear();
    },
    { once: true },
  );
  document.addEventListener(
    'visibilitychange',
    () => {
      if (document.visibilityState !== 'visible') return clearTimeout(timer);
      step = 0;
      if (data && isLive(data.build)) void load(true);
    },
    { signal },
  );
  if (initial) queueMicrotask(() => !signal.aborted && accept(initial));
  else void load(false);

  return {
    get data() {
      return data;
    },
    get error() {
      return error;
    },
    subscribe(listener, until) {
      listeners.add(listener);
      until.addEventListener('abort', () => listeners.delete(listener), { once: true });
      if (data || error) listener();
    },
    async refresh() {
      step = 0;
      await load(true);
    },
    apply(build) {
      if (signal.aborted || !data) return;
      request++; // an older refresh still in flight must not overwrite this
      data = { ...data, build: slim(build) };
      step = 0;
      notify();
      schedule();
    },
  };
}
