import { byId, type FeatureMeta } from './define';

/**
 * Every in-page feature's meta, found by folder (`lib/features/<id>/meta.ts`): the options page's catalog of
 * switches (settings.disabledFeatures). Meta only, so the options page pulls in no in-page code. The content
 * script's list (registry.ts) is found the same way: a feature is never listed by hand.
 */
export const FEATURE_CATALOG: readonly FeatureMeta[] = Object.values(
  import.meta.glob<FeatureMeta>('./*/meta.ts', { eager: true, import: 'default' }),
).sort(byId);
