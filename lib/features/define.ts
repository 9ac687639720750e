import type { PageContext } from '../pages';

/** A page kind from the URL parser (lib/pages.ts). */
export type PageKind = PageContext['kind'];
export type PageOf<P extends PageKind> = Extract<PageContext, { kind: P }>;

/**
 * What the options page and the content script know of a feature without its code: its id (the folder name,
 * `lib/features/<id>/`), what the user reads in the options' catalog, and the page kinds it runs on.
 */
export interface FeatureMeta<P extends PageKind = PageKind> {
  id: string;
  title: string;
  description: string;
  pages: readonly P[];
}

/**
 * One in-page feature: its id and page kinds (from its meta.ts; the catalog's words stay out of the content script),
 * and an `init` whose listeners and UI all go when `signal` aborts (navigation).
 */
export interface Feature<P extends PageKind = PageKind> extends Pick<FeatureMeta<P>, 'id' | 'pages'> {
  init(context: PageOf<P>, signal: AbortSignal): void | Promise<void>;
}

/** `lib/features/<id>/meta.ts`: `export default defineFeatureMeta({ id, title, description, pages })`. */
export const defineFeatureMeta = <P extends PageKind>(meta: FeatureMeta<P>): FeatureMeta<P> => meta;

/** `lib/features/<id>/index.ts`: `export default defineFeature({ ...meta, init(context, signal) { … } })`. */
export const defineFeature = <P extends PageKind>(feature: Feature<P>): Feature<P> => feature;

export function runsOn<P extends PageKind>(
  feature: Pick<FeatureMeta<P>, 'pages'>,
  context: PageContext,
): context is PageOf<P> {
  return (feature.pages as readonly PageKind[]).includes(context.kind);
}

/**
 * Feature ids in code-unit order (ids are ASCII). Not `localeCompare`: its first call in a JavaScript world builds
 * an ICU collator, about 11 ms on every Buildkite tab (measured with the bench's CPU profile, issue 16).
 */
export const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
