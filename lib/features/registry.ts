import { byId, type Feature } from './define';

/**
 * Every in-page feature (`lib/features/<id>/index.ts`), found by folder, in id order: what the content script
 * runs. Its options switch comes from the same folder's meta.ts (catalog.ts).
 */
export const FEATURES: readonly Feature[] = Object.values(
  import.meta.glob<Feature>('./*/index.ts', { eager: true, import: 'default' }),
).sort(byId);
