import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'shortcuts';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Keyboard shortcuts',
  description: 'r f, r b, c b, u and ? on build pages.',
  pages,
});
