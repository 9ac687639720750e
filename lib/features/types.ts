import type { PageContext } from '../pages';

/** One in-page feature: the pages it applies to, and an `init` whose listeners all stop when `signal` aborts. */
export interface InPageFeature {
  id: string;
  include: (context: PageContext) => boolean;
  init: (context: PageContext, signal: AbortSignal) => void | Promise<void>;
}
