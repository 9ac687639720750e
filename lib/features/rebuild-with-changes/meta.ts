import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'rebuild-with-changes';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Rebuild with changes',
  description: 'On build pages: the new-build form prefilled from the build (environment and meta-data editable).',
  pages,
});
