import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'build-panel';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Panel',
  description: 'The Kitedeck panel on build pages: the page and the token’s status.',
  pages,
});
